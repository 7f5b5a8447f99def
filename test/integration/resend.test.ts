/**
 * A resend is harmless (issue: "Sending a batch again creates false versions"): a feed that sends
 * a batch again — whose records' stored heads may be later corrections — gets `duplicate`
 * receipts naming the versions they match, and nothing new is stored, numbered for the national
 * platform or published. The same for credit records. On Kafka and on the embedded log.
 */
import { blacklistBacklog, createCreditIntake, startBlacklist } from '@ggzy/blacklist';
import { allTopics, type Bus, createEmbeddedBus, noticeTopics } from '@ggzy/bus';
import { type DatabaseHandle, schema } from '@ggzy/db';
import { startOutboxWriter } from '@ggzy/exchange';
import { generateNotices } from '@ggzy/generator';
import { createIngestor, type IngestItem, type Ingestor, type Receipt } from '@ggzy/ingest';
import { type CreditReceipt, creditFromJson, normalizeInput } from '@ggzy/normalize';
import { startStore, storeBacklog } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shenzhenCode } from '../fixtures/blacklist.ts';

const kafkaDatabase = useTestDatabase();
const embeddedDatabase = useTestDatabase();
const kafka = useTestKafka();
const ORIGIN = { feed: 'sz-longhua', centre: '深圳市公共资源交易中心' };

const modes = [
  { name: 'Kafka', setup: async () => ({ bus: await kafka.bus(), db: kafkaDatabase.handle }) },
  {
    name: 'the embedded log',
    setup: async () => {
      const db = embeddedDatabase.handle;
      return { bus: await createEmbeddedBus({ database: db, log: testLogger('bus') }), db };
    },
  },
];

function items(inputs: readonly unknown[]): IngestItem[] {
  return inputs.map((input) => ({
    incoming: { bytes: Buffer.from(JSON.stringify(input)), contentType: 'application/json', format: 'json' },
    result: normalizeInput(input, { feed: ORIGIN.feed, centre: ORIGIN.centre }),
  }));
}

describe.each(modes)('resending on $name', (mode) => {
  let bus: Bus;
  let db: DatabaseHandle;
  let ingestor: Ingestor;
  const closers: (() => Promise<void>)[] = [];
  const group = { store: 'resend-store', outbox: 'resend-outbox', blacklist: 'resend-blacklist' };

  async function settled() {
    await eventually('the store, the outbox and the blacklist to catch up', async () => {
      const outbox = (await bus.lag(group.outbox, noticeTopics)).total;
      return (
        (await storeBacklog(bus, group.store)) === 0 &&
        outbox === 0 &&
        (await blacklistBacklog(bus, group.blacklist)) === 0
      );
    });
  }

  async function tally() {
    const n = async (table: typeof schema.noticeVersions | typeof schema.exchangeOutbox) =>
      (await db.db.select({ n: count() }).from(table))[0]!.n;
    return { versions: await n(schema.noticeVersions), outbox: await n(schema.exchangeOutbox) };
  }

  beforeAll(async () => {
    ({ bus, db } = await mode.setup());
    await bus.ensureTopics(allTopics);
    const log = testLogger('resend');
    const store = await startStore({ bus, database: db, log, group: group.store });
    const outbox = await startOutboxWriter({
      bus,
      db: db.db,
      log,
      group: group.outbox,
      channels: [{ channel: 'ocds', ocidPrefix: 'ocds-test01' }],
    });
    const blacklist = await startBlacklist({
      bus,
      database: db,
      log,
      group: group.blacklist,
      storeWaitMs: 0,
    });
    await blacklist.ready;
    ingestor = await createIngestor({ bus, database: db, log });
    closers.push(
      () => ingestor.close(),
      () => blacklist.close(),
      () => outbox.close(),
      () => store.close(),
    );
  }, 120_000);

  afterAll(async () => {
    for (const close of closers.reverse()) await close();
  });

  it('answers a record and its correction sent again as duplicates of versions 1 and 2', async () => {
    const [record] = [...generateNotices({ count: 1, seed: 7 })];
    const original = record!.input as Record<string, unknown>;
    const corrected = { ...original, title: `${String(original.title)}（更正）` };
    const first = await ingestor.ingest(items([original, corrected]), ORIGIN);
    expect(first.map((r) => [r.status, 'version' in r ? r.version : null])).toEqual([
      ['accepted', 1],
      ['new-version', 2],
    ]);
    await settled();
    const before = await tally();
    // A new process (nothing remembered in memory): what is stored decides.
    const fresh = await createIngestor({ bus, database: db, log: testLogger('resend') });
    try {
      const again = await fresh.ingest(items([original, corrected]), ORIGIN);
      expect(again.map((r) => [r.status, 'version' in r ? r.version : null])).toEqual([
        ['duplicate', 1],
        ['duplicate', 2],
      ]);
      // The older content alone, after the correction: still the duplicate of version 1.
      const older = await fresh.ingest(items([original]), ORIGIN);
      expect(older.map((r) => [r.status, 'version' in r ? r.version : null])).toEqual([['duplicate', 1]]);
    } finally {
      await fresh.close();
    }
    await settled();
    expect(await tally()).toEqual(before);
  });

  it('stores nothing new when a stored batch of 500 with corrections is sent again', async () => {
    const inputs = [
      ...generateNotices({ count: 500, seed: 20_261_207, correctionRate: 0.1, duplicateRate: 0.05 }),
    ].map((record) => record.input);
    const first: Receipt[] = await ingestor.ingest(items(inputs), ORIGIN);
    expect(first.some((r) => r.status === 'new-version')).toBe(true);
    await settled();
    const before = await tally();
    const again = await ingestor.ingest(items(inputs), ORIGIN);
    const published = again.filter((r) => r.status === 'accepted' || r.status === 'new-version');
    expect(published).toEqual([]);
    // Each resent record names the version its content was first stored as.
    first.forEach((receipt, index) => {
      const answer = again[index]!;
      if (receipt.status === 'rejected') expect(answer.status).toBe('rejected');
      else
        expect(answer).toMatchObject({
          status: 'duplicate',
          noticeId: receipt.noticeId,
          version: receipt.version,
        });
    });
    await settled();
    expect(await tally()).toEqual(before);
  });

  it('answers a credit record and its correction sent again as duplicates of versions 2 and 1', async () => {
    const raw = {
      recordId: `RS-${mode.name.length}`,
      listType: 'tendering-violation',
      subject: { name: '深圳市鹏城路桥工程有限公司', creditCode: shenzhenCode('MA5H1A2B') },
      authority: '深圳市住房和建设局',
      authorityRegion: '440300',
      documentNumber: '深建罚〔2024〕88号',
      reason: '串通投标',
      basis: '《中华人民共和国招标投标法》第五十三条',
      penalty: '罚款',
      decisionDate: '2024-05-02',
      validUntil: '2025-05-01',
    };
    const inputs = creditFromJson([raw, { ...raw, penalty: '罚款，取消投标资格一年' }], {
      feed: 'sz-credit',
      centre: '信用深圳',
    });
    const intake = await createCreditIntake({ bus, database: db, log: testLogger('credit') });
    const first: CreditReceipt[] = await intake.publish(inputs);
    await intake.close();
    expect(first.map((r) => r.status)).toEqual(['accepted', 'new-version']);
    await settled();
    const id = (first[0] as { creditRecordId: string }).creditRecordId;
    const versions = async () =>
      (
        await db.db
          .select({ n: count() })
          .from(schema.creditRecordVersions)
          .where(eq(schema.creditRecordVersions.recordId, id))
      )[0]!.n;
    expect(await versions()).toBe(2);
    const fresh = await createCreditIntake({ bus, database: db, log: testLogger('credit') });
    try {
      const again = await fresh.publish([inputs[1]!, inputs[0]!]);
      expect(again.map((r) => [r.status, 'version' in r ? r.version : null])).toEqual([
        ['duplicate', 2],
        ['duplicate', 1],
      ]);
    } finally {
      await fresh.close();
    }
    expect(await versions()).toBe(2);
  });
});
