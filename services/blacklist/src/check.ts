import { type Database, schema } from '@ggzy/db';
import { type CreditRecord, creditListTypeLabels, isCreditRecordActive } from '@ggzy/domain';
import { buildSubjectIndex, type Hit, matchParty, nameView, readCodes } from '@ggzy/matching';
import { GgzyError } from '@ggzy/runtime';
import { inArray, like, or, type SQL, sql } from 'drizzle-orm';
import { shanghaiNow } from './alerts.ts';

export interface CreditCheckHit extends Hit {
  /** Whether the record restricted the subject on the date asked about. */
  active: boolean;
  record: CreditRecord;
  listLabel: string;
}

export interface CreditCheck {
  /** The instant checked (`on`, or now). */
  on: string;
  /** Records restricting the party on that date, strongest first. */
  hits: CreditCheckHit[];
  /** Records that name the party but did not restrict it then (not yet valid, expired, withdrawn). */
  inactive: CreditCheckHit[];
}

/** Escapes LIKE wildcards, so a name is matched as written. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * "Is this party listed — and was it on that day?" against the stored credit records, with the
 * matcher's levels and evidence. Candidates are narrowed in SQL by code and by the name's core
 * (LIKE); a name one character off the record's is therefore found only when a code agrees — a
 * limit of the one-off check, not of the service, whose index finds near misses.
 */
export async function checkCredit(
  db: Database,
  query: { code?: string | undefined; name?: string | undefined; on?: string | undefined },
): Promise<CreditCheck> {
  const code = query.code?.trim() || undefined;
  const name = query.name?.trim() || undefined;
  if (!code && !name) throw new GgzyError('GGZY_USAGE', 'a credit check needs a code, a name, or both');
  const on = query.on ?? shanghaiNow();
  if (Number.isNaN(Date.parse(on))) {
    throw new GgzyError('GGZY_BAD_REQUEST', `not a date: ${on}`, { details: { on } });
  }
  const filters: SQL[] = [];
  const codes = readCodes({
    creditCode: code,
    organizationCode: code && code.length === 9 ? code : undefined,
  });
  if (codes.creditCode) filters.push(sql`${schema.creditRecords.creditCode} = ${codes.creditCode}`);
  if (codes.organizationCodes.length > 0) {
    filters.push(inArray(schema.creditRecords.organizationCode, codes.organizationCodes));
    filters.push(inArray(sql`substr(${schema.creditRecords.creditCode}, 9, 9)`, codes.organizationCodes));
  }
  if (name) {
    const core = nameView(name).core || name;
    filters.push(like(schema.creditRecords.nameKey, `%${likeLiteral(core)}%`));
  }
  if (filters.length === 0) return { on, hits: [], inactive: [] };
  const rows = await db
    .select({ record: schema.creditRecords.record })
    .from(schema.creditRecords)
    .where(or(...filters));
  const records = new Map(rows.map((row) => [(row.record as CreditRecord).id, row.record as CreditRecord]));
  const index = buildSubjectIndex(records.values());
  const party = {
    name: name ?? code ?? '',
    creditCode: code && code.length === 18 ? code : undefined,
    organizationCode: code && code.length === 9 ? code : undefined,
  };
  const result: CreditCheck = { on, hits: [], inactive: [] };
  for (const hit of matchParty(index, party)) {
    const record = records.get(hit.recordId)!;
    const active = isCreditRecordActive(record, on);
    (active ? result.hits : result.inactive).push({
      ...hit,
      // Asked by code alone, the name comparisons compare the code with a name: noise.
      evidence: name ? hit.evidence : hit.evidence.filter((e) => !e.field.startsWith('name')),
      active,
      record,
      listLabel: creditListTypeLabels[record.listType],
    });
  }
  return result;
}
