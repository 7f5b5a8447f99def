import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { utf8WithoutInlineData, withoutInlineData } from './inline-data.ts';

interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
}

/**
 * The parsed document as plain data, with every attribute value that is a data: URI emptied, and
 * without the texts the page walk never reads: comments and the insides of `<script>` and `<style>`.
 */
function shape(node: Node, unread = false): unknown {
  const attribs =
    node.attribs &&
    Object.fromEntries(
      Object.entries(node.attribs).map(([k, v]) => [k, v.startsWith('data:') ? '' : v] as const),
    );
  return {
    type: node.type,
    name: node.name,
    data: unread || node.type === 'comment' ? undefined : node.data,
    attribs,
    children: node.children?.map((child) => shape(child, node.type === 'script' || node.type === 'style')),
  };
}

const parsed = (html: string): unknown => shape(parseDocument(html) as unknown as Node);

const base64 = fc
  .string({
    unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
    minLength: 200,
    maxLength: 700,
  })
  .map((s) => `data:image/png;base64,${s}=`);
const quote = fc.constantFrom('"', "'");
const space = fc.constantFrom('', ' ', '\n', '  ');
const value = fc.oneof(base64, fc.constantFrom('x', 'a b', 'display: block', '<b>', 'data:', "it's"));
const attribute = fc
  .tuple(
    fc.constantFrom('src', 'href', 'title', 'content', 'name', 'data-x', 'style'),
    space,
    quote,
    value,
    space,
  )
  .map(([name, sp, q, v, sp2]) => ` ${name}${sp}=${sp2}${q}${v}${q}`);
const tagName = fc.constantFrom('img', 'a', 'div', 'td', 'p', 'meta', 'span');
const rawName = fc.constantFrom('title', 'textarea', 'xmp', 'script', 'style', 'TITLE');
/** Pieces of pages, including the awkward ones: data URIs in text, raw-text elements, comments, stray quotes and `<`. */
const piece: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(tagName, fc.array(attribute, { maxLength: 3 }), fc.constantFrom('>', '/>', ' >'))
    .map(([name, attrs, end]) => `<${name}${attrs.join('')}${end}`),
  fc
    .tuple(rawName, fc.array(fc.oneof(attribute, value), { maxLength: 3 }))
    .map(([name, inner]) => `<${name}>${inner.map((i) => `<img${i}>`).join(' 文字 ')}</${name}>`),
  fc.tuple(attribute).map(([a]) => `text${a} more`),
  fc.tuple(attribute).map(([a]) => `<!-- <img${a}> -->`),
  fc.tuple(tagName, attribute).map(([name, a]) => `<${name} title='<b${a}'>`),
  fc.constantFrom('</div>', '</td>', '一、项目编号：X1', ' a < b ', '"', "'", '>', '&amp;', '<', '</title>'),
);
const page = fc
  .array(piece, { maxLength: 14 })
  .map((pieces) => `<html><body>${pieces.join('')}</body></html>`);

describe('withoutInlineData', () => {
  it('leaves the parsed page the same but for the emptied data: URI attribute values (and unread texts)', () => {
    let cut = 0;
    fc.assert(
      fc.property(page, (html) => {
        const shorter = withoutInlineData(html);
        if (shorter !== html) cut++;
        expect(parsed(shorter)).toEqual(parsed(html));
      }),
      { numRuns: 3_000 },
    );
    expect(cut).toBeGreaterThan(1_000);
  });

  it('cuts the real ccgp page’s inline seal (four fifths of its bytes) and nothing else', () => {
    const html = readFileSync(
      new URL('./fixtures/ccgp_guangdong_award_LHACG2025000057.html', import.meta.url),
      'utf8',
    );
    const cut = withoutInlineData(html);
    expect(cut.length).toBeLessThan(html.length / 4);
    expect(parsed(cut)).toEqual(parsed(html));
    const bytes = readFileSync(
      new URL('./fixtures/ccgp_guangdong_award_LHACG2025000057.html', import.meta.url),
    );
    expect(new TextDecoder('utf-8').decode(utf8WithoutInlineData(bytes))).toBe(cut);
  });

  it('cuts UTF-8 bytes as it cuts the decoded text', () => {
    const decode = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);
    fc.assert(
      fc.property(page, fc.constantFrom('', '\ufeff'), (html, bom) => {
        const bytes = new TextEncoder().encode(bom + html);
        expect(decode(utf8WithoutInlineData(bytes))).toBe(withoutInlineData(html));
      }),
      { numRuns: 1_000 },
    );
  });

  it('returns a page without long inline data as it is', () => {
    const html = '<img src="data:image/png;base64,AAAA"><p>data: 1</p>';
    expect(withoutInlineData(html)).toBe(html);
  });
});
