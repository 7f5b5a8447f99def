import { readFileSync } from 'node:fs';
import { parseMapping } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { renormalize } from './dlq-replay.ts';

const mappingJson = JSON.parse(
  readFileSync(new URL('../../../docs/mappings/procurement-result-export.json', import.meta.url), 'utf8'),
);
const parsed = parseMapping(mappingJson);
if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
const mapping = parsed.mapping;

const header =
  '公告ID,项目编号,项目名称,包号,公告标题,采购方式,行政区划,交易平台,采购人,代理机构,中标供应商,统一社会信用代码,中标金额（万元）,评审专家,公告发布时间,原文链接';
const row =
  '1211037,LHACG2025000057,深圳市龙华科技实验高级中学空调采购,A,深圳市龙华科技实验高级中学空调采购中标（成交）结果公告,公开招标,龙华区,深圳交易集团有限公司龙华分公司,深圳市龙华科技实验高级中学,深圳交易集团有限公司龙华分公司,深圳市金龙空调电器有限公司,91440300MA5G7Q1P0T,668.792,张茂霞、彭安轩、陈卫红,2025年05月27日 20:20,https://www.szggzy.com/globalSearch/details.html?contentId=1211037';
const origin = { feed: 'sz-export', centre: '深圳市公共资源交易中心' };

describe('renormalize', () => {
  it('reads a stored CSV row again with the mapping given now', async () => {
    const entry = {
      ...origin,
      format: 'csv',
      contentType: 'text/csv; charset=utf-8; header=present',
      body: Buffer.from(`${header}\n${row}`),
    };
    // The mapping of the original import had a header row of 2 and GB18030; the stored row is UTF-8 with its header first.
    const again = await renormalize(entry, { mapping: { ...mapping, headerRow: 2, encoding: 'gb18030' } });
    expect(again.replay && again.result.ok).toBe(true);
    if (again.replay && again.result.ok)
      expect(again.result.notice.project.projectCode).toBe('LHACG2025000057');
  });

  it('never replays the kept prefix of a record over the size limit', async () => {
    const entry = {
      ...origin,
      format: 'json',
      contentType: 'application/x-ndjson',
      firstRule: 'record.too-large',
      body: Buffer.from('{"recordId":"R-1","title":"中标结果公告","body":"正文正文'),
    };
    const again = await renormalize(entry, {});
    expect(again.replay).toBe(false);
    if (!again.replay) expect(again.reason).toContain('record.too-large');
  });

  it('skips what it cannot read again, saying why', async () => {
    const csv = {
      ...origin,
      format: 'csv',
      contentType: 'text/csv; header=present',
      body: Buffer.from(`${header}\n${row}`),
    };
    expect(await renormalize(csv, {})).toEqual({
      replay: false,
      reason: expect.stringContaining('--mapping'),
    });
    expect(await renormalize({ ...csv, contentType: 'text/csv; header=absent' }, { mapping })).toMatchObject({
      replay: false,
    });
    expect(
      await renormalize({ ...csv, format: 'xlsx', contentType: 'application/json' }, { mapping }),
    ).toMatchObject({
      replay: false,
      reason: expect.stringContaining('import the workbook again'),
    });
    expect(await renormalize({ ...csv, body: Buffer.alloc(0) }, { mapping })).toMatchObject({
      replay: false,
    });
  });

  it('reads JSON with the input format, and a broken record as a reject to send again', async () => {
    const json = {
      ...origin,
      format: 'json',
      contentType: 'application/x-ndjson',
      body: Buffer.from('{"recordId":"A-1"}'),
    };
    const again = await renormalize(json, {});
    expect(again.replay && !again.result.ok).toBe(true);
    const broken = await renormalize({ ...json, body: Buffer.from('{"recordId": "A-2"') }, {});
    expect(broken).toMatchObject({ replay: true, result: { ok: false, errors: [{ rule: 'json.syntax' }] } });
  });

  it('reads a data-spec record with the data set its content type names', async () => {
    const dataspec = {
      ...origin,
      format: 'json',
      contentType: 'application/json; profile=dataspec; data-no=999',
      body: Buffer.from('{"TENDER_PROJECT_CODE":"E3504000001000123001"}'),
    };
    expect(await renormalize(dataspec, {})).toMatchObject({
      replay: true,
      result: { ok: false, errors: [{ rule: 'dataspec.unknown-data-no' }] },
    });
  });
});
