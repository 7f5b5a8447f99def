/**
 * Pure helpers of `ggzy import` and `ggzy dlq`: receipt tallies, the progress line, the summary.
 * No I/O here, so the arithmetic and the wording are unit-tested (progress.test.ts).
 */
import type { Receipt } from '@ggzy/ingest';

/** What an import has answered so far. Counted, never collected: a million receipts take no memory. */
export interface ReceiptCounts {
  read: number;
  accepted: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  /** accepted or new versions that came with warnings (a repaired value, a missing catalogue field) */
  withWarnings: number;
}

export function emptyCounts(): ReceiptCounts {
  return { read: 0, accepted: 0, newVersions: 0, duplicates: 0, rejected: 0, withWarnings: 0 };
}

/** Adds one batch's receipts to the tally (in place) and returns it. */
export function countReceipts(counts: ReceiptCounts, receipts: readonly Receipt[]): ReceiptCounts {
  for (const receipt of receipts) {
    counts.read++;
    switch (receipt.status) {
      case 'accepted':
        counts.accepted++;
        if (receipt.warnings.length > 0) counts.withWarnings++;
        break;
      case 'new-version':
        counts.newVersions++;
        if (receipt.warnings.length > 0) counts.withWarnings++;
        break;
      case 'duplicate':
        counts.duplicates++;
        break;
      case 'rejected':
        counts.rejected++;
        break;
    }
  }
  return counts;
}

/** Every record read got exactly one receipt: the invariant the summary is built on. */
export function answered(counts: ReceiptCounts): number {
  return counts.accepted + counts.newVersions + counts.duplicates + counts.rejected;
}

/** Records per second; 0 before any time has passed. */
export function ratePerSecond(records: number, elapsedMs: number): number {
  return elapsedMs <= 0 ? 0 : Math.round((records * 1000) / elapsedMs);
}

/** Whole percent of `done` in `total`, clamped to 0–100; undefined when the total is unknown. */
export function percentOf(done: number, total: number | undefined): number | undefined {
  if (total === undefined || total <= 0) return undefined;
  return Math.max(0, Math.min(100, Math.floor((done * 100) / total)));
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
}

/** `[█████░░░░░]` for a percent, `width` cells wide. */
export function bar(percent: number, width = 20): string {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) * width) / 100);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

/** Cuts a line to the terminal width (counting CJK characters as two columns), so `\r` redraws one line. */
export function fitToWidth(line: string, columns: number | undefined): string {
  if (columns === undefined || columns <= 0) return line;
  let width = 0;
  let out = '';
  for (const char of line) {
    const w =
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(
        char,
      )
        ? 2
        : 1;
    if (width + w > columns - 1) return `${out}…`;
    width += w;
    out += char;
  }
  return out;
}

export interface ProgressSnapshot {
  counts: ReceiptCounts;
  elapsedMs: number;
  bytesRead: number;
  /** the file size, when the source is streamed (percent by bytes); undefined otherwise */
  totalBytes?: number;
}

function tallyText(counts: ReceiptCounts): string {
  return `accepted ${formatCount(counts.accepted)} · new versions ${formatCount(counts.newVersions)} · duplicates ${formatCount(counts.duplicates)} · rejected ${formatCount(counts.rejected)}`;
}

/** The progress bar of a terminal: redrawn in place. */
export function progressLine(snapshot: ProgressSnapshot): string {
  const percent = percentOf(snapshot.bytesRead, snapshot.totalBytes);
  const head =
    percent === undefined ? 'importing' : `importing ${bar(percent)} ${String(percent).padStart(3)}%`;
  const rate = ratePerSecond(snapshot.counts.read, snapshot.elapsedMs);
  return `${head}  ${formatCount(snapshot.counts.read)} read  ${formatCount(rate)}/s  ${tallyText(snapshot.counts)}`;
}

/** The last phase of an embedded import: the in-process store catching up. */
export function storingLine(remaining: number, total: number): string {
  const percent = total <= 0 ? 100 : Math.floor(((total - Math.min(remaining, total)) * 100) / total);
  return `storing   ${bar(percent)} ${String(percent).padStart(3)}%  ${formatCount(remaining)} record(s) left to store`;
}

/** Facts for the plain (non-terminal) progress log line, object first. */
export function progressFacts(snapshot: ProgressSnapshot): Record<string, number> {
  const percent = percentOf(snapshot.bytesRead, snapshot.totalBytes);
  return {
    ...snapshot.counts,
    recordsPerSecond: ratePerSecond(snapshot.counts.read, snapshot.elapsedMs),
    ...(percent === undefined ? {} : { percent }),
  };
}

export interface ImportSummary {
  file: string;
  format: string;
  feed: string;
  centre: string;
  mode: 'embedded' | 'distributed';
  read: number;
  accepted: number;
  newVersions: number;
  duplicates: number;
  rejected: number;
  withWarnings: number;
  /** where the rejects went, and how to see them */
  dlq: { topic: string; list: string };
  elapsedMs: number;
  recordsPerSecond: number;
  /** embedded: the in-process store caught up; distributed: the records are in Kafka, the store service stores them */
  stored: boolean;
  /** the signal that stopped the import early, or null when the whole file was read */
  interrupted: string | null;
}

export function importSummary(
  base: Omit<ImportSummary, keyof ReceiptCounts | 'recordsPerSecond'>,
  counts: ReceiptCounts,
): ImportSummary {
  return { ...base, ...counts, recordsPerSecond: ratePerSecond(counts.read, base.elapsedMs) };
}

/** The summary for people, on stdout. */
export function summaryLines(summary: ImportSummary): string[] {
  const n = (value: number) => formatCount(value).padStart(10);
  const lines = [
    `${summary.interrupted ? 'stopped importing' : 'imported'} ${summary.file} (${summary.format}) as feed ${summary.feed} (${summary.centre})`,
    `  read          ${n(summary.read)}`,
    `  accepted      ${n(summary.accepted)}${summary.withWarnings > 0 ? `   (${formatCount(summary.withWarnings)} with warnings, incl. new versions)` : ''}`,
    `  new versions  ${n(summary.newVersions)}`,
    `  duplicates    ${n(summary.duplicates)}`,
    `  rejected      ${n(summary.rejected)}${summary.rejected > 0 ? `   → ${summary.dlq.topic}; see them: ${summary.dlq.list}` : ''}`,
    `  time          ${formatDuration(summary.elapsedMs)} (${formatCount(summary.recordsPerSecond)} records/s)`,
  ];
  if (summary.mode === 'embedded') {
    lines.push(
      summary.stored
        ? '  stored        every record is in the database'
        : '  stored        not all yet: the store finishes them on the next `pnpm ggzy start` or import',
    );
  } else {
    lines.push('  stored        durably in Kafka; the store service writes them to PostgreSQL');
  }
  if (summary.interrupted) {
    lines.push(
      `interrupted by ${summary.interrupted}: the rest of the file was not read. Import the file again to finish — records already imported come back as duplicates.`,
    );
  }
  return lines;
}

/** The commonest rules of a list of rejections, for "still rejected" summaries. */
export function topRules(rules: Iterable<string>, limit = 5): { rule: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const rule of rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return [...counts]
    .map(([rule, count]) => ({ rule, count }))
    .sort((a, b) => b.count - a.count || a.rule.localeCompare(b.rule))
    .slice(0, limit);
}
