/**
 * `ggzy export`, streamed: a window of a thousand-odd notice versions — more than one cursor page
 * — exported as an OCDS release package and as data-spec JSON lines, through the CLI as people run
 * it and through the export functions with a small page. The file must hold exactly the releases
 * (messages) of the window's versions, in the documented order, and the package must validate
 * against the official OCDS 1.1 release-package schema. On PostgreSQL (Kafka → store) and on
 * the embedded server (the default mode: embedded log → store).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allTopics, type Bus, createEmbeddedBus } from '@ggzy/bus';
import { EXPORT_PAGE_SIZE, type ExportWindow, exportDataSpec, exportOcds } from '@ggzy/cli';
import { type DatabaseHandle, migrateDatabase, openEmbeddedDatabase } from '@ggzy/db';
import { type Notice, toShanghaiTime } from '@ggzy/domain';
import {
  DataKeyLedger,
  type DataSpecContext,
  type DataSpecEnvelope,
  type DataSpecMessage,
  type DataSpecPlatform,
  dataKeyOf,
  isOcdsNotice,
  OcdsProcesses,
  orderForExchange,
  type Release,
  releaseInProcess,
  toDataSpec,
  toEnvelope,
} from '@ggzy/exchange-formats';
import { ocdsValidators } from '@ggzy/exchange-formats/testing';
import { createIngestor } from '@ggzy/ingest';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';
import { feedRecords, ingestAll } from '../fixtures/resilience.ts';

const PREFIX = 'ocds-t3st02';
const EMPTY_CONTEXT: DataSpecContext = {
  noticeMedia: '',
  bulletinDuty: '',
  examiner: '',
  operator: '',
  codes: {},
};

/** The data-spec sender (the receiver's own test values, lishanling/GGZY DataV4Service.Test). */
const SENDER: DataSpecPlatform = {
  systemNo: '9120',
  platformCode: '91350000MA347WHE48',
  pubServicePlatCode: 'M35000007031234567',
  tradePlat: '12345678901',
  pubServicePlat: '10987654321',
  caKey: '88888888889999999999',
  routeWay: '0',
};
const SENDER_ENV = {
  GGZY_DATASPEC_SYSTEM_NO: SENDER.systemNo,
  GGZY_DATASPEC_PLATFORM_CODE: SENDER.platformCode,
  GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: SENDER.pubServicePlatCode,
  GGZY_DATASPEC_TRADE_PLAT: SENDER.tradePlat,
  GGZY_DATASPEC_PUB_SERVICE_PLAT: SENDER.pubServicePlat,
  GGZY_DATASPEC_CA_KEY: SENDER.caKey,
};
const TIMESTAMP = '20260401120000';

interface StoredVersion {
  version: number;
  notice: Notice;
  project_key: string;
  published_at: string;
  /** The log position: `topic/partition/offset`, offsets zero-padded so they compare as text. */
  log_position: string;
}

/** The whole window, in memory, in publication order: what the export must stream. */
async function windowVersions(database: DatabaseHandle, window: ExportWindow): Promise<StoredVersion[]> {
  return database.query<StoredVersion & Record<string, unknown>>(
    `select version, notice, project_key, to_json(published_at) #>> '{}' as published_at,
            log_topic || '/' || lpad(log_partition::text, 6, '0') || '/' || lpad(log_offset::text, 20, '0') as log_position
       from notice_versions
      where published_at >= $1::timestamptz and published_at < $2::timestamptz
      order by published_at, log_topic, log_partition, log_offset`,
    [window.from, window.to],
  );
}

/**
 * The window's releases as the export makes them: a correction placed at the latest publication of
 * its notice so far (never before what it corrects), each process's releases made in that order.
 */
function expectedReleases(versions: readonly StoredVersion[]): Release[] {
  const placedAt = (row: StoredVersion) =>
    Math.max(
      ...versions
        .filter((other) => other.notice.id === row.notice.id && other.version <= row.version)
        .map((other) => Date.parse(other.published_at)),
    );
  const placed = versions.map((row) => ({ row, at: placedAt(row) }));
  placed.sort((a, b) => a.at - b.at || (a.row.log_position < b.row.log_position ? -1 : 1));
  const processes = new OcdsProcesses();
  return placed.flatMap(({ row }) =>
    isOcdsNotice(row.notice)
      ? [releaseInProcess(processes, row.notice, { ocidPrefix: PREFIX, version: row.version })]
      : [],
  );
}

/**
 * Each project's messages as orderForExchange orders the whole window (parents first, a record's
 * versions in order), the projects in order of their first version in the window; then what a
 * DataKeyLedger makes of them: envelopes to send, records held with their reasons.
 */
function expectedExport(
  versions: readonly StoredVersion[],
  context: DataSpecContext,
): { sent: DataSpecEnvelope[]; held: HeldLine[] } {
  const all = orderForExchange(
    versions.flatMap((row) => toDataSpec(row.notice, { context, version: row.version })),
  );
  const byProject = new Map<string, DataSpecMessage[]>();
  for (const row of versions) if (!byProject.has(row.project_key)) byProject.set(row.project_key, []);
  for (const message of all) byProject.get(message.projectKey)!.push(message);
  const ledger = new DataKeyLedger();
  const sent: DataSpecEnvelope[] = [];
  const held: HeldLine[] = [];
  for (const message of [...byProject.values()].flat()) {
    const decision = ledger.decide(message);
    if (decision.outcome === 'send') sent.push(toEnvelope(decision.message, SENDER, TIMESTAMP));
    if (decision.outcome === 'hold')
      held.push({
        DATA_KEY: dataKeyOf(SENDER.systemNo, message),
        dataNo: message.dataNo,
        projectKey: message.projectKey,
        version: message.version,
        messageType: message.messageType,
        reasons: decision.reasons,
      });
  }
  return { sent, held };
}

interface HeldLine {
  DATA_KEY: string;
  dataNo: string;
  projectKey: string;
  version: number;
  messageType: string;
  reasons: unknown[];
}

/** A window that cuts through the data: from the 40th version (inclusive) to the 40th-last (exclusive). */
async function innerWindow(database: DatabaseHandle): Promise<{ window: ExportWindow; outside: number }> {
  const all = await windowVersions(database, { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' });
  const from = toShanghaiTime(all[40]!.published_at);
  const to = toShanghaiTime(all.at(-40)!.published_at);
  const inside = all.filter(
    (row) =>
      Date.parse(row.published_at) >= Date.parse(from) && Date.parse(row.published_at) < Date.parse(to),
  );
  return { window: { from, to }, outside: all.length - inside.length };
}

function parsePackage(text: string) {
  return JSON.parse(text) as {
    uri: string;
    version: string;
    publishedDate: string;
    publisher: { name: string };
    releases: Release[];
  };
}

function parseLines<T>(text: string): T[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
}

/** The export's envelopes with DATA_TIMESTAMP (the time of the export) checked and set to TIMESTAMP. */
function atTimestamp(envelopes: DataSpecEnvelope[]): DataSpecEnvelope[] {
  return envelopes.map((e) => {
    if (e.CONTEXT === undefined) return e;
    expect(e.CONTEXT.DATA_TIMESTAMP).toMatch(/^\d{14}$/);
    return { ...e, CONTEXT: { ...e.CONTEXT, DATA_TIMESTAMP: TIMESTAMP } };
  });
}

const validatePackage = ocdsValidators().releasePackage;

describe('ggzy export on PostgreSQL: a window larger than one page', () => {
  const database = useTestDatabase();
  const kafka = useTestKafka();
  let dir = '';
  let bus: Bus;
  let window: ExportWindow;
  let versions: StoredVersion[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-export-'));
    const db = database.handle;
    const log = testLogger('export');
    bus = await kafka.bus();
    await bus.ensureTopics(allTopics);
    const ingestor = await createIngestor({ bus, database: db, log });
    await ingestAll(ingestor, feedRecords(1_400, 20_260_401), 200);
    await ingestor.close();
    const store = await startStore({ bus, database: db, log });
    try {
      await eventually('the store to catch up', async () => (await storeBacklog(bus)) === 0, {
        timeoutMs: 90_000,
      });
    } finally {
      await store.close();
    }
    const inner = await innerWindow(db);
    window = inner.window;
    expect(inner.outside).toBeGreaterThan(0);
    versions = await windowVersions(db, window);
  }, 180_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('the window is larger than one cursor page', () => {
    expect(versions.length).toBeGreaterThan(EXPORT_PAGE_SIZE);
    expect(expectedReleases(versions).length).toBeGreaterThan(EXPORT_PAGE_SIZE);
  });

  it('`ggzy export ocds` writes exactly the window’s releases, in publication order, as a valid release package', async () => {
    const out = join(dir, 'releases.json');
    const result = await runCli(
      [
        'export',
        'ocds',
        '--from',
        window.from,
        '--to',
        window.to,
        '--out',
        out,
        '--ocid-prefix',
        PREFIX,
        '--publisher',
        '深圳市公共资源交易中心',
      ],
      { DATABASE_URL: database.url },
    );
    expect(result.code, result.stderr).toBe(0);
    const expected = expectedReleases(versions);
    const ocids = new Set(expected.map((release) => release.ocid));
    expect(result.stdout).toContain(
      `export ocds: ${expected.length} releases of ${ocids.size} contracting processes`,
    );
    expect(result.stdout).toContain(`${versions.length - expected.length} land/mining/property versions`);
    const pkg = parsePackage(await readFile(out, 'utf8'));
    expect(pkg.releases).toEqual(expected);
    expect(pkg).toMatchObject({
      uri: `urn:ggzy:export:ocds:${window.from}/${window.to}`,
      version: '1.1',
      publisher: { name: '深圳市公共资源交易中心' },
    });
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors?.slice(0, 5))).toBe(true);
  });

  it('`ggzy export dataspec` writes the window’s messages in their envelopes, holds what the receiver would refuse, and exits 1', async () => {
    const out = join(dir, 'dataspec.jsonl');
    const refused = await runCli(
      ['export', 'dataspec', '--from', window.from, '--to', window.to, '--out', out],
      {
        DATABASE_URL: database.url,
      },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('GGZY_DATASPEC_SYSTEM_NO');

    const result = await runCli(
      ['export', 'dataspec', '--from', window.from, '--to', window.to, '--out', out],
      {
        DATABASE_URL: database.url,
        ...SENDER_ENV,
      },
    );
    const expected = expectedExport(versions, EMPTY_CONTEXT);
    // The generated feed carries no national codes (招标项目编号, 标段编号, 统一交易标识码): its records are held.
    expect(expected.held.length).toBeGreaterThan(0);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain(
      `export dataspec: ${expected.sent.length} messages from ${versions.length} notice versions → ${out} (${expected.held.length} records held → ${out}.held.jsonl`,
    );
    expect(result.stdout).toMatch(
      /held 503 NOTICE_MEDIA NotNull ×\d+: configure the data-spec context: noticeMedia/,
    );
    expect(atTimestamp(parseLines(await readFile(out, 'utf8')))).toEqual(expected.sent);
    expect(parseLines(await readFile(`${out}.held.jsonl`, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(expected.held)),
    );
  });

  it('gives the same bytes whatever the page size (a page of 7)', async () => {
    const meta = { uri: 'urn:test', publishedDate: '2026-04-01T00:00:00Z', publisher: { name: 'ggzy' } };
    const big = join(dir, 'big.json');
    const small = join(dir, 'small.json');
    const a = await exportOcds(database.handle, { window, file: big, ocidPrefix: PREFIX, meta });
    const progress: [number, number][] = [];
    const b = await exportOcds(
      database.handle,
      { window, file: small, ocidPrefix: PREFIX, meta, pageSize: 7 },
      (done, total) => progress.push([done, total]),
    );
    expect(a.pages).toBeGreaterThan(1);
    expect(b.pages).toBe(Math.ceil(b.releases / 7));
    expect(await readFile(small, 'utf8')).toBe(await readFile(big, 'utf8'));
    // Progress after every page, up to the total counted in the same snapshot.
    expect(progress).toHaveLength(b.pages);
    expect(progress.at(-1)).toEqual([b.releases, b.releases]);
    const lines = join(dir, 'small.jsonl');
    const d = await exportDataSpec(database.handle, {
      window,
      file: lines,
      heldFile: `${lines}.held`,
      context: EMPTY_CONTEXT,
      platform: SENDER,
      timestamp: TIMESTAMP,
      pageSize: 7,
    });
    expect(d.pages).toBeGreaterThan(1);
    const expected = expectedExport(versions, EMPTY_CONTEXT);
    expect(parseLines(await readFile(lines, 'utf8'))).toEqual(expected.sent);
    expect(parseLines(await readFile(`${lines}.held`, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(expected.held)),
    );
  });

  it('an empty window gives an empty package, reported as a problem (the schema wants at least one release)', async () => {
    const out = join(dir, 'empty.json');
    const summary = await exportOcds(database.handle, {
      window: { from: '1990-01-01T00:00:00Z', to: '1990-01-02T00:00:00Z' },
      file: out,
      ocidPrefix: PREFIX,
      meta: { uri: 'urn:test', publishedDate: '2026-04-01T00:00:00Z', publisher: { name: 'ggzy' } },
    });
    expect(summary).toMatchObject({ releases: 0, pages: 0, problemCount: 1 });
    const pkg = parsePackage(await readFile(out, 'utf8'));
    expect(pkg.releases).toEqual([]);
    expect(validatePackage(pkg)).toBe(false);
  });
});

describe('ggzy export on the embedded server (the default mode)', () => {
  let dir = '';
  let database: DatabaseHandle;
  let window: ExportWindow;
  let versions: StoredVersion[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-export-embedded-'));
    database = await openEmbeddedDatabase({ dataDir: dir, log: testLogger('db') });
    await migrateDatabase(database);
    const log = testLogger('export');
    const bus = await createEmbeddedBus({ database, log: testLogger('bus') });
    try {
      await bus.ensureTopics(allTopics);
      const store = await startStore({ bus, database, log });
      const ingestor = await createIngestor({ bus, database, log });
      await ingestAll(ingestor, feedRecords(300, 20_260_402), 100);
      await ingestor.close();
      await eventually('the store to catch up', async () => (await storeBacklog(bus)) === 0, {
        timeoutMs: 90_000,
      });
      await store.close();
    } finally {
      await bus.close();
    }
    window = (await innerWindow(database)).window;
    versions = await windowVersions(database, window);
  }, 180_000);

  afterAll(async () => {
    await database?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('streams the same releases and messages through a cursor, page by page', async () => {
    const meta = { uri: 'urn:test', publishedDate: '2026-04-01T00:00:00Z', publisher: { name: 'ggzy' } };
    const out = join(dir, 'releases.json');
    const summary = await exportOcds(database, { window, file: out, ocidPrefix: PREFIX, meta, pageSize: 16 });
    expect(summary.pages).toBeGreaterThan(1);
    const pkg = parsePackage(await readFile(out, 'utf8'));
    expect(pkg.releases).toEqual(expectedReleases(versions));
    expect(validatePackage(pkg)).toBe(true);
    const lines = join(dir, 'dataspec.jsonl');
    const d = await exportDataSpec(database, {
      window,
      file: lines,
      heldFile: `${lines}.held`,
      context: EMPTY_CONTEXT,
      platform: SENDER,
      timestamp: TIMESTAMP,
      pageSize: 16,
    });
    expect(d.pages).toBeGreaterThan(1);
    const expected = expectedExport(versions, EMPTY_CONTEXT);
    expect(parseLines(await readFile(lines, 'utf8'))).toEqual(expected.sent);
    expect(parseLines(await readFile(`${lines}.held`, 'utf8'))).toEqual(
      JSON.parse(JSON.stringify(expected.held)),
    );
  });
});
