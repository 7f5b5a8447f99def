import type { Domain, Stage } from '@ggzy/domain';

/**
 * The announcement type (公告类型) a page is, from its title and breadcrumb: which domain and
 * stage. Domain words are tried most specific first — 国有建设用地使用权 contains 建设, and a
 * land deal is no construction project.
 */
const DOMAIN_HINTS: readonly [Domain, RegExp][] = [
  ['land', /国有建设用地|土地使用权|宗地|地块|土地出让|供地|土地供应/u],
  ['mining', /矿业权|采矿权|探矿权|矿产/u],
  ['property', /产权|股权|国有资产|资产转让|实物资产|增资扩股|转让项目|挂牌转让/u],
  ['procurement', /采购|政府采购|供应商|磋商|询价|单一来源|ccgp/iu],
  ['construction', /工程|施工|监理|勘察|设计|招标人|投标人|建设/u],
];

const STAGE_RULES: { [D in Domain]: readonly [Stage<D>, RegExp][] } = {
  construction: [
    ['change', /变更|澄清|更正|补遗/u],
    ['candidates', /候选人|评标结果公示/u],
    ['result', /中标结果|中标公告|结果公告|中标通知/u],
    ['performance', /履约|履行|验收/u],
    ['contract', /合同/u],
    ['prequalification', /资格预审/u],
    ['tender-announcement', /招标公告|招标|比选公告/u],
  ],
  procurement: [
    ['correction', /更正|变更|澄清/u],
    ['termination', /终止|废标|流标/u],
    ['result', /中标|成交|结果/u],
    ['contract', /合同/u],
    ['tender-announcement', /采购公告|招标公告|磋商公告|谈判公告|询价公告|单一来源|公开招标|邀请招标/u],
  ],
  land: [
    ['supply-plan', /供应计划/u],
    ['supply-result', /供应结果|出让结果/u],
    ['deal-publicity', /成交|竞得|结果公示/u],
    ['transfer-announcement', /出让公告|挂牌|拍卖|招标/u],
  ],
  mining: [
    ['approval-result', /审批结果|登记/u],
    ['deal-publicity', /成交|结果公示/u],
    ['transfer-announcement', /出让公告|挂牌|拍卖|招标/u],
  ],
  property: [
    ['decision', /决策|批准/u],
    ['deal', /成交|结果/u],
    ['listing', /挂牌|转让公告|披露|招商/u],
  ],
};

export type Classification = { domain: Domain; stage: Stage } | undefined;

/** Domain and stage from the text that names the notice (title first, then breadcrumb and page head). */
export function classifyNotice(title: string, context: string): Classification {
  const text = `${title} ${context}`;
  const domain =
    DOMAIN_HINTS.find(([, hint]) => hint.test(title))?.[0] ??
    DOMAIN_HINTS.find(([, hint]) => hint.test(text))?.[0];
  if (domain === undefined) return undefined;
  const rules = STAGE_RULES[domain] as readonly [Stage, RegExp][];
  const stage =
    rules.find(([, rule]) => rule.test(title))?.[0] ?? rules.find(([, rule]) => rule.test(text))?.[0];
  return stage === undefined ? undefined : { domain, stage };
}
