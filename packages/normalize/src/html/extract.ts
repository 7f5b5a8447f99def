import {
  findRegionByName,
  type NoticeInput,
  noticeInputSchema,
  parseMoney,
  type Rejection,
} from '@ggzy/domain';
import { FAIL } from '../fast-schema.ts';
import { fastInput } from '../from-input.ts';
import { formatPath, rejection, type Warning, warning } from '../result.ts';
import { classifyNotice } from './classify.ts';
import { dateOnly } from './dates.ts';
import { readableHtml } from './decode.ts';
import { readPage } from './page.ts';
import { findPairs, PairIndex } from './pairs.ts';
import { definedOnly, PartyList } from './parties.ts';
import { stageFields } from './stage-fields.ts';
import { readDataTable } from './tables.ts';

export type HtmlExtraction = { input: NoticeInput; warnings: Warning[] } | { errors: Rejection[] };

export interface HtmlOptions {
  /** Where the page was fetched: becomes `sourceUrl`, and its record id (contentId=…, or the file name). */
  url?: string;
}

/** Contact labels whose values are kept together: every printed number is worth keeping. */
const CONTACT_SEPARATOR = '；';

/**
 * Reads a notice page (HTML, as text or bytes in any declared charset) into an input-format
 * record, as published: amounts, dates and names are left as printed for the normalizer to parse.
 * A page that does not say what kind of notice it is, or lacks a title, date or project code, is
 * rejected with the reason; what is only doubtful (two totals that disagree) is a warning.
 */
export function extractHtmlNotice(html: string | Uint8Array, options: HtmlOptions = {}): HtmlExtraction {
  const page = readPage(readableHtml(html));
  const pairs = new PairIndex(findPairs(page));
  const tables = page.grids.map(readDataTable).filter((t) => t !== undefined);
  const warnings: Warning[] = [];
  const errors: Rejection[] = [];

  const title = page.meta.articletitle ?? pairs.best('title') ?? firstHeadline(page.lines) ?? page.title;
  const breadcrumb = page.lines.find((l) => /当前位置|您的位置|首页\s*[»>]/u.test(l.text))?.text ?? '';
  const kind = classifyNotice(title, `${breadcrumb} ${page.title}`);
  if (!kind) {
    errors.push(
      rejection(
        'stage',
        'html-unclassified',
        'the title names no announcement type we know (招标公告, 中标候选人公示, 成交公示 …)',
        title,
      ),
    );
  }

  const parties = new PartyList();
  const contact = (entity: 'buyer' | 'tenderer' | 'agency' | 'winner') =>
    pairs.distinct(`${entity}.contact`).join(CONTACT_SEPARATOR) || undefined;
  for (const entity of ['buyer', 'tenderer', 'agency'] as const) {
    const name = pairs.best(`${entity}.name`);
    if (name) {
      parties.add(name, entity, { address: pairs.best(`${entity}.address`), contact: contact(entity) });
    }
  }

  const fields = kind ? stageFields(kind, { pairs, tables, parties, lines: page.lines }) : {};
  const winnerName = pairs.best('winner.name');
  if (winnerName) {
    parties.add(winnerName, 'winner', {
      address: pairs.best('winner.address'),
      contact: contact('winner'),
      creditCode: pairs.best('winner.creditCode'),
    });
  }
  for (const entity of ['transferor', 'transferee'] as const) {
    const name = pairs.best(`${entity}.name`);
    if (name) parties.add(name, entity);
  }

  const projectCode = pairs.best('projectCode') ?? fields.parcelNumber;
  const publishedAt = dateOnly(pairs.best('publishedAt') ?? page.meta.pubdate ?? lastDateLine(page.lines));
  const region = resolveRegion(
    pairs,
    [
      title,
      page.lines
        .map((l) => l.text)
        .join(' ')
        .slice(0, 3000),
    ],
    warnings,
  );
  const recordId = recordIdOf(options.url);
  if (!title) errors.push(rejection('title', 'html-missing-field', 'the page has no title (公告标题)'));
  if (!publishedAt)
    errors.push(rejection('publishedAt', 'html-missing-field', 'the page states no 发布时间 / 公告日期'));
  if (!projectCode)
    errors.push(rejection('projectCode', 'html-missing-field', 'the page states no 项目编号 / 招标编号'));
  if (!region)
    errors.push(
      rejection('region', 'html-missing-field', 'the page names no region (行政区域) we can place'),
    );
  if (errors.length > 0 || !kind) return { errors };

  const { parcelNumber: _parcel, ...stage } = fields;
  const draft = definedOnly({
    ggzyInput: 1 as const,
    recordId: recordId ?? fallbackRecordId(projectCode, kind.stage, publishedAt),
    domain: kind.domain,
    stage: kind.stage,
    title,
    projectCode,
    projectName: pairs.best('projectName'),
    region,
    publisher: pairs.best('publisher'),
    platform: pairs.best('platform'),
    publishedAt,
    sourceUrl: options.url && URL.canParse(options.url) ? options.url : undefined,
    method: pairs.best('method'),
    ...stage,
    parties: parties.list(),
    body: page.lines.map((l) => l.text).join('\n'),
  });
  if (!recordId) {
    warnings.push(
      warning(
        'recordId',
        'record-id-derived',
        'no url with a record id: derived from project code, stage and date',
      ),
    );
  }
  checkTotals(draft as Partial<NoticeInput>, warnings);
  const fast = fastInput(draft);
  if (fast !== FAIL) return { input: fast, warnings };
  const parsed = noticeInputSchema.safeParse(draft);
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((issue) => rejection(formatPath(issue.path), 'schema', issue.message)),
    };
  }
  return { input: parsed.data, warnings };
}

/** `…?contentId=1211037` → 1211037; `/t20250527_24667890.htm` → t20250527_24667890. */
function recordIdOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  for (const key of ['contentId', 'id', 'infoid', 'articleId', 'guid']) {
    const value = parsed.searchParams.get(key);
    if (value) return value;
  }
  const file = parsed.pathname
    .split('/')
    .filter(Boolean)
    .at(-1)
    ?.replace(/\.s?html?$/iu, '');
  return file || undefined;
}

function fallbackRecordId(code: string | undefined, stage: string, publishedAt: string | undefined): string {
  return `html:${code ?? ''}:${stage}:${(publishedAt ?? '').replace(/\D/gu, '')}`;
}

function firstHeadline(lines: readonly { text: string }[]): string | undefined {
  return lines.find(
    (l) =>
      /(公告|公示|结果|计划|信息|通知)(（[^）]*）)?$/u.test(l.text) &&
      l.text.length >= 6 &&
      !/[>»]|当前位置/u.test(l.text),
  )?.text;
}

/** A signature date at the foot of the page (`2025年05月27日`), when no label gives one. */
function lastDateLine(lines: readonly { text: string }[]): string | undefined {
  return [...lines].reverse().find((l) => /^\d{4}\s*[年./-]\s*\d{1,2}\s*[月./-]\s*\d{1,2}日?$/u.test(l.text))
    ?.text;
}

/**
 * The region as a six-digit code when the page lets us place it: `龙华区` alone is ambiguous
 * (Shenzhen and Haikou), so the names around it — buyer, addresses, title, then the page's
 * opening text — narrow it down.
 * When nothing places it, the text goes through as printed and the normalizer decides.
 */
function resolveRegion(
  pairs: PairIndex,
  pageTexts: readonly string[],
  warnings: Warning[],
): string | undefined {
  const printed = pairs.best('region');
  if (printed && /^\d{6}$/u.test(printed.trim())) return printed.trim();
  if (printed && findRegionByName(printed)) return findRegionByName(printed);
  const context = [
    pairs.best('buyer.address'),
    pairs.best('tenderer.address'),
    pairs.best('agency.address'),
    pairs.best('buyer.name'),
    pairs.best('tenderer.name'),
    pairs.best('parcel.location'),
    ...pageTexts,
  ].filter((t): t is string => t !== undefined);
  for (const text of context) {
    const code = findRegionByName(`${text} ${printed ?? ''}`);
    if (code) return code;
  }
  if (printed) {
    warnings.push(
      warning(
        'region',
        'region-ambiguous',
        'the printed region could not be placed from the page alone',
        printed,
      ),
    );
  }
  return printed;
}

/**
 * A page may state a total (总中标金额) beside the award prices. When the two disagree we keep
 * both as published and say so: which one is right is for a person to decide, not for us.
 */
function checkTotals(input: Partial<NoticeInput>, warnings: Warning[]): void {
  const total = input.amounts?.find((a) => /总/u.test(a.label));
  const prices = (input.awards ?? []).map((a) =>
    a.price === undefined ? undefined : parseMoney(String(a.price)),
  );
  if (!total || prices.length === 0 || prices.some((p) => !p?.ok)) return;
  const stated = parseMoney(String(total.amount));
  if (!stated.ok) return;
  const sum = prices.reduce((s, p) => s + (p?.ok ? p.value.fen : 0), 0);
  if (sum !== stated.value.fen) {
    warnings.push(
      warning(
        'amounts',
        'amounts-disagree',
        `the stated ${total.label} (${stated.value.fen / 100} 元) differs from the award price(s) (${sum / 100} 元); both kept as published`,
        String(total.amount),
      ),
    );
  }
}
