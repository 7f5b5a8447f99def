import { describe, expect, it } from 'vitest';
import { calendarDay } from './clock.ts';
import {
  addWorkingDays,
  calendarRange,
  DISCLOSURE_WORKING_DAYS,
  dayNumber,
  deadlineSpans,
  disclosureDeadline,
  disclosureWorkingDays,
  isWorkingDay,
  OutsideCalendarError,
  UNKNOWN_SPAN,
  workingDayOnOrAfter,
  workingDaysBetween,
} from './working-days.ts';

function outsideCalendar(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (err) {
    return err instanceof OutsideCalendarError && err.code === 'GGZY_OUTSIDE_CALENDAR';
  }
}

describe('the national calendar', () => {
  it('knows 2004 to 2026 (chinese-days 1.5.7)', () => {
    expect(calendarRange()).toEqual({ first: '2004-01-01', last: '2026-12-31' });
  });

  it.each([
    // 国庆节 2025: 1–8 October off; Sunday 28 September and Saturday 11 October worked (调休).
    ['2025-09-26', true],
    ['2025-09-27', false],
    ['2025-09-28', true],
    ['2025-10-01', false],
    ['2025-10-06', false],
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true],
    ['2025-10-12', false],
    // 春节 2026: 15–23 February off; Saturdays 14 and 28 February worked.
    ['2026-02-13', true],
    ['2026-02-14', true],
    ['2026-02-16', false],
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-02-28', true],
    ['2026-03-01', false],
    // An ordinary week.
    ['2025-06-10', true],
    ['2025-06-14', false],
  ])('%s is a working day: %s', (day, working) => {
    expect(isWorkingDay(day)).toBe(working);
  });
});

describe('addWorkingDays', () => {
  it('counts from the day after, over weekends', () => {
    expect(addWorkingDays('2025-06-13', 1)).toBe('2025-06-16'); // Friday → Monday
    expect(addWorkingDays('2025-06-14', 1)).toBe('2025-06-16'); // Saturday → Monday
    expect(addWorkingDays('2025-06-10', 0)).toBe('2025-06-10');
    expect(addWorkingDays('2025-06-10', 20)).toBe('2025-07-08'); // four weeks
  });

  it('skips 国庆 and counts the make-up Sunday and Saturday', () => {
    // From Friday 12 September 2025: 15–19, 22–26 (10), Sun 28 (11), 29–30 (13), 9–10 Oct (15),
    // Sat 11 Oct (16), 13–16 Oct (20). Weekends only would have said 10 October.
    expect(addWorkingDays('2025-09-12', 20)).toBe('2025-10-16');
    expect(addWorkingDays('2025-09-26', 1)).toBe('2025-09-28');
    expect(addWorkingDays('2025-09-30', 1)).toBe('2025-10-09');
    expect(addWorkingDays('2025-10-10', 1)).toBe('2025-10-11');
  });

  it('skips 春节 and counts the make-up Saturdays', () => {
    // From Monday 2 February 2026: 3–6 (4), 9–13 (9), Sat 14 (10), 24–27 (14), Sat 28 (15), 2–6 Mar (20).
    expect(addWorkingDays('2026-02-02', 20)).toBe('2026-03-06');
    expect(addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-14', 1)).toBe('2026-02-24');
  });

  it('fails loudly beyond the calendar instead of guessing weekends only', () => {
    expect(outsideCalendar(() => addWorkingDays('2026-12-20', 20))).toBe(true);
    expect(outsideCalendar(() => isWorkingDay('2003-12-31'))).toBe(true);
    expect(outsideCalendar(() => isWorkingDay('2027-01-04'))).toBe(true);
    expect(addWorkingDays('2026-12-01', 20)).toBe('2026-12-29');
  });

  it('refuses what is not a date or a count', () => {
    expect(() => addWorkingDays('2025-02-30', 1)).toThrow(/not a date/);
    expect(() => addWorkingDays('2025-6-1', 1)).toThrow(/not a date/);
    expect(() => addWorkingDays('2025-06-01', -1)).toThrow(/not a count/);
  });
});

describe('workingDaysBetween', () => {
  it('counts the working days after the first day up to and including the last', () => {
    expect(workingDaysBetween('2025-06-13', '2025-06-16')).toBe(1);
    expect(workingDaysBetween('2025-06-16', '2025-06-16')).toBe(0);
    expect(workingDaysBetween('2025-06-16', '2025-06-13')).toBe(-1);
    expect(workingDaysBetween('2025-09-30', '2025-10-08')).toBe(0);
    expect(workingDaysBetween('2025-09-12', '2025-10-16')).toBe(20);
    expect(workingDaysBetween('2026-02-02', '2026-03-06')).toBe(20);
  });

  it('inverts addWorkingDays, and is additive over any split, on every day of 2024 to 2026', () => {
    const start = dayNumber('2024-01-01');
    const end = dayNumber('2026-11-30');
    for (let n = start; n <= end; n++) {
      const day = calendarDay(n);
      for (const k of [1, 5, 20]) expect(workingDaysBetween(day, addWorkingDays(day, k))).toBe(k);
      const mid = calendarDay(n + (n % 17));
      const far = calendarDay(n + 30);
      expect(workingDaysBetween(day, mid) + workingDaysBetween(mid, far)).toBe(workingDaysBetween(day, far));
    }
  });
});

describe('the disclosure rule: 20 working days from the day the information was formed', () => {
  it('is on time up to the deadline and late after it, around 国庆', () => {
    expect(disclosureDeadline('2025-09-12')).toBe('2025-10-16');
    expect(disclosureWorkingDays('2025-09-12', '2025-10-13')).toBe(17);
    expect(disclosureWorkingDays('2025-09-12', '2025-10-16')).toBe(20);
    expect(disclosureWorkingDays('2025-09-12', '2025-10-17')).toBe(21);
  });

  it('counts a notice published on a rest day as published on the next working day', () => {
    // Deadline Tuesday 30 September 2025; published during the holiday: late.
    expect(disclosureDeadline('2025-09-03')).toBe('2025-09-30');
    expect(workingDayOnOrAfter('2025-10-03')).toBe('2025-10-09');
    expect(disclosureWorkingDays('2025-09-03', '2025-10-03')).toBe(21);
    // Deadline Friday 6 March 2026: the Sunday before is on time, the Saturday after is late.
    expect(disclosureWorkingDays('2026-02-02', '2026-03-01')).toBe(16);
    expect(disclosureWorkingDays('2026-02-02', '2026-03-07')).toBe(21);
    // Published the day it was formed, or (a data error) before it: never late.
    expect(disclosureWorkingDays('2025-06-10', '2025-06-10')).toBe(0);
    expect(disclosureWorkingDays('2025-06-10', '2025-06-01')).toBeLessThan(0);
  });

  it('never counts more working days than calendar days, so late needs more than 20 calendar days', () => {
    const start = dayNumber('2024-01-01');
    for (let n = start; n <= start + 900; n += 3) {
      for (let gap = -3; gap <= 45; gap++) {
        const days = disclosureWorkingDays(calendarDay(n), calendarDay(n + gap));
        // Published on a rest day the same day it was formed: the next working day, day 1.
        expect(days, `${calendarDay(n)} + ${gap}`).toBeLessThanOrEqual(Math.max(gap, 1));
      }
    }
  });
});

describe('deadlineSpans: the per-day table SQL compares with', () => {
  it('is late exactly when the calendar days exceed the span of the formed day', () => {
    const { first, last, spans } = deadlineSpans();
    expect(first).toBe('2004-01-01');
    expect(spans).toHaveLength(dayNumber(last) - dayNumber(first) + 1);
    const base = dayNumber(first);
    for (let n = dayNumber('2024-09-01'); n <= dayNumber('2026-11-01'); n += 2) {
      const span = spans[n - base]!;
      expect(span).toBe(dayNumber(disclosureDeadline(calendarDay(n))) - n);
      for (let gap = span - 3; gap <= span + 3; gap++) {
        const late = disclosureWorkingDays(calendarDay(n), calendarDay(n + gap)) > DISCLOSURE_WORKING_DAYS;
        expect(late, `${calendarDay(n)} + ${gap}`).toBe(gap > span);
      }
    }
  });

  it('is 28 for an ordinary weekday, more across a holiday, and unknown where the deadline is beyond the calendar', () => {
    const { first, spans } = deadlineSpans();
    const at = (day: string) => spans[dayNumber(day) - dayNumber(first)];
    expect(at('2025-06-10')).toBe(28);
    expect(at('2025-09-12')).toBe(34);
    expect(at('2026-02-02')).toBe(32);
    expect(at('2026-12-20')).toBe(UNKNOWN_SPAN);
    const known = [...spans].filter((span) => span !== UNKNOWN_SPAN);
    expect(Math.min(...known)).toBeGreaterThan(DISCLOSURE_WORKING_DAYS);
  });
});
