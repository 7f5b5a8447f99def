import { checkCreditCode, parseDateTime, parseMoney } from '@ggzy/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Rng } from './prng.ts';
import {
  breakCheckChar,
  creditCode,
  dateStyles,
  formatDate,
  formatMoney,
  garbageAmounts,
  impossibleDates,
  moneyStyles,
} from './values.ts';

describe('Rng', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    const draw = (seed: number | string) => {
      const rng = new Rng(seed);
      return Array.from({ length: 8 }, () => rng.uint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw('龙华')).toEqual(draw('龙华'));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('keeps int() within its bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: -1000, max: 1000 }), fc.nat(1000), (seed, min, span) => {
        const n = new Rng(seed).int(min, min + span);
        return n >= min && n <= min + span && Number.isInteger(n);
      }),
      { numRuns: 200 },
    );
  });
});

describe('published values', () => {
  it('writes money in every style so that parseMoney reads back the same fen', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99_999_999_999 }),
        fc.constantFrom(...moneyStyles),
        (fen, style) => {
          const parsed = parseMoney(String(formatMoney(fen, style)));
          return parsed.ok && parsed.value.fen === fen;
        },
      ),
      { numRuns: 200 },
    );
    expect(formatMoney(120_000_000, 'capital')).toBe('人民币壹佰贰拾万元整');
    expect(formatMoney(668_790_000, 'yen-wanyuan')).toBe('￥668.79万元');
    expect(formatMoney(123_456, 'grouped')).toBe('1,234.56元');
  });

  it('writes dates in every style so that parseDateTime reads back the same day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2019-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }),
        fc.constantFrom(...dateStyles),
        (d, style) => {
          const t = {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: 9,
            minute: 30,
          };
          const parsed = parseDateTime(formatDate(t, style));
          const ymd = `${t.year}-${String(t.month).padStart(2, '0')}-${String(t.day).padStart(2, '0')}`;
          return parsed.ok && parsed.value.iso.startsWith(ymd);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('makes credit codes that pass GB 32100, and breaks them in the check character only', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('440309', '110105', '510107'), (seed, region) => {
        const rng = new Rng(seed);
        const code = creditCode(rng, region);
        const broken = breakCheckChar(code, rng);
        const bad = checkCreditCode(broken);
        return (
          checkCreditCode(code).ok &&
          code.slice(2, 8) === region &&
          broken.slice(0, 17) === code.slice(0, 17) &&
          !bad.ok &&
          bad.rule === 'credit-code.check-char'
        );
      }),
      { numRuns: 200 },
    );
  });

  it('offers impossible dates and garbage amounts that no parser accepts', () => {
    for (const text of impossibleDates) expect(parseDateTime(text).ok, text).toBe(false);
    for (const text of garbageAmounts) expect(parseMoney(text).ok, text).toBe(false);
  });
});
