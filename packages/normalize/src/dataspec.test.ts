import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataSpecNumbers, normalizeDataSpec } from './dataspec.ts';
import { normalize } from './index.ts';
import type { NormalizeResult } from './result.ts';

const records: Record<string, Record<string, unknown>> = JSON.parse(
  readFileSync(new URL('../fixtures/dataspec/records.json', import.meta.url), 'utf8'),
);
const context = { feed: 'fj-dataspec', receivedAt: '2025-07-01T00:00:00+08:00' };

/** The field names each data set's V4 definition lists (shared/domain/national-dataspec/V4). */
function specFields(dataNo: string): string[] | undefined {
  try {
    const url = new URL(`../../../../shared/domain/national-dataspec/V4/${dataNo}.json`, import.meta.url);
    return (JSON.parse(readFileSync(url, 'utf8')) as { Fields: { Name: string }[] }).Fields.map(
      (f) => f.Name,
    );
  } catch {
    return undefined;
  }
}

function ok(result: NormalizeResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
  return result;
}

describe('national data spec V4', () => {
  it('covers the data sets 503 511 513 551 553 554 601 653 701', () => {
    expect([...dataSpecNumbers].sort()).toEqual([
      '503',
      '511',
      '513',
      '551',
      '553',
      '554',
      '601',
      '653',
      '701',
    ]);
  });

  for (const dataNo of ['503', '511', '513', '551', '553', '554', '601', '653', '701']) {
    it(`${dataNo}: a realistic record normalizes, with fixture fields that exist in the spec`, async () => {
      const record = records[dataNo]!;
      const fields = specFields(dataNo);
      if (fields) for (const name of Object.keys(record)) expect(fields).toContain(name);
      const result = ok(normalizeDataSpec(record, dataNo, { ...context, region: '350400' }));
      await expect(`${JSON.stringify(result, null, 2)}\n`).toMatchFileSnapshot(
        `../fixtures/expected/dataspec/${dataNo}.json`,
      );
    });
  }

  it('reads PRICE_UNIT 1 as 万元 and numeric currency codes', () => {
    const r513 = ok(normalizeDataSpec(records['513'], '513', context)).notice;
    if (r513.domain !== 'construction' || r513.stage !== 'result') throw new Error('513');
    expect(r513.awards[0]?.price).toEqual({ fen: 3_298_760_000, currency: 'CNY' });
    expect(r513.project.region).toBe('350403');
    const r553 = ok(normalizeDataSpec(records['553'], '553', context)).notice;
    if (r553.domain !== 'procurement' || r553.stage !== 'result') throw new Error('553');
    expect(r553.awards[0]?.amount).toEqual({ fen: 668_792_000, currency: 'CNY' });
  });

  it('names the V4 field in every problem', () => {
    const bad = {
      ...records['513'],
      PRICE_UNIT: '2',
      WIN_BIDDER_CODE: '91440300MA5F3K2L58',
      NOTICE_SEND_TIME: '20241332000000',
    };
    expect(normalizeDataSpec(bad, '513', context)).toMatchObject({
      ok: false,
      errors: [
        { path: 'PRICE_UNIT', rule: 'dataspec.money' },
        { path: 'WIN_BIDDER_CODE', rule: 'credit-code.check-char' },
        { path: 'WIN_BIDDER_CODE', rule: 'credit-code.check-char' },
        { path: 'NOTICE_SEND_TIME', rule: 'datetime.month' },
      ],
    });
  });

  it('infers a missing region from the first party credit code, with a warning', () => {
    const result = ok(normalizeDataSpec(records['503'], '503', context));
    expect(result.notice.project.region).toBe('440309');
    expect(result.warnings).toContainEqual(
      expect.objectContaining({ path: 'REGION_CODE', rule: 'region-inferred' }),
    );
  });

  it('rejects an unknown data set and a record that is not an object', () => {
    expect(normalizeDataSpec({}, '999', context)).toMatchObject({
      ok: false,
      errors: [{ rule: 'dataspec.unknown-data-no' }],
    });
    expect(normalizeDataSpec([], '513', context)).toMatchObject({
      ok: false,
      errors: [{ rule: 'dataspec.not-object' }],
    });
  });

  it('reads a data-spec file as an array or as JSON lines through normalize()', async () => {
    const lines = `${JSON.stringify(records['513'])}\n${JSON.stringify({ ...records['513'], BID_AMOUNT: 'abc' })}\n`;
    const out: NormalizeResult[] = [];
    for await (const r of normalize(lines, { format: 'dataspec', dataNo: '513', feed: 'f' }))
      out.push(r.result);
    expect(out.map((r) => r.ok)).toEqual([true, false]);
    const array: NormalizeResult[] = [];
    for await (const r of normalize(JSON.stringify([records['513']]), {
      format: 'dataspec',
      dataNo: '513',
      feed: 'f',
    }))
      array.push(r.result);
    expect(array.map((r) => r.ok)).toEqual([true]);
  });
});
