import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarDay, now, shanghaiDay, shanghaiNow, toShanghaiTime, utcFields } from './clock.ts';

const at = new Date('2025-03-14T01:30:00.123Z');

describe('now', () => {
  it('stamps the clock it is given at +08:00, to the millisecond', () => {
    expect(now(() => at)).toBe('2025-03-14T09:30:00.123+08:00');
  });

  it('stamps the system clock at +08:00, never UTC', () => {
    const before = Date.now();
    const stamp = now();
    expect(stamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
    expect(Date.parse(stamp)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamp)).toBeLessThanOrEqual(Date.now());
  });
});

describe('shanghaiNow', () => {
  it('is to the second', () => {
    expect(shanghaiNow(at)).toBe('2025-03-14T09:30:00+08:00');
    expect(shanghaiNow()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  });
});

describe('toShanghaiTime', () => {
  it('writes any instant at +08:00: a Date, epoch milliseconds, ISO in any offset, PostgreSQL text', () => {
    expect(toShanghaiTime(at)).toBe('2025-03-14T09:30:00.123+08:00');
    expect(toShanghaiTime(at.getTime())).toBe('2025-03-14T09:30:00.123+08:00');
    expect(toShanghaiTime('2025-03-14T01:30:00.123Z')).toBe('2025-03-14T09:30:00.123+08:00');
    expect(toShanghaiTime('2025-03-14T01:30:00.123+00:00')).toBe('2025-03-14T09:30:00.123+08:00');
    expect(toShanghaiTime('2025-03-13T20:30:00-05:00', 'second')).toBe('2025-03-14T09:30:00+08:00');
    expect(toShanghaiTime('2025-03-14 01:30:00.123456+00')).toBe('2025-03-14T09:30:00.123+08:00');
    expect(toShanghaiTime('2025-03-14 09:30:00+08')).toBe('2025-03-14T09:30:00.000+08:00');
  });

  it('refuses text without an offset (it would be read in the process time zone) and non-instants', () => {
    expect(() => toShanghaiTime('2025-03-14T09:30:00')).toThrow(RangeError);
    expect(() => toShanghaiTime('not a time+08:00')).toThrow(RangeError);
    expect(() => toShanghaiTime(Number.NaN)).toThrow(RangeError);
    expect(() => toShanghaiTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('names the same instant, whatever it is given', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(0), max: new Date('2099-12-31'), noInvalidDate: true }), (d) => {
        const written = toShanghaiTime(d);
        expect(written.endsWith('+08:00')).toBe(true);
        expect(Date.parse(written)).toBe(d.getTime());
        expect(toShanghaiTime(written)).toBe(written);
      }),
    );
  });
});

describe('shanghaiDay', () => {
  it('is the date in Asia/Shanghai whatever offset the instant is written with', () => {
    expect(shanghaiDay('2025-10-09T23:30:00+08:00')).toBe('2025-10-09');
    expect(shanghaiDay('2025-10-09T16:30:00Z')).toBe('2025-10-10');
    expect(shanghaiDay(new Date('2025-10-09T15:59:59.999Z'))).toBe('2025-10-09');
  });
});

describe('calendar days', () => {
  it('counts days from 1970-01-01, in no time zone', () => {
    expect(calendarDay(0)).toBe('1970-01-01');
    expect(calendarDay(Date.UTC(2024, 1, 29) / 86_400_000)).toBe('2024-02-29');
    expect(utcFields(Date.UTC(2024, 1, 29, 9, 30))).toBe('2024-02-29T09:30:00.000');
  });
});
