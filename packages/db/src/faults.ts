import { GgzyError } from '@ggzy/runtime';
import pg from 'pg';

/**
 * What a PostgreSQL error means for the work that met it: `transient` when the same statement may
 * succeed later (the server away, a deadlock), `permanent` when the data itself is refused (text
 * the server cannot store, a broken constraint) — so retrying cannot help and the record is set
 * aside. Classified by SQLSTATE (PostgreSQL, Appendix A), never by message text.
 */
export type PgFault = 'transient' | 'permanent';

/**
 * SQLSTATE classes and codes of faults that pass: 08 connection exception, 53 insufficient
 * resources, 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 58 system error,
 * 40001 serialization failure, 40P01 deadlock, 55P03 lock not available.
 */
const TRANSIENT_CLASSES = new Set(['08', '53', '58']);
const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '40001', '40P01', '55P03']);

const SOCKET_FAULT = /^E(CONN|PIPE|HOSTUNREACH|NETUNREACH|AI_AGAIN|TIMEDOUT)/;

/** Five characters of digits and capitals: a SQLSTATE (Node's error codes start with E and run longer). */
const SQLSTATE = /^[0-9A-Z]{5}$/;

/** The SQLSTATE's kind: 22P05 untranslatable character, 22021 bad byte sequence, 23xxx are permanent. */
export function sqlStateFault(sqlState: string): PgFault {
  return TRANSIENT_CLASSES.has(sqlState.slice(0, 2)) || TRANSIENT_CODES.has(sqlState)
    ? 'transient'
    : 'permanent';
}

/**
 * The kind of a database error, looking through wrappers (drizzle's `Failed query` error keeps
 * the driver's as its `cause`); undefined for an error that did not come from the database.
 */
export function pgFault(error: unknown): PgFault | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof GgzyError && e.code === 'GGZY_DB_UNAVAILABLE') return 'transient';
    const { code } = e as { code?: unknown };
    if (typeof code !== 'string') continue;
    // The socket's own errors, which the driver passes through: the server is out of reach.
    // (Before SQLSTATE: EPIPE has five capitals too.)
    if (SOCKET_FAULT.test(code)) return 'transient';
    if (SQLSTATE.test(code)) return sqlStateFault(code);
  }
  return undefined;
}

/**
 * An error the pg driver raised itself rather than the server answering: the connection was lost
 * or never made (`Connection terminated unexpectedly`, a connect timeout). The driver gives such
 * errors no code, so the adapter codes them where it meets them (client.ts): GGZY_DB_UNAVAILABLE,
 * retriable. The server's own answers (pg.DatabaseError, with a SQLSTATE) pass unchanged.
 */
export function driverFault(error: unknown): unknown {
  if (error instanceof pg.DatabaseError || error instanceof GgzyError) return error;
  if (!(error instanceof Error)) return error;
  if (typeof (error as { code?: unknown }).code === 'string') return error;
  return new GgzyError('GGZY_DB_UNAVAILABLE', `the database connection failed: ${error.message}`, {
    cause: error,
    retriable: true,
  });
}
