import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { defineTopic } from '@ggzy/bus';
import { testServices, useTestKafka } from '@ggzy/testkit';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const kafka = useTestKafka();
const fixture = fileURLToPath(new URL('../fixtures/slow-consumer.ts', import.meta.url));

const topic = defineTopic({
  name: 'ggzy.test-shutdown.v1',
  schema: z.object({ projectKey: z.string(), seq: z.number() }),
  key: (value) => value.projectKey,
  partitions: 1,
});

async function waitFor(file: string, text: string, timeoutMs = 45_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const content = await readFile(file, 'utf8').catch(() => '');
    if (content.includes(text)) return content;
    if (Date.now() > deadline) throw new Error(`"${text}" never appeared in ${file}:\n${content}`);
    await sleep(100);
  }
}

describe('graceful shutdown', () => {
  it('on SIGTERM a consumer finishes its batch, commits it and exits 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ggzy-shutdown-'));
    const journal = join(dir, 'journal.txt');
    try {
      const bus = await kafka.bus();
      await bus.ensureTopics([topic]);
      const child = spawn(process.execPath, ['--import', 'tsx', fixture, topic.name, '1', journal], {
        env: {
          ...process.env,
          KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
          DATABASE_URL: 'postgres://unused@127.0.0.1:5432/unused',
          GGZY_TOPIC_PREFIX: kafka.prefix,
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      await waitFor(journal, 'ready');

      const producer = await bus.producer();
      await producer.send(topic, [
        { projectKey: '440309:LHACG2025000057', seq: 1 },
        { projectKey: '440309:LHACG2025000057', seq: 2 },
      ]);
      await waitFor(journal, 'start');
      child.kill('SIGTERM');
      expect(await exited).toBe(0);

      const lines = (await readFile(journal, 'utf8')).trim().split('\n');
      const started = lines.filter((line) => line.startsWith('start '));
      const ended = lines.filter((line) => line.startsWith('end '));
      // The batch in flight at SIGTERM was finished, not abandoned.
      expect(ended.map((line) => line.slice(4))).toEqual(started.map((line) => line.slice(6)));
      expect(lines.at(-1)).toBe('exited cleanly');

      // ...and its offsets were committed: the group resumes after the last processed record.
      const lastProcessed = Math.max(...ended.flatMap((line) => line.slice(4).split(',').map(Number)));
      const admin = await kafka.admin();
      const offsets = await admin.fetchOffsets({
        groupId: `${kafka.prefix}slow`,
        topics: [`${kafka.prefix}${topic.name}`],
      });
      expect(offsets[0]?.partitions[0]?.offset).toBe(String(lastProcessed + 1));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
