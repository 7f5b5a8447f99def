import { describe, expect, it } from 'vitest';
import { type CreditRecord, creditRecordSchema } from './credit.ts';
import {
  creditDeadlineRulesFor,
  deadlineRuleById,
  deadlineRules,
  deadlineRulesFor,
  evaluateCreditDeadlines,
  evaluateDeadline,
  evaluateDeadlines,
} from './deadline-rules.ts';
import { constructionFixtures, creditRecord, procurementFixtures } from './notice.fixtures.ts';
import { type Notice, noticeSchema } from './notice.ts';

function notice(input: unknown, patch: Record<string, unknown>): Notice {
  const result = noticeSchema.safeParse({ ...(input as object), ...patch });
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.data;
}

const at = (day: string) => `${day}T10:00:00+08:00`;

function check(ruleId: string, n: Notice) {
  const rule = deadlineRuleById(ruleId);
  if (rule?.subject !== 'notice') throw new Error(`no notice rule ${ruleId}`);
  return evaluateDeadline(rule, n);
}

function record(patch: Record<string, unknown>): CreditRecord {
  const result = creditRecordSchema.safeParse({ ...creditRecord, ...patch });
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.data;
}

/** The 7-working-day result of a record decided and published on these days. */
function credit(decided: string, published: string | undefined) {
  const results = evaluateCreditDeadlines(
    record({
      decisionDate: at(decided),
      validFrom: at(decided),
      validUntil: undefined,
      publishedAt: published && at(published),
    }),
  );
  expect(results.map((r) => r.rule)).toEqual(['credit-publication-7-working-days']);
  return results[0]!;
}

describe('the deadline rule table', () => {
  it('cites a legal source for every rule, and ids are unique', () => {
    expect(new Set(deadlineRules.map((rule) => rule.id)).size).toBe(deadlineRules.length);
    for (const rule of deadlineRules) {
      expect(rule.source).toMatch(/《.+》/);
      expect(rule.title).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('applies the 20-working-day rule to every notice and the shorter clocks to their stages', () => {
    expect(deadlineRulesFor('land', 'supply-result').map((r) => r.id)).toEqual([
      'disclosure-20-working-days',
    ]);
    expect(deadlineRulesFor('construction', 'candidates').map((r) => r.id)).toEqual([
      'disclosure-20-working-days',
      'candidates-within-3-days',
      'candidates-publicity-3-days',
    ]);
    expect(deadlineRulesFor('procurement', 'result').map((r) => r.id)).toContain(
      'procurement-result-2-working-days',
    );
    expect(deadlineRulesFor('construction', 'tender-announcement').map((r) => r.id)).toContain(
      'bid-period-20-days',
    );
  });
});

describe('中标候选人公示 within 3 days of the evaluation report (条例第54条)', () => {
  const base = constructionFixtures.candidates;
  it('is on time on the third day, late on the fourth, undetermined without the report date', () => {
    const on = notice(base, { formedAt: at('2025-06-03'), publishedAt: at('2025-06-06') });
    expect(check('candidates-within-3-days', on)).toMatchObject({ status: 'on-time', elapsed: 3 });
    const late = notice(base, { formedAt: at('2025-06-03'), publishedAt: at('2025-06-07') });
    expect(check('candidates-within-3-days', late)).toMatchObject({ status: 'late', elapsed: 4 });
    const unknown = notice(base, { formedAt: undefined, publishedAt: at('2025-06-07') });
    expect(check('candidates-within-3-days', unknown)).toMatchObject({
      status: 'undetermined',
      elapsed: null,
    });
    expect(check('candidates-within-3-days', unknown).reason).toContain('评标报告');
  });

  it('counts calendar days: a holiday does not stretch it', () => {
    // 2025-10-01 to 08 are off; 3 calendar days after 30 September is 3 October all the same.
    const holiday = notice(base, { formedAt: at('2025-09-30'), publishedAt: at('2025-10-04') });
    expect(check('candidates-within-3-days', holiday)).toMatchObject({ status: 'late', elapsed: 4 });
  });

  it('wants a publicity period of at least 3 days, both ends counted', () => {
    const three = notice(base, {
      publicityPeriod: { from: '2025-06-06T00:00:00+08:00', until: '2025-06-08T23:59:59+08:00' },
    });
    expect(check('candidates-publicity-3-days', three)).toMatchObject({ status: 'on-time', elapsed: 3 });
    const two = notice(base, {
      publicityPeriod: { from: '2025-06-06T00:00:00+08:00', until: '2025-06-07T23:59:59+08:00' },
    });
    expect(check('candidates-publicity-3-days', two)).toMatchObject({ status: 'late', elapsed: 2 });
    const none = notice(base, { publicityPeriod: undefined });
    expect(check('candidates-publicity-3-days', none).status).toBe('undetermined');
  });
});

describe('政府采购 results within 2 working days of determining the supplier (条例第43条)', () => {
  const base = procurementFixtures.result;
  it('skips the National Day holiday and counts the worked Saturday (调休)', () => {
    // After Tuesday 30 September 2025: 1–8 October off; Thursday 9 is the 1st working day,
    // Friday 10 the 2nd, and Saturday 11 is worked (调休), so it is the 3rd.
    const friday = notice(base, { formedAt: at('2025-09-30'), publishedAt: at('2025-10-10') });
    expect(check('procurement-result-2-working-days', friday)).toMatchObject({
      status: 'on-time',
      elapsed: 2,
    });
    const saturday = notice(base, { formedAt: at('2025-09-30'), publishedAt: at('2025-10-11') });
    expect(check('procurement-result-2-working-days', saturday)).toMatchObject({
      status: 'late',
      elapsed: 3,
    });
  });

  it('counts a worked Sunday (调休) as a working day, and a rest day publication as the next working day', () => {
    // Friday 26 September 2025; Sunday 28 is worked: published that day is the 1st working day.
    const sunday = notice(base, { formedAt: at('2025-09-26'), publishedAt: at('2025-09-28') });
    expect(check('procurement-result-2-working-days', sunday)).toMatchObject({
      status: 'on-time',
      elapsed: 1,
    });
    // Published on Saturday 4 October (off): counts as Thursday 9, the 1st working day after 30 September.
    const restDay = notice(base, { formedAt: at('2025-09-30'), publishedAt: at('2025-10-04') });
    expect(check('procurement-result-2-working-days', restDay)).toMatchObject({
      status: 'on-time',
      elapsed: 1,
    });
  });

  it('is undetermined beyond the holiday calendar, saying which day', () => {
    const future = notice(base, { formedAt: at('2031-03-03'), publishedAt: at('2031-03-05') });
    const result = check('procurement-result-2-working-days', future);
    expect(result).toMatchObject({ status: 'undetermined', elapsed: null });
    expect(result.reason).toMatch(/日历/);
  });
});

describe('招标文件发出至投标截止 at least 20 days (招标投标法第24条)', () => {
  const base = constructionFixtures['tender-announcement'];
  it('is met at 20 days and not at 19', () => {
    const twenty = notice(base, {
      documentAccess: { from: at('2025-06-01') },
      submission: { deadline: '2025-06-21T09:30:00+08:00' },
    });
    expect(check('bid-period-20-days', twenty)).toMatchObject({ status: 'on-time', elapsed: 20 });
    const nineteen = notice(base, {
      documentAccess: { from: at('2025-06-01') },
      submission: { deadline: '2025-06-20T09:30:00+08:00' },
    });
    expect(check('bid-period-20-days', nineteen)).toMatchObject({ status: 'late', elapsed: 19 });
  });

  it('starts at publication when the documents date is not given, and is undetermined without a deadline', () => {
    const fromPublication = notice(base, {
      publishedAt: at('2025-06-01'),
      formedAt: at('2025-06-01'),
      documentAccess: undefined,
      submission: { deadline: '2025-06-25T09:30:00+08:00' },
    });
    expect(check('bid-period-20-days', fromPublication)).toMatchObject({ status: 'on-time', elapsed: 24 });
    const noDeadline = notice(base, { submission: undefined });
    expect(check('bid-period-20-days', noDeadline).status).toBe('undetermined');
  });
});

describe('evaluateDeadlines', () => {
  it('answers every rule that applies, the 20-working-day rule included', () => {
    const n = notice(constructionFixtures.candidates, {
      formedAt: at('2025-06-03'),
      publishedAt: at('2025-06-05'),
    });
    expect(evaluateDeadlines(n).map((r) => [r.rule, r.status])).toEqual([
      ['disclosure-20-working-days', 'on-time'],
      ['candidates-within-3-days', 'on-time'],
      ['candidates-publicity-3-days', expect.any(String)],
    ]);
  });
});

describe('行政处罚 decisions published online within 7 working days (seeds 003 §(五), 000)', () => {
  it('applies to administrative lists, not to the courts’ 失信被执行人', () => {
    expect(creditDeadlineRulesFor('procurement-serious-violation').map((r) => r.id)).toEqual([
      'credit-publication-7-working-days',
    ]);
    expect(creditDeadlineRulesFor('tendering-violation')).toHaveLength(1);
    expect(creditDeadlineRulesFor('dishonest-judgment-debtor')).toEqual([]);
    expect(deadlineRulesFor('procurement', 'result').map((r) => r.id)).not.toContain(
      'credit-publication-7-working-days',
    );
  });

  it('is on time on the 7th working day and late on the 8th, across 国庆 and its 调休 weekends', () => {
    // Decided Friday 26 September 2025. Sunday 28 September is worked (1st), 29 and 30 (2nd, 3rd),
    // 1–8 October off, Thursday 9 and Friday 10 (4th, 5th), Saturday 11 worked (6th), Monday 13 the 7th.
    expect(credit('2025-09-26', '2025-10-13')).toMatchObject({ status: 'on-time', elapsed: 7, limit: 7 });
    expect(credit('2025-09-26', '2025-10-14')).toMatchObject({ status: 'late', elapsed: 8 });
    // Published on the worked Saturday: its 6th working day.
    expect(credit('2025-09-26', '2025-10-11')).toMatchObject({ status: 'on-time', elapsed: 6 });
    // Published on Sunday 12 October (a rest day): counts as Monday 13, still the 7th.
    expect(credit('2025-09-26', '2025-10-12')).toMatchObject({ status: 'on-time', elapsed: 7 });
    // Published during the holiday: counts as Thursday 9 October, the 4th.
    expect(credit('2025-09-26', '2025-10-05')).toMatchObject({ status: 'on-time', elapsed: 4 });
  });

  it('counts the Spring Festival 2026 and its worked Saturdays (调休)', () => {
    // Decided Wednesday 11 February 2026: 12, 13 and the worked Saturday 14 (1st–3rd), 15–23 off,
    // 24–27 (4th–7th); Saturday 28 February is worked, so publishing then is the 8th: late.
    expect(credit('2026-02-11', '2026-02-27')).toMatchObject({ status: 'on-time', elapsed: 7 });
    expect(credit('2026-02-11', '2026-02-28')).toMatchObject({ status: 'late', elapsed: 8 });
    // A plain week: Monday to the next Wednesday is 7.
    expect(credit('2025-06-02', '2025-06-11')).toMatchObject({ status: 'on-time', elapsed: 7 });
    expect(credit('2025-06-02', '2025-06-12')).toMatchObject({ status: 'late', elapsed: 8 });
  });

  it('is undetermined without a publication date, or beyond the holiday calendar', () => {
    const missing = credit('2025-06-02', undefined);
    expect(missing).toMatchObject({
      status: 'undetermined',
      elapsed: null,
      startDay: '2025-06-02',
      endDay: null,
    });
    expect(missing.reason).toContain('上网公开日期');
    const future = credit('2031-03-03', '2031-03-05');
    expect(future).toMatchObject({ status: 'undetermined', elapsed: null });
    expect(future.reason).toMatch(/日历/);
  });

  it('refuses a record published before its decision', () => {
    const result = creditRecordSchema.safeParse({
      ...creditRecord,
      publishedAt: '2024-03-14T10:00:00+08:00',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['publishedAt']);
    // The same day, earlier in the day than a timed decision, is the same day: accepted.
    expect(
      record({ decisionDate: '2024-03-15T16:00:00+08:00', publishedAt: '2024-03-15' + 'T09:00:00+08:00' })
        .publishedAt,
    ).toBe('2024-03-15T09:00:00+08:00');
  });
});
