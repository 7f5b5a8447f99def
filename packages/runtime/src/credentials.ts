/**
 * The API key a request presents, read the same way by every HTTP service: none (no
 * Authorization and no X-Api-Key header), a key, or `malformed` — an empty `Bearer `, another
 * scheme (`Basic …`), an empty X-Api-Key. A malformed credential is refused (401), never quietly
 * taken for no credential.
 */
export function presentedKey(headers: {
  authorization?: string | undefined;
  'x-api-key'?: string | string[] | undefined;
}): string | 'malformed' | undefined {
  const header = headers.authorization;
  if (header !== undefined && header.trim() !== '') {
    const match = /^bearer\s+(\S+)\s*$/i.exec(header);
    return match?.[1] ?? 'malformed';
  }
  const apiKey = headers['x-api-key'];
  if (apiKey === undefined) return undefined;
  return typeof apiKey === 'string' && apiKey.trim() !== '' ? apiKey.trim() : 'malformed';
}
