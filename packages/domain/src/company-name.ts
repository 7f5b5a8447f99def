import * as OpenCC from 'opencc-js';
import { toHalfWidth } from './check.ts';
import { findRegionByName, matchRegionPrefix } from './region.ts';

let toSimplified: ((text: string) => string) | undefined;

/**
 * Traditional → simplified (繁→简) with OpenCC, built on first use: the dictionaries are large.
 * From 'hk' because Hong Kong variants (e.g. 綫) also occur in registered names; it includes the
 * standard traditional forms.
 */
function simplified(text: string): string {
  const convert = toSimplified ?? OpenCC.Converter({ from: 'hk', to: 'cn' });
  toSimplified = convert;
  return convert(text);
}

/** Brackets people use interchangeably around a company's region or partnership type. */
const OPEN_BRACKETS = /[[【〔［{｛〖<〈]/g;
const CLOSE_BRACKETS = /[\]】〕］}｝〗>〉]/g;

/**
 * The comparison key of a company name (单位名称): half-width, one kind of bracket `()`, no
 * whitespace, simplified characters, capital Latin letters, one middle dot and one dash. Callers
 * keep the name as published; this is only for matching, e.g. against a blacklist (黑名单).
 *
 * The OpenCC conversion is not always right for a name already in simplified form (乾县 becomes
 * 干县), but it is applied to both sides of every comparison, so equal names still compare equal.
 */
export function normalizeCompanyName(name: string): string {
  const known = nameKeys.get(name);
  if (known !== undefined) return known;
  const key = companyNameKey(name);
  // Bounded: a feed names the same buyers and agencies over and over, an import a million others.
  if (nameKeys.size >= NAME_KEYS_KEPT) nameKeys.clear();
  nameKeys.set(name, key);
  return key;
}

/**
 * Keys already worked out, by name: the OpenCC conversion is the costliest step of reading a
 * party (docs/performance.md, "Normalizing"), and the key is a pure function of the name.
 */
const nameKeys = new Map<string, string>();
const NAME_KEYS_KEPT = 20_000;

function companyNameKey(name: string): string {
  const half = toHalfWidth(name)
    .replace(OPEN_BRACKETS, '(')
    .replace(CLOSE_BRACKETS, ')')
    .replace(/[\s\u00a0\u200b\ufeff]+/g, '')
    .replace(/[•・‧∙]/g, '·')
    .replace(/[‐‑‒–—―－]/g, '-');
  return simplified(half).toUpperCase();
}

export interface CompanyNameParts {
  /** Leading region (行政区划) such as 广东省深圳市, or the bracketed one in 华为技术(深圳)有限公司. */
  region?: string;
  /** The trade name (字号) and business words that tell companies apart. */
  core: string;
  /** Organizational form (组织形式): 有限公司, 股份有限公司, 合伙企业(有限合伙) … */
  legalForm?: string;
  /** Branch (分支机构): 龙华分公司, 深圳分所, 华南办事处 … */
  branch?: string;
}

/** Longest first, so 集团有限公司 wins over 有限公司 and 有限公司 over 公司. */
const LEGAL_FORMS = [
  '集团股份有限公司',
  '集团有限责任公司',
  '合伙企业(特殊普通合伙)',
  '合伙企业(有限合伙)',
  '合伙企业(普通合伙)',
  '股份合作公司',
  '集团有限公司',
  '有限责任公司',
  '股份有限公司',
  '农民专业合作社',
  '个人独资企业',
  '(特殊普通合伙)',
  '(有限合伙)',
  '(普通合伙)',
  '合伙企业',
  '集团公司',
  '有限公司',
  '总公司',
  '公司',
].sort((a, b) => b.length - a.length);

const BRANCH_ENDINGS = /(分公司|分所|办事处|分行|支行|分店|分厂|分部|分中心|分院|营业部|经营部|代表处)$/;

/** Where the legal form of a branch name ends: 深圳交易集团有限公司|龙华分公司. */
function splitBranch(name: string): { head: string; branch?: string } {
  for (let at = 1; at < name.length; at++) {
    for (const form of LEGAL_FORMS) {
      if (!name.startsWith(form, at)) continue;
      const end = at + form.length;
      const rest = name.slice(end);
      if (rest.length > 0 && BRANCH_ENDINGS.test(rest) && !LEGAL_FORMS.includes(rest)) {
        return { head: name.slice(0, end), branch: rest };
      }
    }
  }
  return { head: name };
}

/**
 * A region prefix is not split off when what follows reads as a word that starts with the
 * prefix's last character: 上海市政工程 is 上海 + 市政, not 上海市 + 政工程.
 */
const WORDS_AFTER_SHI = /^(政|场|容|民|区|级)/;

/**
 * Splits a company name into region, core, legal form and branch (on its {@link
 * normalizeCompanyName} key, so the parts compare as keys): '广东省深圳市华强电子有限公司' →
 * { region: '广东省深圳市', core: '华强电子', legalForm: '有限公司' }. The core is never empty;
 * a name that is all region or all legal form keeps it as core.
 */
export function companyNameParts(name: string): CompanyNameParts {
  return companyKeyParts(normalizeCompanyName(name));
}

/**
 * {@link companyNameParts} of a name already in its {@link normalizeCompanyName} form: for callers
 * that hold the key anyway, so the costly conversion runs once per name, not twice.
 */
export function companyKeyParts(key: string): CompanyNameParts {
  const { head, branch } = splitBranch(key);
  let core = head;
  let region: string | undefined;
  // The longest form or none: 有限公司 alone is not 有限 + 公司.
  const longest = LEGAL_FORMS.find((f) => core.endsWith(f));
  const legalForm = longest !== undefined && core.length > longest.length ? longest : undefined;
  if (legalForm) core = core.slice(0, -legalForm.length);

  const bracketed = /\(([^()]{2,12})\)$/.exec(core);
  if (bracketed?.[1] && core.length > bracketed[0].length && findRegionByName(bracketed[1]) !== undefined) {
    region = bracketed[1];
    core = core.slice(0, -bracketed[0].length);
  } else {
    const prefix = matchRegionPrefix(core);
    const rest = prefix ? core.slice(prefix.length) : '';
    const splitsWord = prefix !== undefined && core[prefix.length - 1] === '市' && WORDS_AFTER_SHI.test(rest);
    if (prefix && rest.length > 0 && !splitsWord) {
      region = core.slice(0, prefix.length);
      core = rest;
    }
  }
  const parts: CompanyNameParts = { core };
  if (region) parts.region = region;
  if (legalForm) parts.legalForm = legalForm;
  if (branch) parts.branch = branch;
  return parts;
}
