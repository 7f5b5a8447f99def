/**
 * The flag step converges (issue #18): one project's notices pushed in order, and a copy of it
 * pushed with its stages out of order and a wrong first version of its call for bids corrected
 * last, end with the same flags — over Kafka and PostgreSQL, and in the default mode (the
 * embedded log on the embedded PostgreSQL server). The copy's history keeps the flag the wrong
 * version raised, and its clearing.
 */
import { schema } from '@ggzy/db';
import { type GeneratedRecord, generateNotices } from '@ggzy/generator';
import type { Receipt } from '@ggzy/ingest';
import { eventually } from '@ggzy/testkit';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type TestPipeline, useTestPipeline } from '../fixtures/pipeline.ts';

type Input = GeneratedRecord['input'] & Record<string, unknown>;

/** A generated construction project with a planted pattern, from call for bids to contract. */
function pickProject(): Input[] {
  const byProject = new Map<string, GeneratedRecord[]>();
  for (const record of generateNotices({
    count: 400,
    seed: 'flags-it',
    patternRate: 0.6,
    defectRate: 0,
    duplicateRate: 0,
    correctionRate: 0,
    domains: ['construction'],
  })) {
    const list = byProject.get(record.projectKey) ?? [];
    list.push(record);
    byProject.set(record.projectKey, list);
  }
  for (const records of byProject.values()) {
    const stages = records.map((r) => r.input.stage).join('>');
    const planted = records.flatMap((r) => r.planted ?? []).map((p) => p.pattern);
    if (
      stages === 'tender-announcement>candidates>result>contract' &&
      planted.includes('contract-above-award')
    )
      return records.map((r) => r.input as Input);
  }
  throw new Error('the generator gave no project to test with');
}

/** The same project under another code and record ids (another project to the pipeline). */
function copyOf(inputs: readonly Input[], tag: string): Input[] {
  return inputs.map((input) => ({
    ...input,
    recordId: `${input.recordId}-${tag}`,
    projectCode: `${input.projectCode}-${tag}`,
  }));
}

function noticeIdOf(receipt: Receipt | undefined): string {
  if (!receipt || receipt.status === 'rejected') throw new Error(`not stored: ${JSON.stringify(receipt)}`);
  return receipt.noticeId;
}

async function projectKeyOf(pipeline: TestPipeline, noticeId: string): Promise<string> {
  const [row] = await pipeline.db.db
    .select({ projectKey: schema.notices.projectKey })
    .from(schema.notices)
    .where(eq(schema.notices.id, noticeId));
  if (!row) throw new Error(`notice ${noticeId} not stored`);
  return row.projectKey;
}

/** A project's flags without what names the project (its key, code, notice ids). */
async function flagsOf(pipeline: TestPipeline, projectKey: string, tag: string) {
  const rows = await pipeline.db.db
    .select({ flag: schema.flags.flag })
    .from(schema.flags)
    .where(eq(schema.flags.scope, 'project'));
  return rows
    .map((row) => row.flag)
    .filter((flag) => flag.projectKeys.includes(projectKey))
    .map((flag) => ({
      indicator: flag.indicator,
      status: flag.status,
      lotCode: flag.lotCode ?? null,
      partyKeys: flag.partyKeys,
      values: JSON.parse(JSON.stringify(flag.values).replaceAll(`-${tag}`, '')) as unknown,
      notices: flag.notices.map((n) => `${n.stage}@${n.publishedAt}`),
    }))
    .sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0));
}

const modes = [
  { name: 'Kafka and PostgreSQL', options: { bus: 'kafka' as const } },
  {
    name: 'the default mode (embedded log, embedded PostgreSQL server)',
    options: { bus: 'embedded' as const, database: 'embedded-server' as const },
  },
];

describe.each(modes)('red flags on the stream, $name', ({ options }) => {
  const pipeline = useTestPipeline({ ...options, services: ['ingest', 'store', 'flags', 'query-api'] });
  const project = pickProject();

  it('gives a project whose stages arrive out of order, with a correction, the flags of the project in order', async () => {
    // In order, one notice per push: each a later stage arriving.
    const ordered = copyOf(project, 'A');
    const receiptsA: Receipt[] = [];
    for (const input of ordered) receiptsA.push(...(await pipeline.push([input])));
    expect(receiptsA.map((r) => r.status)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);

    // Out of order: a wrong call for bids first (a bid deadline on the day documents go out:
    // a short bid period), then the contract, the result and the candidates, then the call's
    // correction, the content the ordered copy had.
    const shuffled = copyOf(project, 'B');
    const [call, candidates, result, contract] = shuffled as [Input, Input, Input, Input];
    const wrongCall = {
      ...call,
      submission: { ...(call.submission as object), deadline: call.publishedAt },
    };
    const receiptsB: Receipt[] = await pipeline.push([wrongCall]);
    const keyB = await eventually('the wrong call for bids stored', () =>
      projectKeyOf(pipeline, noticeIdOf(receiptsB[0])).catch(() => undefined),
    );
    // The wrong version is evaluated before its correction arrives (waited for, so that the
    // history below does not depend on how the consumer batches).
    await eventually('the short bid period of the wrong version flagged', async () =>
      (await flagsOf(pipeline, keyB, 'B')).some(
        (f) => f.indicator === 'short-bid-period' && f.status === 'raised',
      ),
    );
    for (const input of [contract, result, candidates, call])
      receiptsB.push(...(await pipeline.push([input])));
    expect(receiptsB.map((r) => r.status)).toEqual([
      'accepted',
      'accepted',
      'accepted',
      'accepted',
      'new-version',
    ]);
    await pipeline.settle();

    const keyA = await projectKeyOf(pipeline, noticeIdOf(receiptsA[0]));
    const flagsA = await flagsOf(pipeline, keyA, 'A');
    const flagsB = await flagsOf(pipeline, keyB, 'B');
    const raisedA = flagsA.filter((f) => f.status === 'raised');
    expect(raisedA.map((f) => f.indicator)).toContain('contract-above-award');
    expect(flagsB.filter((f) => f.status === 'raised')).toEqual(raisedA);
    console.log(
      `flags: in order ${raisedA.map((f) => f.indicator).join(', ')}; out of order with a correction ${flagsB
        .map((f) => `${f.indicator} (${f.status})`)
        .join(', ')}`,
    );

    // The wrong version's flag was raised, then cleared by the correction: kept in the history.
    const short = await pipeline.db.db
      .select({ id: schema.flags.id, status: schema.flags.status })
      .from(schema.flags)
      .where(eq(schema.flags.indicator, 'short-bid-period'));
    const shortB = (
      await pipeline.db.db
        .select({ flag: schema.flags.flag })
        .from(schema.flags)
        .where(
          inArray(
            schema.flags.id,
            short.map((s) => s.id),
          ),
        )
    ).filter((row) => row.flag.projectKeys.includes(keyB));
    expect(shortB.map((row) => row.flag.status)).toEqual(['cleared']);
    const history = await pipeline.db.db
      .select({ seq: schema.flagEvents.seq, change: schema.flagEvents.change })
      .from(schema.flagEvents)
      .where(eq(schema.flagEvents.flagId, shortB[0]!.flag.id))
      .orderBy(schema.flagEvents.seq);
    expect(history).toEqual([
      { seq: 1, change: 'raised' },
      { seq: 2, change: 'cleared' },
    ]);
    expect(flagsA.some((f) => f.indicator === 'short-bid-period')).toBe(false);
  });
});
