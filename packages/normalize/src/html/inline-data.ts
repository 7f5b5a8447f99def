/**
 * Long `data:` URI attribute values (`src="data:image/png;base64,…"`) emptied before the parser
 * sees the page. Pages embed images inline — the real ccgp page carries a 97 KB seal in an
 * `<img>`, four fifths of its bytes — and htmlparser2's tokenizer reads an attribute value a
 * character at a time, and UTF-8 decoding reads every byte, so the seal was most of a page's
 * cost. Nothing downstream reads such a value (the page walk reads `name`, `content`, `style`,
 * `colspan` and `ignore`; text and tables come from text nodes).
 *
 * A value is cut only where it is one: after `=` and an opening quote, inside a tag (a `<` and a
 * letter after the last `>`), up to its closing quote (followed by a space, `/` or `>`), with no
 * `<` or `>` in it, at least {@link INLINE_DATA_MIN} long, and not within a `<title>`,
 * `<textarea>` or `<xmp>`, whose text is read; anything else is left as it is. Property-tested
 * (inline-data.test.ts): the parsed document is the same but for those attribute values (and,
 * where a cut falls in a comment or a script, texts the walk skips), and bytes cut then decoded
 * read as the text cut.
 */

/** Shorter inline data is left in place: cutting it would save nothing worth the copy. */
const INLINE_DATA_MIN = 256;

/** What the scan reads of a page, as text or as UTF-8 bytes (every marker it looks for is ASCII). */
interface Scan {
  length: number;
  code(i: number): number;
  find(ascii: string, from: number): number;
  findLast(ascii: string, from: number): number;
}

/** The page without its long inline data values (the same string when it has none). */
export function withoutInlineData(html: string): string {
  const cuts = inlineData({
    length: html.length,
    code: (i) => html.charCodeAt(i),
    find: (s, from) => html.indexOf(s, from),
    findLast: (s, from) => (from < 0 ? -1 : html.lastIndexOf(s, from)),
  });
  if (cuts.length === 0) return html;
  let out = '';
  let kept = 0;
  for (const [from, to] of cuts) {
    out += html.slice(kept, from);
    kept = to;
  }
  return out + html.slice(kept);
}

/**
 * The same for a UTF-8 page as bytes, before it is decoded: UTF-8 never writes an ASCII byte
 * inside a multi-byte character, so the ASCII markers are found as they are in the text.
 */
export function utf8WithoutInlineData(bytes: Uint8Array): Uint8Array {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Buffer's indexOf converts a string needle on every call; single bytes and the two longer
  // needles go in as bytes.
  const needles = new Map(['data:', '</'].map((s) => [s, Buffer.from(s, 'latin1')] as const));
  const needle = (s: string) =>
    s.length === 1 ? s.charCodeAt(0) : (needles.get(s) ?? Buffer.from(s, 'latin1'));
  const cuts = inlineData({
    length: buffer.length,
    code: (i) => buffer[i] ?? Number.NaN,
    find: (s, from) => buffer.indexOf(needle(s), from),
    findLast: (s, from) => (from < 0 ? -1 : buffer.lastIndexOf(needle(s), from)),
  });
  if (cuts.length === 0) return bytes;
  const parts: Uint8Array[] = [];
  let kept = 0;
  for (const [from, to] of cuts) {
    parts.push(buffer.subarray(kept, from));
    kept = to;
  }
  parts.push(buffer.subarray(kept));
  return Buffer.concat(parts);
}

/** The [from, to) spans of the values to empty, in page order. */
function inlineData(page: Scan): Array<[number, number]> {
  const cuts: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const at = page.find('data:', from);
    if (at < 0) break;
    from = at + 5;
    const quote = page.code(at - 1);
    if (quote !== 0x22 && quote !== 0x27) continue;
    let eq = at - 2;
    while (eq > 0 && isSpaceCode(page.code(eq))) eq--;
    if (page.code(eq) !== 0x3d) continue;
    const open = page.findLast('<', eq);
    if (open < 0 || page.findLast('>', eq) > open || !isAsciiLetter(page.code(open + 1))) continue;
    const close = page.find(quote === 0x22 ? '"' : "'", at);
    if (close < 0 || close - at < INLINE_DATA_MIN || spansMarkup(page, at, close)) continue;
    const after = page.code(close + 1);
    if (!(isSpaceCode(after) || after === 0x2f || after === 0x3e)) continue;
    if (inRawText(page, at)) continue;
    cuts.push([at, close]);
    from = close + 1;
  }
  return cuts;
}

/** Whether `<` or `>` occurs in [from, to): a value that holds markup is not cut. */
function spansMarkup(page: Scan, from: number, to: number): boolean {
  const lt = page.find('<', from);
  const gt = page.find('>', from);
  return (lt >= 0 && lt < to) || (gt >= 0 && gt < to);
}

/** `<title>`, `<textarea>` and `<xmp>` hold raw text that the page's text is read from: no cuts there. */
const RAW_TEXT = ['title', 'textarea', 'xmp'] as const;

/**
 * Whether `at` lies within a raw-text element, looking only at the page before it: a `<title`,
 * `<textarea` or `<xmp` (any case) opened before `at` and not closed by its `</name` before
 * `at`. Conservative: an opening inside a comment or a script counts too.
 */
function inRawText(page: Scan, at: number): boolean {
  let i = page.find('<', 0);
  while (i >= 0 && i < at) {
    const name = rawTextNameAt(page, i + 1);
    if (name === undefined) {
      i = page.find('<', i + 1);
      continue;
    }
    const end = closingAt(page, name, i + 1 + name.length);
    if (end < 0 || end > at) return true;
    i = page.find('<', end);
  }
  return false;
}

function rawTextNameAt(page: Scan, from: number): string | undefined {
  for (const name of RAW_TEXT) {
    if (!startsWithFolded(page, from, name)) continue;
    const after = page.code(from + name.length);
    if (isSpaceCode(after) || after === 0x2f || after === 0x3e) return name;
  }
  return undefined;
}

/** Where `</name` (any case, then a space or `>`) next starts at or after `from`; -1 if never. */
function closingAt(page: Scan, name: string, from: number): number {
  let i = page.find('</', from);
  while (i >= 0) {
    const after = page.code(i + 2 + name.length);
    if (startsWithFolded(page, i + 2, name) && (isSpaceCode(after) || after === 0x3e)) return i;
    i = page.find('</', i + 2);
  }
  return -1;
}

/** Whether the page has `lower` (ASCII lower-case letters) at `from`, in any case. */
function startsWithFolded(page: Scan, from: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((page.code(from + k) | 0x20) !== lower.charCodeAt(k)) return false;
  }
  return true;
}

function isSpaceCode(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x0c;
}

function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}
