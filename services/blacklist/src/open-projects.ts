import type { Domain } from '@ggzy/domain';

/**
 * Which projects are still "open" for the record direction of the blacklist: a new credit record
 * is checked against the parties of these, because something can still be stopped there.
 *
 * The rule, per domain, on the project's current stage (the stage of its most recently published
 * notice, `projects.current_stage`):
 * - construction: open from the call for bids (招标公告, 资格预审, 变更) through 中标候选人公示
 *   and 中标结果公告 — until 合同订立 (contract) or 履约 (performance) is published;
 * - procurement: open through 采购公告, 更正公告 and 中标/成交结果公告 — until 采购合同公告
 *   (contract) or 终止公告 (termination);
 * - land and mining: open during 出让公告 and 成交公示 (the winner is in publicity) — closed by
 *   供应结果 / 审批结果; a 土地供应计划 names no bidder yet, so it is not open;
 * - property: open while 挂牌/转让公告 (listing) runs — closed by 成交公告 (deal); a 交易决策
 *   names only the transferor's decision, not a counterparty, so it is not open.
 * A project's notices may arrive out of order; the store keeps the latest-published stage, so a
 * late tender announcement never reopens a project that already has a contract.
 */
export const openStagesByDomain = {
  construction: ['tender-announcement', 'prequalification', 'change', 'candidates', 'result'],
  procurement: ['tender-announcement', 'correction', 'result'],
  land: ['transfer-announcement', 'deal-publicity'],
  mining: ['transfer-announcement', 'deal-publicity'],
  property: ['listing'],
} as const satisfies Record<Domain, readonly string[]>;

export function isProjectOpen(domain: string, currentStage: string): boolean {
  const stages = (openStagesByDomain as Record<string, readonly string[]>)[domain];
  return stages?.includes(currentStage) ?? false;
}

/** `domain/stage` pairs of open projects, for the SQL filter. */
export function openStageKeys(): string[] {
  return Object.entries(openStagesByDomain).flatMap(([domain, stages]) =>
    stages.map((stage) => `${domain}/${stage}`),
  );
}
