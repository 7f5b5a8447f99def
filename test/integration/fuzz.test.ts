/**
 * The standing fuzz suite (issue "Hostile input and hostile callers"): bad records, bad bodies and
 * bad parameters thrown at the push and the query API, in both run modes, with the invariants the
 * issue names checked over every run:
 * - every line of a push gets exactly one receipt, in order, and a push never answers 500;
 * - every `accepted` or `new-version` record is stored (the API serves it);
 * - the consumers catch up after poison (their lag returns to 0: `settle`);
 * - /healthz answers within 1 s throughout (measured as an invariant over this bounded run);
 * - no personal number planted in any format comes out whole to a public caller;
 * - no query parameter, however bad, gets a 500;
 * - no log line of the services carries a planted personal number whole (their log is captured).
 * And `ggzy import` of hostile files (JSON lines, CSV, broken XLSX), as people run it, in both
 * modes: every record read gets one receipt, the accepted ones are stored, the run ends with its
 * summary, and neither its log nor its output carries a personal number of the input whole.
 * Bounded in count (fixed numRuns and seeds), not in time.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { allTopics } from '@ggzy/bus';
import { type DatabaseHandle, openEmbeddedDatabase, schema } from '@ggzy/db';
import { generateNotices } from '@ggzy/generator';
import { createLogger } from '@ggzy/runtime';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../fixtures/cli.ts';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const bases = [
  ...generateNotices({ count: 60, seed: 9_031, defectRate: 0.2, duplicateRate: 0, correctionRate: 0.1 }),
].map((record) => record.input as Record<string, unknown>);

/** One mobile and one resident ID, written the ways the issue found masking missed. */
const MOBILE = '13912345678';
const RESIDENT_ID = '440303199003074514';
const personalForms = [
  '１３９１２３４５６７８',
  `TEL${MOBILE}`,
  '139.1234.5678',
  '139/1234/5678',
  '139 1234 5678',
  MOBILE,
  '440303 19900307 4514',
  RESIDENT_ID,
];

/** What a whole number looks like once width and separators are undone. */
function holdsWhole(text: string): boolean {
  const plain = text.normalize('NFKC').replace(/[\s./\-－]/g, '');
  return plain.includes(MOBILE) || plain.includes(RESIDENT_ID);
}

/** A logger at debug level whose JSON lines go to `lines` (the services' log, read by the test). */
function capturingLogger(lines: string[]) {
  return createLogger({
    name: 'fuzz',
    level: 'debug',
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
}

/** `[[[…"底"…]]]` as JSON text: built as text, since JSON.stringify itself overflows at this depth. */
const nested = (depth: number) => `${'['.repeat(depth)}"底"${']'.repeat(depth)}`;

type Record_ = Record<string, unknown>;
const json = (change: (record: Record_) => unknown) => (record: Record_) => JSON.stringify(change(record));

/** A record made bad (or left good) in one of the ways the issue's hostile caller tried, as a line. */
const mutation: fc.Arbitrary<(record: Record_) => string> = fc.oneof(
  fc.constant(json((record) => record)),
  fc
    .tuple(
      fc.constantFrom('\u0000', '\ud800', '\udfff', '\u0001', '\u007f', '\u001b'),
      fc.constantFrom('title', 'description', 'buyer'),
    )
    .map(([bad, key]) => json((record) => ({ ...record, [key]: `x${bad}y` }))),
  fc
    .tuple(
      fc.constantFrom(
        'title',
        'description',
        'sourceUrl',
        'publishedAt',
        'region',
        'domain',
        'parties',
        'awards',
      ),
      fc.jsonValue({ maxDepth: 3 }),
    )
    .map(([key, value]) => json((record) => ({ ...record, [key]: value }))),
  fc
    .constantFrom(40, 1_000, 20_000)
    .map((depth) => (record: Record_) => `${JSON.stringify(record).slice(0, -1)},"extra":${nested(depth)}}`),
  // Up to 200,000 characters (600 KB): over the per-record limit (512 KiB), refused by itself
  // (record.too-large) in both modes, where a 503 for the whole push on Kafka was before.
  fc
    .constantFrom(1_001, 200_000)
    .map((length) => json((record) => ({ ...record, title: '标'.repeat(length) }))),
  fc
    .constantFrom('javascript:alert(1)', 'data:text/html,<b>x</b>', 'ftp://x/y')
    .map((url) => json((record) => ({ ...record, sourceUrl: url }))),
  fc
    .constantFrom(...personalForms)
    .map((form) =>
      json((record) => ({ ...record, title: `${String(record.title ?? '公告')}（联系人电话${form}）` })),
    ),
);

/** One line of a push body: a mutated record, any JSON at all, or text that is not JSON. */
const line: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(fc.constantFrom(...bases), mutation).map(([base, mutate]) => mutate(base)),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  {
    weight: 1,
    arbitrary: fc
      .string({ minLength: 1, maxLength: 80, unit: 'binary' })
      .map((text) => `{${text.replace(/[\r\n]/g, ' ')}`),
  },
);

const RECEIPT_STATUSES = new Set(['accepted', 'new-version', 'duplicate', 'rejected']);

describe.each([
  { name: 'Kafka', bus: 'kafka', database: 'test' },
  {
    name: 'the default mode (embedded log, embedded PostgreSQL server)',
    bus: 'embedded',
    database: 'embedded-server',
  },
] as const)('fuzzing the push and the query API, on $name', ({ bus, database }) => {
  const logLines: string[] = [];
  const pipeline = useTestPipeline({
    bus,
    database,
    services: ['ingest', 'store', 'blacklist', 'exchange', 'query-api'],
    log: capturingLogger(logLines),
  });

  it('gives every line one receipt, stores every accepted record, keeps the streams and /healthz going, and masks every planted number', async () => {
    const stored = new Set<string>();
    let slowest = 0;
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        const health = await pipeline.apiApp.inject({ method: 'GET', url: '/healthz' });
        expect(health.statusCode).toBe(200);
        slowest = Math.max(slowest, performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      await fc.assert(
        fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 10 }), async (lines) => {
          const response = await pipeline.post(lines.join('\n'));
          expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
          const { receipts } = response.json() as {
            receipts: { index: number; status: string; noticeId?: string }[];
          };
          expect(receipts.map((r) => r.index)).toEqual(lines.map((_, index) => index));
          for (const receipt of receipts) {
            expect(RECEIPT_STATUSES.has(receipt.status), receipt.status).toBe(true);
            if ((receipt.status === 'accepted' || receipt.status === 'new-version') && receipt.noticeId)
              stored.add(receipt.noticeId);
          }
        }),
        { numRuns: 25, seed: 20_261_207, endOnFailure: true },
      );
      // The consumers (store, blacklist, exchange) get past every poison record.
      await pipeline.settle({ timeoutMs: 300_000 });
    } finally {
      probing = false;
      await probe;
    }
    expect(stored.size).toBeGreaterThan(0);
    for (const id of stored) {
      const whole = await pipeline.api('regulator').get(`/v1/notices/${id}`);
      expect(whole.status, id).toBe(200);
      const seen = await pipeline.api('public').get(`/v1/notices/${id}`);
      expect(holdsWhole(seen.text), seen.text.slice(0, 300)).toBe(false);
    }
    const list = await pipeline.api('public').get('/v1/notices?limit=100');
    expect(holdsWhole(list.text)).toBe(false);
    expect(slowest, 'the slowest /healthz during the run, ms').toBeLessThan(1_000);
    // The services logged (at debug), and not one line holds a planted number whole.
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter(holdsWhole).map((l) => l.slice(0, 400))).toEqual([]);
  }, 900_000);

  it('answers every bad parameter with a 4xx, never a 500', async () => {
    const badValue = fc.oneof(
      fc.string({ maxLength: 40, unit: 'binary' }),
      fc.constantFrom(
        '0000-01-01',
        '9999-99-99',
        '-1',
        '1e309',
        'NaN',
        'ab%00cd',
        '%ff',
        "'; drop table notices; --",
        'WyJmZWVkIiwib2NkcyIsIi0xIl0',
        'bm90LWEtY3Vyc29y',
        '中'.repeat(500),
      ),
      fc.bigInt().map(String),
    );
    const route = fc.constantFrom(
      '/v1/notices?q=',
      '/v1/notices?publishedFrom=',
      '/v1/notices?publishedTo=',
      '/v1/notices?region=',
      '/v1/notices?cursor=',
      '/v1/notices?limit=',
      '/v1/notices?sort=',
      '/v1/notices?party=',
      '/v1/notices/',
      '/v1/projects/',
      '/v1/parties/',
      '/v1/alerts?cursor=',
      '/v1/credit/check?name=',
      '/v1/compliance/deadlines?region=',
      '/v1/meta/regions?codes=',
    );
    await fc.assert(
      fc.asyncProperty(
        route,
        badValue,
        fc.constantFrom('public', 'regulator', 'platform'),
        async (path, value, who) => {
          const answer = await pipeline.api(who).get(`${path}${encodeURIComponent(value)}`);
          expect(answer.status, `${path}${value}`).toBeLessThan(500);
        },
      ),
      { numRuns: 300, seed: 7_121 },
    );
  });
});

/** The procurement export's header and mapping (docs/mappings): the CSV and XLSX files below use them. */
const MAPPING = 'docs/mappings/procurement-result-export.json';
const CSV_HEADER =
  '公告ID,项目编号,项目名称,包号,公告标题,采购方式,行政区划,交易平台,采购人,代理机构,中标供应商,统一社会信用代码,中标金额（万元）,评审专家,公告发布时间,原文链接';
const csvRow = (id: string, title: string) =>
  `${id},LHACG2025${id},深圳市龙华区学校空调采购,A,${title},公开招标,龙华区,深圳交易集团有限公司龙华分公司,深圳市龙华区某学校,深圳交易集团有限公司龙华分公司,深圳市金龙空调电器有限公司,91440300MA5G7Q1P0T,668.792,张茂霞,2025年05月27日 20:20,https://www.szggzy.com/details.html?contentId=${id}`;

/** A record of about 700 KB: over the per-record limit, within the field limits. */
function oversizedRecord(base: Record_): Record_ {
  return {
    ...base,
    recordId: `${String(base.recordId)}-big`,
    body: '正文'.repeat(50_000),
    attachments: Array.from({ length: 5 }, (_, i) => ({
      name: `附件${'件'.repeat(80_000)}`,
      url: `https://ggzy.example.cn/files/big-${i}.pdf`,
    })),
  };
}

/** The hostile JSON lines: the issue's named cases, then lines the fuzzer makes (fixed seed). */
function hostileLines(): string[] {
  const [a, b, c, d] = bases as [Record_, Record_, Record_, Record_];
  const named = [
    JSON.stringify({ ...a, title: 'x\u0000y' }),
    JSON.stringify({ ...b, title: 'x\ud800y' }),
    JSON.stringify({ ...c, description: 'x\u001by' }),
    JSON.stringify({ ...d, title: '标'.repeat(200_000) }),
    JSON.stringify({ ...a, body: '文'.repeat(150_000) }),
    `${JSON.stringify(b).slice(0, -1)},"extra":${nested(20_000)}}`,
    nested(100_000),
    JSON.stringify(oversizedRecord(c)),
    `{"recordId":"broken-1","title":"联系电话${MOBILE} 身份证${RESIDENT_ID}"`,
    ...personalForms.map((form, i) =>
      JSON.stringify({
        ...bases[i % bases.length],
        title: `${String(bases[i % bases.length]!.title ?? '公告')}（联系人${form}，身份证${RESIDENT_ID}）`,
      }),
    ),
  ];
  return [...named, ...fc.sample(line, { seed: 4_242, numRuns: 60 })];
}

interface ImportSummary {
  read: number;
  accepted: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  stored: boolean;
}

describe.each([
  { name: 'Kafka + PostgreSQL (the store runs beside it)', mode: 'kafka' },
  { name: 'the default mode (embedded log, embedded server, the store in the import)', mode: 'embedded' },
] as const)('fuzzing ggzy import, on $name', ({ mode }) => {
  const database = mode === 'kafka' ? useTestDatabase() : undefined;
  const kafka = mode === 'kafka' ? useTestKafka() : undefined;
  let dir = '';
  let env: Record<string, string> = {};
  let closeStore: () => Promise<void> = async () => {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ggzy-fuzz-import-'));
    if (kafka && database) {
      env = {
        KAFKA_BROKERS: kafka.brokers.join(','),
        DATABASE_URL: database.url,
        GGZY_TOPIC_PREFIX: kafka.prefix,
        LOG_LEVEL: 'debug',
      };
      const bus = await kafka.bus();
      await bus.ensureTopics(allTopics);
      const store = await startStore({ bus, database: database.handle, log: testLogger('store') });
      await store.ready;
      closeStore = () => store.close();
    } else env = { GGZY_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'debug' };
  });

  afterAll(async () => {
    await closeStore();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Runs `ggzy import`, checks the invariants every run must keep, and returns its summary. */
  async function imported(file: string, args: string[] = []): Promise<ImportSummary> {
    const result = await runCli(
      ['import', file, '--source', `fuzz-${mode}`, '--json', ...args],
      env,
      480_000,
    );
    // Not one line of its log (debug level) or output holds a personal number of the input whole.
    const leaks = [...result.stderr.split('\n'), ...result.stdout.split('\n')].filter(holdsWhole);
    expect(leaks.map((l) => l.slice(0, 400))).toEqual([]);
    expect(result.stderr).not.toMatch(/RangeError|Maximum call stack|GGZY_INTERNAL/);
    expect(result.code, result.stderr.slice(-2_000)).toBe(0);
    const summary = lastJson<ImportSummary>(result);
    expect(summary.accepted + summary.newVersions + summary.duplicates + summary.rejected).toBe(summary.read);
    return summary;
  }

  /** Rows of the store's tables, once the store has stored everything sent. */
  async function tableCounts() {
    const read = async (db: DatabaseHandle) => {
      const rows = async (
        table:
          | typeof schema.notices
          | typeof schema.noticeVersions
          | typeof schema.dlqEntries
          | typeof schema.rawRecords,
      ) => (await db.db.select({ n: count() }).from(table))[0]!.n;
      return {
        notices: await rows(schema.notices),
        versions: await rows(schema.noticeVersions),
        dlq: await rows(schema.dlqEntries),
        raw: await rows(schema.rawRecords),
      };
    };
    if (kafka && database) {
      const bus = await kafka.bus();
      await eventually('the store to catch up', async () => (await storeBacklog(bus)) === 0, {
        timeoutMs: 180_000,
        intervalMs: 250,
      });
      return read(database.handle);
    }
    // The import's own store stored everything before it exited (summary.stored).
    const db = await openEmbeddedDatabase({ dataDir: join(dir, 'data'), log: testLogger('db') });
    try {
      return await read(db);
    } finally {
      await db.close();
    }
  }

  it('answers every hostile line once, stores the accepted ones, and logs no personal number whole', async () => {
    const lines = hostileLines();
    const file = join(dir, 'hostile.jsonl');
    // One line of bytes that are not UTF-8 at all, among the others.
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`${lines.join('\n')}\n`),
        Buffer.from([0xff, 0xfe, 0x7b, 0xc3, 0x28, 0x0a]),
        Buffer.from(`${JSON.stringify(bases[10])}\n`),
      ]),
    );
    const summary = await imported(file);
    expect(summary.read).toBe(lines.length + 2);
    // The named cases are refused (the nine lines first), the planted numbers' records accepted.
    expect(summary.rejected).toBeGreaterThanOrEqual(9);
    expect(summary.accepted + summary.newVersions).toBeGreaterThan(0);
    expect(summary.stored).toBe(true);
    // Every accepted record is stored, every version, every reject in the DLQ, every line traced.
    expect(await tableCounts()).toEqual({
      notices: summary.accepted,
      versions: summary.accepted + summary.newVersions,
      dlq: summary.rejected,
      raw: summary.read,
    });
  }, 600_000);

  it('imports a hostile CSV and refuses a broken XLSX with a clear answer, never a crash', async () => {
    const csv = join(dir, 'hostile.csv');
    await writeFile(
      csv,
      Buffer.concat([
        Buffer.from(`${CSV_HEADER}\n`),
        Buffer.from(`${csvRow('9000001', `学校空调采购中标结果公告（联系电话${MOBILE}）`)}\n`),
        Buffer.from(`${csvRow('9000002', '标题\u0000含NUL')}\n`),
        Buffer.from(`${csvRow('9000003', '中'.repeat(200_000))}\n`),
        Buffer.from(`${csvRow('9000004', `身份证${RESIDENT_ID}`)}\n`),
        Buffer.from(`${csvRow('9000005', '正常的中标结果公告')}\n`),
        Buffer.from('9000006,'),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
        Buffer.from(`,x,x,A,坏字节,公开招标,龙华区\n`),
      ]),
    );
    const fromCsv = await imported(csv, ['--mapping', MAPPING]);
    expect(fromCsv.read).toBe(6);
    expect(fromCsv.rejected).toBeGreaterThanOrEqual(2);
    expect(fromCsv.accepted).toBeGreaterThanOrEqual(1);

    // Not a workbook at all, and a real one cut in half.
    const garbage = join(dir, 'garbage.xlsx');
    await writeFile(garbage, Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(2_000, 0x41)]));
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('结果');
    sheet.addRow(CSV_HEADER.split(','));
    sheet.addRow(csvRow('9000010', `中标公告（电话${MOBILE}）`).split(','));
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    const cut = join(dir, 'cut.xlsx');
    await writeFile(cut, whole.subarray(0, Math.floor(whole.byteLength / 2)));
    // Each is one unreadable record: a receipt, a DLQ entry, exit 0.
    for (const file of [garbage, cut]) {
      expect(await imported(file, ['--mapping', MAPPING])).toMatchObject({
        read: 1,
        accepted: 0,
        rejected: 1,
      });
    }
  }, 600_000);
});
