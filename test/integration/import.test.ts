/**
 * `pnpm ggzy import` as people run it (a child process), in the default embedded mode (the
 * embedded server under GGZY_DATA_DIR, the store in the importing process) and against Kafka + PostgreSQL (the
 * store running elsewhere — here, in the test process): the printed numbers are the generator's
 * labels, and the database holds exactly what the receipts announced.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopics, noticeTopics, topics } from '@ggzy/bus';
import { type DatabaseHandle, openEmbeddedDatabase, schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();
const kafka = useTestKafka();

const PROCUREMENT_CSV = 'packages/normalize/fixtures/tabular/procurement-result.csv';
const PROCUREMENT_MAPPING = 'docs/mappings/procurement-result-export.json';
const CANDIDATES_CSV = 'packages/normalize/fixtures/tabular/construction-candidates.csv';
const CANDIDATES_MAPPING = 'docs/mappings/construction-candidates-export.json';

interface Summary {
  read: number;
  accepted: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  stored: boolean;
  interrupted: string | null;
  dlq: { topic: string; list: string };
}

/** Writes generated notices as JSON lines; returns what their labels predict. */
async function writeNotices(file: string, count: number, seed: number) {
  const expected = { read: 0, accepted: 0, newVersions: 0, duplicates: 0, rejected: 0 };
  const lines: string[] = [];
  for (const record of generateNotices({
    count,
    seed,
    defectRate: 0.05,
    duplicateRate: 0.03,
    correctionRate: 0.03,
  })) {
    lines.push(JSON.stringify(record.input));
    expected.read++;
    if (record.expect === 'valid') expected.accepted++;
    else if (record.expect === 'correction') expected.newVersions++;
    else if (record.expect === 'duplicate') expected.duplicates++;
    else expected.rejected++;
  }
  await writeFile(file, `${lines.join('\n')}\n`);
  // The mix really is mixed, or the test proves little.
  for (const n of Object.values(expected)) expect(n).toBeGreaterThan(0);
  return expected;
}

type CountedTable =
  | typeof schema.notices
  | typeof schema.noticeVersions
  | typeof schema.dlqEntries
  | typeof schema.rawRecords;

async function rows(db: DatabaseHandle, table: CountedTable): Promise<number> {
  const [row] = await db.db.select({ n: count() }).from(table);
  return row!.n;
}

async function tableCounts(db: DatabaseHandle) {
  return {
    notices: await rows(db, schema.notices),
    versions: await rows(db, schema.noticeVersions),
    dlq: await rows(db, schema.dlqEntries),
    raw: await rows(db, schema.rawRecords),
  };
}

/** The two CSV fixtures: 3 procurement rows (one with a bad credit-code check character), 2 candidate rows under a title row. */
const csvExpected = { read: 5, accepted: 4, rejected: 1 };

describe('ggzy import in the default mode (embedded log + embedded server)', () => {
  let dir = '';
  const env = () => ({ GGZY_DATA_DIR: join(dir, 'data') });
  let expected: Awaited<ReturnType<typeof writeNotices>>;
  let jsonl: Summary;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-import-'));
    expected = await writeNotices(join(dir, 'notices.jsonl'), 1_200, 20_251_201);
    const result = await runCli(
      ['import', join(dir, 'notices.jsonl'), '--source', 'sz-longhua', '--json'],
      env(),
    );
    expect(result.stderr).not.toMatch(/ggzy: GGZY_/);
    expect(result.code).toBe(0);
    jsonl = lastJson<Summary>(result);
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints the receipts the generator labels predict, as one JSON object', () => {
    expect(jsonl).toMatchObject({ ...expected, stored: true, interrupted: null });
    expect(jsonl.dlq).toEqual({ topic: 'ggzy.dlq.v1', list: 'pnpm ggzy dlq list --feed sz-longhua' });
  });

  it('imports CSV exports with their mappings, and says where the rejects went', async () => {
    const procurement = await runCli(
      ['import', PROCUREMENT_CSV, '--source', 'sz-export', '--mapping', PROCUREMENT_MAPPING],
      env(),
    );
    expect(procurement.code).toBe(0);
    expect(procurement.stdout).toMatch(/read\s+3\n/);
    expect(procurement.stdout).toMatch(/accepted\s+2\b/);
    expect(procurement.stdout).toMatch(
      /rejected\s+1 {3}→ ggzy\.dlq\.v1; see them: pnpm ggzy dlq list --feed sz-export/,
    );
    expect(procurement.stdout).toContain('every record is in the database');
    // The header sits on row 2, under a report title.
    const candidates = await runCli(
      ['import', CANDIDATES_CSV, '--source', 'hy-export', '--mapping', CANDIDATES_MAPPING, '--json'],
      env(),
    );
    expect(candidates.code).toBe(0);
    expect(lastJson<Summary>(candidates)).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
  }, 120_000);

  it('leaves exactly the announced notices, versions, rejects and raw records in the database', async () => {
    const db = await openEmbeddedDatabase({ dataDir: join(dir, 'data'), log: testLogger('db') });
    try {
      expect(await tableCounts(db)).toEqual({
        notices: expected.accepted + csvExpected.accepted,
        versions: expected.accepted + expected.newVersions + csvExpected.accepted,
        dlq: expected.rejected + csvExpected.rejected,
        raw: expected.read + csvExpected.read,
      });
      // A CSV row is traced under its header line, so it can be read (and replayed) alone.
      const [csvRaw] = await db.db
        .select({ body: schema.rawRecords.body, contentType: schema.rawRecords.contentType })
        .from(schema.rawRecords)
        .where(eq(schema.rawRecords.feed, 'hy-export'))
        .limit(1);
      expect(csvRaw!.contentType).toBe('text/csv; charset=utf-8; header=present');
      expect(csvRaw!.body.toString('utf8')).toMatch(/^招标编号,工程名称,.*\nHYJS2024-08\d\d,/);
    } finally {
      await db.close();
    }
  });
});

describe('ggzy import against Kafka + PostgreSQL (the store runs elsewhere)', () => {
  let dir = '';
  const group = 'ggzy-store';
  let close: () => Promise<void> = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-import-kafka-'));
    const bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const store = await startStore({ bus, database: database.handle, log: testLogger('store') });
    await store.ready;
    close = () => store.close();
  });

  afterAll(async () => {
    await close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('publishes every record durably, and the store stores what the summary says', async () => {
    const expected = await writeNotices(join(dir, 'notices.jsonl'), 3_000, 20_251_202);
    const env = {
      KAFKA_BROKERS: kafka.brokers.join(','),
      DATABASE_URL: database.url,
      GGZY_TOPIC_PREFIX: kafka.prefix,
    };
    const result = await runCli(['import', join(dir, 'notices.jsonl'), '--source', 'gd-ggzy', '--json'], env);
    expect(result.code).toBe(0);
    const summary = lastJson<Summary & { mode: string }>(result);
    expect(summary).toMatchObject({ ...expected, mode: 'distributed', interrupted: null });
    expect(summary.dlq.topic).toBe(`${kafka.prefix}ggzy.dlq.v1`);

    const csv = await runCli(
      ['import', PROCUREMENT_CSV, '--source', 'sz-export', '--mapping', PROCUREMENT_MAPPING, '--json'],
      env,
    );
    expect(csv.code).toBe(0);
    expect(lastJson<Summary>(csv)).toMatchObject({ read: 3, accepted: 2, rejected: 1 });

    const bus = await kafka.bus();
    await eventually(
      'the store to catch up',
      async () =>
        (await bus.lag(group, noticeTopics)).total === 0 &&
        (await bus.lag(`${group}-raw`, [topics.raw])).total === 0 &&
        (await bus.lag(`${group}-dlq`, [topics.dlq])).total === 0,
      { timeoutMs: 120_000, intervalMs: 250 },
    );
    expect(await tableCounts(database.handle)).toEqual({
      notices: expected.accepted + 2,
      versions: expected.accepted + expected.newVersions + 2,
      dlq: expected.rejected + 1,
      raw: expected.read + 3,
    });
  }, 300_000);
});

describe('ggzy import refuses bad usage with exit 2, and a fault with exit 1', () => {
  it('names a missing file', async () => {
    const result = await runCli(['import', 'no/such/notices.jsonl', '--source', 'sz-longhua'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('GGZY_USAGE: no such file: no/such/notices.jsonl');
  });

  it('asks for a mapping, a known format and a feed', async () => {
    const noMapping = await runCli(['import', PROCUREMENT_CSV, '--source', 'sz-export'], {});
    expect(noMapping.code).toBe(2);
    expect(noMapping.stderr).toContain('needs a column mapping: --mapping FILE');
    const format = await runCli(['import', PROCUREMENT_CSV, '--source', 'sz-export', '--format', 'xml'], {});
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("unknown format 'xml'");
    const feed = await runCli(['import', PROCUREMENT_CSV, '--mapping', PROCUREMENT_MAPPING], {});
    expect(feed.code).toBe(2);
    expect(feed.stderr).toContain('--source FEED is required');
  });

  it('says so when the database is down', async () => {
    const result = await runCli(
      ['import', PROCUREMENT_CSV, '--source', 'sz-export', '--mapping', PROCUREMENT_MAPPING],
      {
        DATABASE_URL: 'postgres://ggzy:secret@127.0.0.1:1/ggzy',
      },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'GGZY_DB_UNAVAILABLE: the database does not answer (PostgreSQL 127.0.0.1:1/ggzy)',
    );
  });
});
