import { type Check, fail, pass, toHalfWidthNoting } from '@ggzy/domain';

/**
 * Quantities as published (`28561.37平方米`, `1.2公顷`, `70年`, `180日历天`, `40%`) read into the
 * canonical units of the notice model: m² for land, km² for mining tracts, years, days, percent.
 * A bare number is already in the canonical unit (docs/input-format.md "Values as published").
 */
export type QuantityKind = 'area-m2' | 'area-km2' | 'years' | 'days' | 'percent' | 'number';

/** 1 亩 = 10000/15 m² (市亩); 1 公顷 = 10000 m²; 1 km² = 10^6 m². */
const M2_PER: Record<string, number> = {
  平方米: 1,
  m2: 1,
  'm²': 1,
  平米: 1,
  公顷: 10_000,
  ha: 10_000,
  亩: 10_000 / 15,
  平方公里: 1_000_000,
  平方千米: 1_000_000,
  km2: 1_000_000,
  'km²': 1_000_000,
};

const UNIT_WORDS: Record<Exclude<QuantityKind, 'area-m2' | 'area-km2'>, RegExp> = {
  years: /^(年|周年)?$/,
  days: /^(日历天|天|日|个日历天|工作日)?$/,
  percent: /^%?$/,
  number: /^$/,
};

/** Rounding to 6 decimals drops binary noise from unit conversion (1.2 × 10000), never real digits. */
function round6(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

/**
 * Reads one quantity. Text after the number and unit in brackets (`70年（住宅）`) is a note and
 * is ignored; anything else unreadable fails with `quantity.unparseable` / `quantity.unit`.
 */
export function parseQuantity(input: string | number, kind: QuantityKind): Check<number> {
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? pass(input)
      : fail('quantity.unparseable', 'not a finite number', String(input));
  }
  const repaired: string[] = [];
  const text = toHalfWidthNoting(input, repaired)
    .replace(/[\s,\u00a0]+/g, '')
    .replace(/\([^)]*\)$/, '')
    .replace(/^(约|共|计|合计|面积|总面积|出让年限|工期)[:：]?/, '');
  const m = /^(\d+(?:\.\d+)?)(.*)$/.exec(text);
  if (!m) return fail('quantity.unparseable', `'${input}' has no number in a form we read`, input);
  const value = Number(m[1]);
  const unit = (m[2] ?? '').replace(/^(的)/, '');
  if (kind === 'area-m2' || kind === 'area-km2') {
    const factor = unit === '' ? (kind === 'area-m2' ? 1 : 1_000_000) : M2_PER[unit];
    if (factor === undefined) {
      return fail(
        'quantity.unit',
        `'${unit}' is not an area unit we read (平方米, 公顷, 亩, 平方公里)`,
        input,
      );
    }
    const m2 = value * factor;
    return pass(round6(kind === 'area-m2' ? m2 : m2 / 1_000_000), repaired);
  }
  if (kind === 'days' && /^(个月|月)$/.test(unit)) {
    return fail('quantity.unit', `a period in months cannot be read as days exactly`, input);
  }
  if (!UNIT_WORDS[kind].test(unit)) {
    return fail('quantity.unit', `'${unit}' is not a unit we read for ${kind}`, input);
  }
  return pass(value, repaired);
}

/** 容积率 as published: `≤2.5`, `1.0-2.0`, `大于1.0且不大于2.5`, `2.5`. */
export interface PlotRatio {
  min?: number;
  max?: number;
  text?: string;
}

export function parsePlotRatio(input: string | number): PlotRatio {
  if (typeof input === 'number') return { max: input };
  const s = input
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^容积率[:：]?/, '');
  const range = /^(\d+(?:\.\d+)?)[-~～至到—](\d+(?:\.\d+)?)$/.exec(s);
  if (range) return { min: Number(range[1]), max: Number(range[2]), text: input };
  const atMost = /^(?:≤|<=|<|不大于|不超过|小于等于|小于)(\d+(?:\.\d+)?)$/.exec(s);
  if (atMost) return { max: Number(atMost[1]), text: input };
  const atLeast = /^(?:≥|>=|>|不小于|大于等于|大于)(\d+(?:\.\d+)?)$/.exec(s);
  if (atLeast) return { min: Number(atLeast[1]), text: input };
  const between =
    /^(?:大于等于|大于|不小于|>|≥)(\d+(?:\.\d+)?)(?:且|,|，)?(?:小于等于|不大于|小于|≤|<)(\d+(?:\.\d+)?)$/.exec(
      s,
    );
  if (between) return { min: Number(between[1]), max: Number(between[2]), text: input };
  // A single figure is the ceiling the planning conditions set.
  const single = /^(\d+(?:\.\d+)?)$/.exec(s);
  if (single) return { max: Number(single[1]), text: input };
  return { text: input };
}

/** 排序 as published: 1, `1`, `第一名`, `第一中标候选人`, `第1名`. */
export function parseRank(input: string | number): number | undefined {
  if (typeof input === 'number') return Number.isInteger(input) && input >= 1 ? input : undefined;
  const s = input.normalize('NFKC').replace(/\s+/g, '');
  const digits = /^第?(\d+)/.exec(s);
  if (digits) return Number(digits[1]) >= 1 ? Number(digits[1]) : undefined;
  const chinese = /^第?([一二三四五六七八九十])/.exec(s);
  if (chinese) return '一二三四五六七八九十'.indexOf(chinese[1]!) + 1;
  return undefined;
}
