import { toShanghaiTime } from '@ggzy/domain';
import { sql } from 'drizzle-orm';
import type { Database, DatabaseHandle, Transaction } from './client.ts';

type Executor = Database | Transaction;

/** DATA_TYPE of the TITLE part: 1 insert, 2 update, 3 delete. */
export type DataType = '1' | '2' | '3';

/**
 * A registry operation the receiver would refuse: an insert of a key it holds, an update or
 * delete of one it does not. Thrown by `registerSent`; the push never sends such a message, so
 * meeting it means the registry and the receiver disagree (a person must look).
 */
export class RegistryRefusal extends Error {
  constructor(
    readonly dataKey: string,
    readonly dataType: DataType,
  ) {
    super(
      dataType === '1'
        ? `DATA_KEY ${dataKey}: insert refused, the key exists`
        : `DATA_KEY ${dataKey}: ${dataType === '2' ? 'update' : 'delete'} refused, the key does not exist`,
    );
    this.name = 'RegistryRefusal';
  }
}

/** Whether the receiver holds each key: true (present), false (deleted), absent (never sent). */
export async function registryLookup(
  database: DatabaseHandle,
  keys: readonly string[],
): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>();
  if (keys.length === 0) return found;
  const rows = await database.query<{ data_key: string; present: boolean }>(
    'select data_key, present from dataspec_keys where data_key = any($1::text[])',
    [[...new Set(keys)]],
  );
  for (const row of rows) found.set(row.data_key, row.present);
  return found;
}

/** Which of these TENDER_PROJECT_CODEs the receiver holds as a 501 TENDER_PROJECT sent from here. */
export async function reportedTenderProjects(
  database: DatabaseHandle,
  codes: readonly string[],
): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await database.query<{ code: string }>(
    `select tender_project_code as code from dataspec_keys
      where present and tender_project_code = any($1::text[])`,
    [[...new Set(codes)]],
  );
  return new Set(rows.map((row) => row.code));
}

/**
 * What the receiver holds in the UniqueValue and CannotModify fields of these keys (those it
 * holds): what an update may not change.
 */
export async function registryValues(
  database: DatabaseHandle,
  keys: readonly string[],
): Promise<Map<string, Record<string, string>>> {
  const found = new Map<string, Record<string, string>>();
  if (keys.length === 0) return found;
  const rows = await database.query<{ data_key: string; unique_values: Record<string, string> }>(
    'select data_key, unique_values from dataspec_keys where present and data_key = any($1::text[])',
    [[...new Set(keys)]],
  );
  for (const row of rows) found.set(row.data_key, row.unique_values);
  return found;
}

/** A value of a UniqueValue field of a data set, to look up. */
export interface UniqueValue {
  dataNo: string;
  field: string;
  value: string;
}

/**
 * The present keys that hold each value (`<DataNo>|<field>|<value>` → DATA_KEYs): the receiver's
 * unique-values rule refuses an insert of a value another record holds.
 */
export async function uniqueValueHolders(
  database: DatabaseHandle,
  values: readonly UniqueValue[],
): Promise<Map<string, string[]>> {
  const found = new Map<string, string[]>();
  if (values.length === 0) return found;
  const rows = await database.query<{ data_no: string; field: string; value: string; data_key: string }>(
    `select q.data_no, q.field, q.value, k.data_key
       from unnest($1::text[], $2::text[], $3::text[]) as q(data_no, field, value)
       join dataspec_keys k
         on k.data_no = q.data_no and k.present and k.unique_values @> jsonb_build_object(q.field, q.value)`,
    [values.map((v) => v.dataNo), values.map((v) => v.field), values.map((v) => v.value)],
  );
  for (const row of rows) {
    const key = `${row.data_no}|${row.field}|${row.value}`;
    found.set(key, [...(found.get(key) ?? []), row.data_key]);
  }
  return found;
}

/** One message the receiver acknowledged, as the registry records it. */
export interface SentMessage {
  dataKey: string;
  dataNo: string;
  dataType: DataType;
  projectKey: string;
  noticeId: string;
  version: number;
  /** A 501's TENDER_PROJECT_CODE. */
  tenderProjectCode?: string | undefined;
  /** The record's values in its UniqueValue and CannotModify fields (exchange-formats `crossRecordValues`). */
  uniqueValues?: Record<string, string> | undefined;
}

/**
 * Records an acknowledged message in the registry with the receiver's own rules: an insert of a
 * present key, or an update or delete of a key not present, is refused (RegistryRefusal) and
 * changes nothing. Run it in the transaction that records the message's outcome.
 */
export async function registerSent(tx: Executor, message: SentMessage): Promise<void> {
  const { dataKey, dataNo, dataType, projectKey, noticeId, version } = message;
  const code = message.tenderProjectCode ?? null;
  const values = message.uniqueValues === undefined ? null : JSON.stringify(message.uniqueValues);
  const result =
    dataType === '1'
      ? await tx.execute(
          sql`insert into dataspec_keys as k
                (data_key, data_no, project_key, notice_id, present, tender_project_code, version, unique_values)
              values (${dataKey}, ${dataNo}, ${projectKey}, ${noticeId}, true, ${code}, ${version},
                      coalesce(${values}::jsonb, '{}'::jsonb))
              on conflict (data_key) do update
                set present = true, tender_project_code = excluded.tender_project_code,
                    version = excluded.version, notice_id = excluded.notice_id,
                    unique_values = excluded.unique_values, updated_at = now()
                where not k.present
              returning data_key`,
        )
      : await tx.execute(
          sql`update dataspec_keys
                 set present = ${dataType === '2'},
                     tender_project_code = case when ${dataType} = '2' then coalesce(${code}, tender_project_code) else tender_project_code end,
                     unique_values = case when ${dataType} = '2' then coalesce(${values}::jsonb, unique_values) else unique_values end,
                     version = ${version}, updated_at = now()
               where data_key = ${dataKey} and present
              returning data_key`,
        );
  if (result.rows.length === 0) throw new RegistryRefusal(dataKey, dataType);
}

/** What became of one message of a data-spec outbox row. */
export interface MessageOutcome {
  sequence: string;
  position: number;
  dataKey: string;
  dataNo: string;
  projectKey: string;
  noticeId: string;
  version: number;
  outcome: 'sent' | 'held' | 'skipped';
  dataType?: DataType;
  reasons?: unknown;
}

/** Records a message's outcome; a second record of the same message (a replay) changes nothing. */
export async function recordMessageOutcome(tx: Executor, o: MessageOutcome): Promise<void> {
  await tx.execute(
    sql`insert into dataspec_messages
          (sequence, position, data_key, data_no, project_key, notice_id, version, outcome, data_type, reasons)
        values (${o.sequence}::bigint, ${o.position}, ${o.dataKey}, ${o.dataNo}, ${o.projectKey}, ${o.noticeId},
                ${o.version}, ${o.outcome}, ${o.dataType ?? null},
                ${o.reasons === undefined ? null : JSON.stringify(o.reasons)}::jsonb)
        on conflict (sequence, position) do nothing`,
  );
}

/** Positions of a row's messages that already have an outcome. */
export async function decidedPositions(db: Executor, sequence: string): Promise<Set<number>> {
  const rows = await db.execute<{ position: number }>(
    sql`select position from dataspec_messages where sequence = ${sequence}::bigint`,
  );
  return new Set(rows.rows.map((row) => row.position));
}

/** A record the push holds back, with why (the newest decision of its DATA_KEY is `held`). */
export interface HeldRecord {
  dataKey: string;
  dataNo: string;
  projectKey: string;
  noticeId: string;
  version: number;
  /** The outbox row it came from, and the message's place in it. */
  sequence: string;
  position: number;
  heldAt: string;
  reasons: { dataNo: string; field: string; validator: string; message: string; action: string }[];
}

/**
 * Records held now: keys whose newest message was held (a later version that went out, or a
 * delete, releases them). Filtered by data set and project, newest first, keyset-paged on the
 * outbox sequence and position (`before`: `<sequence>.<position>` of the last item seen).
 */
export async function loadHeld(
  db: Executor,
  options: { limit: number; dataNo?: string; projectKey?: string; before?: string },
): Promise<{ items: HeldRecord[]; total: number }> {
  const latest = sql`select distinct on (data_key) * from dataspec_messages
                      order by data_key, sequence desc, position desc`;
  const filters = sql.join(
    [
      sql`m.outcome = 'held'`,
      ...(options.dataNo ? [sql`m.data_no = ${options.dataNo}`] : []),
      ...(options.projectKey ? [sql`m.project_key = ${options.projectKey}`] : []),
    ],
    sql` and `,
  );
  const count = await db.execute<{ total: number }>(
    sql`select count(*)::int as total from (${latest}) m where ${filters}`,
  );
  const rows = await db.execute<{
    data_key: string;
    data_no: string;
    project_key: string;
    notice_id: string;
    version: number;
    sequence: string;
    position: number;
    held_at: string;
    reasons: HeldRecord['reasons'];
  }>(
    sql`select m.data_key, m.data_no, m.project_key, m.notice_id, m.version, m.sequence::text as sequence, m.position,
               to_json(m.decided_at) #>> '{}' as held_at, m.reasons
          from (${latest}) m
         where ${filters} ${options.before ? sql`and (m.sequence, m.position) < (${options.before.split('.')[0]}::bigint, ${Number(options.before.split('.')[1] ?? 0)}::int)` : sql``}
         order by m.sequence desc, m.position desc limit ${options.limit}`,
  );
  return {
    total: count.rows[0]?.total ?? 0,
    items: rows.rows.map((row) => ({
      dataKey: row.data_key,
      dataNo: row.data_no,
      projectKey: row.project_key,
      noticeId: row.notice_id,
      version: row.version,
      sequence: row.sequence,
      position: row.position,
      heldAt: toShanghaiTime(row.held_at, 'second'),
      reasons: row.reasons ?? [],
    })),
  };
}
