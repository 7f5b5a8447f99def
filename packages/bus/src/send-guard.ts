import { insideTransaction } from '@ggzy/db';
import { GgzyError } from '@ggzy/runtime';
import type { SendOptions } from './topic.ts';

/**
 * Refuses a send made inside a database transaction that did not hand the transaction over: on
 * the embedded log it would wait for a second connection while holding one (with every pooled
 * connection held that way, for ever). Both buses refuse, so a test on either one catches it.
 */
export function refuseHiddenTransaction(
  topic: string,
  options: SendOptions | undefined,
): GgzyError | undefined {
  if (options?.transaction || !insideTransaction()) return undefined;
  return new GgzyError(
    'GGZY_BUS_SEND_IN_TRANSACTION',
    `a send to ${topic} inside a database transaction must pass it ({ transaction: tx }), or be made after the commit`,
    { details: { topic } },
  );
}
