/**
 * `pnpm ggzy dlq list|replay` as people run them (child processes), on the embedded log in
 * PostgreSQL (the CLI runs the store itself): rows rejected under a broken mapping are listed,
 * replayed with the fixed mapping into accepted notices, recorded in dlq_replays, and not
 * replayed twice; a row that still fails goes back to the DLQ; a dry run changes nothing.
 */
import { randomBytes } from 'node:crypto';
import { type DatabaseHandle, schema } from '@ggzy/db';
import { useTestDatabase } from '@ggzy/testkit';
import { asc, count } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { lastJson, runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();

const CSV = 'packages/normalize/fixtures/tabular/procurement-result.csv';
const BROKEN_MAPPING = 'test/fixtures/procurement-result-without-domain.json';
const FIXED_MAPPING = 'docs/mappings/procurement-result-export.json';

interface Listed {
  id: string;
  position: string;
  feed: string;
  firstRule: string;
  errors: { path: string; rule: string; message: string }[];
  replays: { outcome: string; noticeId: string | null }[];
}

interface ReplaySummary {
  dryRun: boolean;
  replayed: number;
  nowAccepted: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  skipped: number;
  topRules: { rule: string; count: number }[];
}

async function total(
  db: DatabaseHandle,
  table: typeof schema.notices | typeof schema.dlqEntries | typeof schema.dlqReplays,
) {
  const [row] = await db.db.select({ n: count() }).from(table);
  return row!.n;
}

function listed(stdout: string): Listed[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Listed);
}

describe('the dead-letter queue: list and replay', () => {
  let env: Record<string, string> = {};
  const ggzy = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    env = { DATABASE_URL: database.url, GGZY_TOPIC_PREFIX: `dlq${randomBytes(3).toString('hex')}.` };
    const imported = await ggzy(
      'import',
      CSV,
      '--source',
      'sz-export',
      '--mapping',
      BROKEN_MAPPING,
      '--json',
    );
    expect(imported.code).toBe(0);
    expect(lastJson(imported)).toMatchObject({ read: 3, accepted: 0, rejected: 3 });
  }, 120_000);

  it('lists every rejected row with its reasons, newest first, and filters them', async () => {
    const all = await ggzy('dlq', 'list', '--json');
    expect(all.code).toBe(0);
    const entries = listed(all.stdout);
    expect(entries).toHaveLength(3);
    for (const entry of entries) {
      expect(entry.feed).toBe('sz-export');
      expect(entry.firstRule).toBe('schema');
      expect(entry.errors[0]!.path).toMatch(/^row [234], domain$/);
      expect(entry.replays).toEqual([]);
    }
    expect(listed((await ggzy('dlq', 'list', '--feed', 'gd-ggzy', '--json')).stdout)).toEqual([]);
    expect(listed((await ggzy('dlq', 'list', '--limit', '2', '--json')).stdout)).toHaveLength(2);
    const table = await ggzy('dlq', 'list', '--feed', 'sz-export');
    expect(table.stdout).toMatch(/^failed at \(UTC\+8\)\s+feed\s+source record id\s+first rule/);
    expect(table.stdout).toContain('3 entries, newest first');
  }, 60_000);

  it('shows in a dry run what a replay would do, and changes nothing', async () => {
    const dry = await ggzy('dlq', 'replay', '--mapping', FIXED_MAPPING, '--dry-run', '--json');
    expect(dry.code).toBe(0);
    expect(lastJson<ReplaySummary>(dry)).toMatchObject({
      dryRun: true,
      replayed: 3,
      nowAccepted: 2,
      rejected: 1,
      topRules: [{ rule: 'credit-code.check-char', count: 1 }],
    });
    expect(await total(database.handle, schema.dlqReplays)).toBe(0);
    expect(await total(database.handle, schema.notices)).toBe(0);
    expect(await total(database.handle, schema.dlqEntries)).toBe(3);
  }, 60_000);

  it('skips CSV rows when no mapping is given, saying why', async () => {
    const result = await ggzy('dlq', 'replay');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('3 × a CSV row needs the column mapping: --mapping FILE');
    expect(await total(database.handle, schema.dlqReplays)).toBe(0);
  }, 60_000);

  it('replays with the fixed mapping: fixed rows become notices, the rest go back to the DLQ', async () => {
    const replay = await ggzy('dlq', 'replay', '--mapping', FIXED_MAPPING, '--json');
    expect(replay.code).toBe(0);
    expect(lastJson<ReplaySummary>(replay)).toMatchObject({
      dryRun: false,
      replayed: 3,
      accepted: 2,
      rejected: 1,
      topRules: [{ rule: 'credit-code.check-char', count: 1 }],
    });
    expect(await total(database.handle, schema.notices)).toBe(2);
    // The row that still fails is a new entry; the old ones stay as they were (append-only).
    expect(await total(database.handle, schema.dlqEntries)).toBe(4);
    const outcomes = await database.handle.db
      .select({ outcome: schema.dlqReplays.outcome, noticeId: schema.dlqReplays.noticeId })
      .from(schema.dlqReplays)
      .orderBy(asc(schema.dlqReplays.outcome));
    expect(outcomes.map((o) => o.outcome)).toEqual(['accepted', 'accepted', 'rejected']);
    const notices = await database.handle.db.select({ id: schema.notices.id }).from(schema.notices);
    expect(new Set(outcomes.flatMap((o) => (o.noticeId ? [o.noticeId] : [])))).toEqual(
      new Set(notices.map((n) => n.id)),
    );
    const stillFailing = listed(
      (await ggzy('dlq', 'list', '--rule', 'credit-code.check-char', '--json')).stdout,
    );
    expect(stillFailing).toHaveLength(1);
    expect(stillFailing[0]!.errors[0]!.path).toContain('统一社会信用代码');
  }, 60_000);

  it('does not replay what a replay already fixed, unless --id names it', async () => {
    const again = await ggzy('dlq', 'replay', '--mapping', FIXED_MAPPING, '--json');
    expect(again.code).toBe(0);
    // Only the row that still fails: its first entry and the one its replay made share an id.
    expect(lastJson<ReplaySummary>(again)).toMatchObject({ replayed: 1, nowAccepted: 0, rejected: 1 });
    expect(await total(database.handle, schema.dlqReplays)).toBe(3 + 2);

    const fixed = listed((await ggzy('dlq', 'list', '--json')).stdout).find((entry) =>
      entry.replays.some((r) => r.outcome === 'accepted'),
    );
    expect(fixed).toBeDefined();
    const named = await ggzy('dlq', 'replay', '--id', fixed!.id, '--mapping', FIXED_MAPPING, '--json');
    expect(lastJson<ReplaySummary>(named)).toMatchObject({ replayed: 1, duplicates: 1, rejected: 0 });
    expect(await total(database.handle, schema.notices)).toBe(2);
  }, 120_000);
});
