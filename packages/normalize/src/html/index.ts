export { decodeHtml, sniffCharset } from './decode.ts';
export { extractHtmlNotice, type HtmlExtraction, type HtmlOptions } from './extract.ts';
export { normalizeHtml } from './normalize.ts';
