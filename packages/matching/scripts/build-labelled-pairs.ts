/**
 * Builds fixtures/labelled-pairs.json: tricky pairs of a notice party (ours) and a credit-record
 * subject (theirs), each labelled `same` by how it was made, never by running the matcher.
 * Run: `pnpm exec tsx packages/matching/scripts/build-labelled-pairs.ts` (deterministic seed).
 *
 * Truth by construction: a pair is `same: true` when both sides are written from one company (one
 * credit code), and `same: false` when they are two companies made with distinct codes. Renamed
 * companies without codes are labelled by the truth (same) although no name can show it: they are
 * counted recall misses, on purpose, so the report shows the limit.
 */
import { writeFileSync } from 'node:fs';
import {
  creditCodeCheckChar,
  maskResidentId,
  organizationCodeCheckChar,
  regionName,
  residentIdCheckChar,
} from '@ggzy/domain';
import { INDUSTRIES, INDUSTRY_SWAPS, REGIONS, TRADE_NAMES, TRADITIONAL, TYPOS } from './name-pools.ts';

let seed = 20250601;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const toTraditional = (text: string) => [...text].map((ch) => TRADITIONAL[ch] ?? ch).join('');
const FULL_WIDTH = (text: string) =>
  [...text].map((ch) => (/[!-~]/.test(ch) ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join('');

const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const usedCodes = new Set<string>();
function creditCode(regionCode: string): string {
  for (;;) {
    const body = Array.from({ length: 8 }, () => pick([...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('');
    const first17 = `91${regionCode}${body}${organizationCodeCheckChar(body)}`;
    const code = `${first17}${creditCodeCheckChar(first17)}`;
    if (!usedCodes.has(code)) {
      usedCodes.add(code);
      return code;
    }
  }
}
/** One character changed: never a valid code (the mod-31 check catches every single change). */
function mistype(code: string): string {
  const at = Math.floor(random() * 18);
  const other = pick([...CREDIT_CHARS].filter((c) => c !== code[at]));
  return `${code.slice(0, at)}${other}${code.slice(at + 1)}`;
}

interface Company {
  region: string;
  regionCode: string;
  trade: string;
  industry: string;
  creditCode: string;
}
const usedNames = new Set<string>();
function company(over: Partial<Company> = {}): Company {
  for (;;) {
    const [region, regionCode] = pick(REGIONS);
    const c: Company = {
      region,
      regionCode,
      trade: pick(TRADE_NAMES),
      industry: pick(INDUSTRIES),
      creditCode: '',
      ...over,
    };
    const key = `${c.region}${c.trade}${c.industry}`;
    if (usedNames.has(key) && !over.trade) continue;
    usedNames.add(key);
    c.creditCode = over.creditCode ?? creditCode(c.regionCode);
    return c;
  }
}
const nameOf = (c: Company, form = '有限公司', withRegion = true) =>
  `${withRegion ? c.region : ''}${c.trade}${c.industry}${form}`;

interface Side {
  name: string;
  creditCode?: string;
  organizationCode?: string;
  personId?: string;
}
interface Pair {
  id: string;
  ours: Side;
  theirs: Side;
  same: boolean;
  kind: string;
  note: string;
}
const pairs: Pair[] = [];
function add(kind: string, same: boolean, ours: Side, theirs: Side, note: string): void {
  pairs.push({
    id: `${kind}-${String(pairs.filter((p) => p.kind === kind).length + 1).padStart(3, '0')}`,
    ours,
    theirs,
    same,
    kind,
    note,
  });
}
const times = (n: number, f: (i: number) => void) => {
  for (let i = 0; i < n; i++) f(i);
};

times(30, (i) => {
  const c = company();
  const theirsName = i % 3 === 0 ? nameOf(c, '有限责任公司') : nameOf(c);
  add(
    'exact-code',
    true,
    { name: nameOf(c), creditCode: c.creditCode },
    { name: theirsName, creditCode: c.creditCode },
    'one company, one code',
  );
});
times(25, (i) => {
  const c = company();
  const org = c.creditCode.slice(8, 17);
  const printed = i % 2 === 0 ? `${org.slice(0, 8)}-${org[8]}` : org;
  if (i % 3 === 2)
    add(
      'organization-code',
      true,
      { name: nameOf(c), creditCode: c.creditCode },
      { name: nameOf(c), organizationCode: org },
      'record has only the old code',
    );
  else
    add(
      'organization-code',
      true,
      { name: nameOf(c), organizationCode: printed },
      { name: nameOf(c), creditCode: c.creditCode },
      'notice has only the old code',
    );
});
times(25, (i) => {
  const c = company();
  const [a, b] = i % 2 === 0 ? ['有限公司', '有限责任公司'] : ['有限责任公司', '有限公司'];
  add(
    'legal-form',
    true,
    { name: nameOf(c, a) },
    { name: nameOf(c, b) },
    '有限公司 is short for 有限责任公司',
  );
});
times(15, (i) => {
  const c = company();
  const [a, b] = i % 2 === 0 ? ['有限公司', '股份有限公司'] : ['股份有限公司', '有限公司'];
  add(
    'legal-form-conversion',
    true,
    { name: nameOf(c, a) },
    { name: nameOf(c, b) },
    'before and after 股份制改造',
  );
});
times(20, (i) => {
  const c = company();
  const latin = i % 2 === 0 ? `${pick(['ABC', 'TCL', 'K2', 'E3', 'HX'])}` : '';
  const base = `${c.trade}${latin}${c.industry}(${c.region.replace('市', '')})有限公司`;
  add(
    'full-width',
    true,
    { name: FULL_WIDTH(base) },
    { name: base },
    'full-width letters, digits and brackets',
  );
});
times(25, () => {
  const c = company();
  add(
    'traditional',
    true,
    { name: toTraditional(nameOf(c)) },
    { name: nameOf(c) },
    '繁体 spelling of one name',
  );
});
times(20, (i) => {
  const c = company();
  const spaced =
    i % 2 === 0
      ? ` ${c.region} ${c.trade}${c.industry}　有限公司 `
      : `${c.trade}${c.industry}（${c.region.replace('市', '')}）有限公司`;
  const plain = i % 2 === 0 ? nameOf(c) : `${c.trade}${c.industry}(${c.region.replace('市', '')})有限公司`;
  add('spaces-brackets', true, { name: spaced }, { name: plain }, 'spaces, ideographic space, （）/()');
});
times(30, (i) => {
  const c = company();
  const short = c.region.replace('市', '');
  // 广东省深圳市…: the province the city is in; a municipality (北京市) has none above it.
  const province = regionName(`${c.regionCode.slice(0, 2)}0000`) ?? c.region;
  const variants: [string, string][] = [
    [nameOf(c), nameOf(c, '有限公司', false)],
    [nameOf(c, '有限公司', false), nameOf(c)],
    [`${short}${c.trade}${c.industry}有限公司`, nameOf(c)],
    [`${c.trade}${c.industry}(${short})有限公司`, nameOf(c)],
    province === c.region
      ? [nameOf(c), nameOf(c, '有限公司', false)]
      : [`${province}${nameOf(c)}`, nameOf(c)],
  ];
  const [ours, theirs] = variants[i % variants.length]!;
  add(
    'region-prefix',
    true,
    { name: ours },
    { name: theirs },
    'region written one way, another or not at all',
  );
});
times(25, (i) => {
  const c = company({ industry: pick(['建设工程', '建筑工程', '工程咨询', '物业管理']) });
  const branch = `${pick(['龙华', '宝安', '南山', '天河', '海淀', '浦东', '江北', '高新'])}${pick(['分公司', '分公司', '办事处'])}`;
  const withCodes = i % 2 === 0;
  const parent: Side = { name: nameOf(c, '集团有限公司') };
  const child: Side = { name: `${nameOf(c, '集团有限公司')}${branch}` };
  if (withCodes) {
    parent.creditCode = c.creditCode;
    child.creditCode = creditCode(c.regionCode);
  }
  if (i % 4 < 2) add('branch-vs-parent', false, child, parent, 'a branch (no legal person) and its company');
  else add('branch-vs-parent', false, parent, child, 'a company and its branch');
});
times(20, () => {
  const c = company();
  const renamed = company({ region: c.region, regionCode: c.regionCode, creditCode: c.creditCode });
  add('renamed-same-code', true, { name: nameOf(renamed) }, { name: nameOf(c) }, 'renamed, credit code kept');
  pairs.at(-1)!.ours.creditCode = c.creditCode;
  pairs.at(-1)!.theirs.creditCode = c.creditCode;
});
times(10, () => {
  const c = company();
  const renamed = company({ region: c.region, regionCode: c.regionCode });
  add(
    'renamed-no-code',
    true,
    { name: nameOf(renamed) },
    { name: nameOf(c) },
    'renamed; no code, so no name can tell (expected miss)',
  );
});
times(20, (i) => {
  const [a, b] = INDUSTRY_SWAPS[i % INDUSTRY_SWAPS.length]!;
  const c = company({ industry: a });
  const d = company({ region: c.region, regionCode: c.regionCode, trade: c.trade, industry: b });
  add(
    'similar-industry',
    false,
    { name: nameOf(c) },
    { name: nameOf(d) },
    'one 字号, two lines of business (华为技术/华为科技)',
  );
});
times(20, (i) => {
  const ordinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
  const x = ordinals[i % 10]!;
  const y = ordinals[(i + 1 + (i % 7)) % 10]!;
  const unit = pick(['局', '工程局', '建筑工程', '建设工程', '市政工程']);
  const org = pick(['中建', '中铁', '中交', '中冶', '中水', '中电建']);
  const [ours, theirs] =
    i % 2 === 0 ? [`${org}${x}${unit}`, `${org}${y}${unit}`] : [`${org}第${x}${unit}`, `${org}第${y}${unit}`];
  add(
    'similar-ordinal',
    false,
    { name: `${ours}集团有限公司` },
    { name: `${theirs}集团有限公司` },
    'numbered sibling units (中建三局/中建八局)',
  );
});
times(20, () => {
  const c = company();
  const trade = [...c.trade];
  const at = trade.findIndex((ch) => TYPOS[ch]);
  if (at < 0) return;
  trade[at] = TYPOS[trade[at]!]!;
  const d = company({
    region: c.region,
    regionCode: c.regionCode,
    trade: trade.join(''),
    industry: c.industry,
  });
  add(
    'similar-trade-name',
    false,
    { name: nameOf(d) },
    { name: nameOf(c) },
    'two companies whose 字号 differ by one character (腾讯/腾迅)',
  );
});
times(25, () => {
  const c = company();
  const [other, otherCode] = pick(REGIONS.filter(([r]) => r !== c.region));
  const d = company({ region: other, regionCode: otherCode, trade: c.trade, industry: c.industry });
  add(
    'different-region',
    false,
    { name: nameOf(d) },
    { name: nameOf(c) },
    'same 字号 registered in two regions (北京XX/上海XX)',
  );
});
times(25, (i) => {
  const c = company();
  if (i < 15) {
    add(
      'invalid-checksum',
      true,
      { name: nameOf(c), creditCode: mistype(c.creditCode) },
      { name: nameOf(c), creditCode: c.creditCode },
      'code mistyped in the notice, name right',
    );
  } else {
    const d = company();
    add(
      'invalid-checksum',
      false,
      { name: nameOf(d), creditCode: mistype(c.creditCode) },
      { name: nameOf(c), creditCode: c.creditCode },
      'mistyped code one character from a listed company; another company',
    );
  }
});
times(15, () => {
  const c = company();
  add(
    'same-name-different-code',
    false,
    { name: nameOf(c), creditCode: creditCode(c.regionCode) },
    { name: nameOf(c), creditCode: c.creditCode },
    'name re-used by a new registration',
  );
});
times(25, (i) => {
  const c = company();
  const trade = [...c.trade];
  const at = trade.findIndex((ch) => TYPOS[ch]);
  if (at < 0) return;
  trade[at] = TYPOS[trade[at]!]!;
  const typo = nameOf({ ...c, trade: trade.join('') });
  const withCode = i % 3 === 0;
  add(
    'typo',
    true,
    { name: typo, ...(withCode ? { creditCode: c.creditCode } : {}) },
    { name: nameOf(c), ...(withCode ? { creditCode: c.creditCode } : {}) },
    'the notice misspells the 字号',
  );
});

const SURNAMES = [...'王李张刘陈杨黄赵周吴徐孙马朱胡郭何林罗高'];
const GIVEN = [...'建国伟强军平志明海涛斌磊勇杰华芳敏静丽娟'];
function residentId(): string {
  const region = pick(['440524', '440305', '110105', '310115', '330106', '510107']);
  const birth = `19${60 + Math.floor(random() * 40)}${String(1 + Math.floor(random() * 12)).padStart(2, '0')}${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
  const first17 = `${region}${birth}${String(Math.floor(random() * 1000)).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}
times(25, (i) => {
  const name = `${pick(SURNAMES)}${pick(GIVEN)}${pick(GIVEN)}`;
  const id = residentId();
  if (i < 15) {
    add(
      'person',
      true,
      { name, personId: i % 2 === 0 ? id : maskResidentId(id) },
      { name, personId: maskResidentId(id) },
      'one person, ID masked on the list',
    );
  } else {
    let other = residentId();
    while (maskResidentId(other) === maskResidentId(id)) other = residentId();
    add(
      'person',
      false,
      { name, personId: maskResidentId(other) },
      { name, personId: maskResidentId(id) },
      'namesakes with different IDs',
    );
  }
});

const out = new URL('../fixtures/labelled-pairs.json', import.meta.url);
writeFileSync(out, `${JSON.stringify(pairs, null, 1)}\n`);
const kinds = new Map<string, number>();
for (const p of pairs) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
process.stdout.write(`${pairs.length} pairs: ${[...kinds].map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
