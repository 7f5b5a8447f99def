import { timingSafeEqual } from 'node:crypto';
import type { PrivacyRole } from '@ggzy/domain';
import { presentedKey } from '@ggzy/runtime';
import type { FastifyRequest } from 'fastify';

/** The roles an API key can have: privacy roles (@ggzy/domain privacy.ts), which decide what of personal data they see. */
export const roles = ['public', 'platform', 'regulator', 'admin'] as const satisfies readonly PrivacyRole[];
export type Role = (typeof roles)[number];

export interface ApiKey {
  key: string;
  role: Exclude<Role, 'public'> | 'public';
  /** Who holds the key: what the audit log and rate limiter know the caller by. */
  name: string;
}

export interface Caller {
  role: Role;
  /** The key's name; undefined for anonymous callers. */
  name?: string;
  /** The rate-limit bucket: the key's name, or the client address when anonymous. */
  bucket: string;
}

/**
 * What each role may do. What it sees of personal data is the privacy module's
 * `personalDataView` (whole only to regulators and administrators). Regulators' queries are
 * audited (who looked at whose data). Blacklist alerts that are not confirmed (open or dismissed: an unproven suspicion about a named company) are
 * for regulators and administrators only, who also decide them (confirm or dismiss).
 */
export const policies: Record<Role, { audited: boolean; unconfirmedAlerts: boolean; reviewAlerts: boolean }> =
  {
    public: { audited: false, unconfirmedAlerts: false, reviewAlerts: false },
    platform: { audited: false, unconfirmedAlerts: false, reviewAlerts: false },
    regulator: { audited: true, unconfirmedAlerts: true, reviewAlerts: true },
    admin: { audited: false, unconfirmedAlerts: true, reviewAlerts: true },
  };

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The caller a request speaks for: anonymous → public; a known key → its role; else undefined (401). */
export function identify(request: FastifyRequest, keys: readonly ApiKey[]): Caller | undefined {
  const presented = presentedKey(request.headers);
  if (presented === undefined) return { role: 'public', bucket: `ip:${request.ip}` };
  if (presented === 'malformed') return undefined;
  // Compare with every key, so the time taken does not tell how many keys were tried.
  let found: ApiKey | undefined;
  for (const candidate of keys) if (sameKey(candidate.key, presented) && !found) found = candidate;
  return found ? { role: found.role, name: found.name, bucket: `key:${found.name}` } : undefined;
}

const callers = new WeakMap<FastifyRequest, Caller>();

export function setCaller(request: FastifyRequest, caller: Caller): void {
  callers.set(request, caller);
}

/** The authenticated caller of a /v1 request (set by the auth hook before any handler runs). */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) ?? { role: 'public', bucket: `ip:${request.ip}` };
}
