import type { Rejection } from '@ggzy/domain';
import { type History, Ledger } from '@ggzy/ledger';
import type { Warning } from '@ggzy/normalize';
import type { Prepared } from './prepare.ts';

/**
 * The answer for one record. `accepted`: a new notice id (version 1). `new-version`: the id was
 * known and the content changed (a correction). `duplicate`: same id, content equal to a version already
 * known (the receipt names it) — nothing new published. `rejected`: every reason, and where the record went (the DLQ).
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

export type Decision = { publish: true; receipt: Receipt } | { publish: false; receipt: Receipt };

/**
 * Decides the receipts of a batch in order by the ledger rule (packages/ledger), given what is
 * known of each notice id (every stored version, plus this process's own recent publications).
 * Versions count on within the batch, so a batch holding a record and its correction answers 1
 * and 2; content equal to any known version answers `duplicate` with that version. Pure.
 */
export function decide(
  prepared: readonly Prepared[],
  known: ReadonlyMap<string, History>,
  dlqIds: readonly string[],
): Decision[] {
  const ledger = new Ledger(known);
  return prepared.map((item, index): Decision => {
    if (item.kind === 'rejected') {
      return {
        publish: true,
        receipt: { index, status: 'rejected', errors: item.errors, dlqId: dlqIds[index] ?? '' },
      };
    }
    const verdict = ledger.record(item.notice.id, item.contentHash);
    if (verdict.outcome === 'duplicate') {
      return {
        publish: false,
        receipt: { index, status: 'duplicate', noticeId: item.notice.id, version: verdict.version },
      };
    }
    return {
      publish: true,
      receipt: {
        index,
        status: verdict.outcome,
        noticeId: item.notice.id,
        version: verdict.version,
        warnings: item.warnings,
      },
    };
  });
}
