import {
  type DatabaseHandle,
  type DataType,
  decidedPositions,
  RegistryRefusal,
  recordMessageOutcome,
  registerSent,
  registryLookup,
  registryValues,
  reportedTenderProjects,
  uniqueValueHolders,
} from '@ggzy/db';
import { toDataSpecDateTime } from '@ggzy/domain';
import {
  crossRecordValues,
  DataKeyLedger,
  type DataSpecMessage,
  type DataSpecPlatform,
  dataKeyOf,
  envelopeXml,
  toEnvelope,
} from '@ggzy/exchange-formats';

/** How the data-spec push sends (config: GGZY_DATASPEC_*). */
export interface DataSpecPushOptions {
  /** The sender the receiving platform registered (codes, SYSTEM_NO, CA_KEY). */
  platform: DataSpecPlatform;
  /** `xml`: the `<DES>` form the provincial receiver parses; `json`: the same envelope as JSON (default). */
  form?: 'json' | 'xml';
  /** Tender projects the receiving platform allows an award over 30亿元 (its tpc.json). */
  largeAwardProjects?: readonly string[];
  /** Tender projects (501) the receiver holds that another system reported: their children need no 501 from here. */
  reportedTenderProjects?: readonly string[];
}

/** One POST of one message: what the receiver answered. */
export interface MessageAnswer {
  verdict: 'acknowledged' | 'retry' | 'refused';
  status?: number;
  error?: string;
  ackId?: string;
  retryAfterMs?: number;
}

/** The row as the push reads it. */
export interface DataSpecRow {
  sequence: string;
  notice_id: string;
  version: number;
  project_key: string;
  payload: unknown;
  idempotency_key: string;
  created_at: string;
}

/** The body and content type of one message in its envelope. */
export function messageBody(
  message: DataSpecMessage,
  options: DataSpecPushOptions,
  timestamp: string,
): { body: string; contentType: string } {
  const envelope = toEnvelope(message, options.platform, timestamp);
  return options.form === 'xml'
    ? { body: envelopeXml(envelope), contentType: 'application/xml; charset=utf-8' }
    : { body: JSON.stringify(envelope), contentType: 'application/json; charset=utf-8' };
}

/**
 * The receiver's reply in its body: the provincial receiver answers 200 with `{ STATUS: "1" }`,
 * or with `{ STATUS: "-1", MSG }` when it refuses the message. A refusal in a 200 is a refusal.
 */
export function refusalIn(text: string): string | undefined {
  if (!text) return undefined;
  try {
    const body = JSON.parse(text) as { STATUS?: unknown; MSG?: unknown };
    if (String(body.STATUS) === '-1') return `STATUS -1: ${String(body.MSG ?? '')}`;
  } catch {
    // not JSON: the HTTP status speaks
  }
  return undefined;
}

/**
 * Delivers one data-spec outbox row: each of its messages (parents first: exchange-formats
 * orderForExchange) as one POST in its envelope, in order. Before each, the DATA_KEY registry
 * (packages/db dataspec-registry.ts) and the receiver's rules decide: a record the receiver would
 * refuse, or that has empty NotNull fields, is held with its reasons (`ggzy exchange held`); a
 * delete of a key the receiver never got is skipped; the rest go as insert when the receiver
 * does not hold the key, as update when it does. Each message's outcome commits with the
 * registry change, so a push killed mid-row resumes at the first message without an outcome
 * (the one in flight goes again with the same Idempotency-Key). Acknowledged when every message
 * has an outcome; otherwise the first message's failure, for the row to be retried or failed.
 */
export async function deliverDataSpecRow(
  database: DatabaseHandle,
  row: DataSpecRow,
  options: DataSpecPushOptions,
  post: (body: string, contentType: string, key: string) => Promise<MessageAnswer>,
): Promise<MessageAnswer> {
  const messages = (row.payload as { messages?: DataSpecMessage[] }).messages ?? [];
  const done = await decidedPositions(database.db, row.sequence);
  const keyOf = (m: DataSpecMessage) => dataKeyOf(options.platform.systemNo, m);
  const present = await registryLookup(database, messages.map(keyOf));
  const parents = await reportedTenderProjects(
    database,
    messages.map((m) => m.record.TENDER_PROJECT_CODE ?? '').filter(Boolean),
  );
  // The receiver's cross-record rules look at what it holds: the values of present keys.
  const fixed = await registryValues(database, messages.map(keyOf));
  const holders = await uniqueValueHolders(
    database,
    messages.flatMap((m) =>
      Object.entries(crossRecordValues(m)).map(([field, value]) => ({ dataNo: m.dataNo, field, value })),
    ),
  );
  const ledger = new DataKeyLedger({
    known: (m) => present.get(keyOf(m)) ?? false,
    holdings: {
      uniqueTaken: (m, field, value) =>
        (holders.get(`${m.dataNo}|${field}|${value}`) ?? []).some((key) => key !== keyOf(m)),
      fixedValues: (m) => fixed.get(keyOf(m)),
    },
    reportedTenderProjects: [...parents, ...(options.reportedTenderProjects ?? [])],
    ...(options.largeAwardProjects ? { largeAwardProjects: options.largeAwardProjects } : {}),
  });
  // DATA_TIMESTAMP: when the row was made, so every attempt sends the same bytes.
  const timestamp = toDataSpecDateTime(row.created_at);
  let lastAck: string | undefined;
  for (const [position, message] of messages.entries()) {
    const decision = ledger.decide(message);
    if (done.has(position)) continue;
    const dataKey = keyOf(message);
    const base = {
      sequence: row.sequence,
      position,
      dataKey,
      dataNo: message.dataNo,
      projectKey: row.project_key,
      noticeId: row.notice_id,
      version: message.version,
    };
    if (decision.outcome !== 'send') {
      await recordMessageOutcome(database.db, {
        ...base,
        outcome: decision.outcome === 'hold' ? 'held' : 'skipped',
        reasons: decision.outcome === 'hold' ? decision.reasons : [{ message: decision.reason }],
      });
      continue;
    }
    const sent = decision.message;
    const { body, contentType } = messageBody(sent, options, timestamp);
    const answer = await post(body, contentType, `${row.idempotency_key}.${position}`);
    if (answer.verdict !== 'acknowledged') {
      return { ...answer, error: `${dataKey} (${message.dataNo}): ${answer.error ?? 'not acknowledged'}` };
    }
    lastAck = answer.ackId ?? lastAck;
    const dataType: DataType =
      sent.messageType === 'insert' ? '1' : sent.messageType === 'update' ? '2' : '3';
    try {
      await database.db.transaction(async (tx) => {
        await registerSent(tx, {
          dataKey,
          dataNo: message.dataNo,
          dataType,
          projectKey: row.project_key,
          noticeId: row.notice_id,
          version: message.version,
          tenderProjectCode: message.dataNo === '501' ? message.record.TENDER_PROJECT_CODE : undefined,
          uniqueValues: sent.messageType === 'delete' ? undefined : crossRecordValues(message),
        });
        await recordMessageOutcome(tx, { ...base, outcome: 'sent', dataType });
      });
    } catch (error) {
      // The receiver took what our registry says it must refuse: the two disagree, a person must look.
      if (error instanceof RegistryRefusal) return { verdict: 'refused', error: error.message };
      throw error;
    }
  }
  return { verdict: 'acknowledged', status: 200, ...(lastAck ? { ackId: lastAck } : {}) };
}
