import { maskPersonalData, maskResidentId } from '@ggzy/domain';

/**
 * What a caller without the right to personal data receives (去标识化): every string of the
 * response passes through the domain's masking (resident IDs, personal phones, bank accounts),
 * and resident IDs in `personId` fields are masked whatever their shape — the field says what
 * the value is, so it need not look like a valid ID to be one.
 *
 * System identifiers are left alone: masking a notice id, hash or cursor would break the links
 * the response offers, and they are derived from hashes, never from personal data.
 */
const SYSTEM_KEYS = new Set(['id', 'noticeId', 'contentHash', 'rawHash', 'nextCursor', 'eventId']);

function maskValue(value: unknown, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && SYSTEM_KEYS.has(key)) return value;
    return key === 'personId' ? maskResidentId(value) : maskPersonalData(value);
  }
  if (Array.isArray(value)) return value.map((item) => maskValue(item, undefined));
  if (typeof value !== 'object' || value === null) return value;
  const record = value as Record<string, unknown>;
  // A diff entry (diff.ts) about a personId carries the ID in before/after; a match's evidence
  // (a blacklist hit on a person) in ours/theirs.
  const idKeys =
    typeof record.path === 'string' && /\.personId$/.test(record.path)
      ? ['before', 'after']
      : record.field === 'personId'
        ? ['ours', 'theirs']
        : [];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(record)) {
    out[k] = idKeys.includes(k) ? maskValue(v, 'personId') : maskValue(v, k);
  }
  return out;
}

/** A masked copy of a response body; the input is not changed. */
export function publicView<T>(body: T): T {
  return maskValue(body, undefined) as T;
}
