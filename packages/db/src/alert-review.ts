import { type Alert, type AlertClosure, shanghaiNow } from '@ggzy/domain';
import { GgzyError } from '@ggzy/runtime';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from './client.ts';
import { alertEvents, alerts } from './schema/credit.ts';

/**
 * A regulator's review of a blacklist alert (services/blacklist raises them; the query API's
 * review route and the tests decide them).
 */
export interface Review {
  action: 'confirm' | 'dismiss';
  /** who: a regulator's account */
  by: string;
  /** why: required, it is the record a later reader relies on */
  reason: string;
  /** when (default now) */
  at?: string;
}

/**
 * Confirms or dismisses an open alert (open → confirmed | dismissed), writing who, when and why
 * to `alert_events` and the current state to `alerts`. A decided alert is not reviewed again
 * (`GGZY_CONFLICT`): a second opinion would rewrite the record a regulator acted on. An unknown
 * alert is `GGZY_NOT_FOUND`; a review without who or why, `GGZY_BAD_REQUEST`.
 */
export async function reviewAlert(db: Database, alertId: string, review: Review): Promise<Alert> {
  if (review.by.trim() === '' || review.reason.trim() === '') {
    throw new GgzyError('GGZY_BAD_REQUEST', 'a review needs who (by) and why (reason)');
  }
  const at = review.at ?? shanghaiNow();
  const status = review.action === 'confirm' ? 'confirmed' : 'dismissed';
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ status: alerts.status, alert: alerts.alert })
      .from(alerts)
      .where(eq(alerts.id, alertId))
      .for('update');
    if (!row) throw new GgzyError('GGZY_NOT_FOUND', `no alert ${alertId}`, { details: { alertId } });
    if (row.status !== 'open') {
      throw new GgzyError(
        'GGZY_CONFLICT',
        `alert ${alertId} is already ${row.status}: a decided alert is not reviewed again`,
        { details: { alertId, status: row.status } },
      );
    }
    const alert: Alert = {
      ...row.alert,
      status,
      review: { by: review.by, at, reason: review.reason },
    };
    await tx
      .update(alerts)
      .set({
        status,
        alert,
        reviewedBy: review.by,
        reviewedAt: at,
        reviewReason: review.reason,
        updatedAt: sql`now()`,
      })
      .where(eq(alerts.id, alertId));
    await tx.insert(alertEvents).values({
      alertId,
      seq: sql`(select coalesce(max(seq), 0) + 1 from alert_events where alert_id = ${alertId})`,
      kind: status,
      actor: review.by,
      occurredAt: at,
      reason: review.reason,
    });
    return alert;
  });
}

/** What closing needs to know of a record: which one, and why it no longer restricts. */
export interface RecordClosure {
  creditRecordId: string;
  closure: AlertClosure;
  /** When set, only alerts raised before it are closed (an expiry: see the blacklist's closureOf). */
  endedAt?: string;
}

/** An alert the closing changed, with the project it concerns (for publishing). */
export interface ClosedAlert {
  alert: Alert;
  projectKey: string;
}

/**
 * Closes the alerts of records that no longer restrict their party (the caller decides which:
 * withdrawn, expired), in the caller's transaction: an open alert becomes `closed`, a confirmed
 * one keeps its status; both gain the closure and a `closed` event in their life. Dismissed
 * alerts and alerts already closed are left alone, so closing again changes nothing.
 */
export async function closeAlerts(
  tx: Pick<Database, 'select' | 'update' | 'insert'>,
  closures: readonly RecordClosure[],
): Promise<ClosedAlert[]> {
  if (closures.length === 0) return [];
  const byRecord = new Map(closures.map((item) => [item.creditRecordId, item]));
  const rows = await tx
    .select({
      id: alerts.id,
      status: alerts.status,
      alert: alerts.alert,
      projectKey: alerts.projectKey,
      raisedAt: alerts.raisedAt,
    })
    .from(alerts)
    .where(
      and(
        inArray(alerts.creditRecordId, [...byRecord.keys()]),
        inArray(alerts.status, ['open', 'confirmed']),
        isNull(sql`${alerts.alert}->'closure'`),
      ),
    )
    .orderBy(asc(alerts.id))
    .for('update');
  const closed: ClosedAlert[] = [];
  for (const row of rows) {
    const item = byRecord.get(row.alert.creditRecordId);
    if (!item) continue;
    if (item.endedAt !== undefined && Date.parse(row.raisedAt) >= Date.parse(item.endedAt)) continue;
    const { closure } = item;
    const status = row.status === 'open' ? 'closed' : row.status;
    const alert: Alert = { ...row.alert, status, closure };
    await tx.update(alerts).set({ status, alert, updatedAt: sql`now()` }).where(eq(alerts.id, row.id));
    await tx.insert(alertEvents).values({
      alertId: row.id,
      seq: sql`(select coalesce(max(seq), 0) + 1 from alert_events where alert_id = ${row.id})`,
      kind: 'closed',
      actor: 'ggzy-blacklist',
      occurredAt: closure.at,
      reason: closure.reason,
    });
    closed.push({ alert, projectKey: row.projectKey });
  }
  return closed;
}
