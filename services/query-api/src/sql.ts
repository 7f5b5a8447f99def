import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * Timestamps leave the database as text in a fixed form, whatever the session's time zone:
 * for display, ISO 8601 at the Asia/Shanghai offset like the notices themselves (China keeps no
 * daylight saving, so a fixed +08:00 is exact and needs no time zone data);
 * for cursors, UTC to the microsecond, so a keyset bound is exactly the stored value.
 */
export function shanghaiTime(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone interval '+08:00', 'YYYY-MM-DD"T"HH24:MI:SS"+08:00"')`;
}

/** Like `shanghaiTime`, with milliseconds: for store times, where order within a second matters. */
export function shanghaiTimeMs(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone interval '+08:00', 'YYYY-MM-DD"T"HH24:MI:SS.MS"+08:00"')`;
}

export function cursorTime(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** A LIKE pattern that matches `text` literally anywhere (%, _ and \ in the text are not wildcards). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
