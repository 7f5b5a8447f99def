import { describe, expect, it } from 'vitest';
import { chooseFormat, contentTypeParams, headerRecord, recordBytes, traceOf } from './file-input.ts';

describe('chooseFormat', () => {
  it('reads the extension, --data-no, or --format', () => {
    expect(chooseFormat('export.CSV', {})).toBe('csv');
    expect(chooseFormat('notices.ndjson', {})).toBe('jsonl');
    expect(chooseFormat('records.json', { dataNo: '513' })).toBe('dataspec');
    expect(chooseFormat('page.txt', { format: 'html' })).toBe('html');
  });

  it('refuses what it cannot tell as a usage error', () => {
    expect(() => chooseFormat('notices.txt', {})).toThrow(expect.objectContaining({ code: 'GGZY_USAGE' }));
    expect(() => chooseFormat('notices.json', { format: 'xml' })).toThrow(/unknown format 'xml'/);
  });
});

describe('headerRecord', () => {
  it('finds the header below a report title, skipping empty lines', () => {
    const text = '\ufeff衡阳市中标候选人公示汇总表\r\n\r\n招标编号,工程名称\r\nHYJS2024-0815,某小学\r\n';
    expect(headerRecord(text, 2)).toBe('招标编号,工程名称');
    expect(headerRecord(text, 1)).toBe('衡阳市中标候选人公示汇总表');
  });

  it('keeps a quoted header cell that holds a newline', () => {
    expect(headerRecord('"中标金额\n（万元）",公告ID\n668.792,1211037\n', 1)).toBe(
      '"中标金额\n（万元）",公告ID',
    );
  });

  it('answers undefined when the file is shorter than the header row', () => {
    expect(headerRecord('公告ID\n', 3)).toBeUndefined();
  });
});

describe('how records are traced', () => {
  it('puts a CSV row under its header line, and leaves other records as read', () => {
    expect(recordBytes('1211037,LHACG2025000057', '公告ID,项目编号').toString()).toBe(
      '公告ID,项目编号\n1211037,LHACG2025000057',
    );
    expect(recordBytes('{"recordId":"A-1"}', undefined).toString()).toBe('{"recordId":"A-1"}');
    expect(recordBytes(undefined, '公告ID').byteLength).toBe(0);
  });

  it('names content types a replay can read back', () => {
    expect(traceOf('csv', {})).toEqual({
      format: 'csv',
      contentType: 'text/csv; charset=utf-8; header=present',
    });
    expect(traceOf('csv', { csvHeader: false }).contentType).toContain('header=absent');
    expect(traceOf('jsonl', {})).toEqual({ format: 'json', contentType: 'application/x-ndjson' });
    const dataspec = traceOf('dataspec', { dataNo: '513' });
    expect(dataspec.format).toBe('json');
    expect(contentTypeParams(dataspec.contentType)).toEqual(
      new Map([
        ['profile', 'dataspec'],
        ['data-no', '513'],
      ]),
    );
    expect(traceOf('html', { htmlCharset: 'gb18030' }).contentType).toBe('text/html; charset=gb18030');
  });
});
