import {
  crossPartRulesHold,
  type Domain,
  type Money,
  missingRequiredFields,
  type NoticeInput,
  normalizeProjectCode,
  noticeId,
  noticeInputSchema,
  noticeSchema,
  parseDateTime,
  toHalfWidthNoting,
  unstorableParts,
} from '@ggzy/domain';
import { amountKind, moneyFieldsOutsideStage } from './amounts.ts';
import { compileSchema, compileShape, FAIL } from './fast-schema.ts';
import { canonicalToInputPath, issuesToRejections, isWithin } from './issues.ts';
import { PartyBook } from './parties.ts';
import type { NormalizeContext, NormalizeResult } from './result.ts';
import { landStages, miningStages, propertyStages } from './stage-assets.ts';
import { type StageBuilder, type StageContext, withoutUndefined } from './stage-common.ts';
import { constructionStages, procurementStages } from './stage-tender.ts';
import { Problems, readDate, readMoney, readRegion, readText, readUnifiedDealCode } from './values.ts';

const builders: Record<Domain, Record<string, StageBuilder>> = {
  construction: constructionStages,
  procurement: procurementStages,
  land: landStages,
  mining: miningStages,
  property: propertyStages,
};

/** Input fields every stage reads (the common part of the notice). */
const commonInputs: readonly (keyof NoticeInput)[] = [
  'ggzyInput',
  'recordId',
  'domain',
  'stage',
  'title',
  'projectCode',
  'projectName',
  'tenderProjectCode',
  'lotCode',
  'lots',
  'unifiedDealCode',
  'region',
  'publisher',
  'platform',
  'formedAt',
  'publishedAt',
  'sourceUrl',
  'attachments',
  'parties',
  'amounts',
  'body',
  'withdrawal',
  'extra',
];

const commonInputSet: ReadonlySet<string> = new Set(commonInputs);

/**
 * The input and canonical schemas compiled for the records that pass them (fast-schema.ts): the
 * same parse and the same checks as zod, without zod's issue bookkeeping. A record that does not
 * pass is parsed again by zod, whose issues are the rejections, worded as they always were.
 */
export const fastInput = compileSchema(noticeInputSchema);
const fastNotice = compileSchema(noticeSchema);
/**
 * The canonical notice's shape alone (defaults, key order, stripping; no checks): what an
 * accepted draft becomes. The builders make drafts whose values are valid by construction (every
 * value went through the domain's parsers); the rules across parts are checked here
 * (`crossPartRulesHold`). That an accepted notice is a fixed point of the full `noticeSchema` is
 * property-tested (packages/generator/src/normalize-fast-schema.test.ts); the full check stays at
 * the edges that take notices from outside (packages/bus topic decoding).
 */
const shapeNotice = compileShape(noticeSchema);

/** Labels printed before a code (`项目编号：`), which are not part of it. */
const CODE_LABEL =
  /^(?:(?:招标|采购|项目|工程|交易|公告|宗地|标的|挂牌)?(?:项目)?(?:编号|编码|代码))\s*[:：]\s*/u;

/**
 * 项目编号 as printed, tidied: full-width forms, a printed label and wrapping 【】 go (each a
 * `value-repaired` warning); what could tell two projects apart stays. The project key compares
 * codes through `normalizeProjectCode` anyway; this keeps the stored code readable.
 */
function readProjectCode(p: Problems, path: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const repaired: string[] = [];
  let code = toHalfWidthNoting(value, repaired).trim();
  const unlabelled = code.replace(CODE_LABEL, '');
  if (unlabelled !== code) repaired.push('printed label removed');
  code = unlabelled.replace(/^【(.*)】$/u, '$1').trim();
  if (normalizeProjectCode(code) === '') return undefined;
  for (const repair of repaired) p.warn(path, 'value-repaired', repair, value);
  return code;
}

function project(input: NoticeInput, p: Problems, region: string | undefined): Record<string, unknown> {
  return {
    projectCode: readProjectCode(p, 'projectCode', input.projectCode),
    projectName: readText(input.projectName),
    tenderProjectCode: readProjectCode(p, 'tenderProjectCode', input.tenderProjectCode),
    lotCode: readText(input.lotCode),
    lots: input.lots?.map((lot, i) => ({
      lotCode: lot.lotCode.trim(),
      name: readText(lot.name),
      unifiedDealCode: readUnifiedDealCode(p, `lots[${i}].unifiedDealCode`, lot.unifiedDealCode),
      content: readText(lot.content),
      estimate: readMoney(p, `lots[${i}].estimate`, lot.estimate),
    })),
    unifiedDealCode: readUnifiedDealCode(p, 'unifiedDealCode', input.unifiedDealCode),
    region,
  };
}

function sameMoney(a: unknown, b: Money): boolean {
  const m = a as Money | undefined;
  return m !== undefined && m.fen === b.fen && m.currency === b.currency;
}

/**
 * 其他金额, plus money the stage has no field for (a budget on a result notice) — money is never
 * dropped. A labelled amount that is one of the stage's main figures (预算金额 on an
 * announcement) fills that field when it is empty, is dropped when it repeats it, and is kept
 * with an `amounts-disagree` warning when it differs.
 */
function amounts(input: NoticeInput, p: Problems, fields: Record<string, unknown>, unused: Set<string>) {
  const out: Record<string, unknown>[] = [];
  (input.amounts ?? []).forEach((a, i) => {
    const path = `amounts[${i}]`;
    const value = readMoney(p, `${path}.amount`, a.amount);
    if (!value) return;
    const { kind, field } = amountKind(a.label);
    const lotCode = readText(a.lotCode);
    if (field !== undefined && field in fields && lotCode === undefined) {
      if (fields[field] === undefined) {
        fields[field] = value;
        return;
      }
      if (sameMoney(fields[field], value)) return;
      p.warn(
        path,
        'amounts-disagree',
        `'${a.label}' is ${value.fen} fen but ${field} says ${(fields[field] as Money).fen} fen`,
        a.amount,
      );
    }
    out.push({ kind, label: a.label.trim(), value, lotCode });
  });
  for (const { field, kind, label } of moneyFieldsOutsideStage) {
    if (!unused.has(field)) continue;
    unused.delete(field);
    const value = readMoney(p, field, input[field] as string | number | undefined);
    if (!value) continue;
    p.warn(
      field,
      'field-not-in-stage',
      `a ${input.domain} ${input.stage} notice has no ${field}; kept in amounts as ${label}`,
    );
    out.push({ kind, label, value });
  }
  return out;
}

/**
 * One record of ggzy's JSON input format (docs/input-format.md) → the canonical notice.
 * 1. shape: `noticeInputSchema`; its issues are rejections with JSON paths;
 * 2. values: money, dates, regions, codes, quantities with the domain's parsers — a bad value is
 *    a rejection, a repaired one a warning; party roles and names; the stage fields;
 * 3. the canonical `noticeSchema` as the final gate — its shape (defaults, key order) for a
 *    draft without problems, its full check for the rest; its issues are rejections too;
 * 4. catalogue fields the notice lacks are warnings (`required-field-missing`).
 * Every problem found is reported. Pure and deterministic: no clock, no I/O.
 */
export function normalizeInput(raw: unknown, context: NormalizeContext): NormalizeResult {
  // What PostgreSQL would refuse (NUL, lone surrogates, control characters) and nesting bombs are
  // refused here, record by record, before any recursive validation: an `accepted` receipt
  // means the record will be stored.
  const unstorable = unstorableParts(raw);
  if (unstorable.length > 0) return { ok: false, errors: unstorable };
  let input = fastInput(raw);
  if (input === FAIL) {
    const shape = noticeInputSchema.safeParse(raw);
    if (!shape.success) return { ok: false, errors: issuesToRejections(shape.error.issues, raw) };
    input = shape.data;
  }
  const p = new Problems();
  const hints = [context.centre, input.publisher, input.platform, input.title];
  const received = context.receivedAt ? parseDateTime(context.receivedAt) : undefined;
  const now = received?.ok ? new Date(received.value.iso) : undefined;

  const region = readRegion(p, 'region', input.region, { required: true, hints });
  const identity = project(input, p, region);
  const book = new PartyBook(p, now);
  book.addListed(
    input.parties ?? [],
    input.candidates ?? [],
    hints.filter((h): h is string => !!h),
  );
  const ctx: StageContext = { input, p, book, feed: context.feed };
  const builder = builders[input.domain][input.stage];
  // noticeInputSchema has checked that the stage belongs to the domain.
  const { fields, used } = builder!(ctx);

  const unused = new Set<string>();
  for (const key of Object.keys(input)) {
    if (!commonInputSet.has(key) && !used.includes(key as keyof NoticeInput)) unused.add(key);
  }
  const money = amounts(input, p, fields, unused);
  for (const field of unused) {
    p.warn(field, 'field-not-in-stage', `a ${input.domain} ${input.stage} notice has no ${field}; left out`);
  }

  const draft = withoutUndefined({
    domain: input.domain,
    stage: input.stage,
    id: noticeId({ feed: context.feed, recordId: input.recordId }),
    title: input.title.trim(),
    project: identity,
    publisher: input.publisher === undefined ? undefined : { name: input.publisher.trim() },
    platform: input.platform === undefined ? undefined : { name: input.platform.trim() },
    formedAt: readDate(p, 'formedAt', input.formedAt),
    publishedAt: readDate(p, 'publishedAt', input.publishedAt),
    sourceUrl: input.sourceUrl,
    attachments: input.attachments?.map((a) => ({ name: a.name.trim(), url: a.url })),
    parties: book.list(),
    amounts: money,
    body: readText(input.body),
    withdrawal:
      input.withdrawal === undefined
        ? undefined
        : {
            withdrawnAt: readDate(p, 'withdrawal.withdrawnAt', input.withdrawal.withdrawnAt),
            reason: readText(input.withdrawal.reason),
          },
    ...fields,
  });

  // A draft without problems takes its canonical shape without the canonical check; one with
  // problems, or that breaks a rule across parts, goes through the full check, whose issues are
  // reported as they always were.
  let notice =
    p.errors.length === 0 && crossPartRulesHold(draft as unknown as Parameters<typeof crossPartRulesHold>[0])
      ? shapeNotice(draft)
      : FAIL;
  if (notice === FAIL) notice = fastNotice(draft);
  if (notice === FAIL) {
    const gate = noticeSchema.safeParse(draft);
    if (!gate.success) {
      const mapPath = (path: readonly PropertyKey[]) => canonicalToInputPath(input.domain, path);
      for (const issue of issuesToRejections(gate.error.issues, draft, { rule: 'canonical', mapPath })) {
        // A party whose role or code was rejected is already reported; the gate would only echo it.
        const party = /^parties\[\d+\]/.exec(issue.path)?.[0];
        const echoes = p.errors.some(
          (e) => isWithin(issue.path, e.path) || (party !== undefined && isWithin(e.path, party)),
        );
        if (!echoes) p.errors.push(issue);
      }
      return { ok: false, errors: p.errors };
    }
    notice = gate.data;
  }
  if (p.errors.length > 0) return { ok: false, errors: p.errors };
  for (const path of missingRequiredFields(notice)) {
    p.warn(
      path,
      'required-field-missing',
      `the disclosure catalogue requires ${path} for a ${notice.domain} ${notice.stage} notice`,
    );
  }
  // 信息形成(变更)日期 after 发布时间: the notice says it was published before the information in it
  // existed. Kept (both dates are as printed), but a feed sees it in the receipt.
  if (notice.formedAt !== undefined && Date.parse(notice.formedAt) > Date.parse(notice.publishedAt)) {
    p.warn(
      'publishedAt',
      'published-before-formed',
      `published ${notice.publishedAt}, before the information was formed (formedAt ${notice.formedAt})`,
      input.publishedAt,
    );
  }
  return { ok: true, notice, warnings: p.warnings };
}
