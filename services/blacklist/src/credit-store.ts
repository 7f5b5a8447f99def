import { type Database, loadLedgerState, schema } from '@ggzy/db';
import { type CreditRecord, evaluateCreditDeadlines } from '@ggzy/domain';
import { sql } from 'drizzle-orm';
import { type CreditPlan, type PositionedCredit, planCreditVersions } from './credit-plan.ts';

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The columns queries filter on, taken from the record. */
export function creditRecordRow(record: CreditRecord) {
  return {
    id: record.id,
    listType: record.listType,
    subjectKind: record.subject.kind,
    subjectName: record.subject.name,
    nameKey: record.subject.nameKey,
    creditCode: record.subject.creditCode ?? null,
    organizationCode: record.subject.organizationCode ?? null,
    maskedPersonId: record.subject.maskedPersonId ?? null,
    authority: record.authority,
    authorityRegion: record.authorityRegion ?? null,
    decisionDate: record.decisionDate,
    validFrom: record.validFrom,
    validUntil: record.validUntil ?? null,
    withdrawnAt: record.withdrawal?.withdrawnAt ?? null,
    record,
    source: record.source,
    deadlines: evaluateCreditDeadlines(record),
  };
}

/**
 * Projects one batch of credit events (one partition, log order) inside the caller's
 * transaction: every event traced by log position, new versions appended, current state
 * updated. Returns the plan, whose `versions` are the records to match again.
 */
export async function projectCredit(tx: Tx, events: readonly PositionedCredit[]): Promise<CreditPlan> {
  const { known, projected } = await loadLedgerState(
    tx,
    'credit',
    events.map((item) => ({ id: item.event.data.id, position: item.position })),
  );
  const plan = planCreditVersions(events, known, projected);
  const traced = [
    ...plan.versions.map((item) => ({ item, outcome: 'version', version: item.version })),
    ...plan.duplicates.map((item) => ({ item, outcome: 'duplicate', version: item.version })),
  ];
  if (traced.length > 0) {
    await tx.insert(schema.creditRecordEvents).values(
      traced.map(({ item, outcome, version }) => ({
        logTopic: item.position.topic,
        logPartition: item.position.partition,
        logOffset: BigInt(item.position.offset),
        eventId: item.event.id,
        recordId: item.event.data.id,
        outcome,
        version,
      })),
    );
  }
  if (plan.versions.length === 0) return plan;
  await tx.insert(schema.creditRecordVersions).values(
    plan.versions.map(({ event, version, contentHash, position }) => ({
      recordId: event.data.id,
      version,
      contentHash,
      eventId: event.id,
      record: event.data,
      receivedAt: event.receivedAt,
      logTopic: position.topic,
      logPartition: position.partition,
      logOffset: BigInt(position.offset),
    })),
  );
  const newest = new Map<string, (typeof plan.versions)[number]>();
  for (const item of plan.versions) newest.set(item.event.data.id, item);
  const rows = [...newest.values()].map((item) => ({
    ...creditRecordRow(item.event.data),
    version: item.version,
    contentHash: item.contentHash,
  }));
  await tx
    .insert(schema.creditRecords)
    .values(rows)
    .onConflictDoUpdate({
      target: schema.creditRecords.id,
      set: {
        version: sql`excluded.version`,
        contentHash: sql`excluded.content_hash`,
        listType: sql`excluded.list_type`,
        subjectKind: sql`excluded.subject_kind`,
        subjectName: sql`excluded.subject_name`,
        nameKey: sql`excluded.name_key`,
        creditCode: sql`excluded.credit_code`,
        organizationCode: sql`excluded.organization_code`,
        maskedPersonId: sql`excluded.masked_person_id`,
        authority: sql`excluded.authority`,
        authorityRegion: sql`excluded.authority_region`,
        decisionDate: sql`excluded.decision_date`,
        validFrom: sql`excluded.valid_from`,
        validUntil: sql`excluded.valid_until`,
        withdrawnAt: sql`excluded.withdrawn_at`,
        record: sql`excluded.record`,
        source: sql`excluded.source`,
        deadlines: sql`excluded.deadlines`,
        updatedAt: sql`now()`,
      },
      setWhere: sql`excluded.version > ${schema.creditRecords.version}`,
    });
  return plan;
}
