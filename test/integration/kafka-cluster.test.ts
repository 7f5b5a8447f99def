/**
 * A three-broker KRaft cluster from the launcher (`pnpm kafka start --brokers 3`).
 *
 * In CI: ggzy's topics are created at replication factor 3 with min.insync.replicas 2, and a feed
 * pushed through the ingestor is stored exactly once by a store reading from the cluster.
 *
 * Not in CI (GGZY_TEST_BROKER_KILL=1): one broker killed with SIGKILL while the feed pushes and
 * the store projects. It fails today, which is why it does not run by default: in 5 runs, three
 * times records reported as accepted were missing once the store had caught up (4 to 33 of
 * 2,000), once kafkajs's idempotent producer kept answering "out of order sequence number"
 * (KafkaJSProtocolError 45: every later send to that partition failed), once it passed.
 * docs/operations.md, "A three-broker cluster".
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { allTopics, type Bus, createKafkaBus, noticeTopics, topics } from '@ggzy/bus';
import type { GeneratedRecord } from '@ggzy/generator';
import { createIngestor, type Ingestor, type Receipt } from '@ggzy/ingest';
import { type ClusterHandle, startKafkaCluster } from '@ggzy/kafka-launcher';
import { GgzyError } from '@ggzy/runtime';
import { type StoreService, startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase } from '@ggzy/testkit';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  caughtUp,
  expectProjectOrder,
  expectStoredExactly,
  FEED,
  feedRecords,
  ingestItems,
  logSize,
} from '../fixtures/resilience.ts';

const database = useTestDatabase();
const PREFIX = 'c3.';
const BATCH = 100;

describe.runIf(process.env.GGZY_TEST_BROKER_KILL !== '1')('a three-broker cluster', () => {
  let cluster: ClusterHandle | undefined;
  let bus: Bus | undefined;
  let store: StoreService | undefined;
  let ingestor: Ingestor | undefined;

  afterAll(async () => {
    await ingestor?.close();
    await store?.close();
    await bus?.close();
    await cluster?.stop();
  }, 120_000);

  beforeAll(async () => {
    const log = testLogger('kafka-cluster');
    cluster = await startKafkaCluster({ log, brokers: 3, heapMb: 320 });
    bus = await createKafkaBus({ brokers: cluster.brokers, clientId: 'ggzy-cluster', prefix: 'c3a.', log });
    await bus.ensureTopics(allTopics);
    store = await startStore({ bus, database: database.handle, log });
    await store.ready;
    ingestor = await createIngestor({ bus, database: database.handle, log });
  }, 240_000);

  it('lists three brokers and creates every catalogue topic at replication factor 3 with min.insync.replicas 2', async () => {
    const client = new Kafka({
      clientId: 'ggzy-cluster-test',
      brokers: cluster!.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await client.connect();
    try {
      expect((await client.describeCluster()).brokers).toHaveLength(3);
      const metadata = await client.fetchTopicMetadata({ topics: allTopics.map((def) => `c3a.${def.name}`) });
      for (const topic of metadata.topics) {
        for (const partition of topic.partitions) {
          expect(partition.replicas, topic.name).toHaveLength(3);
          expect(partition.isr, topic.name).toHaveLength(3);
        }
      }
      const configs = await client.describeConfigs({
        includeSynonyms: false,
        // 2: a topic (kafkajs's ConfigResourceTypes.TOPIC).
        resources: [{ type: 2, name: `c3a.${topics.raw.name}`, configNames: ['min.insync.replicas'] }],
      });
      expect(configs.resources[0]?.configEntries[0]).toMatchObject({
        configName: 'min.insync.replicas',
        configValue: '2',
      });
    } finally {
      await client.disconnect();
    }
  });

  it('takes a feed and stores it exactly once, each project in order', async () => {
    const records = feedRecords(300, 20_261_209);
    const receipts: Receipt[] = [];
    for (let from = 0; from < records.length; from += BATCH) {
      const answer = await ingestor!.ingest(ingestItems(records.slice(from, from + BATCH)), FEED);
      receipts.push(...answer.map((receipt) => ({ ...receipt, index: receipt.index + from })));
    }
    await eventually('the store to catch up', () => caughtUp(bus!), { timeoutMs: 60_000, intervalMs: 250 });
    await expectStoredExactly(database.handle, records, receipts, {
      noticeEvents: await logSize(bus!, 'notices'),
      raw: await logSize(bus!, 'raw'),
      dlq: await logSize(bus!, 'dlq'),
    });
    await expectProjectOrder(database.handle, records, receipts);
  }, 120_000);
});

describe.runIf(process.env.GGZY_TEST_BROKER_KILL === '1')(
  'a three-broker cluster, one broker killed under load',
  () => {
    let cluster: ClusterHandle | undefined;
    let bus: Bus | undefined;
    let store: StoreService | undefined;
    let ingestor: Ingestor | undefined;
    let records: GeneratedRecord[];
    const receipts: Receipt[] = [];
    let retried = 0;
    let batchesAfterKill = 0;
    let killed = 0;
    let killedWhilePushing = false;
    let waitedForLog = 0;

    const admin = () =>
      new Kafka({
        clientId: 'ggzy-cluster-test',
        brokers: cluster!.brokers,
        logLevel: logLevel.NOTHING,
      }).admin();

    afterAll(async () => {
      await ingestor?.close();
      await store?.close();
      await bus?.close();
      await cluster?.stop();
    }, 120_000);

    beforeAll(async () => {
      const log = testLogger('kafka-cluster');
      cluster = await startKafkaCluster({ log, brokers: 3, heapMb: 320 });
      bus = await createKafkaBus({ brokers: cluster.brokers, clientId: 'ggzy-cluster', prefix: PREFIX, log });
      await bus.ensureTopics(allTopics);
      store = await startStore({ bus, database: database.handle, log });
      await store.ready;
      ingestor = await createIngestor({ bus, database: database.handle, log });

      records = feedRecords(2_000, 20_261_208);
      let pushing = true;
      let afterKill = false;
      const feed = (async () => {
        for (let from = 0; from < records.length; from += BATCH) {
          const items = ingestItems(records.slice(from, from + BATCH));
          for (let attempt = 1; ; attempt += 1) {
            try {
              const answer = await ingestor!.ingest(items, FEED);
              receipts.push(...answer.map((receipt) => ({ ...receipt, index: receipt.index + from })));
              if (afterKill) batchesAfterKill += 1;
              break;
            } catch (error) {
              // What a feed is told to send again (a 503 with retriable at the HTTP route).
              if (!(error instanceof GgzyError) || !error.retriable || attempt >= 20) throw error;
              retried += 1;
              await sleep(500);
            }
          }
        }
        pushing = false;
      })();
      const kill = (async () => {
        await eventually(
          'the feed and the store to be under way',
          async () => {
            const [row] = await database.handle.query<{ n: number }>(
              'select count(*)::int as n from notice_versions',
            );
            return receipts.length >= 3 * BATCH && row!.n > 0;
          },
          { timeoutMs: 90_000, intervalMs: 50 },
        );
        // The broker that leads partition 0 of the first notice topic: it leads a share of them all.
        const client = admin();
        await client.connect();
        const metadata = await client.fetchTopicMetadata({ topics: [`${PREFIX}${noticeTopics[0]!.name}`] });
        await client.disconnect();
        killed = metadata.topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
        killedWhilePushing = pushing;
        afterKill = true;
        await cluster!.nodes.find((node) => node.nodeId === killed)!.kill();
      })();
      await Promise.all([feed, kill]);
      await eventually('the store to catch up on the two brokers left', () => caughtUp(bus!), {
        timeoutMs: 120_000,
        intervalMs: 250,
      });
      // Right after a leader moves, the new leader's high watermark can trail what was acknowledged
      // for a moment: the log shows (and the store reads) every record once it has caught up. Wait
      // for that — everything announced stored, as the log shows it — rather than read too early;
      // a record really lost never arrives and fails here.
      const caught = Date.now();
      await eventually(
        'every announced record in the log and stored exactly once',
        async () => {
          if (!(await caughtUp(bus!))) return false;
          await expectStoredExactly(database.handle, records, receipts, {
            noticeEvents: await logSize(bus!, 'notices'),
            raw: await logSize(bus!, 'raw'),
            dlq: await logSize(bus!, 'dlq'),
          });
          return true;
        },
        { timeoutMs: 60_000, intervalMs: 500 },
      );
      waitedForLog = Date.now() - caught;
    }, 360_000);

    it('creates every catalogue topic at replication factor 3 with min.insync.replicas 2', async () => {
      const client = admin();
      await client.connect();
      try {
        const names = allTopics.map((def) => `${PREFIX}${def.name}`);
        const metadata = await client.fetchTopicMetadata({ topics: names });
        for (const topic of metadata.topics) {
          for (const partition of topic.partitions) expect(partition.replicas, topic.name).toHaveLength(3);
        }
        const configs = await client.describeConfigs({
          includeSynonyms: false,
          // 2: a topic (kafkajs's ConfigResourceTypes.TOPIC).
          resources: [{ type: 2, name: `${PREFIX}${topics.raw.name}`, configNames: ['min.insync.replicas'] }],
        });
        expect(configs.resources[0]?.configEntries[0]).toMatchObject({
          configName: 'min.insync.replicas',
          configValue: '2',
        });
      } finally {
        await client.disconnect();
      }
    });

    it('killed a leading broker while the feed was pushing, and the feed went on', async () => {
      expect(killed).toBeGreaterThan(0);
      expect(killedWhilePushing).toBe(true);
      expect(batchesAfterKill).toBeGreaterThan(0);
      expect(receipts).toHaveLength(records.length);
      console.info(
        `cluster test: broker ${killed} killed; ${retried} batch(es) sent again; the log showed every record ${waitedForLog} ms after the store first caught up`,
      );
    });

    it('moved leadership of every partition to the two brokers left, each still with two in sync', async () => {
      const client = admin();
      await client.connect();
      try {
        const metadata = await client.fetchTopicMetadata({
          topics: allTopics.map((def) => `${PREFIX}${def.name}`),
        });
        for (const topic of metadata.topics) {
          for (const partition of topic.partitions) {
            expect(partition.leader, `${topic.name}/${partition.partitionId}`).not.toBe(killed);
            expect(partition.isr.filter((node) => node !== killed).length).toBeGreaterThanOrEqual(2);
          }
        }
      } finally {
        await client.disconnect();
      }
    });

    it('stores every announced version exactly once, every raw record and reject', async () => {
      await expectStoredExactly(database.handle, records, receipts, {
        noticeEvents: await logSize(bus!, 'notices'),
        raw: await logSize(bus!, 'raw'),
        dlq: await logSize(bus!, 'dlq'),
      });
    });

    it("keeps each project's records in the order they were accepted", async () => {
      await expectProjectOrder(database.handle, records, receipts);
    });
  },
);
