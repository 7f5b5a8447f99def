import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

const MOBILE = '15013470585';
const RESIDENT_ID = '440524199001010018';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const log = createLogger({ level: 'trace', destination });
  return { log, text: () => lines.join('') };
}

describe('log lines', () => {
  it('mask personal data in fields, error messages and stacks, and messages', () => {
    const { log, text } = capture();
    log.warn({ contact: `赵老师 ${MOBILE}`, nested: { ids: [RESIDENT_ID] } }, `refused: ${MOBILE}`);
    const cause = new Error(`duplicate key (person_id)=(${RESIDENT_ID})`);
    log.error({ err: new Error(`insert of ${MOBILE} failed`, { cause }) }, 'insert failed');
    log.info('%s called %s', '采购人', MOBILE);
    const out = text();
    expect(out).not.toContain(MOBILE);
    expect(out).not.toContain(RESIDENT_ID);
    expect(out).toContain('150****0585');
    expect(out).toContain('4405**********0018');
    expect(out).toContain('insert failed');
  });

  it('leave record bodies and credentials out', () => {
    const { log, text } = capture();
    log.info({ noticeId: 'n_1', notice: { title: '空调采购', contact: '林先生' } }, 'stored');
    log.info(
      { batch: { payload: { releases: [] } }, req: { headers: { authorization: 'Bearer k' } } },
      'sent',
    );
    const lines = text()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ noticeId: 'n_1', notice: '[redacted]', msg: 'stored' });
    expect(lines[1]).toMatchObject({
      batch: { payload: '[redacted]' },
      req: { headers: { authorization: '[redacted]' } },
    });
  });

  it('keep what is not personal data as it is', () => {
    const { log, text } = capture();
    const at = new Date('2025-05-27T12:20:00Z');
    log.info({ creditCode: '91440300MA5G7Q1P0T', phone: '0755-23338582', lag: 42, at }, 'ok');
    expect(JSON.parse(text())).toMatchObject({
      creditCode: '91440300MA5G7Q1P0T',
      phone: '0755-23338582',
      lag: 42,
      at: at.toISOString(),
    });
  });

  it('bound a database fault: the statement named, its parameters left out, PostgreSQL message and SQLSTATE kept', () => {
    const { log, text } = capture();
    const body = Buffer.from(`{"title":"某某医院空调采购项目","contact":"${MOBILE}"}`.repeat(1_500));
    const server = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
      severity: 'ERROR',
      table: 'raw_records',
      detail: `Failing row contains (${RESIDENT_ID}, ${body.toString('utf8').slice(0, 200)})`,
    });
    // What drizzle throws: the statement and every parameter in its message and its fields.
    class QueryError extends Error {
      constructor(
        readonly query: string,
        readonly params: unknown[],
        cause: Error,
      ) {
        super(`Failed query: ${query}\nparams: ${JSON.stringify(params)}`, { cause });
      }
    }
    const fault = new QueryError(
      'insert into "raw_records" ("id", "body") values ($1, $2)',
      ['r1', body],
      server,
    );
    expect(fault.message.length).toBeGreaterThan(50_000);
    log.error({ err: fault, batch: 3 }, 'store batch failed');
    log.warn({ error: fault }, 'the same fault under another key');
    const lines = text().trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThan(4_096);
      expect(line).not.toContain('某某医院空调采购项目');
      expect(line).not.toContain('Failing row');
      expect(line).not.toContain(MOBILE);
    }
    const first = JSON.parse(lines[0]!) as {
      err: Record<string, unknown> & { cause: Record<string, unknown> };
    };
    expect(first.err).toMatchObject({
      type: 'QueryError',
      statement: expect.stringContaining('insert into "raw_records"'),
      parameters: 2,
    });
    expect(first.err.cause).toMatchObject({
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
      code: '22021',
      table: 'raw_records',
    });
  });

  it('write a field named like one of pino own keys under another name, so that no key repeats', () => {
    const { log, text } = capture();
    log.info({ pid: 4242, hostname: 'pg-1' }, 'leader');
    const line = text().trim();
    expect(line.match(/"pid":/g)).toHaveLength(1);
    expect(line.match(/"hostname":/g)).toHaveLength(1);
    expect(JSON.parse(line)).toMatchObject({ fieldPid: 4242, fieldHostname: 'pg-1', pid: process.pid });
  });
});
