/**
 * Normalize throughput, notices per second on one core (the normalizer is synchronous and pure,
 * so single-threaded throughput is throughput per core), for the three ways feeds send notices:
 * JSON lines in ggzy's input format, a CSV export through a column mapping, and HTML pages.
 * Inputs come from the seeded generator (@ggzy/generator); the HTML pages are generated records
 * rendered into a centre's page layout, plus the real ccgp page. The baseline, measured in the
 * same run over the same records, is JSON.parse alone for JSON and HTML (the floor any JSON-fed path
 * must pay) and csv-parse alone on the same file for CSV. Issue 15's targets: JSON ≥ 25 % of
 * JSON.parse, CSV ≥ 25 % of csv-parse, HTML ≥ 2,000 generated pages/s and ≥ 500 real pages/s.
 * Run: `pnpm exec tsx bench/normalize.bench.ts` (no Kafka or PostgreSQL needed).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { Readable } from 'node:stream';
import { type GeneratedRecord, generateNotices } from '@ggzy/generator';
import {
  type MappingInput,
  type NormalizeRecordResult,
  normalizeCsv,
  normalizeHtml,
  normalizeJson,
  parseMapping,
} from '@ggzy/normalize';
import { parse } from 'csv-parse';
import { type Figures, percentile, writeResult } from './lib/report.ts';

const RECORDS = 20_000;
const HTML_PAGES = 4_000;
/** Every REAL_EVERY-th HTML page is the real 126 KB ccgp page. */
const REAL_EVERY = 100;
/** The real page alone, timed this many times. */
const REAL_PAGE_RUNS = 300;
const SEED = 20250527;
const context = { feed: 'bench' };

const records: GeneratedRecord[] = [...generateNotices({ count: RECORDS, seed: SEED })];
const jsonLines = records.map((r) => JSON.stringify(r.input));
const jsonl = jsonLines.join('\n');

interface Run {
  figures: Figures;
  ok: number;
  rejected: number;
}

/**
 * Wall clock and CPU time of one timed loop. Several sessions share this 2-core machine (load
 * 10–25), so wall-clock rates mostly measure the wait for a core; the CPU time the process spent
 * (`process.cpuUsage`, user + system) is the fairer per-core figure, and `cpuRatio` in the
 * results compares the two loops by it. `loadAvg1` is the 1-minute load average at the loop's end.
 */
function figures(
  count: number,
  wallMs: number,
  cpuStart: NodeJS.CpuUsage,
  latencies: number[],
  extra: Record<string, number | string> = {},
): Figures {
  const cpu = process.cpuUsage(cpuStart);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    throughput: Math.round((count / wallMs) * 1000),
    unit: 'notices/s',
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    wallMs: Math.round(wallMs),
    cpuMs: Math.round(cpuMs),
    cpuThroughput: Math.round((count / cpuMs) * 1000),
    cpuUsPerItem: Math.round((cpuMs * 1000) / count),
    loadAvg1: Math.round(loadavg()[0]! * 10) / 10,
    ...extra,
  };
}

/** measured / baseline in CPU time: what share of the baseline's per-core rate the path reaches. */
function cpuRatio(measured: Figures, baseline: Figures): number {
  return Math.round(((measured.cpuThroughput as number) / (baseline.cpuThroughput as number)) * 1000) / 1000;
}

/** JSON.parse of the same records, one line at a time: no validation, no normalization. */
function jsonParseBaseline(lines: readonly string[]): Figures {
  const latencies: number[] = [];
  let keep = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (const line of lines) {
    const t = performance.now();
    const value = JSON.parse(line) as { title?: string };
    keep += value.title?.length ?? 0;
    latencies.push(performance.now() - t);
  }
  return figures(lines.length, performance.now() - started, cpuStart, latencies, { checksum: keep });
}

function tally(result: NormalizeRecordResult['result'], run: { ok: number; rejected: number }): void {
  if (result.ok) run.ok++;
  else run.rejected++;
}

function jsonPath(): Run {
  const run = { ok: 0, rejected: 0 };
  const latencies: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let t = performance.now();
  for (const entry of normalizeJson(jsonl, 'jsonl', context)) {
    tally(entry.result, run);
    const now = performance.now();
    latencies.push(now - t);
    t = now;
  }
  return { ...run, figures: figures(RECORDS, performance.now() - started, cpuStart, latencies) };
}

/** A centre's flat export: the fields every stage has, one row per notice, GB-style headers. */
const HEADERS = [
  '公告编号',
  '交易领域',
  '公告类型',
  '公告标题',
  '项目编号',
  '项目名称',
  '行政区划',
  '发布时间',
  '交易平台',
];
const mapping: MappingInput = {
  ggzyMapping: 1,
  name: 'bench-flat-export',
  recordId: ['公告编号'],
  constants: { ggzyInput: 1 },
  columns: {
    公告编号: 'recordId',
    交易领域: 'domain',
    公告类型: 'stage',
    公告标题: 'title',
    项目编号: 'projectCode',
    项目名称: 'projectName',
    行政区划: 'region',
    发布时间: 'publishedAt',
    交易平台: 'platform',
  },
};

function csvCell(value: unknown): string {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Contracts, approvals and decisions need objects a flat export does not carry (the canonical
 * schema requires them), so the CSV workload is the stages a 9-column export can describe.
 */
const FLAT_STAGES = new Set([
  'tender-announcement',
  'prequalification',
  'change',
  'correction',
  'candidates',
  'result',
  'termination',
  'transfer-announcement',
  'deal-publicity',
  'supply-result',
  'listing',
  'deal',
]);
const csvRecords = records.filter((r) => FLAT_STAGES.has(r.input.stage));
const csv = [
  HEADERS.join(','),
  ...csvRecords.map(({ input: r }) =>
    [
      r.recordId,
      r.domain,
      r.stage,
      r.title,
      r.projectCode,
      r.projectName,
      r.region,
      r.publishedAt,
      r.platform,
    ]
      .map(csvCell)
      .join(','),
  ),
].join('\n');

/**
 * csv-parse alone on the same file, with the options normalizeCsv gives it (packages/normalize
 * tabular.ts `csvRows`): the floor any CSV path pays before it reads a cell.
 */
async function csvParseBaseline(): Promise<Figures> {
  const latencies: number[] = [];
  let rows = 0;
  let keep = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let t = performance.now();
  const parser = Readable.from([csv]).pipe(
    parse({
      bom: true,
      delimiter: ',',
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      raw: true,
    }),
  );
  for await (const { record } of parser as AsyncIterable<{ record: string[] }>) {
    rows++;
    keep += record[3]?.length ?? 0;
    const now = performance.now();
    latencies.push(now - t);
    t = now;
  }
  // the header row is read too, but not a notice
  return figures(rows - 1, performance.now() - started, cpuStart, latencies, { checksum: keep });
}

async function csvPath(): Promise<Run> {
  const parsed = parseMapping(mapping);
  if (!parsed.ok) throw new Error(`bench mapping: ${parsed.problems.join('; ')}`);
  const run = { ok: 0, rejected: 0 };
  const latencies: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  let t = performance.now();
  for await (const entry of normalizeCsv(csv, { ...context, mapping: parsed.mapping })) {
    tally(entry.result, run);
    const now = performance.now();
    latencies.push(now - t);
    t = now;
  }
  return { ...run, figures: figures(csvRecords.length, performance.now() - started, cpuStart, latencies) };
}

const htmlText = (s: unknown): string =>
  String(s ?? '').replace(/[<&]/g, (c) => (c === '<' ? '&lt;' : '&amp;'));

/** A generated record as a centre prints it: a label/value table, then the stage's own table. */
function renderPage({ input: r }: GeneratedRecord): string {
  const owner = r.parties?.[0];
  const rows = [
    ['项目编号', r.projectCode],
    ['项目名称', r.projectName],
    [r.domain === 'procurement' ? '采购人' : '招标人', owner?.name],
    ['行政区划', r.region],
    ['发布时间', r.publishedAt],
    ['合同名称', r.contract?.name],
    ['甲方', r.contract?.partyA],
    ['乙方', r.contract?.partyB],
    ['合同金额', r.contract?.amount],
    ['合同签订日期', r.contract?.signedAt],
    ['审批机关', r.approval?.authority],
    ['批准文号', r.approval?.documentNumber ?? r.decision?.documentNumber],
    ['批准日期', r.approval?.approvedAt ?? r.decision?.approvedAt],
    ['采矿权人', r.approval?.holder],
    ['批准单位', r.decision?.approvedBy],
    ['标的名称', r.target?.name],
  ].filter(([, v]) => v !== undefined);
  const award = r.awards?.[0];
  const candidates = r.candidates ?? [];
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${htmlText(r.title)}</title></head><body>
<div class="crumb">当前位置：首页 &gt; 交易信息</div><h2>${htmlText(r.title)}</h2>
<table class="kv">${rows.map(([k, v]) => `<tr><td>${k}：</td><td>${htmlText(v)}</td></tr>`).join('')}</table>
${award ? `<p>一、中标信息</p><p>中标人：${htmlText(award.name)}</p><p>中标金额：${htmlText(award.price)}</p>` : ''}
${
  candidates.length > 0
    ? `<p>【中标候选人】</p><table><tr><th>排序</th><th>投标人</th><th>投标报价</th><th>工期</th><th>项目负责人</th></tr>${candidates
        .map(
          (c) =>
            `<tr><td>${c.rank}</td><td>${htmlText(c.name)}</td><td>${htmlText(c.bidPrice)}</td><td>${htmlText(c.period)}</td><td>${htmlText(c.projectManager?.name)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}
<p>&nbsp;&nbsp;详见附件。</p></body></html>`;
}

const realPage = readFileSync(
  new URL(
    '../packages/normalize/src/html/fixtures/ccgp_guangdong_award_LHACG2025000057.html',
    import.meta.url,
  ),
);
const htmlSources = records.slice(0, HTML_PAGES);
const pages: (string | Uint8Array)[] = htmlSources.map((r, i) =>
  i % REAL_EVERY === REAL_EVERY - 1 ? realPage : renderPage(r),
);
const htmlBytes = pages.reduce(
  (sum, p) => sum + (typeof p === 'string' ? Buffer.byteLength(p) : p.byteLength),
  0,
);

function htmlPath(): Run {
  const run = { ok: 0, rejected: 0 };
  const latencies: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (const page of pages) {
    const t = performance.now();
    tally(normalizeHtml(page, context), run);
    latencies.push(performance.now() - t);
  }
  return { ...run, figures: figures(pages.length, performance.now() - started, cpuStart, latencies) };
}

/** The generated pages alone: the target is per layout (issue 15: ≥ 2,000 pages/s generated, ≥ 500/s real). */
function generatedPagesOnly(): Figures {
  const latencies: number[] = [];
  const generated = pages.filter((page) => typeof page === 'string');
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (const page of generated) {
    const t = performance.now();
    normalizeHtml(page, context);
    latencies.push(performance.now() - t);
  }
  return figures(generated.length, performance.now() - started, cpuStart, latencies);
}

function realPageOnly(): Figures {
  const latencies: number[] = [];
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < REAL_PAGE_RUNS; i++) {
    const t = performance.now();
    normalizeHtml(realPage, context);
    latencies.push(performance.now() - t);
  }
  return figures(REAL_PAGE_RUNS, performance.now() - started, cpuStart, latencies);
}

const baselineDescription =
  'JSON.parse of the same generated records as JSON lines, one line at a time, nothing else';
const machineNote = 'single-threaded: notices/s here is notices/s per core';

// Warm the JIT on a slice of each path so the measured runs compare steady states.
for (const _ of normalizeJson(jsonLines.slice(0, 500).join('\n'), 'jsonl', context));
for (const page of pages.slice(0, 200)) normalizeHtml(page, context);

const json = jsonPath();
const jsonBaseline = jsonParseBaseline(jsonLines);
await writeResult({
  name: 'normalize-json',
  description: `JSON lines (input format v1) → canonical notices with normalizeJson; ${machineNote}`,
  workload: {
    records: RECORDS,
    bytes: Buffer.byteLength(jsonl),
    seed: SEED,
    accepted: json.ok,
    rejected: json.rejected,
  },
  measured: { ...json.figures, cpuRatio: cpuRatio(json.figures, jsonBaseline) },
  baseline: { name: 'json-parse', description: baselineDescription, measured: jsonBaseline },
});

const tabular = await csvPath();
const csvBaseline = await csvParseBaseline();
await writeResult({
  name: 'normalize-csv',
  description: `CSV export (9 columns, the fields every stage has) through a column mapping with normalizeCsv; ${machineNote}`,
  workload: {
    records: csvRecords.length,
    bytes: Buffer.byteLength(csv),
    columns: HEADERS.length,
    seed: SEED,
    accepted: tabular.ok,
    rejected: tabular.rejected,
  },
  measured: { ...tabular.figures, cpuRatio: cpuRatio(tabular.figures, csvBaseline) },
  baseline: {
    name: 'csv-parse',
    description:
      'csv-parse alone on the same file, streamed with the options normalizeCsv uses (bom, relax_column_count, skip_empty_lines, info, raw), nothing else',
    measured: csvBaseline,
  },
});

const html = htmlPath();
const generatedOnly = generatedPagesOnly();
const real = realPageOnly();
await writeResult({
  name: 'normalize-html',
  description: `HTML pages → extractHtmlNotice → normalizeInput (normalizeHtml); generated records rendered into a page layout, every ${REAL_EVERY}th page the real ccgp page; ${machineNote}`,
  workload: {
    pages: pages.length,
    realPages: Math.floor(pages.length / REAL_EVERY),
    bytes: htmlBytes,
    seed: SEED,
    accepted: html.ok,
    rejected: html.rejected,
  },
  measured: {
    ...html.figures,
    generatedPageThroughput: generatedOnly.throughput,
    generatedPageP50Ms: generatedOnly.p50Ms,
    generatedPageP99Ms: generatedOnly.p99Ms,
    generatedPageCpuThroughput: generatedOnly.cpuThroughput,
    generatedPageCpuUs: generatedOnly.cpuUsPerItem,
    realPageThroughput: real.throughput,
    realPageP50Ms: real.p50Ms,
    realPageP99Ms: real.p99Ms,
    realPageCpuThroughput: real.cpuThroughput,
    realPageCpuUs: real.cpuUsPerItem,
  },
  baseline: {
    name: 'json-parse',
    description: baselineDescription,
    measured: jsonParseBaseline(htmlSources.map((r) => JSON.stringify(r.input))),
  },
});
