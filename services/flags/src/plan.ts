import { createHash } from 'node:crypto';
import { canonicalJson, type FlagRecord, flagId } from '@ggzy/domain';
import type { EvaluatedFlag } from '@ggzy/indicators';

/** A flag as the store holds it now. */
export interface StoredFlag {
  id: string;
  status: FlagRecord['status'];
  seq: number;
  evidenceHash: string;
  raisedAt: string;
  flag: FlagRecord;
}

/** One change to write and publish: the flag's state after it, and the hash of what it says. */
export interface FlagChange {
  record: FlagRecord;
  evidenceHash: string;
  /** When the flag was first raised (kept across changes; a flag raised again is raised anew). */
  raisedAt: string;
}

/** What a flag says, hashed: the same evidence re-evaluated is no change. */
export function evidenceHash(
  record: Pick<FlagRecord, 'projectKeys' | 'lotCode' | 'partyKeys' | 'notices' | 'values' | 'buyer'>,
): string {
  const said = {
    projectKeys: record.projectKeys,
    lotCode: record.lotCode ?? null,
    partyKeys: record.partyKeys,
    notices: record.notices,
    values: record.values,
    buyer: record.buyer ?? null,
  };
  return `sha256:${createHash('sha256').update(canonicalJson(said), 'utf8').digest('hex')}`;
}

function observedAt(flag: EvaluatedFlag['flag']): string {
  let latest = '';
  let latestMs = Number.NEGATIVE_INFINITY;
  for (const notice of flag.notices) {
    const ms = Date.parse(notice.publishedAt);
    if (ms > latestMs) {
      latestMs = ms;
      latest = notice.publishedAt;
    }
  }
  return latest;
}

/**
 * The changes that bring the stored flags of one subject (a project's, or a buyer's) to a new
 * evaluation: a flag not stored, or stored cleared, is raised; a raised flag whose evidence
 * changed is changed; a raised flag the evaluation no longer gives is cleared. Equal evidence is
 * no change, so re-evaluating on a redelivery or a duplicate publishes nothing.
 */
export function planFlagChanges(
  stored: readonly StoredFlag[],
  evaluated: readonly EvaluatedFlag[],
  now: string,
): FlagChange[] {
  const byId = new Map(stored.map((row) => [row.id, row]));
  const seen = new Set<string>();
  const changes: FlagChange[] = [];
  for (const item of evaluated) {
    const { flag } = item;
    const id = flagId(flag.indicator, item.subject);
    if (seen.has(id)) continue;
    seen.add(id);
    const base = {
      id,
      indicator: flag.indicator,
      scope: item.scope,
      projectKeys: [...flag.projectKeys].sort(),
      ...(flag.lotCode !== undefined ? { lotCode: flag.lotCode } : {}),
      ...(item.buyer ? { buyer: { key: item.buyer.key, name: item.buyer.name } } : {}),
      partyKeys: item.partyKeys,
      domain: item.domain,
      region: item.region,
      notices: flag.notices.map((n) => ({ ...n })),
      values: JSON.parse(JSON.stringify(flag.values)) as FlagRecord['values'],
      observedAt: observedAt(flag),
      at: now,
    };
    const hash = evidenceHash(base);
    const before = byId.get(id);
    if (before?.status === 'raised' && before.evidenceHash === hash) continue;
    const change: FlagRecord['change'] = before?.status === 'raised' ? 'changed' : 'raised';
    changes.push({
      record: { ...base, status: 'raised', change, seq: (before?.seq ?? 0) + 1 },
      evidenceHash: hash,
      raisedAt: change === 'changed' && before ? before.raisedAt : now,
    });
  }
  for (const row of stored) {
    if (row.status !== 'raised' || seen.has(row.id)) continue;
    changes.push({
      record: { ...row.flag, status: 'cleared', change: 'cleared', seq: row.seq + 1, at: now },
      evidenceHash: row.evidenceHash,
      raisedAt: row.raisedAt,
    });
  }
  return changes;
}
