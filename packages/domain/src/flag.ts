import { z } from 'zod';
import { shanghaiDateTime } from './notice-common.ts';
import { derivedId } from './project.ts';

/**
 * 廉洁风险预警 (red flags) as they travel on ggzy.flag.v1 and are kept in the store. The indicators
 * themselves (packages/indicators) compute them; this is only the contract between the flag step,
 * the store and whoever subscribes.
 *
 * A flag's identity is (indicator, what it is about): one project's lot for a project indicator,
 * one buyer's pattern (the group of bidders, the year) for a buyer indicator. Its evidence changes
 * as notices arrive, and it can clear (a change notice moves a short deadline); each change is an
 * event with the flag's state after it.
 */
export const flagStatuses = ['raised', 'cleared'] as const;
export type FlagStatus = (typeof flagStatuses)[number];

/** What happened to the flag: first raised (or raised again), its evidence changed, or it cleared. */
export const flagChanges = ['raised', 'changed', 'cleared'] as const;
export type FlagChange = (typeof flagChanges)[number];

export const flagScopes = ['project', 'buyer'] as const;

export const flagEvidenceNoticeSchema = z.object({
  noticeId: z.string().min(1),
  projectKey: z.string().min(1),
  stage: z.string().min(1),
  publishedAt: z.string().min(1),
});

export const flagSchema = z.object({
  /** `flagId(...)` */
  id: z.string().regex(/^f_[0-9a-f]{32}$/, 'flag id: f_ and 32 hex digits'),
  /** The indicator's id (packages/indicators `indicatorIds`, docs/indicators.md). */
  indicator: z.string().regex(/^[a-z][a-z-]*$/),
  scope: z.enum(flagScopes),
  /** Sorted; one key for a project's flag, every project of a buyer's pattern. */
  projectKeys: z.array(z.string().min(1)).min(1),
  /** 标段(包)编号, when the flag is about one lot. */
  lotCode: z.string().optional(),
  /** 招标人/采购人 of the project(s). */
  buyer: z.object({ key: z.string().min(1), name: z.string().min(1) }).optional(),
  /** Parties the flag concerns (buyer, winners, bidders of the flagged lot), by party key. */
  partyKeys: z.array(z.string().min(1)),
  domain: z.string().min(1),
  /** GB/T 2260 region of the (first) project. */
  region: z.string().min(1),
  status: z.enum(flagStatuses),
  change: z.enum(flagChanges),
  /** 1 for the first event of the flag, +1 for each change. */
  seq: z.number().int().min(1),
  /** The notices the flag rests on (for a cleared flag: those of its last raised state). */
  notices: z.array(flagEvidenceNoticeSchema),
  /** The values the indicator compared (amounts in fen, days, ratios). */
  values: z.record(z.string(), z.json()),
  /** The latest publication among its evidence: the flag's date for a period filter. */
  observedAt: z.string().min(1),
  /** When this state was decided. */
  at: shanghaiDateTime,
});
export type FlagRecord = z.infer<typeof flagSchema>;

/** A flag's id: one per indicator and subject (a project's lot, a buyer's pattern). */
export function flagId(indicator: string, subject: readonly string[]): string {
  return derivedId('f', ['flag', indicator, ...subject]);
}
