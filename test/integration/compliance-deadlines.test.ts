/**
 * The statutory clocks beyond the 20-working-day rule (issue "The regulator's workbench"): the
 * store evaluates every notice version against packages/domain `deadlineRules`, and
 * GET /v1/compliance/deadlines reports on time, late and undetermined per rule, region and
 * domain, each rule with its legal source — over a real PostgreSQL filled through the store.
 */
import { topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { type Notice, noticeId, noticeSchema, shanghaiNow } from '@ggzy/domain';
import { procurementFixtures } from '@ggzy/domain/fixtures';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { candidatesNotice, noticeEvent, shenzhenCode } from '../fixtures/blacklist.ts';
import { useTestPipeline } from '../fixtures/pipeline.ts';

const pipeline = useTestPipeline({ bus: 'kafka', services: ['store', 'query-api'] });
const at = (day: string) => `${day}T10:00:00+08:00`;
const company = { name: '深圳市龙华建设工程有限公司', code: shenzhenCode('MA5Q2R3T') };

function candidates(tag: string, formed: string | undefined, publishedOn: string): Notice {
  return noticeSchema.parse({
    ...candidatesNotice(tag, company.name, company.code),
    formedAt: formed === undefined ? undefined : at(formed),
    publishedAt: at(publishedOn),
    publicityPeriod: { from: at(publishedOn), until: at(publishedOn) },
  });
}

function procurementResult(tag: string, formed: string, publishedOn: string): Notice {
  const base = noticeSchema.parse(procurementFixtures.result);
  return noticeSchema.parse({
    ...base,
    id: noticeId({ feed: 'sz-ggzy', recordId: `ZF-${tag}` }),
    project: { ...base.project, projectCode: `ZFCG-${tag}` },
    formedAt: at(formed),
    publishedAt: at(publishedOn),
  });
}

const notices = {
  onTime: candidates('DL1', '2025-06-03', '2025-06-06'),
  late: candidates('DL2', '2025-06-03', '2025-06-07'),
  noReport: candidates('DL3', undefined, '2025-06-07'),
  // Formed Tuesday 30 September 2025: Friday 10 October is the 2nd working day (国庆 1–8 off),
  // Saturday 11 (worked, 调休) the 3rd.
  procurementOnTime: procurementResult('DL4', '2025-09-30', '2025-10-10'),
  procurementLate: procurementResult('DL5', '2025-09-30', '2025-10-11'),
};

beforeAll(async () => {
  const producer = await pipeline.bus.producer();
  try {
    const now = shanghaiNow();
    await producer.send(
      topics.notice.construction,
      [notices.onTime, notices.late, notices.noReport].map((n) => noticeEvent(n, now)),
    );
    await producer.send(
      topics.notice.procurement,
      [notices.procurementOnTime, notices.procurementLate].map((n) => noticeEvent(n, now)),
    );
  } finally {
    await producer.close();
  }
  await pipeline.settle();
});

describe('statutory deadlines', () => {
  it('are evaluated by the store on each notice', async () => {
    const [row] = await pipeline.db.db
      .select({ deadlines: schema.notices.deadlines })
      .from(schema.notices)
      .where(eq(schema.notices.id, notices.late.id));
    expect(row?.deadlines.find((d) => d.rule === 'candidates-within-3-days')).toMatchObject({
      status: 'late',
      elapsed: 4,
      limit: 3,
    });
  });

  it('are reported per rule with their legal source, on time, late and undetermined', async () => {
    const { status, body, text } = await pipeline.api('public').get('/v1/compliance/deadlines');
    expect(status, text).toBe(200);
    const rule = (id: string) => body.rules.find((r: { id: string }) => r.id === id);
    expect(rule('candidates-within-3-days')).toMatchObject({
      source: expect.stringContaining('招标投标法实施条例'),
      limit: 3,
      calendar: 'days',
      total: { notices: 3, onTime: 1, late: 1, undetermined: 1, lateRate: 0.5 },
    });
    expect(rule('procurement-result-2-working-days')).toMatchObject({
      source: expect.stringContaining('政府采购法实施条例'),
      calendar: 'working-days',
      total: { notices: 2, onTime: 1, late: 1, undetermined: 0 },
    });
    expect(rule('disclosure-20-working-days').total.notices).toBe(5);
    expect(rule('candidates-within-3-days').groups).toEqual([
      expect.objectContaining({ region: '440309', domain: 'construction', late: 1 }),
    ]);
    const scoped = await pipeline.api('public').get('/v1/compliance/deadlines?domain=procurement');
    expect(
      scoped.body.rules.find((r: { id: string }) => r.id === 'candidates-within-3-days').total.notices,
    ).toBe(0);
  });

  it('are in the OpenAPI document', async () => {
    const { body } = await pipeline.api('public').get('/openapi.json');
    expect(body.paths['/v1/compliance/deadlines']).toBeDefined();
  });
});
