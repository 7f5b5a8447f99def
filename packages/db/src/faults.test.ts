import { GgzyError, isGgzyError } from '@ggzy/runtime';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { driverFault, pgFault, sqlStateFault } from './faults.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('sqlStateFault: PostgreSQL errors by SQLSTATE', () => {
  it('passes connection, resource, shutdown, serialization and deadlock faults', () => {
    for (const code of [
      '08000',
      '08006',
      '08P01',
      '53300',
      '57P01',
      '57P02',
      '57P03',
      '40001',
      '40P01',
      '55P03',
      '58030',
    ])
      expect(sqlStateFault(code), code).toBe('transient');
  });

  it('holds what the data causes as permanent: encoding, integrity, syntax', () => {
    for (const code of ['22P05', '22021', '22001', '23505', '23503', '23514', '42703', '54000'])
      expect(sqlStateFault(code), code).toBe('permanent');
  });
});

describe('pgFault', () => {
  it('reads the SQLSTATE of the server’s answer, through drizzle’s wrapper', () => {
    const server = new pg.DatabaseError('invalid byte sequence for encoding "UTF8": 0x00', 0, 'error');
    server.code = '22021';
    expect(pgFault(server)).toBe('permanent');
    expect(pgFault(new Error('Failed query: insert into …', { cause: server }))).toBe('permanent');
    expect(pgFault(new Error('Failed query: select 1', { cause: withCode('57P01') }))).toBe('transient');
  });

  it('passes the socket’s errors (EPIPE is not a SQLSTATE)', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN'])
      expect(pgFault(withCode(code)), code).toBe('transient');
  });

  it('knows nothing of errors that did not come from the database, whatever they say', () => {
    expect(pgFault(new Error('Connection terminated unexpectedly'))).toBeUndefined();
    expect(pgFault(new TypeError('duplicate key value violates unique constraint'))).toBeUndefined();
    expect(pgFault('57P01')).toBeUndefined();
  });
});

describe('driverFault: the driver’s own failures, coded where the adapter meets them', () => {
  it('codes an uncoded driver error GGZY_DB_UNAVAILABLE, retriable, keeping it as the cause', () => {
    const lost = new Error('Connection terminated unexpectedly');
    const coded = driverFault(lost);
    expect(isGgzyError(coded, 'GGZY_DB_UNAVAILABLE')).toBe(true);
    expect((coded as GgzyError).retriable).toBe(true);
    expect((coded as GgzyError).cause).toBe(lost);
    expect(pgFault(coded)).toBe('transient');
  });

  it('leaves the server’s answers, socket errors and our own errors as they are', () => {
    const server = new pg.DatabaseError('duplicate key value violates unique constraint', 0, 'error');
    server.code = '23505';
    expect(driverFault(server)).toBe(server);
    const socket = withCode('ECONNRESET');
    expect(driverFault(socket)).toBe(socket);
    const ours = new GgzyError('GGZY_CONFLICT', 'x');
    expect(driverFault(ours)).toBe(ours);
  });
});
