import { shanghaiDay } from './clock.ts';
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
 * its source cited. The store evaluates every notice version against it (notice_deadlines) and
 * the compliance API reports per rule from there.
 */

export type DeadlineCalendar = 'days' | 'working-days';

export interface DeadlineRule {
  id: string;
  /** In Chinese, as a regulator reads it. */
  title: string;
  /** The legal source, cited. */
  source: string;
  /** The notices it applies to: a domain's stages, or `*` for every stage of every domain. */
  applies: Partial<Record<Domain, readonly string[]>> | '*';
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
  start: { label: string; read: (notice: Notice) => string | undefined };
  end: { label: string; read: (notice: Notice) => string | undefined };
}

const published = { label: '发布时间', read: (notice: Notice) => notice.publishedAt };
const formed = { label: '信息形成日期', read: (notice: Notice) => notice.formedAt };

export const deadlineRules: readonly DeadlineRule[] = [
  {
    id: 'disclosure-20-working-days',
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
    id: 'candidates-within-3-days',
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
    id: 'candidates-publicity-3-days',
    title: '中标候选人公示期不得少于3日',
    source: '《招标投标法实施条例》第五十四条第一款',
    applies: { construction: ['candidates'] },
    kind: 'at-least',
    limit: 3,
    calendar: 'days',
    inclusive: true,
    start: {
      label: '公示开始',
      read: (n) => ('publicityPeriod' in n ? n.publicityPeriod?.from : undefined),
    },
    end: {
      label: '公示结束',
      read: (n) => ('publicityPeriod' in n ? n.publicityPeriod?.until : undefined),
    },
  },
  {
    id: 'procurement-result-2-working-days',
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
    id: 'bid-period-20-days',
    title: '自招标文件开始发出之日起至提交投标文件截止之日止，最短不得少于20日',
    source: '《招标投标法》第二十四条',
    applies: { construction: ['tender-announcement'] },
    kind: 'at-least',
    limit: 20,
    calendar: 'days',
    start: {
      label: '招标文件开始发出（未载明时为发布时间）',
      read: (n) => ('documentAccess' in n ? (n.documentAccess?.from ?? n.publishedAt) : n.publishedAt),
    },
    end: {
      label: '投标截止时间',
      read: (n) => ('submission' in n ? n.submission?.deadline : undefined),
    },
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
export function deadlineRulesFor(domain: Domain, stage: string): DeadlineRule[] {
  return deadlineRules.filter((rule) => rule.applies === '*' || rule.applies[domain]?.includes(stage));
}

/** Every rule that applies to the notice, evaluated. */
export function evaluateDeadlines(notice: Notice): DeadlineResult[] {
  return deadlineRulesFor(notice.domain, notice.stage).map((rule) => evaluateDeadline(rule, notice));
}

export function evaluateDeadline(rule: DeadlineRule, notice: Notice): DeadlineResult {
  const start = rule.start.read(notice);
  const end = rule.end.read(notice);
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
