import { checkRegionCode } from '@ggzy/domain';

/**
 * A region filter as a range of six-digit codes. GB/T 2260 codes nest by prefix (province `44`,
 * city `4403`, county `440309`), so "everything inside 广东省" is every code from 440000 to
 * 449999 — a range the btree index on (region, published_at) serves directly, unlike a list of
 * descendants or `regionCovers` per row.
 */
export interface RegionRange {
  /** The code's level decides the prefix: 2 digits for a province, 4 for a city, 6 for a county. */
  prefix: string;
  low: string;
  high: string;
}

/** The range a region code covers, or undefined when the code is not a current region. */
export function regionRange(code: string): RegionRange | undefined {
  const checked = checkRegionCode(code);
  if (!checked.ok) return undefined;
  const region = checked.value;
  const prefix =
    region.level === 'province'
      ? region.code.slice(0, 2)
      : region.level === 'city'
        ? region.code.slice(0, 4)
        : region.code;
  return { prefix, low: prefix.padEnd(6, '0'), high: prefix.padEnd(6, '9') };
}

export function inRange(range: RegionRange, code: string): boolean {
  return code >= range.low && code <= range.high;
}
