import type { OutboxPayload } from '@ggzy/db';
import type { NoticeEvent } from '@ggzy/domain';
import {
  type DataSpecContext,
  isOcdsNotice,
  type OcdsProcesses,
  releaseInProcess,
  toDataSpec,
  toRelease,
} from '@ggzy/exchange-formats';
import { type History, noticeEventIdentity, type Positioned, planBatch } from '@ggzy/ledger';

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

export type { OutboxPayload };

export type PositionedEvent = Positioned<NoticeEvent>;

/** `version`: a row to deliver; `duplicate`: content of a version already numbered; `skipped`: a version with nothing for this channel. */
export type PlannedEvent = PositionedEvent & { version: number; contentHash: string } & (
    | { outcome: 'version'; payload: OutboxPayload; idempotencyKey: string }
    | { outcome: 'duplicate' | 'skipped' }
  );

/** Same on every attempt, every replay and every copy of ggzy: the receiver dedupes on it. */
export function idempotencyKey(channel: Channel, noticeId: string, version: number): string {
  return `ggzy.${channel}.${noticeId}.v${version}`;
}

/**
 * What a notice version becomes on a channel, or undefined when the channel has nothing for it.
 * With `processes` (the OCDS processes' earlier releases), the release agrees with them and is
 * folded in: contracts point at awards that exist, results close candidates, corrections are
 * dated after what they correct (exchange-formats process.ts).
 */
export function payloadFor(
  event: NoticeEvent,
  version: number,
  options: ChannelOptions,
  processes?: OcdsProcesses,
): OutboxPayload | undefined {
  const notice = event.data;
  if (options.channel === 'ocds') {
    if (!isOcdsNotice(notice)) return undefined;
    const releaseOptions = { ocidPrefix: options.ocidPrefix, version };
    return processes
      ? releaseInProcess(processes, notice, releaseOptions)
      : toRelease(notice, releaseOptions);
  }
  // A withdrawn notice (撤回) takes back the records its earlier versions gave: deletes.
  const messages = toDataSpec(notice, {
    context: options.context,
    version,
    withdrawn: notice.withdrawal !== undefined,
  });
  return messages.length > 0 ? { messages } : undefined;
}

/**
 * Numbers the notice versions of a batch (one partition, log order) by the ledger rule, as the
 * store does (packages/ledger), and maps each version to its payload. Positions already planned
 * (a replay or a redelivery after a crash) are left out. Pure: the caller loads `known` and `seen`.
 */
export function planOutbox(
  events: readonly PositionedEvent[],
  known: ReadonlyMap<string, History>,
  seen: ReadonlySet<string>,
  options: ChannelOptions,
  processes?: OcdsProcesses,
): PlannedEvent[] {
  const planned: PlannedEvent[] = [];
  for (const item of planBatch(events, noticeEventIdentity, known, seen).items) {
    if (item.outcome === 'replay') continue;
    const { event, position, version, contentHash } = item;
    if (item.outcome === 'duplicate') {
      planned.push({ event, position, outcome: 'duplicate', version, contentHash });
      continue;
    }
    const payload = payloadFor(event, version, options, processes);
    planned.push(
      payload === undefined
        ? { event, position, outcome: 'skipped', version, contentHash }
        : {
            event,
            position,
            outcome: 'version',
            version,
            contentHash,
            payload,
            idempotencyKey: idempotencyKey(options.channel, event.data.id, version),
          },
    );
  }
  return planned;
}
