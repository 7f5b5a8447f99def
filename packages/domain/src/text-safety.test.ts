import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIELD_LENGTH_LIMITS,
  MAX_RECORD_DEPTH,
  MAX_TEXT_LENGTH,
  unstorableCharacter,
  unstorableParts,
} from './text-safety.ts';

const refusedControls = new Set([
  ...Array.from({ length: 0x20 }, (_, code) => code).filter((code) => ![0x09, 0x0a, 0x0d].includes(code)),
  0x7f,
]);

describe('unstorableCharacter', () => {
  it('refuses NUL, lone surrogates and control characters; keeps tab, newlines and Chinese', () => {
    expect(unstorableCharacter('深圳市龙华区\t中标结果公告\r\n')).toBeUndefined();
    expect(unstorableCharacter('𠀾 emoji 😀')).toBeUndefined();
    expect(unstorableCharacter('中标\u0000公告')).toMatchObject({ rule: 'text.nul', at: 2 });
    expect(unstorableCharacter('x\ud800y')).toMatchObject({ rule: 'text.lone-surrogate', at: 1 });
    expect(unstorableCharacter('x\udc00')).toMatchObject({ rule: 'text.lone-surrogate', at: 1 });
    expect(unstorableCharacter('页\u000c眉')).toMatchObject({ rule: 'text.control-character' });
    expect(unstorableCharacter('a\u007f')).toMatchObject({ rule: 'text.control-character' });
  });

  it('accepts exactly the well-formed strings free of refused control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        // An oracle of its own: encodeURIComponent throws on a lone surrogate.
        let wellFormed = true;
        try {
          encodeURIComponent(text);
        } catch {
          wellFormed = false;
        }
        const control = [...text].some((ch) => refusedControls.has(ch.charCodeAt(0)));
        const refused = control || !wellFormed;
        expect(unstorableCharacter(text) !== undefined).toBe(refused);
      }),
    );
  });
});

describe('unstorableParts', () => {
  it('names the path of each bad value and key', () => {
    const problems = unstorableParts({
      title: '中标公告\u0000',
      parties: [{ name: 'ok' }, { name: 'x\ud800' }],
      'bad\u0001key': 1,
    });
    expect(problems.map((p) => [p.path, p.rule])).toEqual([
      ['$', 'text.control-character'],
      ['title', 'text.nul'],
      ['parties[1].name', 'text.lone-surrogate'],
    ]);
  });

  it('stops a nesting bomb without recursion', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(unstorableParts(deep)).toEqual([
      expect.objectContaining({
        rule: 'record.too-deep',
        message: `nested deeper than ${MAX_RECORD_DEPTH} levels`,
      }),
    ]);
    expect(unstorableParts({ a: { b: [{ c: '深圳' }] } })).toEqual([]);
  });

  it('refuses text beyond its limit, at the limit exactly: a title of 1,000, any other field of 100,000', () => {
    const at = (n: number) => '中'.repeat(n);
    expect(unstorableParts({ title: at(FIELD_LENGTH_LIMITS.title!) })).toEqual([]);
    expect(unstorableParts({ title: at(FIELD_LENGTH_LIMITS.title! + 1) })).toEqual([
      { path: 'title', rule: 'text.too-long', message: 'is 1001 characters long; the limit is 1000' },
    ]);
    expect(unstorableParts({ body: { title: at(5_000) } })).toEqual([]);
    expect(unstorableParts({ description: at(MAX_TEXT_LENGTH) })).toEqual([]);
    expect(unstorableParts({ parties: [{ name: at(MAX_TEXT_LENGTH + 1) }] })).toEqual([
      expect.objectContaining({ path: 'parties[0].name', rule: 'text.too-long' }),
    ]);
    // A 12 MB field with a NUL at its end is refused for its length, without a scan for the NUL.
    expect(unstorableParts({ x: `${'a'.repeat(12_000_000)}\u0000` }).map((p) => p.rule)).toEqual([
      'text.too-long',
    ]);
  });
});
