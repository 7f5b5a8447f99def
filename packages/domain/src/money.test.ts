import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatFen, formatFenCapital, parseAmountOrRate, parseMoney, parseMoneyAsWritten } from './money.ts';

function fenOf(text: string, options?: Parameters<typeof parseMoney>[1]): number | string {
  const r = parseMoney(text, options);
  return r.ok ? r.value.fen : r.rule;
}

describe('parseMoney: Arabic numerals', () => {
  it.each([
    ['1,234.56元', 123456],
    ['123.4万元', 123_400_000],
    ['123.45万元', 123_450_000],
    ['1.2亿元', 12_000_000_000],
    ['￥668.79万元', 668_790_000],
    ['￥668.790000 万元（人民币）', 668_790_000],
    ['6,687,920.0元', 668_792_000],
    ['6687920.0', 668_792_000],
    ['中标（成交）金额：6687920.0元', 668_792_000],
    ['１２３４．５６元', 123456],
    ['人民币 5,727,100.00 元', 572_710_000],
    ['RMB 3,895,599', 389_559_900],
    ['¥0.01', 1],
    ['5万', 5_000_000],
    ['0.5千万元', 500_000_000],
    ['.5元', 50],
    ['-1,000.00元', -100_000],
  ])('%s → %i fen', (text, fen) => {
    expect(fenOf(text)).toBe(fen);
  });

  it('reads other currencies', () => {
    expect(parseMoney('USD 12.5')).toEqual({ ok: true, value: { fen: 1250, currency: 'USD' } });
    expect(parseMoney('12.5万美元')).toEqual({ ok: true, value: { fen: 12_500_000, currency: 'USD' } });
    expect(parseMoney('US$1,000')).toMatchObject({ ok: true, value: { fen: 100_000, currency: 'USD' } });
    expect(parseMoney('HK$ 88')).toMatchObject({ ok: true, value: { currency: 'HKD' } });
    expect(parseMoney('300欧元')).toMatchObject({ ok: true, value: { fen: 30_000, currency: 'EUR' } });
    expect(parseMoney('100元')).toMatchObject({ ok: true, value: { currency: 'CNY' } });
    expect(parseMoney('USD 100人民币')).toMatchObject({ ok: false, rule: 'money.currency' });
  });

  it('uses the default unit only for a bare number', () => {
    expect(fenOf('123.4', { defaultUnit: 'wanyuan' })).toBe(123_400_000);
    expect(fenOf('123.4元', { defaultUnit: 'wanyuan' })).toBe(12_340);
    expect(fenOf('123.4', { defaultUnit: 'yuan' })).toBe(12_340);
  });

  it('reports a full-width repair', () => {
    expect(parseMoney('１００元')).toEqual({
      ok: true,
      value: { fen: 10_000, currency: 'CNY' },
      repaired: ['full-width digits or letters converted'],
    });
  });

  it('rejects precision below the fen unless the extra digits are zeros', () => {
    expect(fenOf('1.234元')).toBe('money.precision');
    expect(fenOf('1.2300元')).toBe(123);
    expect(fenOf('123.456789万元')).toBe(123_456_789);
    expect(fenOf('123.4567891万元')).toBe('money.precision');
    expect(fenOf('123.456700万元')).toBe(123_456_700);
  });

  it('rejects what is not an amount', () => {
    expect(fenOf('')).toBe('money.empty');
    expect(fenOf('详见附件')).toBe('money.unparseable');
    expect(fenOf('100万元（含暂列金10万元）')).toBe('money.unparseable');
    expect(fenOf('1.2.3元')).toBe('money.unparseable');
    expect(fenOf('元')).toBe('money.capital');
    expect(fenOf('99999999999999999元')).toBe('money.range');
  });
});

describe('parseMoney: the fast path for plain amounts', () => {
  it('property: reads every plain amount, and every near-miss, as the general path does', () => {
    const digitString = (minLength: number, maxLength: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength, maxLength });
    // Mostly well-formed thousands groups (three digits), sometimes a group of two or four.
    const group = fc.oneof(
      { arbitrary: digitString(3, 3), weight: 4 },
      { arbitrary: digitString(2, 4), weight: 1 },
    );
    const grouped = fc
      .tuple(digitString(1, 4), fc.array(group, { minLength: 1, maxLength: 4 }))
      .map(([head, groups]) => [head, ...groups].join(','));
    // Mostly the plain forms, with each near-miss (a sign, another currency, 圆, 整, a note) now and then.
    const text = fc
      .record({
        sign: fc.constantFrom('', '', '', '', '¥', '￥', '$', '-', ' '),
        integer: fc.oneof(digitString(1, 13), grouped),
        fraction: fc.oneof(
          fc.constant(''),
          fc.constant('.'),
          digitString(1, 7).map((f) => `.${f}`),
        ),
        unit: fc.constantFrom('', '', '千', '万', '万', '十万', '百万', '千万', '亿', '万万'),
        yuan: fc.constantFrom('', '', '元', '元', '元', '圆', '元整', '整'),
        end: fc.constantFrom('', '', '', '', '', ' ', '(人民币)'),
      })
      .map(
        ({ sign, integer, fraction, unit, yuan, end }) => `${sign}${integer}${fraction}${unit}${yuan}${end}`,
      );
    const unit = fc.constantFrom<('yuan' | 'wanyuan') | undefined>(undefined, 'yuan', 'wanyuan');
    fc.assert(
      fc.property(text, unit, (t, defaultUnit) => {
        const options = defaultUnit === undefined ? {} : { defaultUnit };
        expect(parseMoney(t, options), t).toEqual(parseMoneyAsWritten(t, options));
      }),
      { numRuns: 5000 },
    );
    for (const t of [
      '1,234,567.89元',
      '￥12.5万元',
      '¥3',
      '668.790000万元',
      '1.234元',
      '99999999999999999',
    ]) {
      expect(parseMoney(t), t).toEqual(parseMoneyAsWritten(t));
    }
  });
});

describe('parseMoney: capital numerals (大写金额)', () => {
  it.each([
    ['壹佰贰拾万元整', 120_000_000],
    ['叁仟伍佰元伍角', 350_050],
    ['伍万元整', 5_000_000],
    ['零元', 0],
    ['零元整', 0],
    ['人民币（大写）壹佰贰拾万元整', 120_000_000],
    ['人民币大写：陆佰陆拾捌万柒仟玖佰元整', 668_790_000],
    ['壹仟零伍元', 100_500],
    ['壹万零伍佰元', 1_050_000],
    ['壹亿零伍佰万元整', 10_500_000_000],
    ['壹亿贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元壹角贰分', 12_345_678_912],
    ['拾万元', 10_000_000],
    ['伍角陆分', 56],
    ['壹元零伍分', 105],
    ['一百二十万元', 120_000_000],
    ['两万元', 2_000_000],
  ])('%s → %i fen', (text, fen) => {
    expect(fenOf(text)).toBe(fen);
  });

  it('rejects malformed numerals with a reason', () => {
    for (const bad of ['壹壹元', '壹佰仟元', '佰元', '壹万万元', '元整', '壹元伍分角']) {
      const r = parseMoney(bad);
      expect(r.ok, bad).toBe(false);
      expect(!r.ok && r.reason.length, bad).toBeGreaterThan(10);
    }
  });
});

describe('formatFen and formatFenCapital', () => {
  it('formats yuan with separators and two decimals', () => {
    expect(formatFen(668_792_000)).toBe('6,687,920.00');
    expect(formatFen(5)).toBe('0.05');
    expect(formatFen(-123_456)).toBe('-1,234.56');
    expect(formatFen(0)).toBe('0.00');
    expect(() => formatFen(1.5)).toThrow(RangeError);
  });

  it('writes capital numerals the way contracts do', () => {
    expect(formatFenCapital(120_000_000)).toBe('壹佰贰拾万元整');
    expect(formatFenCapital(350_050)).toBe('叁仟伍佰元伍角');
    expect(formatFenCapital(0)).toBe('零元整');
    expect(formatFenCapital(100_500)).toBe('壹仟零伍元整');
    expect(formatFenCapital(10_500_000_000)).toBe('壹亿零伍佰万元整');
    expect(formatFenCapital(105)).toBe('壹元零伍分');
    expect(formatFenCapital(56)).toBe('伍角陆分');
  });
});

describe('round trips', () => {
  const fen = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

  it('property: X元, X万元 and capital numerals parse back to the same fen', () => {
    fc.assert(
      fc.property(fen, (n) => {
        const yuan = formatFen(n);
        expect(fenOf(`${yuan}元`)).toBe(n);
        expect(fenOf(`￥${yuan.replaceAll(',', '')}`)).toBe(n);
        const digits = String(n).padStart(7, '0');
        const wan = `${digits.slice(0, -6).replace(/^0+(?=\d)/, '')}.${digits.slice(-6)}万元`;
        expect(fenOf(wan)).toBe(n);
        expect(fenOf(formatFenCapital(n))).toBe(n);
        expect(fenOf(`人民币（大写）${formatFenCapital(n)}`)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it('property: small amounts round-trip too (zero gaps are where capital numerals go wrong)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), (n) => {
        expect(fenOf(formatFenCapital(n))).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('parseAmountOrRate', () => {
  it.each([
    ['下浮率 5%', 500, '下浮率'],
    ['费率1.5%', 150, '费率'],
    ['折扣率 95%', 9500, '折扣率'],
    ['优惠率：3.25%', 325, '优惠率'],
    ['5‰', 50, undefined],
    ['９．５折', 9500, undefined],
  ])('%s is a rate of %i basis points', (text, bp, label) => {
    const r = parseAmountOrRate(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toEqual({ kind: 'rate', basisPoints: bp, text, ...(label ? { label } : {}) });
  });

  it('keeps money as money', () => {
    expect(parseAmountOrRate('￥668.79万元')).toEqual({
      ok: true,
      value: { kind: 'money', money: { fen: 668_790_000, currency: 'CNY' } },
    });
  });

  it('rejects rates it cannot read rather than reading them as money', () => {
    expect(parseAmountOrRate('下浮率 5')).toMatchObject({ ok: false, rule: 'rate.unparseable' });
    expect(parseAmountOrRate('费率 1.555%')).toMatchObject({ ok: false, rule: 'rate.precision' });
    expect(parseAmountOrRate('详见附件')).toMatchObject({ ok: false, rule: 'money.unparseable' });
  });
});
