import {
  type Alert,
  type AlertEvent,
  alertSchema,
  derivedId,
  type Notice,
  type Party,
  type PartyRoleId,
  SCHEMA_VERSION,
  type SourceRef,
} from '@ggzy/domain';
import { type Hit, matchParty, type PartyInput, type SubjectIndex } from '@ggzy/matching';

/**
 * Pure alert rules: which parties of a notice hit which records, what the alert says, and its
 * identity. No I/O here; the service feeds notices and records in and writes what comes out.
 */

/** A party's key, as the store keys `parties`: its credit code when known, else its nameKey. */
export function partyKeyOf(party: Pick<Party, 'identifiers' | 'nameKey'>): string {
  return party.identifiers.creditCode ? `cc:${party.identifiers.creditCode}` : `nk:${party.nameKey}`;
}

/**
 * An alert's id: one per (party, credit record), whatever notice raised it. The same listed
 * party bidding again — on another notice, a correction, or a replay — is the same alert (its
 * lifecycle gains a `sighted` event); it never opens a second one.
 */
export function blacklistAlertId(partyKey: string, creditRecordId: string): string {
  return derivedId('a', ['party-record', partyKey, creditRecordId]);
}

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
    const key = partyKeyOf(party);
    for (const hit of matchParty(index, partyInput(party))) {
      const id = `${key}\u0000${hit.recordId}`;
      if (seen.has(id) || !active(hit.recordId)) continue;
      seen.add(id);
      found.push({ party, partyKey: key, role: principalRole(party), hit });
    }
  }
  return found;
}

export function buildAlert(noticeId: string, found: PartyHit, raisedAt: string): Alert {
  return alertSchema.parse({
    id: blacklistAlertId(found.partyKey, found.hit.recordId),
    partyRef: {
      noticeId,
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

/** The envelope an alert travels in on ggzy.alert.v1, keyed by the project it concerns. */
export function alertEvent(
  alert: Alert,
  context: { projectKey: string; source: SourceRef; rawHash: string },
): AlertEvent {
  return {
    id: `${alert.id}:raised`,
    type: 'alert',
    schemaVersion: SCHEMA_VERSION,
    source: context.source,
    occurredAt: alert.raisedAt,
    receivedAt: alert.raisedAt,
    key: context.projectKey,
    data: alert,
    rawHash: context.rawHash,
  };
}
