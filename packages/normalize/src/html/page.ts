import { parseDocument } from 'htmlparser2';

/**
 * A notice page flattened into what the extractor reads: text lines (each with the section
 * heading above it) and the leaf tables as grids of cell texts. Layout tables — tables holding
 * other tables, as ccgp and many centres use for the whole page — are read as blocks, not grids.
 */
export interface Line {
  text: string;
  /** The nearest heading above (一、… / 1.… / 【…】), '' at the top. */
  heading: string;
  /** Whether the line is a cell of a data (leaf) table, which the grid already holds. */
  cell: boolean;
}

export interface Grid {
  /** Cell texts row by row; a colspan cell is repeated so columns line up. */
  rows: string[][];
  /** The heading above the table, and the last line before it (often its caption). */
  heading: string;
  caption: string;
}

export interface Page {
  title: string;
  /** `<meta name=…>` values (ArticleTitle, PubDate, SiteName …), by lower-case name. */
  meta: Record<string, string>;
  lines: Line[];
  grids: Grid[];
}

/** Structural view of the htmlparser2 nodes cheerio hands out; only what the walk needs. */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
}

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'center',
  'dd',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'select', 'option', 'button', 'head']);

/** 一、 二、 … 十二、, (一), 1. 1、 1．, 【…】, 第一章: how notices number their sections. */
const HEADING =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}(?:[.．、](?!\d)|[)）])|【[^】]{1,30}】|第[一二三四五六七八九十]{1,3}[章节部分])/u;

/** Collapses white space (incl. &nbsp; and the ideographic space) and trims. */
export function cleanText(text: string): string {
  return text.replace(/[\s\u00a0\u3000\u200b\ufeff]+/gu, ' ').trim();
}

export function isHeading(text: string): boolean {
  return HEADING.test(text) && text.length <= 60;
}

/** domutils' textContent, as cheerio's `.text()` reads an element: every text (and CDATA) below it. */
function textContent(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (node.type === 'comment' || !node.children) return '';
  let out = '';
  for (const child of node.children) out += textContent(child);
  return out;
}

/**
 * What cheerio's selectors found before (`meta[name]`, the first `title`, the first `body`), in
 * one walk of the document in document order.
 */
function landmarks(root: DomNode): { meta: DomNode[]; title?: DomNode; body?: DomNode } {
  const found: { meta: DomNode[]; title?: DomNode; body?: DomNode } = { meta: [] };
  const visit = (node: DomNode): void => {
    if (node.type === 'tag' || node.type === 'script' || node.type === 'style') {
      if (node.name === 'meta' && node.attribs?.name !== undefined) found.meta.push(node);
      else if (node.name === 'title') found.title ??= node;
      else if (node.name === 'body') found.body ??= node;
    }
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return found;
}

/**
 * The page as htmlparser2 reads it (the parser cheerio/slim used here before, with the same
 * options), walked directly: cheerio's wrapper and CSS selector engine were a third of a page.
 */
export function readPage(html: string): Page {
  const root = parseDocument(html) as unknown as DomNode;
  const found = landmarks(root);
  const meta: Record<string, string> = {};
  for (const el of found.meta) {
    const name = el.attribs?.name?.toLowerCase();
    const content = el.attribs?.content;
    if (name && content && meta[name] === undefined) meta[name] = cleanText(content);
  }
  const title = cleanText(found.title ? textContent(found.title) : '');
  const lines: Line[] = [];
  const grids: Grid[] = [];
  let buffer = '';
  let heading = '';
  let inGrid = 0;
  const flush = (): void => {
    const text = cleanText(buffer);
    buffer = '';
    if (text === '') return;
    if (isHeading(text) && inGrid === 0) heading = text;
    lines.push({ text, heading, cell: inGrid > 0 });
  };
  const walk = (node: DomNode): void => {
    if (node.type === 'text') {
      buffer += node.data ?? '';
      return;
    }
    if (node.type !== 'tag' && node.type !== 'root') return;
    const name = node.name ?? '';
    if (SKIP.has(name) || node.attribs?.ignore !== undefined) return;
    const block = BLOCK.has(name) || /display\s*:\s*block/i.test(node.attribs?.style ?? '');
    if (block) flush();
    const leaf = name === 'table' && !hasDescendant(node, 'table');
    if (leaf) grids.push({ rows: gridRows(node), heading, caption: lines.at(-1)?.text ?? '' });
    if (leaf) inGrid++;
    for (const child of node.children ?? []) walk(child);
    if (block) flush();
    if (leaf) inGrid--;
  };
  walk(found.body ?? root);
  flush();
  return { title, meta, lines, grids };
}

function hasDescendant(node: DomNode, name: string): boolean {
  return (node.children ?? []).some((c) => c.name === name || hasDescendant(c, name));
}

function textOf(node: DomNode): string {
  if (node.type === 'text') return node.data ?? '';
  if (SKIP.has(node.name ?? '')) return '';
  const inner = (node.children ?? []).map(textOf).join('');
  return node.name === 'br' || node.name === 'p' || node.name === 'div' ? ` ${inner} ` : inner;
}

function rowsOf(node: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  for (const child of node.children ?? []) {
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot')
      rows.push(...rowsOf(child));
  }
  return rows;
}

function gridRows(table: DomNode): string[][] {
  const rows: string[][] = [];
  for (const tr of rowsOf(table)) {
    const cells: string[] = [];
    for (const cell of tr.children ?? []) {
      if (cell.name !== 'td' && cell.name !== 'th') continue;
      const text = cleanText(textOf(cell));
      const span = Math.min(Number.parseInt(cell.attribs?.colspan ?? '1', 10) || 1, 20);
      for (let i = 0; i < span; i++) cells.push(text);
    }
    if (cells.some((c) => c !== '')) rows.push(cells);
  }
  return rows;
}
