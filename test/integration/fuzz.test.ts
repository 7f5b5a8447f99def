/**
 * The standing fuzz suite (issue "Hostile input and hostile callers"): bad records, bad bodies and
 * bad parameters thrown at the push and the query API, in both run modes, with the invariants the
 * issue names checked over every run:
 * - every line of a push gets exactly one receipt, in order, and a push never answers 500;
 * - every `accepted` or `new-version` record is stored (the API serves it);
 * - the consumers catch up after poison (their lag returns to 0: `settle`);
 * - /healthz answers within 1 s throughout (measured as an invariant over this bounded run);
 * - no personal number planted in any format comes out whole to a public caller;
 * - no query parameter, however bad, gets a 500.
 * Bounded in count (fixed numRuns and seeds), not in time.
 */
import { generateNotices } from '@ggzy/generator';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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

/** `[[[…"底"…]]]` as JSON text: built as text, since JSON.stringify itself overflows at this depth. */
const nested = (depth: number) => `${'['.repeat(depth)}"底"${']'.repeat(depth)}`;

type Record_ = Record<string, unknown>;
const json = (change: (record: Record_) => unknown) => (record: Record_) => JSON.stringify(change(record));

/** A record made bad (or left good) in one of the ways the hostile caller tried, as a line. */
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
  // Up to 200,000 characters (600 KB): a record beyond the broker's message size (1 MiB) still
  // gets a 503 on Kafka, open in the issue; the default mode takes any size.
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
  const pipeline = useTestPipeline({
    bus,
    database,
    services: ['ingest', 'store', 'blacklist', 'exchange', 'query-api'],
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
