import type { BusMessage } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import {
  type AlertEvent,
  type CreditEvent,
  isCreditRecordActive,
  type Notice,
  type NoticeEvent,
  type SourceRef,
} from '@ggzy/domain';
import { buildSubjectIndex, type SubjectIndex } from '@ggzy/matching';
import { eq, inArray, sql } from 'drizzle-orm';
import type { AlertCandidate } from './alert-store.ts';
import { alertEvent, buildAlert, matchNoticeParties, noticeDate } from './alerts.ts';
import type { Tx } from './credit-store.ts';
import { openStageKeys } from './open-projects.ts';

/** An alert candidate with the envelope context it is published with. */
export interface Found extends AlertCandidate {
  context: { projectKey: string; source: SourceRef; rawHash: string };
}

/**
 * Notice direction: a notice's parties against the records active on the notice's date
 * (formedAt ?? publishedAt) — "was it listed on the day it bid?". Every notice counts, of
 * every stage: a contract signed with a listed supplier is the most important hit of all.
 */
export function findForNotices(
  index: SubjectIndex,
  batch: readonly BusMessage<NoticeEvent>[],
  raisedAt: string,
): Found[] {
  const found: Found[] = [];
  for (const { value: event } of batch) {
    const notice = event.data;
    const onDate = noticeDate(notice);
    const active = (recordId: string) => {
      const entry = index.entry(recordId);
      return entry !== undefined && isCreditRecordActive(entry.record, onDate);
    };
    for (const hit of matchNoticeParties(index, notice, active)) {
      found.push({
        alert: buildAlert(notice.id, hit, raisedAt),
        partyKey: hit.partyKey,
        projectKey: event.key,
        region: notice.project.region,
        direction: 'notice',
        context: { projectKey: event.key, source: event.source, rawHash: event.rawHash },
      });
    }
  }
  return found;
}

interface OpenNotice {
  projectKey: string;
  region: string;
  notice: Notice;
}

/** The current version of every notice of every open project (open-projects.ts). */
export async function openProjectNotices(tx: Tx): Promise<OpenNotice[]> {
  const keys = openStageKeys();
  return tx
    .select({
      projectKey: schema.notices.projectKey,
      region: schema.notices.region,
      notice: schema.notices.notice,
    })
    .from(schema.notices)
    .innerJoin(schema.projects, eq(schema.projects.projectKey, schema.notices.projectKey))
    .where(inArray(sql`${schema.projects.domain} || '/' || ${schema.projects.currentStage}`, keys));
}

/**
 * Record direction: new or changed records against the parties of open projects. A record
 * counts when it restricts the party on the notice's date (it was listed when it bid) or on the
 * record's arrival (it is listed now, while the project can still be stopped); an expired or
 * withdrawn record restricts on neither and raises nothing.
 */
export function findForRecords(
  events: readonly CreditEvent[],
  open: readonly OpenNotice[],
  raisedAt: string,
): Found[] {
  const newest = new Map<string, CreditEvent>();
  for (const event of events) newest.set(event.data.id, event);
  if (newest.size === 0) return [];
  const index = buildSubjectIndex([...newest.values()].map((event) => event.data));
  const found: Found[] = [];
  for (const { projectKey, region, notice } of open) {
    const onDate = noticeDate(notice);
    const active = (recordId: string) => {
      const event = newest.get(recordId);
      if (!event) return false;
      return isCreditRecordActive(event.data, onDate) || isCreditRecordActive(event.data, event.receivedAt);
    };
    for (const hit of matchNoticeParties(index, notice, active)) {
      const event = newest.get(hit.hit.recordId)!;
      found.push({
        alert: buildAlert(notice.id, hit, raisedAt),
        partyKey: hit.partyKey,
        projectKey,
        region,
        direction: 'record',
        context: { projectKey, source: event.source, rawHash: event.rawHash },
      });
    }
  }
  return found;
}

/** The events to publish for the alerts actually raised (not the ones already known). */
export function eventsFor(raised: readonly Found[]): AlertEvent[] {
  return raised.map((item) => alertEvent(item.alert, item.context));
}
