/**
 * ggzy's one clock. Every instant ggzy writes — the stamps it takes (receivedAt, storedAt,
 * failedAt), the instants it reads back from PostgreSQL and renders, the events it sends — is
 * ISO 8601 at the Asia/Shanghai offset, `+08:00` (DESIGN.md). China keeps no daylight saving
 * since 1991, so the fixed offset is exact and needs no time zone data; a Shanghai day is the
 * date part of that form.
 *
 * This is the only module that turns an instant into text; the static test
 * test/static/clock.test.ts keeps `toISOString()` out of everything else.
 */

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** Where "now" comes from: the system clock, or a fixed one in tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/**
 * An instant: a Date, milliseconds since the epoch, or text with an offset — ISO 8601 in any
 * offset, or PostgreSQL's timestamptz text (`2025-03-14 09:30:00.123456+08`).
 */
export type Instant = Date | number | string;

/** Milliseconds since the epoch; a RangeError for what is not an instant (a caller's bug). */
function epochMs(instant: Instant): number {
  const ms =
    instant instanceof Date
      ? instant.getTime()
      : typeof instant === 'number'
        ? instant
        : /[zZ]|[+-]\d{2}(:?\d{2})?$/.test(instant)
          ? Date.parse(instant)
          : Number.NaN;
  if (!Number.isFinite(ms)) throw new RangeError(`'${String(instant)}' is not an instant with an offset`);
  return ms;
}

/** The digits a Date holds in its UTC fields, `YYYY-MM-DDTHH:mm:ss.sss`, with no offset. */
export function utcFields(at: Date | number): string {
  return new Date(at).toISOString().slice(0, 23);
}

/**
 * An instant at +08:00: `2025-03-14T09:30:00.123+08:00` (precision 'millisecond', the default)
 * or `2025-03-14T09:30:00+08:00` ('second').
 */
export function toShanghaiTime(
  instant: Instant,
  precision: 'millisecond' | 'second' = 'millisecond',
): string {
  const wall = utcFields(epochMs(instant) + OFFSET_MS);
  return `${precision === 'second' ? wall.slice(0, 19) : wall}+08:00`;
}

/** Now at +08:00 to the millisecond: the stamp ggzy writes when it receives, stores or sets aside a record. */
export function now(clock: Clock = systemClock): string {
  return toShanghaiTime(clock());
}

/** Now, as `YYYY-MM-DDTHH:mm:ss+08:00` (the domain's clock for every stored instant). */
export function shanghaiNow(at: Date = new Date()): string {
  return toShanghaiTime(at, 'second');
}

/** The Asia/Shanghai calendar day of an instant (`2025-10-09T16:30:00Z` → `2025-10-10`). */
export function shanghaiDay(instant: Instant): string {
  return toShanghaiTime(instant).slice(0, 10);
}

/** A calendar day (`YYYY-MM-DD`) given as days since 1970-01-01; a date has no time zone. */
export function calendarDay(daysSinceEpoch: number): string {
  return utcFields(daysSinceEpoch * DAY_MS).slice(0, 10);
}
