export { decodeHtml, sniffCharset } from './decode.ts';
export { extractHtmlNotice } from './extract.ts';
export { normalizeHtml } from './normalize.ts';
