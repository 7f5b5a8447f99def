import chineseDays from 'chinese-days';
import { calendarDay } from './clock.ts';

/**
 * The disclosure deadline rule (信息公开时限): working days (工作日) on the national calendar: Monday to Friday, less the public holidays, plus
 * the weekend days worked in exchange (调休补班), as the State Council announces them each year.
 * The calendar is the `chinese-days` package's; it knows the years from 2004 to the newest
 * announcement it ships (2026 in 1.5.7).
 *
 * Outside those years we fail loudly (`GGZY_OUTSIDE_CALENDAR`) rather than count weekends only:
 * a weekends-only guess would call a notice published after an unannounced Spring Festival late
 * when it is not, and a compliance report must not make that up. Callers decide what an unknown
 * day means (the compliance endpoints report such notices as undetermined).
 *
 * Days are calendar dates in Asia/Shanghai, `YYYY-MM-DD`. This module is the rule's one home:
 * the query API's SQL and the `notices_late_candidates_idx` predicate in packages/db take
 * `DISCLOSURE_WORKING_DAYS` and `deadlineSpans` from here rather than writing their own 20.
 */

/** 自信息形成或者变更之日起20个工作日内予以公开 (政府信息公开条例, as the seeds' policies cite it). */
export const DISCLOSURE_WORKING_DAYS = 20;

/**
 * A day beyond the holiday calendar the package ships: the question is fair, the answer
 * unknown. It carries the code `GGZY_OUTSIDE_CALENDAR`, and @ggzy/runtime's `isGgzyError`
 * recognises it (domain sits below runtime and cannot build a GgzyError), so it keeps its code
 * and its 422 at the HTTP edge.
 */
export class OutsideCalendarError extends RangeError {
  readonly code = 'GGZY_OUTSIDE_CALENDAR';
  readonly retriable = false;
  readonly details: { day: string; first: string; last: string };

  constructor(day: string, range: { first: string; last: string }) {
    super(`${day} is outside the holiday calendar (${range.first} to ${range.last})`);
    this.name = 'OutsideCalendarError';
    this.details = { day, ...range };
  }
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; a RangeError for what is not one (a caller's bug). */
export function dayNumber(day: string): number {
  const m = DATE.exec(day);
  const n = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS : Number.NaN;
  if (!Number.isInteger(n) || calendarDay(n) !== day) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${day}`);
  }
  return n;
}

interface Calendar {
  first: number;
  last: number;
  /** working[i]: whether day `first + i` is a working day. */
  working: Uint8Array;
}

let calendar: Calendar | undefined;

/** Whether the package knows a year: it lists 元旦 (1 January) as a holiday in every year it has. */
function knowsYear(year: number): boolean {
  return chineseDays.getDayDetail(localNoon(year, 1, 1)).name.includes('元旦');
}

/**
 * A Date the package reads as the intended day in any process time zone: it formats with local
 * getters, and parses `YYYY-MM-DD` strings as UTC midnight (the day before, west of Greenwich).
 */
function localNoon(year: number, month: number, date: number): Date {
  return new Date(year, month - 1, date, 12);
}

/** The package's calendar as a flat table, built on first use. */
function loadCalendar(): Calendar {
  if (calendar) return calendar;
  const years: number[] = [];
  for (let year = 1990; year <= 2200; year++) if (knowsYear(year)) years.push(year);
  const firstYear = years[0];
  const lastYear = years.at(-1);
  if (firstYear === undefined || lastYear === undefined || lastYear - firstYear + 1 !== years.length) {
    throw new Error(`the holiday calendar has gaps: ${years.join(', ')}`);
  }
  const first = dayNumber(`${firstYear}-01-01`);
  const last = dayNumber(`${lastYear}-12-31`);
  const working = new Uint8Array(last - first + 1);
  for (let n = first; n <= last; n++) {
    const [y, m, d] = calendarDay(n).split('-').map(Number) as [number, number, number];
    working[n - first] = chineseDays.isWorkday(localNoon(y, m, d)) ? 1 : 0;
  }
  calendar = { first, last, working };
  return calendar;
}

/** The first and last day the calendar knows. */
export function calendarRange(): { first: string; last: string } {
  const { first, last } = loadCalendar();
  return { first: calendarDay(first), last: calendarDay(last) };
}

function workingAt(n: number): boolean {
  const { first, last, working } = loadCalendar();
  if (n < first || n > last) {
    throw new OutsideCalendarError(calendarDay(n), calendarRange());
  }
  return working[n - first] === 1;
}

export function isWorkingDay(day: string): boolean {
  return workingAt(dayNumber(day));
}

/**
 * The `n`th working day after `day` (`day` itself not counted, as 自…之日起 counts from the
 * next day); `n = 0` is `day`. 2025-09-12 plus 20 is 2025-10-16: 国庆 1–8 October is off, and
 * Sunday 28 September and Saturday 11 October are worked.
 */
export function addWorkingDays(day: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a count of days: ${n}`);
  let at = dayNumber(day);
  for (let left = n; left > 0; ) {
    at += 1;
    if (workingAt(at)) left -= 1;
  }
  return calendarDay(at);
}

/**
 * Working days after `from` up to and including `to` (`from < d ≤ to`); negative when `to` is
 * before `from`. From a Friday to the next Monday is 1.
 */
export function workingDaysBetween(from: string, to: string): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const [low, high, sign] = a <= b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  for (let at = low + 1; at <= high; at++) if (workingAt(at)) count += 1;
  return sign * count;
}

/** `day` if it is a working day, else the next one: the first day a notice published on a rest day can be acted on. */
export function workingDayOnOrAfter(day: string): string {
  let at = dayNumber(day);
  while (!workingAt(at)) at += 1;
  return calendarDay(at);
}

/**
 * Which working day of the disclosure period a notice was published on: the working days from
 * the day the information was formed to the day of publication. A notice published on a rest
 * day counts as published on the next working day, so one that appears during 国庆 after a
 * deadline of 30 September is late, and one that appears on the Saturday before a Monday
 * deadline is not. More than `DISCLOSURE_WORKING_DAYS` is late.
 */
export function disclosureWorkingDays(formedOn: string, publishedOn: string): number {
  return workingDaysBetween(formedOn, workingDayOnOrAfter(publishedOn));
}

/** The last day to publish information formed on `formedOn`: its 20th working day after. */
export function disclosureDeadline(formedOn: string): string {
  return addWorkingDays(formedOn, DISCLOSURE_WORKING_DAYS);
}

/** What `deadlineSpans` marks a day whose deadline falls beyond the calendar with. */
export const UNKNOWN_SPAN = 32_767;

/**
 * For each day the calendar knows, in order from its first: the calendar days from that day to
 * its disclosure deadline (28 for an ordinary weekday, up to 38 across a long holiday), or
 * `UNKNOWN_SPAN` when the deadline lies beyond the calendar. A notice is late exactly when its
 * calendar days from formed to published exceed its formed day's span — which SQL can test per
 * row with one array lookup (services/query-api compliance.repository.ts). Computed once.
 */
export function deadlineSpans(): { first: string; last: string; spans: Int16Array } {
  if (spansCache) return spansCache;
  const { first, last } = loadCalendar();
  const spans = new Int16Array(last - first + 1);
  for (let n = first; n <= last; n++) {
    let at = n;
    let left = DISCLOSURE_WORKING_DAYS;
    while (left > 0 && at < last) {
      at += 1;
      if (workingAt(at)) left -= 1;
    }
    spans[n - first] = left === 0 ? at - n : UNKNOWN_SPAN;
  }
  spansCache = { first: calendarDay(first), last: calendarDay(last), spans };
  return spansCache;
}

let spansCache: { first: string; last: string; spans: Int16Array } | undefined;
