import {
  headlineAmount,
  missingRequiredFields,
  type Notice,
  type NoticeEvent,
  type Party,
} from '@ggzy/domain';
import { type BatchPlan, type History, noticeEventIdentity, type Positioned, planBatch } from '@ggzy/ledger';

/** A notice event with its log position. */
export type PositionedEvent = Positioned<NoticeEvent>;

export type VersionPlan = BatchPlan<NoticeEvent>;

/** The ledger rule (packages/ledger) over notice events: which become versions, which are duplicates or replays. */
export function planVersions(
  events: readonly PositionedEvent[],
  known: ReadonlyMap<string, History>,
  projected: ReadonlySet<string>,
): VersionPlan {
  return planBatch(events, noticeEventIdentity, known, projected);
}

/** A party's key in the store: its credit code when known, else its normalized name. */
export function partyKey(party: Pick<Party, 'identifiers' | 'nameKey'>): string {
  return party.identifiers.creditCode ? `cc:${party.identifiers.creditCode}` : `nk:${party.nameKey}`;
}

export interface PartyRoleRow {
  partyKey: string;
  role: string;
  lotCode: string;
  name: string;
  rank: number | null;
}

/** One row per (party, role, lot) of a notice; a party holding a role twice for a lot counts once. */
export function partyRoleRows(notice: Notice): PartyRoleRow[] {
  const rows = new Map<string, PartyRoleRow>();
  for (const party of notice.parties) {
    const key = partyKey(party);
    for (const role of party.roles) {
      const lotCode = role.lotCode ?? '';
      const id = `${key}\u0000${role.role}\u0000${lotCode}`;
      if (rows.has(id)) continue;
      rows.set(id, {
        partyKey: key,
        role: role.role,
        lotCode,
        name: party.name,
        rank: role.role === 'candidate' ? role.rank : null,
      });
    }
  }
  return [...rows.values()];
}

export function missingFields(notice: Notice): string[] {
  return missingRequiredFields(notice);
}

/** `notices.amount_yuan`: the headline amount as an exact decimal, null when the notice has none. */
export function amountYuan(notice: Notice): string | null {
  return headlineAmount(notice)?.yuan ?? null;
}
