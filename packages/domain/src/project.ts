import { hash } from 'node:crypto';
import { z } from 'zod';
import { moneySchema, regionCodeSchema } from './notice-common.ts';

/**
 * 统一交易标识码: fixed length 40 in the national data spec (501/502/513/553/601/700 …). The
 * spec fixes only the length; codes seen in the wild are digits and capitals, so that is the
 * charset we accept. Spaces and lower case are the normalizer's to repair, not ours.
 */
export const unifiedDealCodeSchema = z
  .string()
  .regex(/^[0-9A-Z]{40}$/, 'unified deal code: exactly 40 digits or capital letters');

/** 标段(包): one lot of a project. */
export const lotSchema = z.object({
  /** 标段(包)编号 as published (A, 01, 第一标段 …) */
  lotCode: z.string().min(1),
  /** 标段(包)名称 */
  name: z.string().min(1).optional(),
  /** 统一交易标识码 of this lot, where given */
  unifiedDealCode: unifiedDealCodeSchema.optional(),
  /** 标段(包)内容 */
  content: z.string().min(1).optional(),
  /** 标段合同估算价 / 包预算 */
  estimate: moneySchema.optional(),
});
export type Lot = z.infer<typeof lotSchema>;

/**
 * Who a notice is about: the identifiers that tie the stages of one project together.
 * At least one of projectCode, tenderProjectCode and unifiedDealCode must be present — without
 * any, a notice has no project key and cannot be ordered with its project's other stages.
 */
export const projectIdentitySchema = z
  .object({
    /** 项目编号 / 招标编号 / 采购项目编号 as printed on the notice: the key across stages. */
    projectCode: z.string().min(1).optional(),
    /** 项目名称 / 招标项目名称 / 采购项目名称 */
    projectName: z.string().min(1).optional(),
    /** 招标项目编号 of the national data spec (20 characters, 501 TENDER_PROJECT), where given. */
    tenderProjectCode: z.string().min(1).optional(),
    /** 标段(包)编号, when the notice concerns one lot. */
    lotCode: z.string().min(1).optional(),
    /** 标段(包) the notice covers, when it lists them. */
    lots: z.array(lotSchema).optional(),
    /** 统一交易标识码 of the notice's lot, where given. */
    unifiedDealCode: unifiedDealCodeSchema.optional(),
    /** 项目所在行政区划代码 (GB/T 2260) */
    region: regionCodeSchema,
  })
  .refine((p) => hasProjectCode(p), {
    message: 'a project needs projectCode, tenderProjectCode or unifiedDealCode',
    path: ['projectCode'],
  });
export type ProjectIdentity = z.infer<typeof projectIdentitySchema>;

const bracketPairs: Record<string, string> = {
  '〔': '(',
  '〕': ')',
  '【': '(',
  '】': ')',
  '〖': '(',
  '〗': ')',
  '[': '(',
  ']': ')',
  '{': '(',
  '}': ')',
};

/** Labels that centres print before the code itself: `项目编号：`, `招标编号:`, `No.` … */
const labelPrefix =
  /^(?:(?:(?:招标|采购|项目|工程|交易|公告|宗地|标的|挂牌)?(?:项目)?(?:编号|编码|代码))[:：]?|NO\.|NO[:：])/u;

/**
 * The comparison form of a project code. Only cosmetic differences go: surrounding space,
 * full-width forms (NFKC: `ＬＨＡＣＧ２０２５` → `LHACG2025`), case, inner white space,
 * dash variants (— – ‐ － → -), bracket variants (〔〕【】［］ → ()), a printed label
 * (`项目编号：`), and wrapping brackets or trailing punctuation (`【…】`, `…。`). Letters,
 * digits and separators that could tell two projects apart stay.
 */
export function normalizeProjectCode(code: string): string {
  let s = code.normalize('NFKC').toUpperCase();
  s = s.replace(/[\s\u200b\ufeff]+/gu, '');
  s = s.replace(/[‐‑‒–—―−﹣－]/gu, '-');
  s = s.replace(/[〔〕【】〖〗[\]{}]/gu, (c) => bracketPairs[c] ?? c);
  s = s.replace(labelPrefix, '');
  while (s.startsWith('(') && s.endsWith(')') && isWrapped(s)) s = s.slice(1, -1);
  s = s.replace(/[。.,，;；:：、]+$/u, '');
  return s;
}

/** True when the first bracket of `s` closes at its last character. */
function isWrapped(s: string): boolean {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '(') depth++;
    else if (s[i] === ')') {
      depth--;
      if (depth === 0) return i === s.length - 1;
    }
  }
  return false;
}

type CodedIdentity = {
  region: string;
  projectCode?: string | undefined;
  tenderProjectCode?: string | undefined;
  unifiedDealCode?: string | undefined;
};

function keyCode(identity: CodedIdentity): string | undefined {
  for (const candidate of [identity.projectCode, identity.tenderProjectCode, identity.unifiedDealCode]) {
    const code = candidate === undefined ? '' : normalizeProjectCode(candidate);
    if (code !== '') return code;
  }
  return undefined;
}

/** The rule of {@link projectIdentitySchema}: at least one code that gives a project key. */
export function hasProjectCode(identity: CodedIdentity): boolean {
  return keyCode(identity) !== undefined;
}

/**
 * The partition key of a project: `<region>:<normalized code>`, e.g. `440309:LHACG2025000057`.
 *
 * Rule — the key must be the same on every stage of one project (announcement, correction,
 * candidates, result, contract), so it is built from what every stage prints:
 * 1. the project code as printed (项目编号 / 招标编号), normalized by `normalizeProjectCode` —
 *    every stage of a Chinese notice carries it, and centres never reuse it;
 * 2. else the national 招标项目编号 (tenderProjectCode);
 * 3. else the 统一交易标识码.
 * The unified deal code is the last resort, not the first, although it is the most formal:
 * it identifies one lot (502 SECTION), so a project with two lots would get two keys, and most
 * published notices (ccgp, local centres) do not print it, so an announcement without it and a
 * result with it would land on different keys.
 *
 * The code is combined with the six-digit region, because codes are unique only within a centre
 * (two counties may both number `2024-001`). The region must therefore be set the same way for
 * every stage (the project's region, not the page's) — the normalizer's job.
 */
export function projectKey(identity: CodedIdentity): string {
  const code = keyCode(identity);
  // projectIdentitySchema guarantees a code; reaching here without one is a caller's bug.
  if (code === undefined) throw new TypeError('projectKey: identity has no usable project code');
  return `${identity.region}:${code}`;
}

/**
 * A deterministic id: prefix + the first 128 bits of SHA-256 over the parts, in lowercase hex.
 * The parts are hashed as a JSON array, so ('a:b', 'c') and ('a', 'b:c') differ.
 */
export function derivedId(prefix: string, parts: readonly string[]): string {
  const digest = hash('sha256', JSON.stringify(parts));
  return `${prefix}_${digest.slice(0, 32)}`;
}

/**
 * A notice's id, from its feed and the source's own record id (DESIGN.md "Identity"): a record
 * sent again gets the same id, so it is recognised as a duplicate or a new version. Both parts
 * are taken exactly (no trimming): they are identifiers, not text.
 */
export function noticeId(source: { feed: string; recordId: string }): string {
  return derivedId('n', [source.feed, source.recordId]);
}

/** `n_` and 32 lowercase hex digits. */
export const noticeIdSchema = z.string().regex(/^n_[0-9a-f]{32}$/, 'notice id: n_ and 32 hex digits');
