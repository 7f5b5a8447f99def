import { utf8WithoutInlineData, withoutInlineData } from './inline-data.ts';

/**
 * Pages from Chinese trading centres are often GB2312 or GBK, declared only in a `<meta>` tag.
 * We sniff the declaration in the first bytes (as browsers do, WHATWG "prescan") and decode with
 * TextDecoder; gb18030 is a superset of GBK and GB2312, so one decoder reads all three.
 */

const GB_FAMILY = /^(gb2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312)$/i;
const PRESCAN_BYTES = 4096;

/** The charset a page declares: BOM first, then `<meta charset>` or `content="…; charset=…"`. */
export function sniffCharset(bytes: Uint8Array): string {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  // Latin-1 keeps every byte as one char, so the ASCII markup of the head reads unchanged.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  const declared = /<meta[^>]*?charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1];
  if (declared === undefined) return 'utf-8';
  return GB_FAMILY.test(declared) ? 'gb18030' : declared.toLowerCase();
}

/** A page as text: strings pass through; bytes are decoded by their declared charset (UTF-8 when unknown or unsupported). */
export function decodeHtml(page: string | Uint8Array): string {
  if (typeof page === 'string') return page;
  return decodeAs(page, sniffCharset(page));
}

/**
 * The page as text for the extractor to read: decoded as {@link decodeHtml} decodes it, with long
 * inline data emptied (inline-data.ts) — for a UTF-8 page before decoding, so the decoder does
 * not read the bytes that are thrown away (the real ccgp page's inline seal was a third of a
 * page's decoding and parsing).
 */
export function readableHtml(page: string | Uint8Array): string {
  if (typeof page === 'string') return withoutInlineData(page);
  const charset = sniffCharset(page);
  if (charset === 'utf-8') return decodeAs(utf8WithoutInlineData(page), charset);
  return withoutInlineData(decodeAs(page, charset));
}

function decodeAs(page: Uint8Array, charset: string): string {
  try {
    return new TextDecoder(charset).decode(page);
  } catch {
    // An unknown label (e.g. a misspelt charset) must not lose the page: UTF-8 is the best guess.
    return new TextDecoder('utf-8').decode(page);
  }
}
