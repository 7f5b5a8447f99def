/**
 * The query API's callers as tests present them: one key per role, defined once for every test
 * file (start the API with `Object.values(ROLE_KEYS)`, or GGZY_API_KEYS from them).
 */
export const ROLE_KEYS = {
  platform: { key: 'platform-key-5f1c0a9e', role: 'platform', name: '一站式服务平台' },
  regulator: { key: 'regulator-key-8d2b7c41', role: 'regulator', name: '龙华区发改局监管科' },
  admin: { key: 'admin-key-3e9a6b20', role: 'admin', name: 'ggzy 运维' },
} as const;

/** Who calls the API: anonymous, one of the roles' keys, or a key nobody issued. */
export type Caller = 'public' | keyof typeof ROLE_KEYS | 'stranger';

/** The request headers that present `caller`'s key. */
export function callerHeaders(caller: Caller): Record<string, string> {
  if (caller === 'public') return {};
  if (caller === 'stranger') return { authorization: 'Bearer not-a-key' };
  return { authorization: `Bearer ${ROLE_KEYS[caller].key}` };
}
