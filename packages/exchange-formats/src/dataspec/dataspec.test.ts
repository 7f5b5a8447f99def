import { readFileSync } from 'node:fs';
import type { Notice } from '@ggzy/domain';
import { allFixtures, procurementFixtures } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { amountText } from './context.ts';
import { dataSpecTestContext as context, withNationalCodes } from './testing/notices.ts';
import { orderForExchange, toDataSpec } from './to-dataspec.ts';
import type { DataSpecMessage } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';
import { validateDataSpec } from './validate.ts';

const v4 = (dataNo: string): unknown =>
  JSON.parse(
    readFileSync(
      new URL(`../../../../../shared/domain/national-dataspec/V4/${dataNo}.json`, import.meta.url),
      'utf8',
    ),
  );

/** Fields the canonical model has no place for: they stay empty until the model grows them. */
const modelGaps: Record<string, string[]> = {};

const all = (notices: Notice[]) => notices.flatMap((n) => toDataSpec(n, { context, version: 1 }));

describe('the V4 catalogue', () => {
  it('is the one in shared/domain/national-dataspec, field by field', () => {
    for (const [dataNo, spec] of Object.entries(v4DataSets)) {
      const file = v4(dataNo) as {
        DataName: string;
        Fields: { Name: string; CnName: string; Validators: unknown[] }[];
      };
      expect(spec.table).toBe(file.DataName);
      expect(spec.fields).toEqual(
        file.Fields.map((f) => ({ name: f.Name, label: f.CnName, validators: f.Validators })),
      );
    }
  });
});

describe('toDataSpec', () => {
  const messages = all(allFixtures.map(withNationalCodes));

  it('gives the fourteen data sets, one message per record, each parent before its children', () => {
    expect(messages.map((m) => m.dataNo)).toEqual([
      '501',
      '503',
      '501',
      '503',
      '511',
      '513',
      '550',
      '551',
      '553',
      '554',
      '600',
      '601',
      '651',
      '653',
      '700',
      '701',
    ]);
    expect(new Set(messages.map((m) => m.messageType))).toEqual(new Set(['insert']));
  });

  it('validates every fixture’s records: no problem but the fields the model lacks', () => {
    for (const m of messages) {
      const problems = validateDataSpec(m.dataNo, m.record);
      expect({ dataNo: m.dataNo, problems: problems.map((p) => `${p.field} ${p.validator}`) }).toEqual({
        dataNo: m.dataNo,
        problems: (modelGaps[m.dataNo] ?? []).map((f) => `${f} NotNull`),
      });
    }
  });

  it('writes dates, amounts and codes in the spec’s formats', () => {
    const result = messages.find((m) => m.dataNo === '553')!.record;
    expect(result).toMatchObject({
      WIN_BID_PRICE: '6687920',
      CURRENCY_CODE: 'CNY',
      PRICE_UNIT: '0',
      WIN_BID_BULLETIN_START_TIME: '20240603173000',
      REGION_CODE: '440309',
    });
    const land = messages.find((m) => m.dataNo === '601')!.record;
    expect(land).toMatchObject({
      DEAL_PRICE: '1685000000',
      LAND_CODE: 'A812-0345',
      LENDING_CODE: '91440300MA5EXJ8T9B',
    });
    expect(messages.find((m) => m.dataNo === '701')!.record).toMatchObject({
      TRADE_DATE: '20240508',
      TRADE_VALUE: '60100000',
      OBJECT_EVALUATE_VALUE: '52306000',
    });
    expect([12_345, 100, 5, -250, 123_400_000].map((fen) => amountText({ fen, currency: 'CNY' }))).toEqual([
      '123.45',
      '1',
      '0.05',
      '-2.5',
      '1234000',
    ]);
  });

  it('sends a later version as an update and a withdrawn notice as a delete', () => {
    const notice = withNationalCodes(allFixtures[0]!);
    expect(toDataSpec(notice, { context, version: 2 }).map((m) => [m.dataNo, m.messageType])).toEqual([
      ['501', 'update'],
      ['503', 'update'],
    ]);
    // The withdrawn announcement takes its 503 back; the tender project (501) stays.
    expect(
      toDataSpec(notice, { context, version: 2, withdrawn: true }).map((m) => [m.dataNo, m.messageType]),
    ).toEqual([['503', 'delete']]);
  });

  it('withdraws an asset announcement with its parent record, a procurement call without its 采购项目', () => {
    const withdrawn = (draft: (typeof allFixtures)[number]) =>
      toDataSpec(withNationalCodes(draft), { context, version: 2, withdrawn: true }).map(
        (m) => `${m.dataNo} ${m.messageType}`,
      );
    const of = (domain: string, stage: string) =>
      allFixtures.find((f) => f.domain === domain && f.stage === stage)!;
    // 550 is the 采购项目, which outlives the call; 600, 651 and 700 are the announcements themselves.
    expect(withdrawn(of('procurement', 'tender-announcement'))).toEqual(['551 delete']);
    expect(withdrawn(of('land', 'transfer-announcement'))).toEqual(['600 delete']);
    expect(withdrawn(of('mining', 'transfer-announcement'))).toEqual(['651 delete']);
    expect(withdrawn(of('property', 'listing'))).toEqual(['700 delete']);
  });

  it('gives one parent record per project, whichever announcement sends it, and links 601 to its 600', () => {
    const land = allFixtures.filter((f) => f.domain === 'land').map(withNationalCodes);
    const [announcement] = toDataSpec(land.find((n) => n.stage === 'transfer-announcement')!, {
      context,
      version: 1,
    });
    const [deal] = toDataSpec(land.find((n) => n.stage === 'deal-publicity')!, { context, version: 1 });
    expect(deal!.record.DEAL_ANNOUNCEMENT_GUID).toBe(announcement!.record.ANNOUNCEMENT_GUID);
    const call = withNationalCodes(procurementFixtures['tender-announcement']);
    const again = { ...call, id: `${call.id}-again` } as Notice;
    const keyOf = (n: Notice) =>
      toDataSpec(n, { context, version: 1 }).find((m) => m.dataNo === '550')!.recordKey;
    expect(keyOf(again)).toBe(keyOf(call));
  });
});

describe('orderForExchange', () => {
  const msg = (
    dataNo: string,
    projectKey: string,
    messageType: DataSpecMessage['messageType'] = 'insert',
    recordKey = `${projectKey}${dataNo}`,
    version = messageType === 'insert' ? 1 : 2,
  ): DataSpecMessage => ({ dataNo, table: dataNo, projectKey, messageType, recordKey, version, record: {} });

  it('sends a record’s insert before its updates, in version order, whatever order they came in', () => {
    const ordered = orderForExchange([
      msg('513', 'a', 'update', 'award-1', 3),
      msg('503', 'a', 'update', 'notice', 2),
      msg('513', 'a', 'update', 'award-1', 2),
      msg('513', 'a', 'insert', 'award-2', 1),
      msg('503', 'a', 'insert', 'notice', 1),
      msg('513', 'a', 'insert', 'award-1', 1),
    ]);
    expect(ordered.map((m) => `${m.dataNo} ${m.recordKey} v${m.version}`)).toEqual([
      '503 notice v1',
      '503 notice v2',
      '513 award-1 v1',
      '513 award-1 v2',
      '513 award-1 v3',
      '513 award-2 v1',
    ]);
  });

  it('puts parents before children per project, and deletes children first', () => {
    const ordered = orderForExchange([
      msg('513', 'a'),
      msg('701', 'b'),
      msg('503', 'a'),
      msg('511', 'a'),
      msg('700', 'b'),
      msg('503', 'a', 'delete'),
      msg('513', 'a', 'delete'),
    ]);
    expect(ordered.map((m) => `${m.projectKey}:${m.dataNo}${m.messageType === 'delete' ? '-' : ''}`)).toEqual(
      ['a:503', 'a:511', 'a:513', 'a:513-', 'a:503-', 'b:700', 'b:701'],
    );
  });
});

describe('validateDataSpec', () => {
  const good = messages();
  function messages() {
    return all(allFixtures.map(withNationalCodes));
  }

  it('names the validator a broken record fails', () => {
    const result = good.find((m) => m.dataNo === '513')!.record;
    const broken = {
      ...result,
      TENDER_PROJECT_CODE: 'E44030902',
      NOTICE_SEND_TIME: '20240231120000',
      REGION_CODE: '449999',
      PRICE_UNIT: '2',
      BID_AMOUNT: '1.1234567',
      NOTICE_NAME: '',
      NOT_A_FIELD: 'x',
    };
    const found = validateDataSpec('513', broken).map((p) => `${p.field} ${p.validator}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'TENDER_PROJECT_CODE LengthMatch',
        'NOTICE_SEND_TIME DateMatch',
        'REGION_CODE AreaCodeMatch',
        'PRICE_UNIT EnumMatch',
        'BID_AMOUNT NumberMatch',
        'NOTICE_NAME NotNull',
        'NOT_A_FIELD FieldName',
      ]),
    );
    expect(validateDataSpec('999', {})[0]?.validator).toBe('DataNo');
  });
});
