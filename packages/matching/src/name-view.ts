import {
  companyKeyParts,
  findRegionByName,
  normalizeCompanyName,
  regionCovers,
  regionName,
} from '@ggzy/domain';

/**
 * A company name taken apart for matching. The parts come from packages/domain
 * (`normalizeCompanyName`, `companyKeyParts`); this file adds what matching needs on top: the
 * short region prefix the domain leaves in the core (深圳华强电子 → 深圳 + 华强电子, since the domain
 * only splits full names such as 深圳市), the region's GB/T 2260 code, the family of the legal form,
 * and the 字号 (trade name) without the business words.
 */

/**
 * Families of 组织形式. Names that differ only inside a family are one name (有限公司 is short for
 * 有限责任公司, 公司法 art. 7); across families they are a different registered name.
 */
export type LegalFamily =
  | 'limited'
  | 'joint-stock'
  | 'group-limited'
  | 'group-joint-stock'
  | 'group'
  | 'company'
  | 'partnership-limited'
  | 'partnership-general'
  | 'partnership-special'
  | 'sole-proprietorship'
  | 'cooperative'
  | 'joint-stock-cooperative';

const LEGAL_FAMILIES: Record<string, LegalFamily> = {
  有限公司: 'limited',
  有限责任公司: 'limited',
  股份有限公司: 'joint-stock',
  集团有限公司: 'group-limited',
  集团有限责任公司: 'group-limited',
  集团股份有限公司: 'group-joint-stock',
  集团公司: 'group',
  总公司: 'company',
  公司: 'company',
  '合伙企业(有限合伙)': 'partnership-limited',
  '(有限合伙)': 'partnership-limited',
  '合伙企业(普通合伙)': 'partnership-general',
  '(普通合伙)': 'partnership-general',
  合伙企业: 'partnership-general',
  '合伙企业(特殊普通合伙)': 'partnership-special',
  '(特殊普通合伙)': 'partnership-special',
  个人独资企业: 'sole-proprietorship',
  农民专业合作社: 'cooperative',
  股份合作公司: 'joint-stock-cooperative',
};

/**
 * 行业 words that follow the 字号 in a registered name (企业名称登记管理规定: 行政区划 + 字号 + 行业 +
 * 组织形式). Longest first. They tell what a company does, not which company it is, so they never
 * count towards the strength of a name and a swap of them (华为技术 / 华为科技) is another company.
 */
const INDUSTRY_WORDS = [
  '信息技术',
  '电子科技',
  '建设工程',
  '建筑工程',
  '市政工程',
  '水利水电',
  '房地产',
  '研究院',
  '设计院',
  '科技',
  '技术',
  '信息',
  '电子',
  '建设',
  '建筑',
  '工程',
  '市政',
  '路桥',
  '水利',
  '水电',
  '装饰',
  '园林',
  '绿化',
  '劳务',
  '贸易',
  '商贸',
  '实业',
  '投资',
  '发展',
  '咨询',
  '管理',
  '服务',
  '医疗',
  '器械',
  '医药',
  '设备',
  '物业',
  '环保',
  '环境',
  '能源',
  '置业',
  '开发',
  '资产',
  '评估',
  '造价',
  '招标',
  '代理',
  '项目',
  '网络',
  '软件',
  '教育',
  '文化',
  '传媒',
  '物流',
  '机电',
  '电器',
  '材料',
  '建材',
  '设计',
  '规划',
  '勘察',
  '测绘',
  '安装',
  '消防',
  '智能',
  '系统',
  '集成',
  '制造',
  '产业',
  '资源',
  '矿业',
  '石材',
  '砂石',
  '交通',
  '设施',
  '卫生',
  '办公',
  '空调',
  '集团',
].sort((a, b) => b.length - a.length);

export interface NameView {
  /** `normalizeCompanyName` of the whole name: the party's and the subject's `nameKey`. */
  nameKey: string;
  /** What tells companies apart: the domain core without short region prefix or brackets. */
  core: string;
  /** 字号: the core without trailing business words (华为技术 → 华为). */
  tradeName: string;
  /** 行业 words after the trade name, e.g. 技术. */
  industry: string;
  /** Region as written (广东省深圳市, 深圳, (深圳) …), full and short prefixes together. */
  region?: string;
  /** GB/T 2260 code the region resolves to, when it does. */
  regionCode?: string;
  legalForm?: string;
  legalFamily?: LegalFamily;
  /** 分支机构 part, e.g. 龙华分公司. */
  branch?: string;
  /** The name without its branch part: the legal entity a branch belongs to. */
  headKey: string;
}

/**
 * A short region at the start of the core (深圳, 广东, 内蒙古): a prefix of a region's full name
 * (深圳 of 深圳市). At least two characters must remain, so a name is never all region.
 */
function shortRegionPrefix(core: string, within: string | undefined): string | undefined {
  for (const length of [3, 2]) {
    if (core.length - length < 2) continue;
    const prefix = core.slice(0, length);
    const code = regionByName(prefix);
    if (code === undefined || !regionName(code)?.startsWith(prefix)) continue;
    // After a written region, only a place inside it (深圳市南山 …), never another one:
    // 杭州市河源科技 is the company 河源科技 of Hangzhou, not a place 河源 (广东) in Hangzhou.
    if (within !== undefined && !regionCovers(within, code)) continue;
    return prefix;
  }
  return undefined;
}

/** INDUSTRY_WORDS by their last two characters, in the same order (longest first). */
const INDUSTRY_WORDS_BY_END = new Map<string, string[]>();
for (const word of INDUSTRY_WORDS) {
  const end = word.slice(-2);
  const words = INDUSTRY_WORDS_BY_END.get(end);
  if (words) words.push(word);
  else INDUSTRY_WORDS_BY_END.set(end, [word]);
}

/**
 * `findRegionByName` of the short texts a name is taken apart into (深圳, 广东省深圳市 …), kept:
 * there are few of them and every name asks.
 */
const regionsByName = new Map<string, string | undefined>();
function regionByName(text: string): string | undefined {
  if (regionsByName.has(text)) return regionsByName.get(text);
  const code = findRegionByName(text);
  if (regionsByName.size >= 100_000) regionsByName.clear();
  regionsByName.set(text, code);
  return code;
}

function splitIndustry(core: string): { tradeName: string; industry: string } {
  let tradeName = core;
  for (;;) {
    const candidates = INDUSTRY_WORDS_BY_END.get(tradeName.slice(-2)) ?? [];
    const word = candidates.find((w) => tradeName.endsWith(w) && tradeName.length > w.length);
    if (!word) break;
    tradeName = tradeName.slice(0, -word.length);
  }
  return { tradeName, industry: core.slice(tradeName.length) };
}

/** Takes a company name (as published or already a key) apart for matching. */
export function nameView(name: string): NameView {
  const nameKey = normalizeCompanyName(name);
  const parts = companyKeyParts(nameKey);
  let core = parts.core.replace(/[()]/g, '');
  let region = parts.region;
  const outer = parts.region === undefined ? undefined : regionByName(parts.region);
  const short = shortRegionPrefix(core, parts.region === undefined ? undefined : (outer ?? ''));
  if (short) {
    region = `${region ?? ''}${short}`;
    core = core.slice(short.length);
  }
  const view: NameView = { nameKey, core, ...splitIndustry(core), headKey: nameKey };
  if (region) {
    view.region = region;
    const code = regionByName(region);
    if (code) view.regionCode = code;
  }
  if (parts.legalForm) {
    view.legalForm = parts.legalForm;
    const family = LEGAL_FAMILIES[parts.legalForm];
    if (family) view.legalFamily = family;
  }
  if (parts.branch) {
    view.branch = parts.branch;
    view.headKey = nameKey.slice(0, -parts.branch.length);
  }
  return view;
}

/**
 * A core strong enough to carry a match where the region is not written on both sides: at least
 * four characters with a 字号 of two or more. 化纤 or 建设工程 alone name an industry, not a company.
 */
export function isStrongCore(view: Pick<NameView, 'core' | 'tradeName'>): boolean {
  return view.core.length >= 4 && view.tradeName.length >= 2;
}
