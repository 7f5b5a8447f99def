import {
  headlineAmount,
  missingRequiredFields,
  type Notice,
  type NoticeEvent,
  noticeContentHash,
  type Party,
} from '@ggzy/domain';

/** Where an event sits in the log: the idempotency key of everything projected from it. */
export interface LogPosition {
  topic: string;
  partition: number;
  offset: string;
}

export interface PositionedEvent {
  event: NoticeEvent;
  position: LogPosition;
}

/** The newest stored version of a notice. */
export interface Head {
  version: number;
  contentHash: string;
}

export interface PlannedVersion extends PositionedEvent {
  version: number;
  contentHash: string;
}

export interface VersionPlan {
  /** New versions to store, in log order. */
  versions: PlannedVersion[];
  /** Same notice id, same content as its newest version (`version`): traced, nothing else stored. */
  duplicates: (PositionedEvent & { version: number })[];
  /** Already projected (a replay, or a redelivery after a crash): nothing to store. */
  replays: PositionedEvent[];
}

export function positionKey(position: LogPosition): string {
  return `${position.topic}/${position.partition}/${position.offset}`;
}

/**
 * Decides, for a batch of notice events in log order, which become new versions. The rules:
 * an event whose log position was projected before is a replay; an event whose content equals
 * the newest version of its notice (as stored, or as planned earlier in this batch) is a
 * duplicate; anything else is the next version. Replaying a whole topic therefore adds nothing,
 * and a correction that restores older content is still a new version (history is a sequence,
 * not a set).
 */
export function planVersions(
  events: readonly PositionedEvent[],
  heads: ReadonlyMap<string, Head>,
  projected: ReadonlySet<string>,
): VersionPlan {
  const plan: VersionPlan = { versions: [], duplicates: [], replays: [] };
  const current = new Map(heads);
  for (const item of events) {
    if (projected.has(positionKey(item.position))) {
      plan.replays.push(item);
      continue;
    }
    const id = item.event.data.id;
    const contentHash = noticeContentHash(item.event.data);
    const head = current.get(id);
    if (head?.contentHash === contentHash) {
      plan.duplicates.push({ ...item, version: head.version });
      continue;
    }
    const version = (head?.version ?? 0) + 1;
    current.set(id, { version, contentHash });
    plan.versions.push({ ...item, version, contentHash });
  }
  return plan;
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
