/** The bus contract (test/fixtures/bus-contract.ts) on Kafka. */
import { useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { describe } from 'vitest';
import { busContract } from '../fixtures/bus-contract.ts';
import { appendForeignKafka } from '../fixtures/foreign-writer.ts';

const kafka = useTestKafka();
const database = useTestDatabase();

describe('the Kafka bus', () => {
  busContract({
    bus: () => kafka.bus(),
    database: () => database.handle,
    async partitions(topic) {
      const admin = await kafka.admin();
      const metadata = await admin.fetchTopicMetadata({ topics: [`${kafka.prefix}${topic.name}`] });
      return metadata.topics[0]?.partitions.length ?? 0;
    },
    async committedOffset(group, topic) {
      const admin = await kafka.admin();
      const offsets = await admin.fetchOffsets({
        groupId: `${kafka.prefix}${group}`,
        topics: [`${kafka.prefix}${topic.name}`],
      });
      return offsets[0]?.partitions.find((p) => p.partition === 0)?.offset;
    },
    appendForeign: (topic, values) =>
      appendForeignKafka(kafka.brokers, `${kafka.prefix}${topic.name}`, values),
  });
});
