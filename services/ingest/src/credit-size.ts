import type { CreditInput } from '@ggzy/normalize';

/**
 * Credit records over the size limit, refused one by one (`record.too-large`): a credit record
 * travels whole on ggzy.credit.v1, so one larger than Kafka's message size would fail the publish
 * of every record sent with it. Measured as the record's JSON, as the bus writes it. Pure.
 */
export function refuseOversizedCredit(inputs: readonly CreditInput[], maxBytes: number): CreditInput[] {
  return inputs.map((input) => {
    if (!input.ok) return input;
    const size = Buffer.byteLength(JSON.stringify(input.record));
    if (size <= maxBytes) return input;
    return {
      ok: false,
      index: input.index,
      ...(input.row === undefined ? {} : { row: input.row }),
      recordId: input.record.id,
      errors: [
        {
          path: '$',
          rule: 'record.too-large',
          message: `the record is ${size} bytes as JSON; the limit is ${maxBytes} bytes a record`,
        },
      ],
    };
  });
}
