import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDateTimeAsWritten, toDataSpecDateTime } from './datetime.ts';

function read(text: string): string {
  const r = parseDateTime(text);
  return r.ok ? `${r.value.iso} ${r.value.precision}` : r.rule;
}

describe('parseDateTime', () => {
  it.each([
    ['2018年9月19日', '2018-09-19T00:00:00+08:00 day'],
    ['2018年09月19日 09时30分', '2018-09-19T09:30:00+08:00 minute'],
    ['2018年9月19日上午9:30', '2018-09-19T09:30:00+08:00 minute'],
    ['2018年9月19日下午3:30', '2018-09-19T15:30:00+08:00 minute'],
    ['2018年9月19日下午2点半', '2018-09-19T14:30:00+08:00 minute'],
    ['2018-09-19 09:30', '2018-09-19T09:30:00+08:00 minute'],
    ['2018-9-1 9:30', '2018-09-01T09:30:00+08:00 minute'],
    ['2018-09-19T09:30:00', '2018-09-19T09:30:00+08:00 second'],
    ['2018-09-19T01:30:00Z', '2018-09-19T09:30:00+08:00 second'],
    ['2018-09-19T09:30:00+08:00', '2018-09-19T09:30:00+08:00 second'],
    ['2018.9.19', '2018-09-19T00:00:00+08:00 day'],
    ['2018/9/19', '2018-09-19T00:00:00+08:00 day'],
    ['二〇一八年九月十九日', '2018-09-19T00:00:00+08:00 day'],
    ['二零一八年九月十九日', '2018-09-19T00:00:00+08:00 day'],
    ['二〇二〇年十二月三十一日', '2020-12-31T00:00:00+08:00 day'],
    ['二〇一八年九月十九日九时三十分', '2018-09-19T09:30:00+08:00 minute'],
    ['20180919093000', '2018-09-19T09:30:00+08:00 second'],
    ['20180919', '2018-09-19T00:00:00+08:00 day'],
    ['２０１８年９月１９日　０９：３０', '2018-09-19T09:30:00+08:00 minute'],
    ['2025年05月27日 20:20', '2025-05-27T20:20:00+08:00 minute'],
    ['2018年9月19日（星期三）上午9时30分', '2018-09-19T09:30:00+08:00 minute'],
    ['北京时间2018年9月19日9时30分15秒', '2018-09-19T09:30:15+08:00 second'],
    ['2018年12月31日24:00', '2019-01-01T00:00:00+08:00 minute'],
    ['2020年2月29日', '2020-02-29T00:00:00+08:00 day'],
  ])('%s → %s', (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it('rejects impossible dates and times with a reason', () => {
    expect(read('2018年2月30日')).toBe('datetime.day');
    expect(read('2019年2月29日')).toBe('datetime.day');
    expect(read('1900-02-29')).toBe('datetime.day');
    expect(read('2018年13月1日')).toBe('datetime.month');
    expect(read('2018-09-19 25:00')).toBe('datetime.unparseable');
    expect(read('2018-09-19 09:60')).toBe('datetime.unparseable');
    expect(read('1899-12-31')).toBe('datetime.year');
    expect(read('详见公告')).toBe('datetime.unparseable');
    expect(read('')).toBe('datetime.empty');
    const r = parseDateTime('2018年2月30日');
    expect(!r.ok && r.reason).toMatch(/28 days/);
  });

  it('notes repairs', () => {
    const r = parseDateTime('２０１８年９月１９日');
    expect(r.ok && r.repaired).toEqual(['full-width digits or letters converted']);
    expect(parseDateTime('2018年9月19日')).toEqual({
      ok: true,
      value: { iso: '2018-09-19T00:00:00+08:00', precision: 'day' },
    });
  });
});

describe('toDataSpecDateTime', () => {
  it('writes yyyyMMddHHmmss in Beijing time', () => {
    expect(toDataSpecDateTime('2018-09-19T09:30:00+08:00')).toBe('20180919093000');
    expect(toDataSpecDateTime('2018-09-18T16:00:00Z')).toBe('20180919000000');
    expect(() => toDataSpecDateTime('2018-09-19')).toThrow(RangeError);
  });
});

const CN_DIGITS = '〇一二三四五六七八九';
const cnYear = (y: number) => [...String(y)].map((d) => CN_DIGITS[Number(d)]).join('');
const cnSmall = (n: number) =>
  n < 10
    ? CN_DIGITS[n]!
    : `${n >= 20 ? CN_DIGITS[Math.floor(n / 10)] : ''}十${n % 10 ? CN_DIGITS[n % 10] : ''}`;
const pad = (n: number) => String(n).padStart(2, '0');

describe('round trips', () => {
  const moment = fc.date({
    min: new Date('1900-01-01T00:00:00Z'),
    max: new Date('2099-12-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it('property: any date in every supported layout parses back to the same ISO day', () => {
    fc.assert(
      fc.property(moment, (d) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const iso = `${y}-${pad(m)}-${pad(day)}T00:00:00+08:00`;
        const layouts = [
          `${y}年${m}月${day}日`,
          `${y}年${pad(m)}月${pad(day)}日`,
          `${y}-${pad(m)}-${pad(day)}`,
          `${y}.${m}.${day}`,
          `${y}/${m}/${day}`,
          `${y}${pad(m)}${pad(day)}`,
          `${cnYear(y)}年${cnSmall(m)}月${cnSmall(day)}日`,
        ];
        for (const text of layouts) expect(read(text), text).toBe(`${iso} day`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: any date-time parses back to the same ISO and to the same data-spec string', () => {
    fc.assert(
      fc.property(moment, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), (d, h, mi) => {
        const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        const date = `${y}-${pad(m)}-${pad(day)}`;
        const iso = `${date}T${pad(h)}:${pad(mi)}:00+08:00`;
        const period = h < 12 ? '上午' : '下午';
        const h12 = h === 0 ? 12 : h > 12 ? h - 12 : h;
        const layouts = [
          `${date} ${pad(h)}:${pad(mi)}`,
          `${y}年${m}月${day}日 ${pad(h)}时${pad(mi)}分`,
          `${y}年${m}月${day}日${period}${h12}:${pad(mi)}`,
        ];
        for (const text of layouts) expect(read(text), text).toBe(`${iso} minute`);
        const spec = `${y}${pad(m)}${pad(day)}${pad(h)}${pad(mi)}00`;
        expect(read(spec)).toBe(`${iso} second`);
        expect(toDataSpecDateTime(iso)).toBe(spec);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a date in Chinese numerals reads as the general path reads it', () => {
    // Every numeral the general path rewrites, in and beyond the ranges of a year, month and day.
    const numerals = [...'〇零一二三四五六七八九十两O'];
    const small = fc
      .array(fc.constantFrom(...numerals), { minLength: 1, maxLength: 3 })
      .map((cs) => cs.join(''));
    const spelled = (n: number): string => {
      const ones = '〇一二三四五六七八九';
      if (n < 10) return ones[n]!;
      const tens = Math.floor(n / 10);
      return `${tens === 1 ? '' : ones[tens]}十${n % 10 === 0 ? '' : ones[n % 10]}`;
    };
    const year = fc
      .array(fc.constantFrom(...'〇零一二三四五六七八九O'), { minLength: 4, maxLength: 4 })
      .map((cs) => cs.join(''));
    const text = fc
      .tuple(
        fc.oneof(
          year,
          fc
            .integer({ min: 1890, max: 2110 })
            .map((y) => [...String(y)].map((d) => '〇一二三四五六七八九'[Number(d)]).join('')),
        ),
        fc.oneof(small, fc.integer({ min: 0, max: 13 }).map(spelled)),
        fc.oneof(small, fc.integer({ min: 0, max: 32 }).map(spelled)),
        fc.constantFrom('', ' ', '号'),
      )
      .map(([y, m, d, end]) => `${y}年${m}月${d}${end === '号' ? '号' : `日${end}`}`);
    fc.assert(
      fc.property(text, (t) => {
        expect(parseDateTime(t), t).toEqual(parseDateTimeAsWritten(t));
      }),
      { numRuns: 3000 },
    );
    for (const t of ['二〇二二年五月三十日', '二零一九年十二月二十五日', '二〇二四年二月三十日']) {
      expect(parseDateTime(t), t).toEqual(parseDateTimeAsWritten(t));
    }
  });

  it('property: the fast path for plain forms reads every text as the general path does', () => {
    // Numbers around and beyond every range (year, month, day 0 and 29–32, hour 23–25, minute and
    // second 59–60), in every plain layout and in near-misses of them.
    const digits = (min: number, max: number) =>
      fc.tuple(fc.integer({ min, max }), fc.boolean()).map(([n, padded]) => (padded ? pad(n) : String(n)));
    const text = fc
      .record({
        y: fc.integer({ min: 1890, max: 2110 }).map(String),
        m: digits(0, 13),
        d: digits(0, 32),
        h: digits(0, 25),
        mi: digits(0, 61),
        s: digits(0, 61),
        sep: fc.constantFrom('-', '/', '.', '年'),
        join: fc.constantFrom('', ' ', 'T', '  ', ','),
        time: fc.constantFrom('none', 'hm', 'hms'),
        zone: fc.constantFrom('', '+08:00', 'Z', '+0800', '-05:00'),
        pad: fc.constantFrom('', ' '),
      })
      .map(({ y, m, d, h, mi, s, sep, join, time, zone, pad: around }) => {
        const date = sep === '年' ? `${y}年${m}月${d}日` : `${y}${sep}${m}${sep}${d}`;
        const clock = time === 'none' ? '' : `${join}${h}:${mi}${time === 'hms' ? `:${s}` : ''}${zone}`;
        return `${around}${date}${clock}`;
      });
    const compact = fc
      .tuple(
        fc.integer({ min: 1890, max: 2110 }),
        digits(0, 13),
        digits(0, 32),
        digits(0, 25),
        digits(0, 61),
        digits(0, 61),
      )
      .chain(([y, m, d, h, mi, s]) =>
        fc.constantFrom(`${y}${m}${d}`, `${y}${m}${d}${h}${mi}`, `${y}${m}${d}${h}${mi}${s}`),
      );
    fc.assert(
      fc.property(fc.oneof(text, compact), (t) => {
        expect(parseDateTime(t), t).toEqual(parseDateTimeAsWritten(t));
      }),
      { numRuns: 3000 },
    );
  });
});
