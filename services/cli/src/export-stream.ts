// Longer than ~250 lines on purpose: the two exports share one snapshot cursor and paging loop, and each
// writer is short; split, the cursor's lifetime would have to cross files.
/**
 * `ggzy export`, streamed: the window's notice versions are read through a server-side cursor in
 * one read-only snapshot, a page at a time, and written out as they come — the OCDS release
 * package as its head, the releases one by one and its tail; the data-spec messages as JSON
 * lines, a project at a time. Memory holds one page and one project's messages, whatever the
 * window's size.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { DatabaseHandle } from '@ggzy/db';
import type { Notice } from '@ggzy/domain';
import {
  DataKeyLedger,
  type DataSpecContext,
  type DataSpecMessage,
  type DataSpecPlatform,
  dataKeyOf,
  isOcdsNotice,
  OcdsProcesses,
  orderForExchange,
  type Release,
  releaseInProcess,
  toDataSpec,
  toEnvelope,
} from '@ggzy/exchange-formats';
import { sql } from 'drizzle-orm';
import { bar, formatCount, percentOf, ratePerSecond } from './progress.ts';

/** Rows per FETCH from the cursor. */
export const EXPORT_PAGE_SIZE = 500;

/** UTC instants: `from` inclusive, `to` exclusive. */
export interface ExportWindow {
  from: string;
  to: string;
}

type VersionRow = {
  version: number;
  notice: Notice;
  project_key: string;
};

/** Told after every page: rows read so far of `total`. */
export type OnProgress = (done: number, total: number) => void;

const inWindow = (window: ExportWindow) =>
  sql`published_at >= ${window.from}::timestamptz and published_at < ${window.to}::timestamptz`;

/**
 * Publication order: a project's stages, and a notice's corrections, in the order stored. The
 * OCDS channel covers construction and procurement only (isOcdsNotice); the rest are counted.
 */
/**
 * Publication order — except that a correction never comes before the version it corrects (a
 * feed may re-publish with an earlier 发布时间): each version is placed at the latest publication
 * of its notice so far, so the releases of a process are made in the order they must merge.
 */
const ocdsQuery = (window: ExportWindow) =>
  sql`select version, notice, project_key from (
        select version, notice, project_key, log_topic, log_partition, log_offset,
               max(published_at) over (partition by notice_id order by version) as placed_at
          from notice_versions
         where ${inWindow(window)} and domain in ('construction', 'procurement')) placed
       order by placed_at, log_topic, log_partition, log_offset`;

/**
 * Project by project, projects in order of their first version in the window, each project's
 * versions in publication order: orderForExchange then orders a project's messages (parents
 * first) with only that project in memory. The order keys are computed on narrow rows and the
 * notices joined back by primary key.
 */
const dataSpecQuery = (window: ExportWindow) =>
  sql`with numbered as (
        select notice_id, version, project_key,
               row_number() over (order by published_at, log_topic, log_partition, log_offset) as n
          from notice_versions where ${inWindow(window)}),
      ranked as (
        select notice_id, version, n, min(n) over (partition by project_key) as first from numbered)
      select v.version, v.notice, v.project_key
        from ranked r join notice_versions v on v.notice_id = r.notice_id and v.version = r.version
       order by r.first, r.n`;

/**
 * Runs `count` and then `query` through a cursor in one read-only, repeatable-read transaction
 * (the count and the rows see the same snapshot), handing each page to `onPage` and awaiting it
 * before the next FETCH — so a slow writer holds the reading back, and memory stays one page.
 */
async function readPages<Counts extends Record<string, unknown>>(
  database: DatabaseHandle,
  count: ReturnType<typeof sql>,
  query: ReturnType<typeof sql>,
  pageSize: number,
  onCounts: (counts: Counts) => Promise<void> | void,
  onPage: (rows: VersionRow[]) => Promise<void>,
): Promise<{ pages: number; rows: number }> {
  return database.db.transaction(
    async (tx) => {
      // The count query's one row has the caller's columns.
      const counted = await tx.execute(count);
      await onCounts(counted.rows[0] as Counts);
      await tx.execute(sql`declare ggzy_export no scroll cursor for ${query}`);
      let pages = 0;
      let rows = 0;
      for (;;) {
        const page = await tx.execute<VersionRow>(sql.raw(`fetch forward ${pageSize} from ggzy_export`));
        if (page.rows.length === 0) break;
        pages += 1;
        rows += page.rows.length;
        await onPage(page.rows);
      }
      await tx.execute(sql`close ggzy_export`);
      return { pages, rows };
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

/** A file written chunk by chunk, waiting for the disk when its buffer is full. */
class FileSink {
  readonly #stream: WriteStream;
  #error: Error | undefined;
  bytes = 0;

  constructor(file: string) {
    this.#stream = createWriteStream(file, { encoding: 'utf8' });
    this.#stream.on('error', (error) => {
      this.#error = error;
    });
  }

  async write(text: string): Promise<void> {
    if (this.#error) throw this.#error;
    this.bytes += Buffer.byteLength(text);
    if (!this.#stream.write(text))
      await Promise.race([once(this.#stream, 'drain'), once(this.#stream, 'error')]);
    if (this.#error) throw this.#error;
  }

  async close(): Promise<void> {
    if (this.#error) throw this.#error;
    this.#stream.end();
    await once(this.#stream, 'finish');
  }

  /** After a failure: closes the file, keeping what was written (the caller reports the fault). */
  destroy(): void {
    this.#stream.destroy();
  }
}

/** The structural rules of an OCDS 1.1 release the mapping must keep (the full schema is checked in the unit tests). */
function releaseProblems(release: Release, prefix: string): string[] {
  const problems: string[] = [];
  if (!release.ocid.startsWith(`${prefix}-`))
    problems.push(`${release.id}: ocid without the prefix ${prefix}`);
  if (!release.date || !release.tag?.length) problems.push(`${release.id}: no date or tag`);
  return problems;
}

export interface OcdsPackageMeta {
  uri: string;
  publishedDate: string;
  publisher: { name: string };
}

export interface OcdsExportSummary {
  releases: number;
  /** Distinct ocids: one contracting process per project key. */
  processes: number;
  /** Versions in the window without an OCDS stage (land, mining, property). */
  skipped: number;
  /** The first problems found (at most 20), and how many there were. */
  problems: string[];
  problemCount: number;
  pages: number;
  bytes: number;
}

/**
 * Writes the window's OCDS release package to `file`: the package's metadata, then each release
 * as it is read, then the end of the package. The bytes are a release package as
 * `toReleasePackage` would make it (one release per line).
 */
export async function exportOcds(
  database: DatabaseHandle,
  options: {
    window: ExportWindow;
    file: string;
    ocidPrefix: string;
    meta: OcdsPackageMeta;
    pageSize?: number;
  },
  onProgress?: OnProgress,
): Promise<OcdsExportSummary> {
  const sink = new FileSink(options.file);
  const summary: OcdsExportSummary = {
    releases: 0,
    processes: 0,
    skipped: 0,
    problems: [],
    problemCount: 0,
    pages: 0,
    bytes: 0,
  };
  let total = 0;
  let done = 0;
  const processes = new OcdsProcesses();
  try {
    const read = await readPages<{ versions: number; ocds: number; processes: number }>(
      database,
      // The ocid is derived from the project key, so distinct project keys are distinct ocids.
      sql`select count(*)::int as versions,
                 count(*) filter (where domain in ('construction', 'procurement'))::int as ocds,
                 count(distinct project_key) filter (where domain in ('construction', 'procurement'))::int as processes
            from notice_versions where ${inWindow(options.window)}`,
      ocdsQuery(options.window),
      options.pageSize ?? EXPORT_PAGE_SIZE,
      async (counts) => {
        total = counts.ocds;
        summary.skipped = counts.versions - counts.ocds;
        summary.processes = counts.processes;
        const { uri, publishedDate, publisher } = options.meta;
        const head = JSON.stringify({ uri, version: '1.1', publishedDate, publisher });
        await sink.write(`${head.slice(0, -1)},"releases":[`);
      },
      async (rows) => {
        let chunk = '';
        for (const row of rows) {
          if (!isOcdsNotice(row.notice)) {
            summary.skipped += 1;
            continue;
          }
          // Release ids are `<notice id>-v<version>`, unique as notice_versions' primary key.
          // Within the window, each process's releases agree with its earlier ones (process.ts).
          const release = releaseInProcess(processes, row.notice, {
            ocidPrefix: options.ocidPrefix,
            version: row.version,
          });
          for (const problem of releaseProblems(release, options.ocidPrefix)) {
            summary.problemCount += 1;
            if (summary.problems.length < 20) summary.problems.push(problem);
          }
          chunk += `${summary.releases === 0 ? '' : ','}\n${JSON.stringify(release)}`;
          summary.releases += 1;
        }
        await sink.write(chunk);
        done += rows.length;
        onProgress?.(done, total);
      },
    );
    await sink.write('\n]}\n');
    await sink.close();
    if (summary.releases === 0) {
      // The file is still written (the window's package, empty), but the schema wants releases.
      summary.problemCount += 1;
      summary.problems.push('no releases in the window: an OCDS release package needs at least one');
    }
    summary.pages = read.pages;
    summary.bytes = sink.bytes;
    return summary;
  } catch (error) {
    sink.destroy();
    throw error;
  }
}

export interface DataSpecExportSummary {
  /** Messages written to the file (in their envelopes). */
  messages: number;
  /** Records kept back, each with its reasons in the held file. */
  held: number;
  /** Deletes of records the receiver never got: nothing to send. */
  skipped: number;
  versions: number;
  byDataSet: Map<string, { records: number; sent: number; held: number }>;
  /** Why records are held: `dataNo field validator` → how many, and what to do. */
  holdCauses: Map<string, { count: number; action: string }>;
  pages: number;
  bytes: number;
}

export interface DataSpecExportOptions {
  window: ExportWindow;
  file: string;
  /** Where held records go, one JSON line each with its reasons. */
  heldFile: string;
  context: DataSpecContext;
  platform: DataSpecPlatform;
  /** DATA_TIMESTAMP of every message: when the export was made (yyyyMMddHHmmss, Beijing time). */
  timestamp: string;
  largeAwardProjects?: readonly string[];
  /** Tender projects (501) the receiver already holds: their children are not held for the parent. */
  reportedTenderProjects?: readonly string[];
  pageSize?: number;
}

/**
 * Writes the window's data-spec messages to `file` as JSON lines, each in its envelope (TITLE and
 * CONTEXT, docs/exchange-formats.md): project by project, each project's messages parents first
 * and a record's versions in order (orderForExchange). A record the receiver would refuse, or
 * that would arrive with empty NotNull fields, is held — written to `heldFile` with its reasons —
 * not sent; a DataKeyLedger gives each sent message the DATA_TYPE the receiver's key registry
 * accepts (a held insert's first whole version goes as the insert; a delete of a record never
 * sent is skipped).
 */
export async function exportDataSpec(
  database: DatabaseHandle,
  options: DataSpecExportOptions,
  onProgress?: OnProgress,
): Promise<DataSpecExportSummary> {
  const sink = new FileSink(options.file);
  const heldSink = new FileSink(options.heldFile);
  const summary: DataSpecExportSummary = {
    messages: 0,
    held: 0,
    skipped: 0,
    versions: 0,
    byDataSet: new Map(),
    holdCauses: new Map(),
    pages: 0,
    bytes: 0,
  };
  const ledger = new DataKeyLedger({
    ...(options.largeAwardProjects ? { largeAwardProjects: options.largeAwardProjects } : {}),
    ...(options.reportedTenderProjects ? { reportedTenderProjects: options.reportedTenderProjects } : {}),
  });
  let total = 0;
  let project: string | undefined;
  let pending: DataSpecMessage[] = [];
  const flush = async () => {
    let chunk = '';
    let heldChunk = '';
    for (const message of orderForExchange(pending)) {
      const tally = summary.byDataSet.get(message.dataNo) ?? { records: 0, sent: 0, held: 0 };
      summary.byDataSet.set(message.dataNo, tally);
      tally.records += 1;
      const decision = ledger.decide(message);
      if (decision.outcome === 'send') {
        tally.sent += 1;
        summary.messages += 1;
        chunk += `${JSON.stringify(toEnvelope(decision.message, options.platform, options.timestamp))}\n`;
      } else if (decision.outcome === 'hold') {
        tally.held += 1;
        summary.held += 1;
        for (const reason of decision.reasons) {
          const cause = `${reason.dataNo} ${reason.field} ${reason.validator}`;
          const known = summary.holdCauses.get(cause) ?? { count: 0, action: reason.action };
          known.count += 1;
          summary.holdCauses.set(cause, known);
        }
        heldChunk += `${JSON.stringify({
          DATA_KEY: dataKeyOf(options.platform.systemNo, message),
          dataNo: message.dataNo,
          projectKey: message.projectKey,
          version: message.version,
          messageType: message.messageType,
          reasons: decision.reasons,
        })}\n`;
      } else summary.skipped += 1;
    }
    pending = [];
    if (chunk) await sink.write(chunk);
    if (heldChunk) await heldSink.write(heldChunk);
  };
  try {
    const read = await readPages<{ versions: number }>(
      database,
      sql`select count(*)::int as versions from notice_versions where ${inWindow(options.window)}`,
      dataSpecQuery(options.window),
      options.pageSize ?? EXPORT_PAGE_SIZE,
      (counts) => {
        total = counts.versions;
      },
      async (rows) => {
        for (const row of rows) {
          if (row.project_key !== project) {
            await flush();
            project = row.project_key;
          }
          pending.push(
            ...toDataSpec(row.notice, {
              context: options.context,
              version: row.version,
              withdrawn: row.notice.withdrawal !== undefined,
            }),
          );
          summary.versions += 1;
        }
        onProgress?.(summary.versions, total);
      },
    );
    await flush();
    await sink.close();
    await heldSink.close();
    summary.pages = read.pages;
    summary.bytes = sink.bytes;
    return summary;
  } catch (error) {
    sink.destroy();
    heldSink.destroy();
    throw error;
  }
}

/** The progress line of a terminal, redrawn in place. */
export function exportProgressLine(format: string, done: number, total: number, elapsedMs: number): string {
  const percent = percentOf(done, total) ?? 100;
  return `exporting ${format} ${bar(percent)} ${String(percent).padStart(3)}%  ${formatCount(done)} / ${formatCount(total)} versions  ${formatCount(ratePerSecond(done, elapsedMs))}/s`;
}
