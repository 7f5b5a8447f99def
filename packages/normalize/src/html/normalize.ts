import { normalizeInput } from '../from-input.ts';
import type { NormalizeContext, NormalizeResult } from '../result.ts';
import { extractHtmlNotice, type HtmlOptions } from './extract.ts';

/**
 * A notice page → the canonical notice: {@link extractHtmlNotice}, then `normalizeInput`. The
 * extractor's warnings (two totals that disagree, a derived record id) come first, the
 * normalizer's after; a page the extractor cannot read is rejected with its reasons.
 */
export function normalizeHtml(
  html: string | Uint8Array,
  context: NormalizeContext & HtmlOptions,
): NormalizeResult {
  const extracted = extractHtmlNotice(html, context.url === undefined ? {} : { url: context.url });
  if ('errors' in extracted) return { ok: false, errors: extracted.errors };
  const result = normalizeInput(extracted.input, context);
  if (!result.ok) return result;
  return { ...result, warnings: [...extracted.warnings, ...result.warnings] };
}
