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
 * (formedAt ?? publishedAt) — "was it listed on the day it bid?" — and, while its project is
 * still open (`openProjects`), against the records active now: a record decided after the bid
 * but arrived before the notice still concerns a project that can be stopped (whichever
 * arrived first, the same alerts). Every notice counts, of every stage: a contract signed with
 * a listed supplier is the most important hit of all.
 */
export function findForNotices(
  index: SubjectIndex,
  batch: readonly BusMessage<NoticeEvent>[],
  raisedAt: string,
  openProjects: ReadonlySet<string> = new Set(),
): Found[] {
  const found: Found[] = [];
  for (const { value: event } of batch) {
    const notice = event.data;
    const onDate = noticeDate(notice);
    const open = openProjects.has(event.key);
    const active = (recordId: string) => {
      const record = index.record(recordId);
      if (record === undefined) return false;
      return isCreditRecordActive(record, onDate) || (open && isCreditRecordActive(record, raisedAt));
    };
    for (const hit of matchNoticeParties(index, notice, active)) {
      found.push({
        alert: buildAlert({ id: notice.id, projectKey: event.key }, hit, raisedAt),
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

/**
 * Which of these projects are open now: by their current stage in the store, or — for a project
 * the store has not projected yet — by the stage of the notice at hand (open-projects.ts).
 */
export async function openProjectKeys(
  tx: Pick<Tx, 'select'>,
  events: readonly NoticeEvent[],
): Promise<Set<string>> {
  const keys = [...new Set(events.map((event) => event.key))];
  if (keys.length === 0) return new Set();
  const rows = await tx
    .select({
      projectKey: schema.projects.projectKey,
      domain: schema.projects.domain,
      stage: schema.projects.currentStage,
    })
    .from(schema.projects)
    .where(inArray(schema.projects.projectKey, keys));
  const openKeys = new Set(openStageKeys());
  const stageOf = new Map(rows.map((row) => [row.projectKey, `${row.domain}/${row.stage}`]));
  for (const event of events)
    if (!stageOf.has(event.key)) stageOf.set(event.key, `${event.data.domain}/${event.data.stage}`);
  return new Set([...stageOf].filter(([, stage]) => openKeys.has(stage)).map(([key]) => key));
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
        alert: buildAlert({ id: notice.id, projectKey }, hit, raisedAt),
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
