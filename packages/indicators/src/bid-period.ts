import { dayNumber, shanghaiDay, workingDaysBetween } from '@ggzy/domain';
import { z } from 'zod';
import { evidenceOf, type ProjectIndicator } from './indicator.ts';

const shortBidPeriodParams = z.object({
  /** 工程建设 招标: calendar days from documents out to the bid deadline (招标投标法 第二十四条). */
  constructionDays: z.number().int().positive().default(20),
  /** 政府采购 公开/邀请招标 (政府采购法 第三十五条). */
  procurementTenderDays: z.number().int().positive().default(20),
  /** 竞争性磋商 (财库〔2014〕214号 第十条). */
  consultationDays: z.number().int().positive().default(10),
  /** 竞争性谈判, 询价: working days (财政部令第74号 第二十九条, 第四十五条). */
  negotiationWorkingDays: z.number().int().positive().default(3),
});
type Params = z.infer<typeof shortBidPeriodParams>;

/** The minimum for a method: days, counted in calendar or working days; none for single source and framework agreements. */
function minimumFor(
  domain: string,
  method: string | undefined,
  p: Params,
): { days: number; unit: 'calendar' | 'working' } | undefined {
  if (domain === 'construction') return { days: p.constructionDays, unit: 'calendar' };
  switch (method) {
    case 'open-tender':
    case 'invited-tender':
      return { days: p.procurementTenderDays, unit: 'calendar' };
    case 'competitive-consultation':
      return { days: p.consultationDays, unit: 'calendar' };
    case 'competitive-negotiation':
    case 'request-for-quotation':
      return { days: p.negotiationWorkingDays, unit: 'working' };
    default:
      return undefined;
  }
}

/**
 * 投标期限过短. Days are counted as the law counts a period: from the day after documents went
 * out (期间开始的当日不计入) to the deadline day. The deadline in force is the latest-published
 * one (a change notice that postpones it counts).
 */
export const shortBidPeriod: ProjectIndicator<Params> = {
  id: 'short-bid-period',
  scope: 'project',
  title: { zh: '投标期限短于法定最短期限', en: 'Bid period shorter than the legal minimum' },
  description: {
    zh: '自招标(采购)文件开始发出之日起至投标(响应)文件递交截止之日止的天数，少于该招标采购方式的法定最短期限。期限过短使未事先知情的潜在投标人难以参加。',
    en: 'The days from the tender documents going out to the bid deadline are fewer than the legal minimum for the method. A short period keeps out bidders who did not know in advance.',
  },
  sources: [
    { kind: 'ocp-code', code: 'R003', title: 'Short submission period' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法',
      article: '第二十四条',
      text: '依法必须进行招标的项目，自招标文件开始发出之日起至投标人提交投标文件截止之日止，最短不得少于二十日。',
    },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法',
      article: '第三十五条',
      text: '货物和服务项目实行招标方式采购的，自招标文件开始发出之日起至投标人提交投标文件截止之日止，不得少于二十日。',
    },
    {
      kind: 'rule',
      law: '政府采购竞争性磋商采购方式管理暂行办法（财库〔2014〕214号）',
      article: '第十条',
      text: '从磋商文件发出之日起至供应商提交首次响应文件截止之日止不得少于10日。',
    },
    {
      kind: 'rule',
      law: '政府采购非招标采购方式管理办法（财政部令第74号）',
      article: '第二十九条、第四十五条',
      text: '从谈判文件(询价通知书)发出之日起至供应商提交首次响应文件截止之日止不得少于3个工作日。',
    },
  ],
  inputs: ['documentAccess.from', 'publishedAt', 'submission.deadline', 'method', 'tenderMethod'],
  domains: ['construction', 'procurement'],
  params: shortBidPeriodParams,
  evaluate(project, params) {
    const call = project.call;
    // A 资格预审公告's dates are the prequalification's; the tender documents' go out later, unseen.
    if (!call?.deadline || call.notice.stage !== 'tender-announcement') return [];
    const minimum = minimumFor(project.domain, call.method, params);
    if (!minimum) return [];
    const from = shanghaiDay(call.documentsFrom);
    const until = shanghaiDay(call.deadline.at);
    let days: number;
    try {
      days =
        minimum.unit === 'calendar' ? dayNumber(until) - dayNumber(from) : workingDaysBetween(from, until);
    } catch {
      // A day beyond the holiday calendar: working days unknown, so not judged (working-days.ts).
      return [];
    }
    if (days >= minimum.days) return [];
    const notices =
      call.deadline.notice === call.notice ? [call.notice] : [call.notice, call.deadline.notice];
    return [
      {
        indicator: 'short-bid-period',
        projectKeys: [project.key],
        notices: notices.map((n) => evidenceOf(n, project.key)),
        values: {
          documentsFrom: call.documentsFrom,
          deadline: call.deadline.at,
          days,
          minimumDays: minimum.days,
          unit: minimum.unit,
          ...(call.method ? { method: call.method } : {}),
        },
      },
    ];
  },
};
