import { describe, expect, it } from 'vitest';
import { normalizeJson, readJsonRecords } from './json.ts';

describe('readJsonRecords', () => {
  it('reads an array, a single object, and JSON lines with a broken line as one failed record', () => {
    expect([...readJsonRecords('[{"a":1},{"a":2}]', 'json')].map((r) => r.index)).toEqual([0, 1]);
    expect([...readJsonRecords('\ufeff{"a":1}', 'json')]).toEqual([{ index: 0, record: { a: 1 } }]);
    const lines = [...readJsonRecords('{"a":1}\n\n{broken\r\n{"a":3}\n', 'jsonl')];
    expect(lines.map((r) => [r.index, r.line, 'error' in r])).toEqual([
      [0, 1, false],
      [1, 3, true],
      [2, 4, false],
    ]);
  });

  it('turns a whole-file syntax error into one record', () => {
    const [only, ...rest] = [...readJsonRecords('[{"a":1},', 'json')];
    expect(rest).toEqual([]);
    expect(only && 'error' in only).toBe(true);
  });
});

describe('normalizeJson', () => {
  it('gives one result per line, the broken line rejected at its line number', () => {
    const results = [...normalizeJson('{"ggzyInput":1}\nnot json\n', 'jsonl', { feed: 'f' })];
    expect(results).toHaveLength(2);
    expect(results[1]).toMatchObject({
      index: 1,
      line: 2,
      result: { ok: false, errors: [{ path: 'line 2', rule: 'json.syntax' }] },
    });
    expect(results[0]?.result.ok).toBe(false);
  });
});
