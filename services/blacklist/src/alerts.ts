import {
  type Alert,
  type AlertClosure,
  type AlertEvent,
  alertId,
  alertSchema,
  type CreditRecord,
  isCreditRecordActive,
  type Notice,
  type Party,
  type PartyRoleId,
  partyKey,
  SCHEMA_VERSION,
  type SourceRef,
  creditValidityEnd as validityEnd,
} from '@ggzy/domain';
import { type Hit, matchParty, type PartyInput, type SubjectIndex } from '@ggzy/matching';

/**
 * Pure alert rules: which parties of a notice hit which records, what the alert says, and its
 * identity. No I/O here; the service feeds notices and records in and writes what comes out.
 */

/**
 * When a party holds several roles in one notice, the alert names the one that matters most to
 * a regulator: winning first, then being about to win, then taking part at all.
 */
const ROLE_PRIORITY: readonly PartyRoleId[] = [
  'winner',
  'transferee',
  'candidate',
  'supplier',
  'consortium-member',
  'bidder',
  'project-manager',
  'buyer',
  'tenderer',
  'transferor',
  'agency',
  'evaluator',
];

export function principalRole(party: Pick<Party, 'roles'>): PartyRoleId {
  const held = new Set(party.roles.map((role) => role.role));
  return ROLE_PRIORITY.find((role) => held.has(role)) ?? party.roles[0]!.role;
}

/** The instant a notice speaks for: when the information was formed, else when published. */
export function noticeDate(notice: Pick<Notice, 'formedAt' | 'publishedAt'>): string {
  return notice.formedAt ?? notice.publishedAt;
}

export function partyInput(party: Party): PartyInput {
  return {
    name: party.name,
    kind: party.kind,
    creditCode: party.identifiers.creditCode,
    organizationCode: party.identifiers.organizationCode,
    personId: party.identifiers.personId,
  };
}

export interface PartyHit {
  party: Party;
  partyKey: string;
  role: PartyRoleId;
  hit: Hit;
}

/**
 * Every (party, record) hit of a notice. `active` decides which records count (the caller's
 * date rule); a party appearing twice in `parties` (it should not) is matched once.
 */
export function matchNoticeParties(
  index: SubjectIndex,
  notice: Pick<Notice, 'parties'>,
  active: (recordId: string) => boolean,
): PartyHit[] {
  const found: PartyHit[] = [];
  const seen = new Set<string>();
  for (const party of notice.parties) {
    const key = partyKey(party);
    for (const hit of matchParty(index, partyInput(party))) {
      const id = `${key}\u0000${hit.recordId}`;
      if (seen.has(id) || !active(hit.recordId)) continue;
      seen.add(id);
      found.push({ party, partyKey: key, role: principalRole(party), hit });
    }
  }
  return found;
}

export function buildAlert(
  notice: { id: string; projectKey: string },
  found: PartyHit,
  raisedAt: string,
): Alert {
  return alertSchema.parse({
    id: alertId(found.partyKey, found.hit.recordId, notice.projectKey),
    partyRef: {
      noticeId: notice.id,
      role: found.role,
      name: found.party.name,
      nameKey: found.party.nameKey,
      creditCode: found.party.identifiers.creditCode,
    },
    creditRecordId: found.hit.recordId,
    matchLevel: found.hit.level,
    score: found.hit.score,
    evidence: found.hit.evidence,
    status: 'open',
    raisedAt,
  });
}

/**
 * Why a record no longer restricts its party at `now`, or undefined while it does (or has not
 * begun to): withdrawn (信用修复, 撤销: the listing is lifted, every alert of it closes) or
 * expired (its period ended). An expiry closes only the alerts raised before the end (`endedAt`):
 * one raised later is about a bid made while the party was listed, and waits for its review.
 */
export function closureOf(
  record: Pick<CreditRecord, 'validFrom' | 'validUntil' | 'withdrawal'>,
  now: string,
): { closure: AlertClosure; endedAt?: string } | undefined {
  if (isCreditRecordActive(record, now) || Date.parse(now) < Date.parse(record.validFrom)) return undefined;
  const withdrawal = record.withdrawal;
  if (withdrawal && Date.parse(now) >= Date.parse(withdrawal.withdrawnAt))
    return {
      closure: {
        at: now,
        cause: 'withdrawn',
        reason: `信用记录已撤销（${withdrawal.withdrawnAt.slice(0, 10)}，${withdrawal.reason}）`,
      },
    };
  const until = record.validUntil ?? now;
  return {
    closure: { at: now, cause: 'expired', reason: `信用记录有效期已届满（至 ${until.slice(0, 10)}）` },
    endedAt: validityEnd(until),
  };
}

/** The envelope an alert travels in on ggzy.alert.v1, keyed by the project it concerns. */
export function alertEvent(
  alert: Alert,
  context: { projectKey: string; source: SourceRef; rawHash: string },
  kind: 'raised' | 'closed' = 'raised',
): AlertEvent {
  const at = kind === 'closed' && alert.closure ? alert.closure.at : alert.raisedAt;
  return {
    id: `${alert.id}:${kind}`,
    type: 'alert',
    schemaVersion: SCHEMA_VERSION,
    source: context.source,
    occurredAt: at,
    receivedAt: at,
    key: context.projectKey,
    data: alert,
    rawHash: context.rawHash,
  };
}
