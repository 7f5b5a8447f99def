import { type NoticeEvent, noticeContentHash } from '@ggzy/domain';
import {
  type DataSpecContext,
  type DataSpecMessage,
  isOcdsNotice,
  type Release,
  toDataSpec,
  toRelease,
} from '@ggzy/exchange-formats';

/**
 * The two channels to the national platform (docs/exchange.md): `ocds` carries an OCDS 1.1
 * release per notice version, for the domains OCDS describes (construction, procurement);
 * `dataspec` carries the V4 data-spec messages of a notice version, for every domain whose stage
 * has a data set, and needs the deployment's DataSpecContext (codes, responsible persons).
 */
export const channels = ['ocds', 'dataspec'] as const;
export type Channel = (typeof channels)[number];

export type ChannelOptions =
  | { channel: 'ocds'; ocidPrefix: string }
  | { channel: 'dataspec'; context: DataSpecContext };

export type OutboxPayload = Release | { messages: DataSpecMessage[] };

export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface PositionedEvent {
  event: NoticeEvent;
  position: LogPosition;
}

/** The newest version of a notice the channel has numbered (delivered or skipped). */
export interface Head {
  version: number;
  contentHash: string;
}

export interface PlannedEvent extends PositionedEvent {
  /** `version`: a row to deliver; `duplicate`: same content as the newest version; `skipped`: a version with nothing for this channel. */
  outcome: 'version' | 'duplicate' | 'skipped';
  version: number;
  contentHash: string;
  payload?: OutboxPayload;
  idempotencyKey?: string;
}

/** Same on every attempt, every replay and every copy of ggzy: the receiver dedupes on it. */
export function idempotencyKey(channel: Channel, noticeId: string, version: number): string {
  return `ggzy.${channel}.${noticeId}.v${version}`;
}

/** What a notice version becomes on a channel, or undefined when the channel has nothing for it. */
export function payloadFor(
  event: NoticeEvent,
  version: number,
  options: ChannelOptions,
): OutboxPayload | undefined {
  const notice = event.data;
  if (options.channel === 'ocds') {
    if (!isOcdsNotice(notice)) return undefined;
    return toRelease(notice, { ocidPrefix: options.ocidPrefix, version });
  }
  const messages = toDataSpec(notice, { context: options.context, version });
  return messages.length > 0 ? { messages } : undefined;
}

/**
 * Numbers the notice versions of a batch (one partition, log order) the way the store does —
 * an event whose content equals its notice's newest version is a duplicate, anything else the
 * next version — and maps each version to its payload. Positions already planned (a replay or a
 * redelivery after a crash) are left out. Pure: the caller loads `heads` and `seen`.
 */
export function planOutbox(
  events: readonly PositionedEvent[],
  heads: ReadonlyMap<string, Head>,
  seen: ReadonlySet<string>,
  options: ChannelOptions,
): PlannedEvent[] {
  const current = new Map(heads);
  const planned: PlannedEvent[] = [];
  for (const item of events) {
    if (seen.has(positionKey(item.position))) continue;
    const id = item.event.data.id;
    const contentHash = noticeContentHash(item.event.data);
    const head = current.get(id);
    if (head?.contentHash === contentHash) {
      planned.push({ ...item, outcome: 'duplicate', version: head.version, contentHash });
      continue;
    }
    const version = (head?.version ?? 0) + 1;
    current.set(id, { version, contentHash });
    const payload = payloadFor(item.event, version, options);
    planned.push(
      payload === undefined
        ? { ...item, outcome: 'skipped', version, contentHash }
        : {
            ...item,
            outcome: 'version',
            version,
            contentHash,
            payload,
            idempotencyKey: idempotencyKey(options.channel, id, version),
          },
    );
  }
  return planned;
}

export function positionKey(position: LogPosition): string {
  return `${position.topic}/${position.partition}/${position.offset}`;
}
