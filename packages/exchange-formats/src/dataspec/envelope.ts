import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import type { DataSpecMessage, DataSpecRecord, MessageType } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';

/**
 * Who sends: the identifiers the receiving platform issued to this deployment. Configured
 * (packages/runtime `GGZY_DATASPEC_*`), never derived. The provincial receiver (lishanling/GGZY
 * DataV4Service) checks the lengths: PLATFORM_CODE and PUB_SERVICE_PLAT_CODE 18 characters;
 * TRADE_PLAT and PUB_SERVICE_PLAT 11 for the construction data sets (500–523).
 */
export interface DataSpecPlatform {
  /** SYSTEM_NO: the number the receiver issued to this system; the first four characters of every DATA_KEY. */
  systemNo: string;
  /** PLATFORM_CODE 交易系统标识码 (18 characters) */
  platformCode: string;
  /** PUB_SERVICE_PLAT_CODE 交易服务系统标识码 (18 characters) */
  pubServicePlatCode: string;
  /** TRADE_PLAT 电子招标投标交易平台或发布工具标识码 (11 characters) */
  tradePlat: string;
  /** PUB_SERVICE_PLAT 电子招标投标公共服务平台标识码 (11 characters) */
  pubServicePlat: string;
  /** CA_KEY: the key of the sender's CA certificate, as the receiver registered it. */
  caKey: string;
  /** ROUTE_WAY: sent on inserts (the receiver stores it as a number; its own samples send 0). */
  routeWay: string;
}

/** DATA_TYPE of the TITLE part: 1 insert, 2 update, 3 delete. */
export const dataTypeOf: Record<MessageType, '1' | '2' | '3'> = { insert: '1', update: '2', delete: '3' };

/** The TITLE part: which data set, which record, what to do. */
export interface DataSpecTitle {
  DATA_KEY: string;
  DATA_NO: string;
  /** the data set's DataName, e.g. WIN_RESULT_ANNO */
  DATA_EN: string;
  /** the data set's Chinese name, e.g. 中标结果公告 */
  DATA_CN: string;
  DATA_TYPE: '1' | '2' | '3';
  /** on inserts only */
  ROUTE_WAY?: string;
  CA_KEY: string;
}

/**
 * One message as the receiver takes it: TITLE, and the record with the five platform fields
 * (PLATFORM_CODE, PUB_SERVICE_PLAT_CODE, DATA_TIMESTAMP, TRADE_PLAT, PUB_SERVICE_PLAT) as
 * CONTEXT. A delete names its record by DATA_KEY alone and has no CONTEXT (the receiver neither
 * requires nor validates one for DATA_TYPE 3).
 */
export interface DataSpecEnvelope {
  TITLE: DataSpecTitle;
  CONTEXT?: DataSpecRecord;
}

/** DATA_KEY is 22 characters: SYSTEM_NO (4), DATA_NO (3, or 4 for four-digit data sets), then the record's key. */
export const DATA_KEY_LENGTH = 22;

/** The record's DATA_KEY: the same for each version of the record, so updates and deletes find it. */
export function dataKeyOf(systemNo: string, message: Pick<DataSpecMessage, 'dataNo' | 'recordKey'>): string {
  const prefix = `${systemNo}${message.dataNo}`;
  return `${prefix}${message.recordKey.slice(0, DATA_KEY_LENGTH - prefix.length)}`;
}

/**
 * A message in its envelope. `timestamp` is DATA_TIMESTAMP (yyyyMMddHHmmss, Beijing time): when
 * the message is made, given by the caller so the function stays pure.
 */
export function toEnvelope(
  message: DataSpecMessage,
  platform: DataSpecPlatform,
  timestamp: string,
): DataSpecEnvelope {
  const spec = v4DataSets[message.dataNo];
  const TITLE: DataSpecTitle = {
    DATA_KEY: dataKeyOf(platform.systemNo, message),
    DATA_NO: message.dataNo,
    DATA_EN: spec?.table ?? message.table,
    DATA_CN: spec?.label ?? '',
    DATA_TYPE: dataTypeOf[message.messageType],
    ...(message.messageType === 'insert' ? { ROUTE_WAY: platform.routeWay } : {}),
    CA_KEY: platform.caKey,
  };
  if (message.messageType === 'delete') return { TITLE };
  return {
    TITLE,
    CONTEXT: {
      ...message.record,
      PLATFORM_CODE: platform.platformCode,
      PUB_SERVICE_PLAT_CODE: platform.pubServicePlatCode,
      DATA_TIMESTAMP: timestamp,
      TRADE_PLAT: platform.tradePlat,
      PUB_SERVICE_PLAT: platform.pubServicePlat,
    },
  };
}

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false });

/**
 * The XML form the provincial receiver parses: `<DES><CONTEXT>…</CONTEXT><TITLE>…</TITLE></DES>`,
 * one element per field, text escaped by the builder (a title may hold `&` or `<`).
 */
export function envelopeXml(envelope: DataSpecEnvelope): string {
  const des =
    envelope.CONTEXT === undefined
      ? { TITLE: envelope.TITLE }
      : { CONTEXT: envelope.CONTEXT, TITLE: envelope.TITLE };
  return `<?xml version="1.0" encoding="UTF-8"?>${builder.build({ DES: des }) as string}`;
}

const parser = new XMLParser({
  // Every value is text: codes such as 001 or 0755 keep their leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  trimValues: false,
  isArray: () => false,
});

/** Reads the XML form back: the envelope, or why it is not one (as the receiver would refuse it). */
export function parseEnvelopeXml(
  xml: string,
): { ok: true; envelope: DataSpecEnvelope } | { ok: false; reason: string } {
  let document: unknown;
  try {
    document = parser.parse(xml, true);
  } catch (error) {
    return { ok: false, reason: `not XML: ${(error as Error).message}` };
  }
  const des = (document as { DES?: unknown }).DES;
  if (typeof des !== 'object' || des === null) return { ok: false, reason: 'no DES element' };
  const { TITLE, CONTEXT } = des as { TITLE?: unknown; CONTEXT?: unknown };
  if (typeof TITLE !== 'object' || TITLE === null) return { ok: false, reason: 'XML中缺少title节点' };
  const title = textFields(TITLE);
  const envelope: DataSpecEnvelope = { TITLE: title as unknown as DataSpecTitle };
  if (typeof CONTEXT === 'object' && CONTEXT !== null) envelope.CONTEXT = textFields(CONTEXT);
  return { ok: true, envelope };
}

/** An element's child elements as text fields; an empty element is an empty value. */
function textFields(element: object): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(element)) {
    if (name === '#text') continue;
    out[name] = typeof value === 'string' ? value : '';
  }
  return out;
}
