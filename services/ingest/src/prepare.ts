import {
  bytesHash,
  type DlqEntry,
  type Notice,
  type NoticeEvent,
  noticeContentHash,
  noticeId,
  projectKey,
  type RawFormat,
  type RawRecord,
  type Rejection,
  SCHEMA_VERSION,
} from '@ggzy/domain';
import type { NormalizeResult, Warning } from '@ggzy/normalize';

/** One record as a feed handed it in: its exact bytes and what they are. */
export interface IncomingRecord {
  bytes: Uint8Array;
  contentType: string;
  format: RawFormat;
  /** The feed's own record id, when known before parsing (else read from the record). */
  recordId?: string;
  /**
   * Set when `bytes` are only the first bytes of a record too large to keep (`oversized`): the
   * whole record's size and sha256, which its raw record and DLQ entry carry instead.
   */
  whole?: { byteLength: number; hash: string };
}

/** Bytes of an oversized record kept in its raw record and DLQ entry: enough to recognise it. */
export const OVERSIZED_PREFIX_BYTES = 4_096;

/**
 * A record larger than `maxBytes` as the pipeline keeps it (issue #13): a `record.too-large`
 * rejection, and only its first `OVERSIZED_PREFIX_BYTES` bytes and the sha256 of the whole, so
 * neither the raw topic nor the DLQ carries it (it would not fit Kafka's message size). Undefined
 * for a record within the limit. Pure.
 */
export function oversized(
  incoming: IncomingRecord,
  maxBytes: number,
): { incoming: IncomingRecord; errors: Rejection[] } | undefined {
  const size = incoming.bytes.byteLength;
  if (size <= maxBytes) return undefined;
  const kept = incoming.bytes.subarray(0, Math.min(OVERSIZED_PREFIX_BYTES, maxBytes));
  return {
    incoming: { ...incoming, bytes: kept, whole: { byteLength: size, hash: bytesHash(incoming.bytes) } },
    errors: [
      {
        path: '$',
        rule: 'record.too-large',
        message: `the record is ${size} bytes; the limit is ${maxBytes} bytes a record (only its first ${kept.byteLength} bytes and its sha256 are kept)`,
      },
    ],
  };
}

export interface Origin {
  feed: string;
  /** 交易中心 */
  centre: string;
  receivedAt: string;
}

/** What the pipeline decided for one record, before anything was published. */
export type Prepared =
  | { kind: 'notice'; raw: RawRecord; notice: Notice; contentHash: string; warnings: Warning[] }
  | { kind: 'rejected'; raw: RawRecord; errors: Rejection[]; stage: DlqEntry['stage'] };

/** The id a raw record is filed under: the notice id when the record names itself, else its hash. */
function rawId(origin: Origin, recordId: string | undefined, hash: string): string {
  return recordId
    ? noticeId({ feed: origin.feed, recordId })
    : `h_${hash.slice('sha256:'.length, 'sha256:'.length + 32)}`;
}

/** Reads the feed's record id out of a JSON record, without trusting its shape. */
export function recordIdOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'recordId' in value) {
    const id = (value as { recordId: unknown }).recordId;
    if (typeof id === 'string' && id.trim().length > 0) return id.trim();
    if (typeof id === 'number') return String(id);
  }
  return undefined;
}

/**
 * Turns one incoming record and its normalization result into what will be published: the raw
 * record (always: 全程留痕), and either the canonical notice or the rejection. Pure.
 */
export function prepare(
  incoming: IncomingRecord,
  result: NormalizeResult | { ok: false; errors: Rejection[]; stage: DlqEntry['stage'] },
  origin: Origin,
): Prepared {
  const hash = incoming.whole?.hash ?? bytesHash(incoming.bytes);
  const recordId = result.ok ? result.notice.id : incoming.recordId;
  const raw: RawRecord = {
    id: result.ok ? result.notice.id : rawId(origin, recordId, hash),
    source: { centre: origin.centre, feed: origin.feed, recordId: incoming.recordId ?? recordId ?? hash },
    receivedAt: origin.receivedAt,
    contentType: incoming.contentType,
    format: incoming.format,
    hash,
    body: Buffer.from(incoming.bytes).toString('base64'),
    byteLength: incoming.bytes.byteLength,
    ...(incoming.whole ? { truncatedFrom: incoming.whole.byteLength } : {}),
  };
  if (result.ok) {
    return {
      kind: 'notice',
      raw,
      notice: result.notice,
      contentHash: noticeContentHash(result.notice),
      warnings: result.warnings,
    };
  }
  return {
    kind: 'rejected',
    raw,
    errors: result.errors,
    stage: 'stage' in result ? result.stage : 'normalize',
  };
}

export function noticeEvent(prepared: Extract<Prepared, { kind: 'notice' }>, eventId: string): NoticeEvent {
  const { notice, raw } = prepared;
  return {
    id: eventId,
    type: 'notice',
    schemaVersion: SCHEMA_VERSION,
    source: {
      ...raw.source,
      recordId: raw.source.recordId,
      ...(notice.sourceUrl ? { url: notice.sourceUrl } : {}),
    },
    occurredAt: notice.formedAt ?? notice.publishedAt,
    publishedAt: notice.publishedAt,
    receivedAt: raw.receivedAt,
    key: projectKey(notice.project),
    data: notice,
    rawHash: raw.hash,
  };
}

export function dlqEntry(
  prepared: Extract<Prepared, { kind: 'rejected' }>,
  failedAt: string,
  attempts = 1,
): DlqEntry {
  const { raw } = prepared;
  return {
    id: `${raw.id}:${raw.hash.slice(7, 23)}`,
    source: raw.source,
    receivedAt: raw.receivedAt,
    failedAt,
    stage: prepared.stage,
    errors: prepared.errors,
    rawRecordId: raw.id,
    contentType: raw.contentType,
    format: raw.format,
    hash: raw.hash,
    body: raw.body,
    byteLength: raw.byteLength,
    ...(raw.truncatedFrom === undefined ? {} : { truncatedFrom: raw.truncatedFrom }),
    attempts,
  };
}
