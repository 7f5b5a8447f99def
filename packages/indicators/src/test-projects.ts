import { type Notice, type NoticeDraft, noticeId, noticeSchema } from '@ggzy/domain';
import { codes, constructionFixtures, org, procurementFixtures, ref } from '@ggzy/domain/fixtures';

/**
 * Realistic projects for the indicators' unit tests, built from the domain's fixtures
 * (龙华区某学校改造工程, a construction tender; 龙华科技实验高级中学空调采购, a procurement), with
 * the one value a test is about changed through `edit`.
 */

export const yuan = (amount: number) => ({ fen: Math.round(amount * 100), currency: 'CNY' });
export const wan = (amount: number) => yuan(amount * 10_000);

type Draft = Record<string, unknown> & { domain: string; stage: string };

function parse(draft: Draft): Notice {
  return noticeSchema.parse(draft as NoticeDraft);
}

/** A construction project at every stage up to the contract; `edit` changes the drafts before parsing. */
export function schoolProject(edit: (stages: Record<string, Draft>) => void = () => {}): Notice[] {
  const stages: Record<string, Draft> = structuredClone({
    'tender-announcement': constructionFixtures['tender-announcement'],
    candidates: constructionFixtures.candidates,
    result: constructionFixtures.result,
    contract: constructionFixtures.contract,
  }) as Record<string, Draft>;
  edit(stages);
  return Object.values(stages).map(parse);
}

export function airConditionerProject(edit: (stages: Record<string, Draft>) => void = () => {}): Notice[] {
  const stages: Record<string, Draft> = structuredClone({
    'tender-announcement': procurementFixtures['tender-announcement'],
    result: procurementFixtures.result,
    contract: procurementFixtures.contract,
  }) as Record<string, Draft>;
  // The fixtures share one publication date; give each stage the date its record id names.
  const dated: Record<string, string> = {
    'tender-announcement': '2025-04-11',
    result: '2025-05-27',
    contract: '2025-06-10',
  };
  for (const [stage, day] of Object.entries(dated)) {
    stages[stage]!.formedAt = `${day}T00:00:00+08:00`;
    stages[stage]!.publishedAt = `${day}T17:30:00+08:00`;
  }
  edit(stages);
  return Object.values(stages).map(parse);
}

export const bidders = {
  builder: { name: '深圳市XX建设工程有限公司', code: codes.builder },
  builder2: { name: '深圳市华鼎建筑工程有限公司', code: codes.builder2 },
  builder3: { name: '深圳市万科房地产有限公司', code: codes.developer },
} as const;

/** Candidates with the given prices (万元), ranked in the order given; the first wins at its price. */
export function withBids(stages: Record<string, Draft>, prices: [keyof typeof bidders, number][]): void {
  const candidates = stages.candidates!;
  candidates.candidates = prices.map(([who, price], i) => ({
    rank: i + 1,
    bidder: ref(bidders[who].name, bidders[who].code),
    bidPrice: wan(price),
  }));
  candidates.parties = [
    org('深圳市龙华区教育局', [{ role: 'tenderer' }], codes.tenderer),
    ...prices.map(([who], i) =>
      org(bidders[who].name, [{ role: 'candidate', rank: i + 1 }], bidders[who].code),
    ),
  ];
  const [winner, price] = prices[0]!;
  const result = stages.result!;
  result.awards = [
    {
      winner: ref(bidders[winner].name, bidders[winner].code),
      price: wan(price),
      awardedAt: '2024-07-08T00:00:00+08:00',
    },
  ];
  result.parties = [
    org('深圳市龙华区教育局', [{ role: 'tenderer' }], codes.tenderer),
    org(bidders[winner].name, [{ role: 'winner' }], bidders[winner].code),
  ];
}

/** Another project of the same buyer: project code and notice ids made unique by `serial`. */
export function renumbered(notices: Notice[], serial: number): Notice[] {
  return notices.map((n) => ({
    ...n,
    id: noticeId({ feed: 'test', recordId: `${serial}-${n.stage}` }),
    project: { ...n.project, projectCode: `${n.project.projectCode}-${serial}` },
  }));
}
