import type { Award, Release } from './types.ts';

/**
 * What the earlier releases of one contracting process (one ocid) said that the next release
 * must agree with. A release is built from one notice, but OCDS joins releases by id: a
 * contract's `awardID` must name an award some release made, a result must close the candidates
 * it did not award, and a correction must be dated after the version it corrects. The exchange
 * folds every release it writes into this state (`recordRelease`), in the process's order.
 */
export interface ProcessState {
  /** Every award released so far, by id: its lot (undefined: the whole tender), suppliers and latest status. */
  awards: Map<string, { lot: string | undefined; supplierIds: string[]; status: Award['status'] }>;
  /** A contract's `awardID`, once given: later releases of the contract (履行, corrections) keep it. */
  contractAwards: Map<string, string>;
  /** The date of the latest release of each notice id: a correction is dated after it. */
  noticeDates: Map<string, string>;
  /** A result has completed the tender: candidates not awarded by then are unsuccessful. */
  tenderComplete: boolean;
}

export function newProcessState(): ProcessState {
  return { awards: new Map(), contractAwards: new Map(), noticeDates: new Map(), tenderComplete: false };
}

/** The notice id of a release id (`<notice id>-v<version>`). */
export function noticeIdOfRelease(releaseId: string): string {
  return releaseId.replace(/-v\d+$/u, '');
}

/**
 * The lot of an award id (`<lot or 'all'>-<party id>`, release.ts `awardId`): party ids start
 * with the credit-code scheme or `name-`, so the lot is what precedes the last such start.
 */
export function lotOfAwardId(id: string): string | undefined {
  const at = Math.max(id.lastIndexOf('-CN-USCI-'), id.lastIndexOf('-name-'));
  const lot = at > 0 ? id.slice(0, at) : undefined;
  return lot === 'all' ? undefined : lot;
}

/** Folds a release into its process's state. Releases must come in the order they were made. */
export function recordRelease(state: ProcessState, release: Release): void {
  for (const award of release.awards ?? []) {
    const known = state.awards.get(award.id);
    state.awards.set(award.id, {
      lot: lotOfAwardId(award.id),
      supplierIds: award.suppliers?.map((s) => s.id) ?? known?.supplierIds ?? [],
      status: award.status ?? known?.status,
    });
  }
  for (const contract of release.contracts ?? []) {
    if (!state.contractAwards.has(contract.id)) state.contractAwards.set(contract.id, contract.awardID);
  }
  if (release.tender?.status === 'complete') state.tenderComplete = true;
  const noticeId = noticeIdOfRelease(release.id);
  const previous = state.noticeDates.get(noticeId);
  if (previous === undefined || Date.parse(release.date) > Date.parse(previous))
    state.noticeDates.set(noticeId, release.date);
}

/**
 * Which award a contract (or a result) for `supplierId` in `lot` is: the award with exactly that
 * lot and supplier; else the supplier's award for the whole tender; else — when the notice names
 * no lot — the supplier's one award (a 采购合同 printed without the 包号 its result gave). The
 * active award first when there are several. Undefined when no release awarded the supplier.
 */
export function resolveAwardId(
  state: ProcessState | undefined,
  lot: string | undefined,
  supplierId: string,
  exactId: string,
): string | undefined {
  if (!state) return undefined;
  if (state.awards.has(exactId)) return exactId;
  const theirs = [...state.awards].filter(
    ([, award]) => award.supplierIds.includes(supplierId) && award.status !== 'unsuccessful',
  );
  const matching = theirs.filter(([, award]) => lot === undefined || award.lot === undefined);
  const active = matching.find(([, award]) => award.status === 'active') ?? matching[0];
  return active?.[0];
}

/** The states of every process seen, by ocid, for a writer or exporter that releases notices in order. */
export class OcdsProcesses {
  readonly #states = new Map<string, ProcessState>();

  /** The state of one process (created empty). */
  of(ocid: string): ProcessState {
    let state = this.#states.get(ocid);
    if (!state) {
      state = newProcessState();
      this.#states.set(ocid, state);
    }
    return state;
  }

  /** Folds releases already made (read back from storage, in their order) into their processes. */
  seed(releases: Iterable<Release>): void {
    for (const release of releases) recordRelease(this.of(release.ocid), release);
  }
}
