import { describe, expect, it } from 'vitest';
import { bodyFormat, splitBody } from './split.ts';

describe('bodyFormat', () => {
  it('knows JSON and JSON lines by content type, with parameters', () => {
    expect(bodyFormat('application/json; charset=utf-8')).toBe('json');
    expect(bodyFormat('application/x-ndjson')).toBe('jsonl');
    expect(bodyFormat('text/csv')).toBeUndefined();
    expect(bodyFormat(undefined)).toBeUndefined();
  });
});

describe('splitBody', () => {
  it('keeps the exact bytes of each JSON line and rejects a broken line alone', () => {
    const body = Buffer.from(
      '{"recordId":"A-1","title":"中标结果公告"}\r\n\n{"recordId": "A-2"\n{ "recordId" : "A-3" }\n',
    );
    const records = splitBody(body, 'jsonl');
    expect(Array.isArray(records)).toBe(true);
    const list = records as Exclude<typeof records, string>;
    expect(list).toHaveLength(3);
    expect(Buffer.from(list[0]!.bytes).toString()).toBe('{"recordId":"A-1","title":"中标结果公告"}');
    expect('error' in list[1]! && list[1].error).toMatchObject({ path: 'line 3', rule: 'json.syntax' });
    expect(Buffer.from(list[2]!.bytes).toString()).toBe('{ "recordId" : "A-3" }');
  });

  it('reads a JSON array or a single object', () => {
    expect(splitBody(Buffer.from('[{"a":1},{"a":2}]'), 'json')).toHaveLength(2);
    expect(splitBody(Buffer.from('\ufeff{"a":1}'), 'json')).toHaveLength(1);
  });

  it('refuses a body that is not JSON or not UTF-8, saying so', () => {
    expect(splitBody(Buffer.from('[{"a":'), 'json')).toMatch(/not valid JSON/);
    expect(splitBody(Buffer.from([0xc3, 0x28]), 'jsonl')).toMatch(/UTF-8/);
  });
});
