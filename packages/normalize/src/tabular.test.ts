import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { normalize } from './index.ts';
import { type Mapping, parseMapping } from './mapping.ts';
import type { NormalizeRecordResult } from './result.ts';

function mapping(name: string): Mapping {
  const parsed = parseMapping(
    JSON.parse(readFileSync(new URL(`../../../docs/mappings/${name}.json`, import.meta.url), 'utf8')),
  );
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return parsed.mapping;
}

function fixture(name: string): Uint8Array {
  return readFileSync(new URL(`../fixtures/tabular/${name}`, import.meta.url));
}

async function all(source: AsyncIterable<NormalizeRecordResult>): Promise<NormalizeRecordResult[]> {
  const out: NormalizeRecordResult[] = [];
  for await (const r of source) out.push(r);
  return out;
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const procurement = mapping('procurement-result-export');
const construction = mapping('construction-candidates-export');

describe('CSV with a column mapping', () => {
  it('reads a UTF-8 (BOM) procurement export: values, parties from several columns, cell-named errors', async () => {
    const results = await all(
      normalize(fixture('procurement-result.csv'), {
        format: 'csv',
        mapping: procurement,
        feed: 'sz-export',
        centre: '深圳',
      }),
    );
    expect(results.map((r) => [r.row, r.result.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
    ]);
    const first = results[0]!.result;
    if (!first.ok || first.notice.domain !== 'procurement' || first.notice.stage !== 'result')
      throw new Error('row 2');
    expect(first.notice.awards[0]?.amount?.fen).toBe(668_792_000);
    expect(first.notice.reviewPanel).toEqual(['张茂霞', '彭安轩', '陈卫红']);
    expect(first.notice.parties.map((p) => p.roles.map((r) => r.role).join('+'))).toEqual([
      'buyer',
      'agency',
      'winner',
    ]);
    const second = results[1]!.result;
    if (!second.ok || second.notice.domain !== 'procurement' || second.notice.stage !== 'result')
      throw new Error('row 3');
    expect(second.notice.project.projectCode).toBe('LHACG202500061');
    expect(second.notice.awards[0]?.amount?.fen).toBe(12_000_000);
    expect(second.warnings).toContainEqual(
      expect.objectContaining({ path: 'row 3, 统一社会信用代码', rule: 'value-repaired' }),
    );
    expect(results[2]!.result).toMatchObject({
      ok: false,
      errors: [
        { path: 'row 4, 统一社会信用代码', rule: 'credit-code.check-char' },
        { path: 'row 4, 统一社会信用代码', rule: 'credit-code.check-char' },
      ],
    });
    await expect(`${JSON.stringify(results, null, 2)}\n`).toMatchFileSnapshot(
      '../fixtures/expected/tabular/procurement-result.json',
    );
  });

  it('reads the same export in GB18030, streamed in small chunks, to the same notices', async () => {
    const gb = { ...procurement, encoding: 'gb18030' as const };
    const utf8 = await all(
      normalize(fixture('procurement-result.csv'), {
        format: 'csv',
        mapping: procurement,
        feed: 'sz-export',
        centre: '深圳',
      }),
    );
    const streamed = await all(
      normalize(chunked(fixture('procurement-result.gb18030.csv'), 7), {
        format: 'csv',
        mapping: gb,
        feed: 'sz-export',
        centre: '深圳',
      }),
    );
    expect(streamed).toEqual(utf8);
  });

  it('skips a title row above the header, and leaves out an empty second candidate', async () => {
    const results = await all(
      normalize(fixture('construction-candidates.csv'), {
        format: 'csv',
        mapping: construction,
        feed: 'hy-export',
      }),
    );
    expect(results.map((r) => [r.row, r.result.ok])).toEqual([
      [3, true],
      [4, true],
    ]);
    const second = results[1]!.result;
    if (!second.ok || second.notice.domain !== 'construction' || second.notice.stage !== 'candidates')
      throw new Error('row 4');
    expect(second.notice.candidates).toHaveLength(1);
    expect(second.notice.candidates[0]?.otherBidPrice).toBe('下浮率3.5%');
    await expect(`${JSON.stringify(results, null, 2)}\n`).toMatchFileSnapshot(
      '../fixtures/expected/tabular/construction-candidates.json',
    );
  });

  it('rejects a file that lacks a mapped column, naming the column', async () => {
    const csv = '公告ID,项目编号\n1,LH-1\n';
    const [only, ...rest] = await all(normalize(csv, { format: 'csv', mapping: procurement, feed: 'f' }));
    expect(rest).toEqual([]);
    expect(only?.result).toMatchObject({
      ok: false,
      errors: expect.arrayContaining([
        expect.objectContaining({ path: 'row 1, 中标供应商', rule: 'mapping.column-missing' }),
      ]),
    });
  });

  it('rejects an invalid mapping with the path of the problem', () => {
    const parsed = parseMapping({ ggzyMapping: 1, name: 'x', recordId: ['ID'], columns: { 金额: 'prise' } });
    expect(parsed).toEqual({
      ok: false,
      problems: [expect.stringContaining("columns.金额: 'prise' is not a field")],
    });
  });
});

describe('XLSX with a column mapping', () => {
  it('reads a workbook made with exceljs: title row, numbers and date cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('候选人公示');
    const csvRows = readFileSync(
      new URL('../fixtures/tabular/construction-candidates.csv', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    sheet.addRow(csvRows[0]!);
    sheet.addRow(csvRows[1]!);
    const data = [...csvRows[2]!] as (string | number | Date)[];
    data[4] = new Date(Date.UTC(2024, 6, 8, 17, 30)); // 发布时间 as an Excel date cell (wall time)
    data[9] = 32987600; // 投标报价（元） as a number cell
    sheet.addRow(data);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const results = await all(normalize(bytes, { format: 'xlsx', mapping: construction, feed: 'hy-export' }));
    expect(results).toHaveLength(1);
    const result = results[0]!.result;
    if (!result.ok || result.notice.domain !== 'construction' || result.notice.stage !== 'candidates')
      throw new Error(JSON.stringify(result));
    expect(results[0]!.row).toBe(3);
    expect(result.notice.publishedAt).toBe('2024-07-08T17:30:00+08:00');
    expect(result.notice.candidates.map((c) => [c.rank, c.bidder.name, c.bidPrice?.fen])).toEqual([
      [1, '湖南衡兴建设工程有限公司', 3_298_760_000],
      [2, '衡阳市华湘建筑工程有限公司分公司', 3_312_050_000],
    ]);
  });

  it('rejects bytes that are not a workbook as one record', async () => {
    const results = await all(normalize('not a zip', { format: 'xlsx', mapping: construction, feed: 'f' }));
    expect(results).toMatchObject([{ result: { ok: false, errors: [{ rule: 'xlsx.unreadable' }] } }]);
  });
});
