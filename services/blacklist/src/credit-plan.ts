import { createHash } from 'node:crypto';
import { type CreditEvent, type CreditRecord, canonicalJson } from '@ggzy/domain';

/** Where an event sits in the log: the idempotency key of everything projected from it. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface PositionedCredit {
  event: CreditEvent;
  position: LogPosition;
}

export interface CreditHead {
  version: number;
  contentHash: string;
}

export interface CreditPlan {
  /** New versions, in log order: the records the matcher must look at again. */
  versions: (PositionedCredit & { version: number; contentHash: string })[];
  /** Same content as the record's newest version: traced only. */
  duplicates: (PositionedCredit & { version: number })[];
  /** Projected before (a replay or a redelivery): nothing to do. */
  replays: PositionedCredit[];
}

export function positionKey(position: LogPosition): string {
  return `${position.topic}/${position.partition}/${position.offset}`;
}

/** "Same content" for a credit record: the canonical record, not the bytes it came in. */
export function creditContentHash(record: CreditRecord): string {
  return `sha256:${createHash('sha256').update(canonicalJson(record)).digest('hex')}`;
}

/**
 * Which credit events become new versions — the store's rule for notices: a projected log
 * position is a replay; content equal to the newest version is a duplicate; anything else (a
 * correction, a withdrawal after 信用修复) is the next version.
 */
export function planCreditVersions(
  events: readonly PositionedCredit[],
  heads: ReadonlyMap<string, CreditHead>,
  projected: ReadonlySet<string>,
): CreditPlan {
  const plan: CreditPlan = { versions: [], duplicates: [], replays: [] };
  const current = new Map(heads);
  for (const item of events) {
    if (projected.has(positionKey(item.position))) {
      plan.replays.push(item);
      continue;
    }
    const id = item.event.data.id;
    const contentHash = creditContentHash(item.event.data);
    const head = current.get(id);
    if (head?.contentHash === contentHash) {
      plan.duplicates.push({ ...item, version: head.version });
      continue;
    }
    const version = (head?.version ?? 0) + 1;
    current.set(id, { version, contentHash });
    plan.versions.push({ ...item, version, contentHash });
  }
  return plan;
}
