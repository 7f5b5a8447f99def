import { shanghaiDay } from './clock.ts';
import type { CreditListType, CreditRecord } from './credit.ts';
import type { Notice } from './notice.ts';
import type { Domain } from './notice-base.ts';
import {
  DISCLOSURE_WORKING_DAYS,
  dayNumber,
  disclosureWorkingDays,
  isWorkingDay,
  OutsideCalendarError,
} from './working-days.ts';

/**
 * The statutory clocks a notice is audited against, as data: which notices a rule applies to,
 * where its clock starts and ends in the notice, how it counts (calendar days or working days on
 * the national calendar, working-days.ts) and its limit. One table for the 20-working-day rule
 * and the shorter clocks the laws the seeds point to set ("法律、法规对于…另有规定的"), each with
 * its source cited, and the 7-working-day rule for administrative decisions (credit records).
 * A rule audits either notices or credit records (`subject`). The store evaluates every notice
 * version (notices.deadlines) and the blacklist every credit record version
 * (credit_records.deadlines) against it, and the compliance API reports per rule from there.
 */

export type DeadlineCalendar = 'days' | 'working-days';

/** Where a clock starts or ends: a date the audited notice or record carries. */
export interface ClockPoint<Subject> {
  label: string;
  read: (subject: Subject) => string | undefined;
}

interface RuleShape<Subject> {
  id: string;
  /** In Chinese, as a regulator reads it. */
  title: string;
  /** A short Chinese name for a chart's legend or a report's sheet (at most 31 characters). */
  short: string;
  /** The legal source, cited. */
  source: string;
  /**
   * `within`: the clock's end at most `limit` after its start (自…之日起N日内: the start day not
   * counted; working days count a publication on a rest day as on the next working day).
   * `at-least`: the period lasts at least `limit` (calendar days from start to end, the start day
   * not counted, as 自…之日起至…之日止; `inclusive` counts both ends, as a 公示期 of N days does).
   */
  kind: 'within' | 'at-least';
  limit: number;
  calendar: DeadlineCalendar;
  inclusive?: boolean;
  start: ClockPoint<Subject>;
  end: ClockPoint<Subject>;
}

/** A clock on notices. */
export interface NoticeDeadlineRule extends RuleShape<Notice> {
  subject: 'notice';
  /** The notices it applies to: a domain's stages, or `*` for every stage of every domain. */
  applies: Partial<Record<Domain, readonly string[]>> | '*';
}

/** A clock on credit records (行政处罚/认定 decisions and their publication). */
export interface CreditDeadlineRule extends RuleShape<CreditRecord> {
  subject: 'credit-record';
  /** The lists whose records it applies to. */
  applies: readonly CreditListType[];
}

export type DeadlineRule = NoticeDeadlineRule | CreditDeadlineRule;

const published = { label: '发布时间', read: (notice: Notice) => notice.publishedAt };
const formed = { label: '信息形成日期', read: (notice: Notice) => notice.formedAt };

/** 行政许可、行政处罚事项应自作出行政决定之日起7个工作日内上网公开 (seeds 003 §(五), 000). */
export const CREDIT_PUBLICATION_WORKING_DAYS = 7;

export const deadlineRules: readonly DeadlineRule[] = [
  {
    subject: 'notice',
    id: 'disclosure-20-working-days',
    short: '20个工作日内公开',
    title: '自信息形成或者变更之日起20个工作日内公开',
    source:
      '《中华人民共和国政府信息公开条例》第二十六条（自政府信息形成或者变更之日起20个工作日内及时公开），种子文件 000、003 引用',
    applies: '*',
    kind: 'within',
    limit: DISCLOSURE_WORKING_DAYS,
    calendar: 'working-days',
    start: formed,
    end: published,
  },
  {
    subject: 'notice',
    id: 'candidates-within-3-days',
    short: '候选人3日内公示',
    title: '自收到评标报告之日起3日内公示中标候选人',
    source: '《招标投标法实施条例》第五十四条第一款',
    applies: { construction: ['candidates'] },
    kind: 'within',
    limit: 3,
    calendar: 'days',
    start: { label: '收到评标报告日期（信息形成日期）', read: formed.read },
    end: published,
  },
  {
    subject: 'notice',
    id: 'candidates-publicity-3-days',
    short: '候选人公示期不少于3日',
    title: '中标候选人公示期不得少于3日',
    source: '《招标投标法实施条例》第五十四条第一款',
    applies: { construction: ['candidates'] },
    kind: 'at-least',
    limit: 3,
    calendar: 'days',
    inclusive: true,
    start: {
      label: '公示开始',
      read: (n: Notice) => ('publicityPeriod' in n ? n.publicityPeriod?.from : undefined),
    },
    end: {
      label: '公示结束',
      read: (n: Notice) => ('publicityPeriod' in n ? n.publicityPeriod?.until : undefined),
    },
  },
  {
    subject: 'notice',
    id: 'procurement-result-2-working-days',
    short: '政府采购结果2个工作日内公告',
    title: '自中标、成交供应商确定之日起2个工作日内发布中标、成交结果公告',
    source: '《政府采购法实施条例》第四十三条第一款',
    applies: { procurement: ['result'] },
    kind: 'within',
    limit: 2,
    calendar: 'working-days',
    start: { label: '供应商确定日期（信息形成日期）', read: formed.read },
    end: published,
  },
  {
    subject: 'notice',
    id: 'bid-period-20-days',
    short: '投标期不少于20日',
    title: '自招标文件开始发出之日起至提交投标文件截止之日止，最短不得少于20日',
    source: '《招标投标法》第二十四条',
    applies: { construction: ['tender-announcement'] },
    kind: 'at-least',
    limit: 20,
    calendar: 'days',
    start: {
      label: '招标文件开始发出（未载明时为发布时间）',
      read: (n: Notice) =>
        'documentAccess' in n ? (n.documentAccess?.from ?? n.publishedAt) : n.publishedAt,
    },
    end: {
      label: '投标截止时间',
      read: (n: Notice) => ('submission' in n ? n.submission?.deadline : undefined),
    },
  },
  {
    subject: 'credit-record',
    id: 'credit-publication-7-working-days',
    short: '行政处罚7个工作日内上网公开',
    title: '行政许可、行政处罚事项自作出行政决定之日起7个工作日内上网公开',
    source:
      '《盘锦市推进公共资源配置领域政府信息公开实施方案》（盘政办〔2018〕37号）（五）强化公开时效；《凤冈县推进社会公益事业建设等领域政府信息公开实施方案》（凤府办函〔2018〕52号），种子文件 003、000',
    // Every list an administrative body decides; 失信被执行人 are a court's decisions, under
    // the Supreme People's Court's own rules, not an administrative 行政决定.
    applies: [
      'procurement-serious-violation',
      'tendering-violation',
      'abnormal-operation',
      'serious-violation-enterprise',
      'other',
    ],
    kind: 'within',
    limit: CREDIT_PUBLICATION_WORKING_DAYS,
    calendar: 'working-days',
    start: { label: '作出行政决定日期（处罚日期）', read: (record) => record.decisionDate },
    end: { label: '上网公开日期', read: (record) => record.publishedAt },
  },
];

export type DeadlineStatus = 'on-time' | 'late' | 'undetermined';

export interface DeadlineResult {
  rule: string;
  status: DeadlineStatus;
  /** The clock's start and end days (YYYY-MM-DD, Asia/Shanghai), when the notice gives them. */
  startDay: string | null;
  endDay: string | null;
  /** Days (or working days) elapsed by the rule's count; null when undetermined. */
  elapsed: number | null;
  limit: number;
  /** Why it is undetermined: a field missing, or a day beyond the holiday calendar. */
  reason: string | null;
}

export function deadlineRuleById(id: string): DeadlineRule | undefined {
  return deadlineRules.find((rule) => rule.id === id);
}

/** The rules that apply to a notice of this domain and stage. */
export function deadlineRulesFor(domain: Domain, stage: string): NoticeDeadlineRule[] {
  return deadlineRules.filter(
    (rule): rule is NoticeDeadlineRule =>
      rule.subject === 'notice' && (rule.applies === '*' || rule.applies[domain]?.includes(stage) === true),
  );
}

/** The rules that apply to a credit record of this list. */
export function creditDeadlineRulesFor(listType: CreditListType): CreditDeadlineRule[] {
  return deadlineRules.filter(
    (rule): rule is CreditDeadlineRule => rule.subject === 'credit-record' && rule.applies.includes(listType),
  );
}

/** Every rule that applies to the notice, evaluated. */
export function evaluateDeadlines(notice: Notice): DeadlineResult[] {
  return deadlineRulesFor(notice.domain, notice.stage).map((rule) => evaluateDeadline(rule, notice));
}

/** Every rule that applies to the credit record, evaluated. */
export function evaluateCreditDeadlines(record: CreditRecord): DeadlineResult[] {
  return creditDeadlineRulesFor(record.listType).map((rule) => evaluateDeadline(rule, record));
}

export function evaluateDeadline<Subject>(rule: RuleShape<Subject>, subject: Subject): DeadlineResult {
  const start = rule.start.read(subject);
  const end = rule.end.read(subject);
  const startDay = start === undefined ? null : shanghaiDay(start);
  const endDay = end === undefined ? null : shanghaiDay(end);
  const base = { rule: rule.id, startDay, endDay, limit: rule.limit };
  if (startDay === null || endDay === null) {
    const missing = [startDay === null ? rule.start.label : null, endDay === null ? rule.end.label : null];
    return {
      ...base,
      status: 'undetermined',
      elapsed: null,
      reason: `缺少${missing.filter(Boolean).join('、')}`,
    };
  }
  let elapsed: number;
  try {
    elapsed =
      rule.calendar === 'working-days'
        ? disclosureWorkingDays(startDay, endDay)
        : dayNumber(endDay) - dayNumber(startDay) + (rule.inclusive ? 1 : 0);
    // A working-day count needs the calendar for every day it spans; touch the start too.
    if (rule.calendar === 'working-days') isWorkingDay(startDay);
  } catch (error) {
    if (error instanceof OutsideCalendarError)
      return {
        ...base,
        status: 'undetermined',
        elapsed: null,
        reason: `${error.details.day} 超出节假日日历范围`,
      };
    throw error;
  }
  const ok = rule.kind === 'within' ? elapsed <= rule.limit : elapsed >= rule.limit;
  return { ...base, status: ok ? 'on-time' : 'late', elapsed, reason: null };
}
