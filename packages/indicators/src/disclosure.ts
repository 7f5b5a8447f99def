import { type CreditRecord, deadlineRuleById, evaluateDeadlines, isCreditRecordActive } from '@ggzy/domain';
import { z } from 'zod';
import { evidenceOf, type Flag, type ProjectIndicator } from './indicator.ts';

const lateResultParams = z.object({
  /** The statutory clocks (packages/domain deadline-rules.ts) a result or candidates notice is held to. */
  rules: z
    .array(z.string())
    .default(['procurement-result-2-working-days', 'candidates-within-3-days', 'disclosure-20-working-days']),
});

/** The stages that publish an outcome: 中标候选人公示, 中标(成交)结果公告. */
const RESULT_STAGES = new Set(['candidates', 'result']);

/**
 * 结果公示(公告)超期: a candidates or result notice published later than its statutory clock allows,
 * by the rule table of packages/domain deadline-rules.ts (the same evaluation the store keeps per
 * version and GET /v1/compliance/deadlines reports). A clock it cannot decide (a date missing,
 * a day beyond the holiday calendar) does not flag.
 */
export const lateResult: ProjectIndicator<z.infer<typeof lateResultParams>> = {
  id: 'late-result',
  scope: 'project',
  title: { zh: '中标结果公示(公告)发布超期', en: 'Results published late' },
  description: {
    zh: '中标候选人公示或中标(成交)结果公告晚于法定期限发布：工程建设项目自收到评标报告之日起3日内公示中标候选人；政府采购自中标、成交供应商确定之日起2个工作日内发布结果公告；各类信息自形成或者变更之日起20个工作日内公开。',
    en: 'A candidates or result notice published after its statutory deadline: construction candidates within 3 days of the evaluation report; procurement results within 2 working days of determining the supplier; any information within 20 working days of its formation.',
  },
  sources: [
    { kind: 'ocp-guide', title: 'Delayed or missing publication of award information' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法实施条例',
      article: '第五十四条',
      text: '依法必须进行招标的项目，招标人应当自收到评标报告之日起3日内公示中标候选人，公示期不得少于3日。',
    },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法实施条例',
      article: '第四十三条',
      text: '采购人或者采购代理机构应当自中标、成交供应商确定之日起2个工作日内，发出中标、成交通知书，并在省级以上人民政府财政部门指定的媒体上公告中标、成交结果。',
    },
    {
      kind: 'rule',
      law: '公共资源交易平台管理暂行办法 等',
      article: '信息公开时限',
      text: '公共资源交易信息自形成或者变更之日起20个工作日内公开。',
    },
  ],
  inputs: ['stage', 'formedAt', 'publishedAt', 'publicityPeriod'],
  domains: ['construction', 'procurement'],
  params: lateResultParams,
  evaluate(project, params) {
    const late = project.notices.flatMap((notice) =>
      RESULT_STAGES.has(notice.stage)
        ? evaluateDeadlines(notice)
            .filter((r) => r.status === 'late' && params.rules.includes(r.rule))
            .map((r) => ({ notice, result: r }))
        : [],
    );
    if (late.length === 0) return [];
    const flag: Flag = {
      indicator: 'late-result',
      projectKeys: [project.key],
      notices: [...new Set(late.map((l) => l.notice))].map((n) => evidenceOf(n, project.key)),
      values: {
        late: late.map(({ notice, result }) => ({
          noticeId: notice.id,
          stage: notice.stage,
          rule: result.rule,
          title: deadlineRuleById(result.rule)?.title ?? result.rule,
          startDay: result.startDay ?? '',
          endDay: result.endDay ?? '',
          elapsed: result.elapsed ?? 0,
          limit: result.limit,
        })),
      },
    };
    return [flag];
  },
};

/**
 * A blacklist alert on one of the project's parties, with the credit record behind it, as the
 * store holds them (alerts, credit_records): the context the flag step gives `evaluateProject`.
 */
export interface Listing {
  alertId: string;
  partyKey: string;
  matchLevel: 'certain' | 'probable' | 'review';
  /** The alert's status: a dismissed alert was judged not to be this party. */
  status: 'open' | 'confirmed' | 'dismissed' | 'closed';
  record: Pick<
    CreditRecord,
    'id' | 'listType' | 'authority' | 'penalty' | 'validFrom' | 'validUntil' | 'withdrawal' | 'documentNumber'
  >;
}

const listedWinnerParams = z.object({
  /** Match levels that count: `review` (name only) is too weak to flag. */
  matchLevels: z.array(z.enum(['certain', 'probable', 'review'])).default(['certain', 'probable']),
});

/**
 * 中标人在中标日处于失信名单: a lot's winner matched (the blacklist's alert, not dismissed) to a
 * credit record that restricted it on the award date — the day the result counts, whatever the
 * record became later (withdrawn or expired after the award still flags).
 */
export const listedWinner: ProjectIndicator<z.infer<typeof listedWinnerParams>> = {
  id: 'listed-winner',
  scope: 'project',
  title: { zh: '中标人在中标日处于失信名单', en: 'Winner listed on the blacklist on the award date' },
  description: {
    zh: '中标(成交)人在中标日期处于有效的失信惩戒或禁止参加招标投标、政府采购的名单中(依据黑名单预警，已被核查排除的预警不计)。',
    en: "The winner was under an active credit restriction (blacklist) on the award date, per the blacklist's alerts (alerts a reviewer dismissed do not count).",
  },
  sources: [
    { kind: 'ocp-guide', title: 'Winning supplier is debarred or sanctioned' },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法',
      article: '第二十二条',
      text: '供应商参加政府采购活动应当具备下列条件：……（五）参加政府采购活动前三年内，在经营活动中没有重大违法记录。',
    },
    {
      kind: 'rule',
      law: '关于对失信被执行人实施联合惩戒的合作备忘录 等',
      article: '联合惩戒措施',
      text: '限制失信主体参与招标投标、政府采购活动（一地受处，处处受限）。',
    },
  ],
  inputs: [
    'awards[].winner',
    'awards[].supplier',
    'awards[].awardedAt',
    'formedAt',
    'alerts',
    'credit records',
  ],
  domains: ['construction', 'procurement'],
  params: listedWinnerParams,
  evaluate(project, params) {
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      const award = lot.award;
      if (!award) continue;
      const hits = project.listings.filter(
        (l) =>
          l.partyKey === award.winner.key &&
          l.status !== 'dismissed' &&
          params.matchLevels.includes(l.matchLevel) &&
          isCreditRecordActive(l.record, award.at),
      );
      if (hits.length === 0) continue;
      flags.push({
        indicator: 'listed-winner',
        projectKeys: [project.key],
        ...(lot.lotCode !== undefined ? { lotCode: lot.lotCode } : {}),
        notices: [evidenceOf(award.notice, project.key)],
        values: {
          winner: { key: award.winner.key, name: award.winner.name },
          awardedAt: award.at,
          records: hits
            .map((h) => ({
              alertId: h.alertId,
              creditRecordId: h.record.id,
              matchLevel: h.matchLevel,
              listType: h.record.listType,
              authority: h.record.authority,
              penalty: h.record.penalty,
              validFrom: h.record.validFrom,
              ...(h.record.validUntil ? { validUntil: h.record.validUntil } : {}),
              ...(h.record.documentNumber ? { documentNumber: h.record.documentNumber } : {}),
            }))
            .sort((a, b) => (a.alertId < b.alertId ? -1 : 1)),
        },
      });
    }
    return flags;
  },
};
