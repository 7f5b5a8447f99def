import type { Rejection } from '@ggzy/domain';
import type { Warning } from '@ggzy/normalize';
import type { Prepared } from './prepare.ts';

/**
 * The answer for one record. `accepted`: a new notice id (version 1). `new-version`: the id was
 * known and the content changed (a correction). `duplicate`: same id, same content — nothing new
 * published. `rejected`: every reason, and where the record went (the DLQ).
 */
export type Receipt =
  | {
      index: number;
      status: 'accepted' | 'new-version';
      noticeId: string;
      version: number;
      warnings: Warning[];
    }
  | { index: number; status: 'duplicate'; noticeId: string; version: number }
  | { index: number; status: 'rejected'; errors: Rejection[]; dlqId: string };

export interface Head {
  version: number;
  contentHash: string;
}

export type Decision = { publish: true; receipt: Receipt } | { publish: false; receipt: Receipt };

/**
 * Decides the receipts of a batch in order, given the newest known version of each notice id
 * (from the store, plus this process's own recent publications). Versions count on within the
 * batch, so a batch holding a record and its correction answers 1 and 2. Pure.
 */
export function decide(
  prepared: readonly Prepared[],
  heads: ReadonlyMap<string, Head>,
  dlqIds: readonly string[],
): Decision[] {
  const current = new Map(heads);
  return prepared.map((item, index): Decision => {
    if (item.kind === 'rejected') {
      return {
        publish: true,
        receipt: { index, status: 'rejected', errors: item.errors, dlqId: dlqIds[index] ?? '' },
      };
    }
    const head = current.get(item.notice.id);
    if (head?.contentHash === item.contentHash) {
      return {
        publish: false,
        receipt: { index, status: 'duplicate', noticeId: item.notice.id, version: head.version },
      };
    }
    const version = (head?.version ?? 0) + 1;
    current.set(item.notice.id, { version, contentHash: item.contentHash });
    return {
      publish: true,
      receipt: {
        index,
        status: head ? 'new-version' : 'accepted',
        noticeId: item.notice.id,
        version,
        warnings: item.warnings,
      },
    };
  });
}
