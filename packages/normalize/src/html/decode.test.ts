import { describe, expect, it } from 'vitest';
import { decodeHtml, sniffCharset } from './decode.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);
/** 中标 in GBK: D6 D0 B1 EA. */
const GBK_ZHONGBIAO = [0xd6, 0xd0, 0xb1, 0xea];

describe('decodeHtml', () => {
  it.each([
    ['<meta charset="gb2312">', 'gb18030'],
    ['<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">', 'gb18030'],
    ["<meta http-equiv='content-type' content='text/html;charset=utf-8'>", 'utf-8'],
    ['<html><head><title>x</title>', 'utf-8'],
  ])('sniffs %s as %s', (head, charset) => {
    expect(sniffCharset(ascii(head))).toBe(charset);
  });

  it('decodes GB2312 bytes declared in a meta tag', () => {
    const bytes = new Uint8Array([...ascii('<meta charset=gb2312><p>'), ...GBK_ZHONGBIAO, ...ascii('</p>')]);
    expect(decodeHtml(bytes)).toBe('<meta charset=gb2312><p>中标</p>');
  });

  it('reads undeclared bytes as UTF-8 and an unknown charset label as UTF-8', () => {
    expect(decodeHtml(ascii('<p>中标</p>'))).toBe('<p>中标</p>');
    expect(decodeHtml(ascii('<meta charset="x-unknown-cs"><p>中标</p>'))).toContain('中标');
  });
});
