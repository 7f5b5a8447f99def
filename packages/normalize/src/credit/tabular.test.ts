import { readFileSync } from 'node:fs';
import { type CreditRecord, creditRecordId } from '@ggzy/domain';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  type CreditRowResult,
  type CreditTabularOptions,
  creditColumns,
  creditFromCsv,
  creditFromJson,
  creditFromXlsx,
  creditListTypeOf,
} from './index.ts';

const context = { feed: 'sz-credit', centre: '信用深圳' };
const CODE = '91440300MA5G7Q1P0T';

async function all(source: AsyncIterable<CreditRowResult>): Promise<CreditRowResult[]> {
  const out: CreditRowResult[] = [];
  for await (const r of source) out.push(r);
  return out;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const csv = (rows: string[][]) => rows.map((row) => row.join(',')).join('\r\n');
const read = (text: string | Uint8Array, options: Partial<CreditTabularOptions> = {}) =>
  all(creditFromCsv(text, { ...context, ...options }));

function record(result: CreditRowResult | undefined): CreditRecord {
  if (!result?.ok) throw new Error(`expected a record: ${JSON.stringify(result)}`);
  return result.record;
}

function errors(result: CreditRowResult | undefined) {
  if (!result || result.ok) throw new Error(`expected a rejection: ${JSON.stringify(result)}`);
  return result.errors;
}

const chineseHeaders = [
  '记录编号',
  '主体名称',
  '统一社会信用代码',
  '名单类型',
  '处罚（认定）机关',
  '所属地区',
  '处罚依据',
  '处罚结果',
  '违法失信行为',
  '决定书文号',
  '处罚日期',
  '有效期至',
];
const jinlong = [
  'CG-2024-0315',
  '深圳市金龙空调电器有限公司',
  CODE,
  '政府采购严重违法失信行为记录',
  '深圳市财政局',
  '440300',
  '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  '列入不良行为记录名单，一年内禁止参加政府采购活动',
  '提供虚假材料谋取中标、成交',
  '深财书〔2024〕112号',
  '2024年3月15日',
  '2025-03-14',
];

/** The same record in the JSON input format, for "same canonical record" comparisons. */
const jinlongJson = {
  recordId: 'CG-2024-0315',
  listType: 'procurement-serious-violation',
  subject: { name: '深圳市金龙空调电器有限公司', creditCode: CODE },
  authority: '深圳市财政局',
  authorityRegion: '440300',
  basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  penalty: '列入不良行为记录名单，一年内禁止参加政府采购活动',
  reason: '提供虚假材料谋取中标、成交',
  documentNumber: '深财书〔2024〕112号',
  decisionDate: '2024-03-15',
  validUntil: '2025-03-14',
};

describe('credit lists as CSV', () => {
  it('reads Chinese headers to the same canonical record as the JSON format', async () => {
    const results = await read(`\ufeff${csv([chineseHeaders, jinlong])}`);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, index: 0, row: 2 });
    const [fromJson] = creditFromJson([jinlongJson], context);
    expect(record(results[0])).toEqual(fromJson?.ok ? fromJson.record : undefined);
    expect(record(results[0])).toMatchObject({
      id: creditRecordId({ feed: 'sz-credit', recordId: 'CG-2024-0315' }),
      decisionDate: '2024-03-15T00:00:00+08:00',
      validFrom: '2024-03-15T00:00:00+08:00',
      validUntil: '2025-03-14T00:00:00+08:00',
    });
  });

  it('reads English headers, any case and spacing', async () => {
    const results = await read(
      csv([
        ['Record ID', 'Subject Name', 'credit_code', 'List Type', 'Authority', 'Penalty', 'Decision Date'],
        [
          'CG-2024-0315',
          '深圳市金龙空调电器有限公司',
          CODE,
          'procurement-serious-violation',
          '深圳市财政局',
          '一年内禁止参加政府采购活动',
          '2024-03-15',
        ],
      ]),
    );
    expect(record(results[0])).toMatchObject({
      listType: 'procurement-serious-violation',
      subject: { kind: 'organization', name: '深圳市金龙空调电器有限公司', creditCode: CODE },
      penalty: '一年内禁止参加政府采购活动',
      // No end given on a procurement record: three years, to the day before the anniversary.
      validUntil: '2027-03-14T00:00:00+08:00',
    });
  });

  it('reads a 公示日期 column as the publication date', async () => {
    const results = await read(
      csv([
        [
          '记录编号',
          '主体名称',
          '统一社会信用代码',
          '名单类型',
          '处罚机关',
          '处罚结果',
          '处罚日期',
          '公示日期',
        ],
        [
          'CG-2024-0315',
          '深圳市金龙空调电器有限公司',
          CODE,
          '政府采购严重违法失信行为记录',
          '深圳市财政局',
          '一年内禁止参加政府采购活动',
          '2024-03-15',
          '2024年3月26日',
        ],
      ]),
    );
    expect(record(results[0])).toMatchObject({
      decisionDate: '2024-03-15T00:00:00+08:00',
      publishedAt: '2024-03-26T00:00:00+08:00',
    });
  });

  it('skips a title row above the headers and finds them', async () => {
    const results = await read(
      csv([['深圳市政府采购严重违法失信行为记录名单（2024年）'], chineseHeaders, jinlong]),
    );
    expect(results.map((r) => [r.row, r.ok])).toEqual([[3, true]]);
  });

  it('prefers the better-named column when two fill one field, and ignores required marks', async () => {
    const results = await read(
      csv([
        ['*记录编号', '主体名称(必填)', '名单类型', '公布单位', '处罚机关', '处罚结果', '处罚日期'],
        [
          'C-1',
          '深圳市金龙空调电器有限公司',
          '招标投标违法行为记录',
          '深圳市公共信用中心',
          '深圳市住房和建设局',
          '罚款',
          '2024-03-15',
        ],
      ]),
    );
    expect(record(results[0])).toMatchObject({
      authority: '深圳市住房和建设局',
      subject: { name: '深圳市金龙空调电器有限公司' },
    });
  });

  it('maps the Chinese list-type labels to their ids', () => {
    expect(creditListTypeOf('政府采购严重违法失信行为记录')).toBe('procurement-serious-violation');
    expect(creditListTypeOf('列入政府采购严重违法失信行为记录名单')).toBe('procurement-serious-violation');
    expect(creditListTypeOf('招标投标违法行为记录')).toBe('tendering-violation');
    expect(creditListTypeOf('失信被执行人')).toBe('dishonest-judgment-debtor');
    expect(creditListTypeOf('经营异常名录')).toBe('abnormal-operation');
    expect(creditListTypeOf('严重违法失信企业名单')).toBe('serious-violation-enterprise');
    expect(creditListTypeOf('严重违法失信主体名单')).toBe('serious-violation-enterprise');
    expect(creditListTypeOf('其他')).toBe('other');
    expect(creditListTypeOf(' tendering-violation ')).toBe('tendering-violation');
    expect(creditListTypeOf('黑名单')).toBeUndefined();
  });

  it('reads the dates exports write: 2024年3月15日, 20240315, ISO', async () => {
    const headers = ['记录编号', '当事人名称', '执法单位', '处罚内容', '决定日期', '有效期起', '有效期至'];
    const row = (id: string, decided: string, from: string, until: string) => [
      id,
      '深圳市金龙空调电器有限公司',
      '深圳市财政局',
      '一年内禁止参加政府采购活动',
      decided,
      from,
      until,
    ];
    const results = await read(
      csv([
        headers,
        row('A-1', '2024年3月15日', '2024年3月16日', '2025年3月15日'),
        row('A-2', '20240315', '20240316', '20250315'),
        row('A-3', '2024-03-15T10:30:00+08:00', '2024-03-16', '长期'),
        row('A-4', '2024年13月1日', '2024-03-16', ''),
      ]),
      { listType: 'tendering-violation' },
    );
    for (const result of results.slice(0, 2)) {
      expect(record(result)).toMatchObject({
        decisionDate: '2024-03-15T00:00:00+08:00',
        validFrom: '2024-03-16T00:00:00+08:00',
        validUntil: '2025-03-15T00:00:00+08:00',
      });
    }
    const third = record(results[2]);
    expect(third.decisionDate).toBe('2024-03-15T10:30:00+08:00');
    // 长期: until withdrawn.
    expect(third.validUntil).toBeUndefined();
    expect(errors(results[3])).toEqual([
      expect.objectContaining({ path: 'row 5, 决定日期', rule: 'datetime', value: '2024年13月1日' }),
    ]);
  });

  it('takes the default list type for empty cells, and rejects an unknown label', async () => {
    const headers = ['记录编号', '主体名称', '名单类型', '认定机关', '处罚结果', '列入日期'];
    const row = (id: string, listType: string) => [
      id,
      '深圳市金龙空调电器有限公司',
      listType,
      '深圳市市场监督管理局',
      '列入经营异常名录',
      '2024-03-15',
    ];
    const body = csv([headers, row('B-1', ''), row('B-2', '黑名单'), row('B-3', '经营异常名录')]);

    const withDefault = await read(body, { listType: 'other' });
    expect(record(withDefault[0]).listType).toBe('other');
    expect(errors(withDefault[1])).toEqual([
      expect.objectContaining({ path: 'row 3, 名单类型', rule: 'credit.list-type', value: '黑名单' }),
    ]);
    expect(record(withDefault[2]).listType).toBe('abnormal-operation');

    const withoutDefault = await read(body);
    expect(errors(withoutDefault[0])).toEqual([
      expect.objectContaining({ path: 'row 2, 名单类型', rule: 'credit.list-type' }),
    ]);
    expect(withoutDefault[2]?.ok).toBe(true);
  });

  it('accepts a masked resident ID in a person row and rejects a whole one', async () => {
    const headers = [
      '记录编号',
      '当事人名称',
      '主体类型',
      '证件号码',
      '名单类型',
      '执法单位',
      '处罚结果',
      '处罚日期',
    ];
    const person = (id: string, personId: string) => [
      id,
      '张伟',
      '自然人',
      personId,
      '失信被执行人',
      '深圳市中级人民法院',
      '限制高消费',
      '2024-03-15',
    ];
    const results = await read(
      csv([headers, person('P-1', '440303********0015'), person('P-2', '440303198001010010')]),
    );
    expect(record(results[0]).subject).toMatchObject({
      kind: 'person',
      name: '张伟',
      maskedPersonId: '440303********0015',
    });
    const rejected = errors(results[1]);
    expect(rejected).toEqual([expect.objectContaining({ path: 'row 3, 证件号码', rule: 'schema' })]);
    expect(rejected[0]?.message).toMatch(/masked/);
    // The whole ID is never echoed back.
    expect(JSON.stringify(results[1])).not.toContain('440303198001010010');
  });

  it('reads a whole resident ID in the credit-code column as a person ID, and rejects it', async () => {
    const results = await read(
      csv([
        ['记录编号', '当事人名称', '统一社会信用代码', '名单类型', '执法单位', '处罚结果', '处罚日期'],
        [
          'P-3',
          '张伟',
          '440303198001010010',
          '失信被执行人',
          '深圳市中级人民法院',
          '限制高消费',
          '2024-03-15',
        ],
      ]),
    );
    expect(errors(results[0])).toEqual([
      expect.objectContaining({ path: 'row 2, 统一社会信用代码', rule: 'schema' }),
    ]);
  });

  it('rejects a file lacking required columns, naming each, at its header row', async () => {
    const results = await read(
      csv([
        ['序号', '主体名称', '统一社会信用代码', '处罚日期'],
        ['1', '某公司', CODE, '2024-03-15'],
      ]),
    );
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, row: 1 });
    expect(errors(results[0]).map((e) => [e.path, e.rule])).toEqual([
      ['row 1, 记录编号', 'credit.column-missing'],
      ['row 1, 名单类型', 'credit.column-missing'],
      ['row 1, 处罚(认定)机关', 'credit.column-missing'],
      ['row 1, 处罚结果', 'credit.column-missing'],
    ]);
  });

  it('names the row and column of each bad cell, and reads the other rows', async () => {
    const bad = [...jinlong];
    bad[0] = 'CG-2024-0316';
    bad[2] = '91440300MA5G7Q1P0X';
    bad[4] = '';
    bad[5] = '火星市';
    const results = await read(csv([chineseHeaders, bad, jinlong]));
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(errors(results[0]).map((e) => [e.path, e.rule])).toEqual([
      ['row 2, 所属地区', 'region'],
      ['row 2, 处罚（认定）机关', 'required'],
      ['row 2, 统一社会信用代码', 'schema'],
    ]);
    expect(results[0]).toMatchObject({ recordId: 'CG-2024-0316', index: 0 });
  });

  it('makes the record id from 文号 and the subject when the export has no record id', async () => {
    const headers = [
      '当事人名称',
      '统一社会信用代码',
      '名单类型',
      '处罚机关',
      '处罚结果',
      '处罚决定书文号',
      '处罚日期',
    ];
    const results = await read(
      csv([
        headers,
        [
          '深圳市金龙空调电器有限公司',
          CODE,
          '招标投标违法行为记录',
          '深圳市住房和建设局',
          '罚款',
          '深建罚〔2024〕7号',
          '2024-03-15',
        ],
        [
          '深圳市金龙空调电器有限公司',
          CODE,
          '招标投标违法行为记录',
          '深圳市住房和建设局',
          '罚款',
          '',
          '2024-03-15',
        ],
      ]),
    );
    expect(record(results[0]).source.recordId).toBe(`深建罚〔2024〕7号:${CODE}`);
    expect(errors(results[1])).toEqual([
      expect.objectContaining({ path: 'row 3, 处罚决定书文号', rule: 'required' }),
    ]);
  });

  it('reads a withdrawal (移出) and a region name', async () => {
    const results = await read(
      csv([
        [...chineseHeaders, '移出日期', '移出原因'],
        [...jinlong.slice(0, 5), '深圳市', ...jinlong.slice(6), '2024-09-02', '信用修复'],
        [...jinlong.slice(0, 5), '深圳市', ...jinlong.slice(6), '2024-09-02', ''],
      ]),
    );
    expect(record(results[0])).toMatchObject({
      authorityRegion: '440300',
      withdrawal: { withdrawnAt: '2024-09-02T00:00:00+08:00', reason: '信用修复', authority: '深圳市财政局' },
    });
    expect(errors(results[1])).toEqual([
      expect.objectContaining({ path: 'row 3, 移出原因', rule: 'required' }),
    ]);
  });

  it('reads GB18030 bytes, streamed in small chunks, to the same records', async () => {
    const text = csv([chineseHeaders, jinlong]);
    const gb = gb18030(text);
    const utf8 = await read(text);
    const detected = await all(creditFromCsv(chunked(gb, 7), context));
    expect(detected).toEqual(utf8);
    expect(await all(creditFromCsv(gb, { ...context, encoding: 'gb18030' }))).toEqual(utf8);
  });

  it('ends on a CSV syntax error with one rejection saying where', async () => {
    const results = await read(`${csv([chineseHeaders, jinlong])}\r\nCG-2,"unclosed`);
    const last = results.at(-1);
    expect(errors(last)).toEqual([expect.objectContaining({ path: 'line 3', rule: 'csv.syntax' })]);
    expect(last?.index).toBe(results.length - 1);
  });
});

/** GB18030 bytes of a text: Node decodes GB18030 but has no encoder, so one is built from the decoder. */
function gb18030(text: string): Uint8Array {
  // Build the encoding table for the characters used, by decoding every two-byte GBK code.
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (!table.has(char)) table.set(char, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`no GBK code for ${char}`);
      bytes.push(...pair);
    }
  }
  const out = new Uint8Array(bytes);
  expect(decoder.decode(out)).toBe(text);
  return out;
}

describe('credit lists as XLSX', () => {
  it('reads a workbook made with exceljs: title row, date cells, to the same records as CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('黑名单');
    sheet.addRow(['深圳市政府采购严重违法失信行为记录名单']);
    sheet.addRow(chineseHeaders);
    const cells: (string | Date)[] = [...jinlong];
    // exceljs writes a Date's UTC digits: the wall time typed in Beijing.
    cells[10] = new Date(Date.UTC(2024, 2, 15));
    cells[11] = new Date(Date.UTC(2025, 2, 14));
    sheet.addRow(cells);
    sheet.addRow([]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const results = await all(creditFromXlsx(bytes, context));
    expect(results.map((r) => [r.row, r.ok])).toEqual([[3, true]]);
    const [fromCsv] = await read(csv([chineseHeaders, jinlong]));
    expect(record(results[0])).toEqual(record(fromCsv));

    const byName = await all(creditFromXlsx(bytes, { ...context, sheet: '黑名单' }));
    expect(byName.map((r) => r.ok)).toEqual([true]);
  });

  it('rejects bytes that are not a workbook, and a missing sheet, as one result', async () => {
    expect(await all(creditFromXlsx('not a zip', context))).toMatchObject([
      { ok: false, errors: [{ rule: 'xlsx.unreadable' }] },
    ]);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(chineseHeaders);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(await all(creditFromXlsx(bytes, { ...context, sheet: '黑名单' }))).toMatchObject([
      { ok: false, errors: [{ rule: 'xlsx.sheet-missing' }] },
    ]);
  });
});

describe('the column table', () => {
  it('is the one docs/credit-input.md shows', () => {
    const whole = readFileSync(new URL('../../../../docs/credit-input.md', import.meta.url), 'utf8');
    const doc = whole.slice(whole.indexOf('## CSV and XLSX exports'));
    for (const { field, headers } of creditColumns) {
      const line = doc.split('\n').find((l) => l.startsWith(`| \`${field}\``));
      expect(line, field).toBeDefined();
      for (const header of headers.filter((h) => !/^[\x20-\x7e]+$/.test(h)))
        expect(line, field).toContain(header);
    }
  });
});
