import { shanghaiDay } from '@ggzy/domain';
import { z } from 'zod';
import type { BuyerProject, NoticeRef } from './buyer-project.ts';
import type { PartyFact } from './facts.ts';
import { type BuyerIndicator, evidenceOf, type Flag } from './indicator.ts';

const rotationParams = z.object({
  /** Largest group of bidders still "small". */
  maxGroup: z.number().int().min(2).default(4),
  /** Fewest of the buyer's projects the same group must bid on. */
  minProjects: z.number().int().min(2).default(4),
  /** Fewest different winners among those projects: one winner every time is not a rotation. */
  minWinners: z.number().int().min(2).default(2),
});

/**
 * 轮流中标: the same few bidders, and only they, bid on several of one buyer's projects and take
 * turns winning. A group is the exact set of bidders a lot discloses (投标人, 中标候选人).
 */
export const bidRotation: BuyerIndicator<z.infer<typeof rotationParams>> = {
  id: 'bid-rotation',
  scope: 'buyer',
  title: { zh: '少数投标人轮流中标', en: 'Bid rotation among a small group' },
  description: {
    zh: '同一招标人(采购人)的多个项目(默认4个及以上)由同一小组投标人(默认不超过4家)参与投标，且中标人在组内轮换(默认至少2家不同中标人)。属于招标投标法实施条例第三十九条所列投标人相互串通投标的典型表现(约定部分投标人放弃投标或者中标)。',
    en: "Several of one buyer's projects (4 or more by default) draw the same small group of bidders (at most 4 by default), and the wins rotate within the group (at least 2 different winners). A typical form of the collusion the Bidding Law regulations describe (bidders agreeing who will win).",
  },
  sources: [
    { kind: 'ocp-guide', title: 'Bid rotation: the same bidders take turns winning' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法实施条例',
      article: '第三十九条',
      text: '有下列情形之一的，属于投标人相互串通投标：……（四）属于同一集团、协会、商会等组织成员的投标人按照该组织要求协同投标；（五）投标人之间为谋取中标或者排斥特定投标人而采取的其他联合行动。',
    },
  ],
  inputs: ['parties[role=tenderer|buyer]', 'parties[role=bidder]', 'candidates[].bidder', 'awards[].winner'],
  domains: ['construction', 'procurement'],
  params: rotationParams,
  evaluate(projects, params) {
    const groups = new Map<
      string,
      { members: PartyFact[]; wins: { project: BuyerProject; winner: PartyFact; notices: NoticeRef[] }[] }
    >();
    for (const project of projects) {
      for (const lot of project.lots) {
        if (!lot.award || lot.bidders.size < 2 || lot.bidders.size > params.maxGroup) continue;
        if (!lot.bidders.has(lot.award.winner.key)) continue;
        const members = [...lot.bidders.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
        const key = members.map((m) => m.key).join('|');
        let group = groups.get(key);
        if (!group) {
          group = { members: members.map((m) => ({ key: m.key, name: m.name })), wins: [] };
          groups.set(key, group);
        }
        group.wins.push({ project, winner: lot.award.winner, notices: [lot.award.notice] });
      }
    }
    const flags: Flag[] = [];
    for (const group of groups.values()) {
      const projectKeys = [...new Set(group.wins.map((w) => w.project.key))].sort();
      const winners = new Set(group.wins.map((w) => w.winner.key));
      if (projectKeys.length < params.minProjects || winners.size < params.minWinners) continue;
      const wins = [...group.wins].sort(
        (a, b) => Date.parse(a.notices[0]!.publishedAt) - Date.parse(b.notices[0]!.publishedAt),
      );
      flags.push({
        indicator: 'bid-rotation',
        projectKeys,
        notices: wins.flatMap((w) => w.notices.map((n) => evidenceOf(n, w.project.key))),
        values: {
          members: group.members.map((m) => ({ key: m.key, name: m.name })),
          wins: wins.map((w) => ({ projectKey: w.project.key, winner: w.winner.name })),
        },
      });
    }
    return flags;
  },
};

const splitParams = z.object({
  /** 公开招标数额标准 in fen: 200万元 for goods and services of central budget units. */
  thresholdFen: z.number().int().positive().default(200_000_000),
  /** "Just below": at or above this share of the threshold. */
  nearShare: z.number().positive().max(1).default(0.8),
  /** Fewest purchases just below the threshold in one fiscal year. */
  minPurchases: z.number().int().min(2).default(2),
});

/**
 * 化整为零规避公开招标: in one fiscal year (the calendar year in China), a buyer buys by methods
 * other than open tender, several times just below the open-tender threshold, together above it.
 * The regulation also asks for the same 品目; notices carry no reliable category code, so the
 * indicator does not test it and a reader must (docs/indicators.md).
 */
export const splitPurchases: BuyerIndicator<z.infer<typeof splitParams>> = {
  id: 'split-purchases',
  scope: 'buyer',
  title: { zh: '化整为零规避公开招标', en: 'Purchases split just below the open-tender threshold' },
  description: {
    zh: '同一采购人在一个财政年度内，以公开招标以外的方式多次采购，每次金额略低于公开招标数额标准(默认为标准的80%至100%)，累计超过该标准。',
    en: 'Within one fiscal year a buyer buys several times by methods other than open tender, each just below the open-tender threshold (80–100 % of it by default), together above it.',
  },
  sources: [
    { kind: 'ocp-guide', title: 'Contract splitting to stay below procurement thresholds' },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法实施条例',
      article: '第二十八条',
      text: '在一个财政年度内，采购人将一个预算项目下的同一品目或者类别的货物、服务采用公开招标以外的方式多次采购，累计资金数额超过公开招标数额标准的，属于以化整为零方式规避公开招标。',
    },
  ],
  inputs: ['parties[role=buyer]', 'method', 'budget', 'awards[].amount', 'publishedAt'],
  domains: ['procurement'],
  params: splitParams,
  evaluate(projects, params) {
    const byYear = new Map<string, { project: BuyerProject; fen: number; method: string }[]>();
    for (const project of projects) {
      const call = project.call;
      if (project.domain !== 'procurement' || !call?.method || call.method === 'open-tender') continue;
      const amount =
        call.reference?.kind === 'budget'
          ? call.reference.value
          : project.lots.length === 1
            ? project.lots[0]!.award?.price
            : undefined;
      if (amount?.currency !== 'CNY') continue;
      if (amount.fen < params.thresholdFen * params.nearShare || amount.fen >= params.thresholdFen) continue;
      // The year the purchase began: documents out (a re-published call keeps its documentAccess).
      const year = shanghaiDay(call.documentsFrom).slice(0, 4);
      const list = byYear.get(year) ?? [];
      list.push({ project, fen: amount.fen, method: call.method });
      byYear.set(year, list);
    }
    const flags: Flag[] = [];
    for (const [year, purchases] of byYear) {
      const total = purchases.reduce((sum, p) => sum + p.fen, 0);
      if (purchases.length < params.minPurchases || total <= params.thresholdFen) continue;
      purchases.sort((a, b) => (a.project.key < b.project.key ? -1 : 1));
      flags.push({
        indicator: 'split-purchases',
        projectKeys: purchases.map((p) => p.project.key),
        notices: purchases.map((p) => evidenceOf(p.project.call!.notice, p.project.key)),
        values: {
          year,
          purchases: purchases.map((p) => ({ projectKey: p.project.key, fen: p.fen, method: p.method })),
          totalFen: total,
          thresholdFen: params.thresholdFen,
        },
      });
    }
    return flags;
  },
};
