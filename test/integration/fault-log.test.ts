/**
 * A store fault's log line is bounded and says what PostgreSQL said. The raw records of a batch
 * are inserted the way the store inserts them (insertRows: one statement, the rows as one JSON
 * parameter) with one record whose id carries a NUL, which PostgreSQL refuses (22P05: `\u0000`
 * cannot be converted to text). Before, the line held
 * the whole statement with every raw body as a byte array — 55–77 KB, personal data included —
 * and not PostgreSQL's message.
 */
import { Writable } from 'node:stream';
import { insertRows, schema } from '@ggzy/db';
import { createLogger } from '@ggzy/runtime';
import { useTestDatabase } from '@ggzy/testkit';
import { describe, expect, it } from 'vitest';

const database = useTestDatabase();
const MOBILE = '13902461357';

describe('the log line of a store fault', () => {
  it('stays under 4 KB, without row values, with the SQLSTATE and PostgreSQL message', async () => {
    const body = Buffer.from(
      JSON.stringify({ title: '龙华区人民医院医用空调采购项目招标公告', contact: `陈工 ${MOBILE}` }).repeat(
        60,
      ),
    );
    const rows = Array.from({ length: 200 }, (_, index) => ({
      logTopic: 'ggzy.raw.v1',
      logPartition: 0,
      logOffset: BigInt(index),
      recordId: index === 137 ? 'n_bad\u0000id' : `n_${index}`,
      centre: '深圳市公共资源交易中心',
      feed: 'sz-longhua',
      sourceRecordId: `LH-2026-${index}`,
      contentHash: `sha256:${'0'.repeat(64)}`,
      contentType: 'application/json',
      format: 'json',
      byteLength: body.byteLength,
      body,
      receivedAt: '2026-12-07T10:00:00+08:00',
    }));
    const fault = await insertRows(database.handle.db, schema.rawRecords, rows).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(fault).toBeInstanceOf(Error);

    const lines: string[] = [];
    const log = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    log.error({ err: fault, topic: 'ggzy.raw.v1', partition: 0, records: rows.length }, 'store batch failed');
    const line = lines.join('').trim();
    console.info(
      `fault line: ${Buffer.byteLength(line)} bytes (the error message alone: ${(fault as Error).message.length} characters)`,
    );
    expect(Buffer.byteLength(line)).toBeLessThan(4_096);
    expect(line).not.toContain('龙华区人民医院');
    expect(line).not.toContain(MOBILE);
    const logged = JSON.parse(line) as { err: Record<string, unknown> };
    const causes: Record<string, unknown>[] = [];
    for (let e: unknown = logged.err; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
      causes.push(e as Record<string, unknown>);
    }
    const server = causes.find((e) => e.code === '22P05');
    expect(server).toBeDefined();
    expect(server?.message).toContain('unsupported Unicode escape sequence');
  });
});
