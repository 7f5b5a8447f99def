import { describe, expect, it } from 'vitest';
import {
  deadlineRuleById,
  deadlineRules,
  deadlineRulesFor,
  evaluateDeadline,
  evaluateDeadlines,
} from './deadline-rules.ts';
import { constructionFixtures, procurementFixtures } from './notice.fixtures.ts';
import { type Notice, noticeSchema } from './notice.ts';

function notice(input: unknown, patch: Record<string, unknown>): Notice {
  const result = noticeSchema.safeParse({ ...(input as object), ...patch });
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.data;
}

const at = (day: string) => `${day}T10:00:00+08:00`;

function check(ruleId: string, n: Notice) {
  const rule = deadlineRuleById(ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  return evaluateDeadline(rule, n);
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
