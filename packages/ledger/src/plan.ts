import type { Identity } from './identity.ts';
import { type History, Ledger } from './ledger.ts';

/** Where an event sits in the log: the idempotency key of everything projected from it. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export function positionKey(position: LogPosition): string {
  return `${position.topic}/${position.partition}/${position.offset}`;
}

export interface Positioned<E> {
  event: E;
  position: LogPosition;
}

export type Planned<E> = Positioned<E> &
  (
    | { outcome: 'version'; version: number; contentHash: string }
    | { outcome: 'duplicate'; version: number; contentHash: string }
    /** Projected before (a replay, or a redelivery after a crash): nothing to do. */
    | { outcome: 'replay' }
  );

export interface BatchPlan<E> {
  /** Every event of the batch with its outcome, in log order. */
  items: Planned<E>[];
  versions: Extract<Planned<E>, { outcome: 'version' }>[];
  duplicates: Extract<Planned<E>, { outcome: 'duplicate' }>[];
  replays: Extract<Planned<E>, { outcome: 'replay' }>[];
}

/**
 * Plans a batch of events in log order (one partition), idempotently by log position: an event
 * whose position is in `projected` is a replay; every other event is classified by the ledger
 * rule (ledger.ts) against `known` and the events before it. Replaying a whole topic therefore
 * adds nothing. Pure: the caller loads `known` and `projected` (packages/db's ledger repository).
 */
export function planBatch<E>(
  events: readonly Positioned<E>[],
  describe: (event: E) => Identity,
  known: ReadonlyMap<string, History>,
  projected: ReadonlySet<string>,
): BatchPlan<E> {
  const ledger = new Ledger(known);
  const plan: BatchPlan<E> = { items: [], versions: [], duplicates: [], replays: [] };
  for (const item of events) {
    if (projected.has(positionKey(item.position))) {
      const planned = { ...item, outcome: 'replay' as const };
      plan.items.push(planned);
      plan.replays.push(planned);
      continue;
    }
    const { id, contentHash } = describe(item.event);
    const verdict = ledger.record(id, contentHash);
    if (verdict.outcome === 'duplicate') {
      const planned = { ...item, outcome: 'duplicate' as const, version: verdict.version, contentHash };
      plan.items.push(planned);
      plan.duplicates.push(planned);
    } else {
      const planned = { ...item, outcome: 'version' as const, version: verdict.version, contentHash };
      plan.items.push(planned);
      plan.versions.push(planned);
    }
  }
  return plan;
}
