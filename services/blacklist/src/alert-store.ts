import { schema } from '@ggzy/db';
import type { Alert } from '@ggzy/domain';
import { asc, inArray, sql } from 'drizzle-orm';
import type { Tx } from './credit-store.ts';

/** An alert the matcher found, with what the store needs beyond the alert itself. */
export interface AlertCandidate {
  alert: Alert;
  partyKey: string;
  projectKey: string;
  region: string;
  direction: 'notice' | 'record';
}

/** The service that raises alerts, as the actor of `raised` and `sighted` events. */
const MATCHER = 'ggzy-blacklist';

/**
 * Writes the alerts of one batch in the caller's transaction. A (party, record, project) that
 * has no alert yet is raised (returned, to be published); one that has an alert already, in any
 * status, gains a `sighted` event for this notice instead — never a second alert. Both are
 * idempotent: replaying the batch inserts nothing (primary key, and the unique index on
 * (alert, notice, role) of raised/sighted events).
 */
export async function recordAlerts<C extends AlertCandidate>(tx: Tx, candidates: readonly C[]): Promise<C[]> {
  if (candidates.length === 0) return [];
  // Sorted, so concurrent batches lock shared alert rows in one order (no deadlock cycles).
  const sorted = [...candidates].sort((a, b) =>
    a.alert.id < b.alert.id ? -1 : a.alert.id > b.alert.id ? 1 : 0,
  );
  const firstById = new Map<string, C>();
  for (const candidate of sorted)
    if (!firstById.has(candidate.alert.id)) firstById.set(candidate.alert.id, candidate);
  const inserted = await tx
    .insert(schema.alerts)
    .values(
      [...firstById.values()].map(({ alert, partyKey, projectKey, region, direction }) => ({
        id: alert.id,
        partyKey,
        creditRecordId: alert.creditRecordId,
        noticeId: alert.partyRef.noticeId,
        projectKey,
        role: alert.partyRef.role,
        partyName: alert.partyRef.name,
        region,
        matchLevel: alert.matchLevel,
        score: alert.score,
        direction,
        status: alert.status,
        alert,
        raisedAt: alert.raisedAt,
      })),
    )
    // No target: the primary key and the open-alert partial unique index both count.
    .onConflictDoNothing()
    .returning({ id: schema.alerts.id });
  const raisedIds = new Set(inserted.map((row) => row.id));
  const raised = [...firstById.values()].filter((c) => raisedIds.has(c.alert.id));
  if (raised.length > 0) {
    await tx.insert(schema.alertEvents).values(
      raised.map(({ alert, direction }) => ({
        alertId: alert.id,
        seq: 1,
        kind: 'raised',
        actor: MATCHER,
        occurredAt: alert.raisedAt,
        reason: `${alert.matchLevel} match (${direction === 'notice' ? 'notice named a listed party' : 'new record hit an open project'})`,
        noticeId: alert.partyRef.noticeId,
        role: alert.partyRef.role,
        detail: { score: alert.score, evidence: alert.evidence },
      })),
    );
  }
  const sightings = sorted.filter((c) => !(raisedIds.has(c.alert.id) && firstById.get(c.alert.id) === c));
  if (sightings.length > 0) {
    // Lock the alerts sighted, so `seq` is allocated once even while a review runs. An id with
    // no row (an alert of the same party, record and project raised under an older id rule)
    // has no life to add to.
    const locked = await tx
      .select({ id: schema.alerts.id })
      .from(schema.alerts)
      .where(inArray(schema.alerts.id, [...new Set(sightings.map((c) => c.alert.id))]))
      .orderBy(asc(schema.alerts.id))
      .for('update');
    const existing = new Set(locked.map((row) => row.id));
    for (const { alert } of sightings) {
      if (!existing.has(alert.id)) continue;
      await tx
        .insert(schema.alertEvents)
        .values({
          alertId: alert.id,
          seq: sql`(select coalesce(max(seq), 0) + 1 from alert_events where alert_id = ${alert.id})`,
          kind: 'sighted',
          actor: MATCHER,
          occurredAt: alert.raisedAt,
          reason: `${alert.matchLevel} match again, in another notice or role`,
          noticeId: alert.partyRef.noticeId,
          role: alert.partyRef.role,
          detail: { score: alert.score },
        })
        .onConflictDoNothing();
    }
  }
  return raised;
}
