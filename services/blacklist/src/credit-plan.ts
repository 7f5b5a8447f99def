import { createHash } from 'node:crypto';
import { type CreditEvent, type CreditRecord, canonicalJson } from '@ggzy/domain';
import type { CreditInput, CreditReceipt } from '@ggzy/normalize';

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

/**
 * Receipts for a batch, in order, given the newest known version of each record id; versions
 * count on within the batch (a record and its withdrawal answer 1 and 2). The ingest rule for
 * notices, applied to credit records. Pure.
 */
export function decideCredit(
  inputs: readonly CreditInput[],
  heads: ReadonlyMap<string, CreditHead>,
): { receipts: CreditReceipt[]; publish: { record: CreditRecord; head: CreditHead }[] } {
  const current = new Map(heads);
  const publish: { record: CreditRecord; head: CreditHead }[] = [];
  const receipts = inputs.map((input): CreditReceipt => {
    const where = { index: input.index, ...(input.row === undefined ? {} : { row: input.row }) };
    if (!input.ok) {
      return {
        ...where,
        status: 'rejected',
        errors: input.errors,
        ...(input.recordId === undefined ? {} : { recordId: input.recordId }),
      };
    }
    const { record } = input;
    const contentHash = creditContentHash(record);
    const head = current.get(record.id);
    if (head?.contentHash === contentHash)
      return { ...where, status: 'duplicate', creditRecordId: record.id, version: head.version };
    const next = { version: (head?.version ?? 0) + 1, contentHash };
    current.set(record.id, next);
    publish.push({ record, head: next });
    return {
      ...where,
      status: head ? 'new-version' : 'accepted',
      creditRecordId: record.id,
      version: next.version,
    };
  });
  return { receipts, publish };
}
