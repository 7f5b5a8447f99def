import { randomUUID } from 'node:crypto';
import { type Bus, type Producer, topics } from '@ggzy/bus';
import { type DatabaseHandle, loadHistories, loadLatestPublished, loadProjectOwners } from '@ggzy/db';
import {
  type Domain,
  type FeedScope,
  feedScopeRefusal,
  type NoticeEvent,
  now,
  projectKey,
} from '@ggzy/domain';
import { type History, RecentHistories } from '@ggzy/ledger';
import type { NormalizeResult } from '@ggzy/normalize';
import { DEFAULT_MAX_RECORD_BYTES, type Logger } from '@ggzy/runtime';
import {
  dlqEntry,
  type IncomingRecord,
  noticeEvent,
  type Origin,
  oversized,
  type Prepared,
  prepare,
} from './prepare.ts';
import { decide, type Receipt } from './receipts.ts';

export interface IngestItem {
  incoming: IncomingRecord;
  result: NormalizeResult;
}

export interface Ingestor {
  /**
   * Publishes a batch and answers one receipt per record, in order. Resolves only after every
   * published record is durably in the log (acks=all); throws (retriable) when the log is down,
   * and then the feed must send the batch again — nothing was acknowledged.
   */
  ingest(items: readonly IngestItem[], origin: Omit<Origin, 'receivedAt'>): Promise<Receipt[]>;
  /** The largest record it takes, in bytes: larger ones are rejected (`record.too-large`). */
  readonly maxRecordBytes: number;
  /** What this ingestor has done since it started (a copy), for /metrics. */
  stats(): IngestStats;
  close(): Promise<void>;
}

/** Upper bounds (ms) of the batch time buckets of `IngestStats`. */
export const ingestLatencyBoundsMs = [10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] as const;

export interface IngestStats {
  /** Batches taken, the failed ones included. */
  batches: number;
  /** Batches that failed (the log did not acknowledge): the feed was told to send them again. */
  failedBatches: number;
  records: { accepted: number; newVersions: number; duplicates: number; rejected: number };
  /** Batches per time bucket (`ingestLatencyBoundsMs`; not cumulative, the last is over the top), and the total time. */
  latency: { boundsMs: readonly number[]; counts: number[]; sumMs: number };
}

/** How many recent publications this process remembers, to answer versions the store has not stored yet. */
const RECENT_HEADS = 100_000;

export async function createIngestor(options: {
  bus: Bus;
  database: DatabaseHandle;
  log: Logger;
  /**
   * The configured feeds' scopes (regions, shared projects). A feed not listed may publish for
   * any region; every feed is held to the projects it opened.
   */
  feeds?: readonly FeedScope[];
  /**
   * The largest record, in bytes as received (default `DEFAULT_MAX_RECORD_BYTES`, configured by
   * GGZY_INGEST_MAX_RECORD_BYTES): a larger one is rejected on its own (`record.too-large`) and
   * only its first bytes and its sha256 go to the raw topic and the DLQ — whole, it would not fit
   * a Kafka message, and the push of every record with it would fail.
   */
  maxRecordBytes?: number;
}): Promise<Ingestor> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const log = options.log.child({ service: 'ingest' });
  const producer: Producer = await options.bus.producer();
  const recent = new RecentHistories(RECENT_HEADS);
  /** Projects this process opened that the store may not have stored yet, by key → feed. */
  const recentOwners = new Map<string, string>();
  /** Notices this process published that the store may not have stored yet, by id → latest publishedAt. */
  const recentPublished = new Map<string, string>();

  function rememberPublished(id: string, publishedAt: string): void {
    const known = recentPublished.get(id);
    if (known !== undefined && Date.parse(known) >= Date.parse(publishedAt)) return;
    recentPublished.delete(id);
    if (recentPublished.size >= RECENT_HEADS) {
      const oldest = recentPublished.keys().next().value;
      if (oldest !== undefined) recentPublished.delete(oldest);
    }
    recentPublished.set(id, publishedAt);
  }

  /**
   * A correction — a new version of a notice already known — dated before the version it corrects
   * is kept, with a warning the feed sees in its receipt (`correction-before-original`): its date
   * is likely wrong, and the national platform's compiled records would keep the older content.
   * Known: the stored versions, what this process published, and earlier records of the batch.
   */
  async function flagEarlyCorrections(prepared: Prepared[], histories: Map<string, History>): Promise<void> {
    const candidates = prepared.filter(
      (item): item is Extract<Prepared, { kind: 'notice' }> =>
        item.kind === 'notice' &&
        (histories.get(item.notice.id)?.latest ?? 0) > 0 &&
        !histories.get(item.notice.id)?.versions.has(item.contentHash),
    );
    const inBatch = new Map<string, string>();
    const latestOf = (id: string, stored: Map<string, string>) =>
      [stored.get(id), recentPublished.get(id), inBatch.get(id)]
        .filter((at): at is string => at !== undefined)
        .sort((a, b) => Date.parse(b) - Date.parse(a))[0];
    const stored =
      candidates.length === 0
        ? new Map<string, string>()
        : await loadLatestPublished(
            options.database.db,
            candidates.map((item) => item.notice.id),
          );
    for (const item of prepared) {
      if (item.kind !== 'notice') continue;
      const before = candidates.includes(item) ? latestOf(item.notice.id, stored) : undefined;
      if (before !== undefined && Date.parse(item.notice.publishedAt) < Date.parse(before)) {
        item.warnings.push({
          path: 'publishedAt',
          rule: 'correction-before-original',
          message: `a correction dated ${item.notice.publishedAt}, before the version it corrects (published ${before}): kept, and flagged — check the date`,
          value: item.notice.publishedAt,
        });
      }
      const seen = inBatch.get(item.notice.id);
      if (seen === undefined || Date.parse(seen) < Date.parse(item.notice.publishedAt))
        inBatch.set(item.notice.id, item.notice.publishedAt);
    }
  }

  /**
   * Refuses, record by record, the notices the feed may not publish (packages/domain
   * `feedScopeRefusal`): outside its regions, or for a project another feed opened. A project's
   * owner is the feed of its first stored notice, else of the first this process published.
   */
  async function scoped(prepared: Prepared[], feed: string): Promise<Prepared[]> {
    const scope = options.feeds?.find((candidate) => candidate.feed === feed) ?? { feed };
    const keys = prepared.flatMap((item) =>
      item.kind === 'notice' ? [projectKey(item.notice.project)] : [],
    );
    if (keys.length === 0) return prepared;
    const owners = await loadProjectOwners(options.database.db, keys);
    return prepared.map((item) => {
      if (item.kind !== 'notice') return item;
      const key = projectKey(item.notice.project);
      const owner = owners.get(key) ?? recentOwners.get(key);
      const refusal = feedScopeRefusal(scope, item.notice, owner);
      if (refusal) return { kind: 'rejected', raw: item.raw, errors: [refusal], stage: 'validate' };
      // Later records of the batch see the project as opened by this one.
      if (owner === undefined) owners.set(key, feed);
      return item;
    });
  }

  function rememberOwner(key: string, feed: string): void {
    if (recentOwners.has(key)) return;
    if (recentOwners.size >= RECENT_HEADS) {
      const oldest = recentOwners.keys().next().value;
      if (oldest !== undefined) recentOwners.delete(oldest);
    }
    recentOwners.set(key, feed);
  }

  /** What is known of each id: every stored version, and this process's own recent publications. */
  async function known(ids: readonly string[]): Promise<Map<string, History>> {
    const stored = ids.length === 0 ? new Map() : await loadHistories(options.database.db, 'notice', ids);
    return recent.merge(stored, ids);
  }

  const stats: IngestStats = {
    batches: 0,
    failedBatches: 0,
    records: { accepted: 0, newVersions: 0, duplicates: 0, rejected: 0 },
    latency: {
      boundsMs: ingestLatencyBoundsMs,
      counts: new Array(ingestLatencyBoundsMs.length + 1).fill(0),
      sumMs: 0,
    },
  };

  async function ingest(
    items: readonly IngestItem[],
    origin: Omit<Origin, 'receivedAt'>,
  ): Promise<Receipt[]> {
    const receivedAt = now();
    const prepared = await scoped(
      items.map((item) => {
        const tooLarge = oversized(item.incoming, maxRecordBytes);
        return tooLarge
          ? prepare(
              tooLarge.incoming,
              { ok: false, errors: tooLarge.errors, stage: 'receive' },
              {
                ...origin,
                receivedAt,
              },
            )
          : prepare(item.incoming, item.result, { ...origin, receivedAt });
      }),
      origin.feed,
    );
    const failedAt = receivedAt;
    const dlq = prepared.map((item) => (item.kind === 'rejected' ? dlqEntry(item, failedAt) : undefined));
    const ids = prepared.flatMap((item) => (item.kind === 'notice' ? [item.notice.id] : []));
    const histories = await known([...new Set(ids)]);
    await flagEarlyCorrections(prepared, histories);
    const decisions = decide(
      prepared,
      histories,
      dlq.map((entry) => entry?.id ?? ''),
    );

    // Every record's raw bytes (duplicates and rejects included: 全程留痕), the notices by
    // domain and the rejects, sent together: the producer keeps their order, the embedded log
    // commits them in one transaction, and the answer waits for all of them.
    const sends: Promise<unknown>[] = [
      producer.send(
        topics.raw,
        prepared.map((item) => item.raw),
      ),
    ];
    const byDomain = new Map<Domain, NoticeEvent[]>();
    decisions.forEach((decision, index) => {
      const item = prepared[index]!;
      if (!decision.publish || item.kind !== 'notice') return;
      const events = byDomain.get(item.notice.domain) ?? [];
      events.push(noticeEvent(item, randomUUID()));
      byDomain.set(item.notice.domain, events);
    });
    for (const [domain, events] of byDomain) sends.push(producer.send(topics.notice[domain], events));
    const rejects = dlq.filter((entry) => entry !== undefined);
    if (rejects.length > 0) sends.push(producer.send(topics.dlq, rejects));
    // Every send settles before the answer: a failure is reported only once nothing is in flight.
    const outcomes = await Promise.allSettled(sends);
    const failure = outcomes.find((outcome) => outcome.status === 'rejected');
    if (failure) throw failure.reason;

    decisions.forEach((decision, index) => {
      const item = prepared[index]!;
      if (
        decision.publish &&
        item.kind === 'notice' &&
        decision.receipt.status !== 'rejected' &&
        decision.receipt.status !== 'duplicate'
      ) {
        recent.remember(item.notice.id, decision.receipt.version, item.contentHash);
        rememberPublished(item.notice.id, item.notice.publishedAt);
        rememberOwner(projectKey(item.notice.project), origin.feed);
      }
    });
    const receipts = decisions.map((decision) => decision.receipt);
    log.info(
      {
        feed: origin.feed,
        records: receipts.length,
        accepted: receipts.filter((r) => r.status === 'accepted').length,
        newVersions: receipts.filter((r) => r.status === 'new-version').length,
        duplicates: receipts.filter((r) => r.status === 'duplicate').length,
        rejected: receipts.filter((r) => r.status === 'rejected').length,
      },
      'ingested',
    );
    return receipts;
  }

  return {
    async ingest(items, origin) {
      const started = performance.now();
      stats.batches += 1;
      try {
        const receipts = await ingest(items, origin);
        for (const receipt of receipts) {
          if (receipt.status === 'accepted') stats.records.accepted += 1;
          else if (receipt.status === 'new-version') stats.records.newVersions += 1;
          else if (receipt.status === 'duplicate') stats.records.duplicates += 1;
          else stats.records.rejected += 1;
        }
        return receipts;
      } catch (error) {
        stats.failedBatches += 1;
        throw error;
      } finally {
        const ms = performance.now() - started;
        const bucket = ingestLatencyBoundsMs.findIndex((bound) => ms <= bound);
        stats.latency.counts[bucket === -1 ? ingestLatencyBoundsMs.length : bucket]! += 1;
        stats.latency.sumMs += ms;
      }
    },
    maxRecordBytes,
    stats: () => ({
      ...stats,
      records: { ...stats.records },
      latency: { ...stats.latency, counts: [...stats.latency.counts] },
    }),
    close: () => producer.close(),
  };
}
