import { calendarDay, dayNumber, findRegionByName, parseDateTime, regionName } from '@ggzy/domain';
import type { GeneratedRecord } from './generate.ts';
import { Rng } from './prng.ts';

export interface CreditOptions {
  /** How many records at most (one per awarded company). */
  count: number;
  seed: number | string;
  /** Share published online more than 7 working days after the decision (20 to 40 days); default 0.25. */
  lateRate?: number;
  /** Share without a publication date (公示日期), so the 7-working-day rule cannot tell; default 0.1. */
  unpublishedRate?: number;
}

/** The calendar day `days` after the day of `iso` (its first ten characters, a Shanghai date). */
function dayAfter(iso: string, days: number): string {
  return calendarDay(dayNumber(iso.slice(0, 10)) + days);
}

/**
 * Credit records in the JSON credit input format (docs/credit-input.md) against companies that
 * won the generated notices' awards: decided 30 to 200 days before the award was published, so
 * the blacklist finds each listed winner in its project; published online (公示日期) on time
 * (1 to 5 days after the decision), late (20 to 40 days) or not at all, at the rates asked.
 * Deterministic for a seed and the same notices.
 */
export function generateCreditRecords(
  notices: Iterable<GeneratedRecord>,
  options: CreditOptions,
): Record<string, unknown>[] {
  const rng = new Rng(`credit:${options.seed}`);
  const lateRate = options.lateRate ?? 0.25;
  const unpublishedRate = options.unpublishedRate ?? 0.1;
  const seen = new Set<string>();
  const records: Record<string, unknown>[] = [];
  for (const notice of notices) {
    if (records.length >= options.count) break;
    if (notice.expect !== 'valid') continue;
    const input = notice.input as unknown as {
      domain: string;
      region: string;
      publishedAt: string;
      awards?: { name: string; creditCode?: string }[];
    };
    const award = input.awards?.find((a) => a.creditCode && !seen.has(a.creditCode));
    if (!award?.creditCode || (input.domain !== 'construction' && input.domain !== 'procurement')) continue;
    const published = parseDateTime(input.publishedAt);
    if (!published.ok) continue;
    seen.add(award.creditCode);
    const procurement = input.domain === 'procurement';
    const region = /^\d{6}$/.test(input.region) ? input.region : findRegionByName(input.region);
    const place = (region && regionName(region)) || '市';
    const decision = dayAfter(published.value.iso, -rng.int(30, 200));
    const roll = rng.next();
    const publishedAt =
      roll < unpublishedRate
        ? undefined
        : dayAfter(decision, roll < unpublishedRate + lateRate ? rng.int(20, 40) : rng.int(1, 5));
    const n = records.length + 1;
    records.push({
      recordId: `DEMO-CR-${String(n).padStart(4, '0')}`,
      listType: procurement ? 'procurement-serious-violation' : 'tendering-violation',
      subject: { name: award.name, creditCode: award.creditCode },
      authority: `${place}${procurement ? '财政局' : '住房和建设局'}`,
      ...(region ? { authorityRegion: region } : {}),
      documentNumber: `${procurement ? '财书' : '建罚'}〔${decision.slice(0, 4)}〕${100 + n}号`,
      reason: procurement ? '提供虚假材料谋取中标、成交' : '以他人名义投标',
      basis: procurement
        ? '《中华人民共和国政府采购法》第七十七条第一款第（一）项'
        : '《中华人民共和国招标投标法》第五十四条',
      penalty: procurement
        ? '列入不良行为记录名单，三年内禁止参加政府采购活动'
        : '取消一年内参加依法必须进行招标的项目的投标资格',
      decisionDate: decision,
      ...(publishedAt ? { publishedAt } : {}),
      ...(procurement ? {} : { validUntil: dayAfter(decision, 364) }),
    });
  }
  return records;
}
