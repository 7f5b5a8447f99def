import {
  type ConstructionNotice,
  derivedId,
  type Notice,
  type Party,
  type PartyRef,
  type ProcurementMethod,
  type ProcurementNotice,
  type ProjectIdentity,
  partiesWithRole,
  projectKey,
  toShanghaiTime,
  type Withdrawal,
} from '@ggzy/domain';
import { nationalView } from '../national-view.ts';
import { partyId, refOf, toParties, toValue } from './parties.ts';
import {
  lotOfAwardId,
  type OcdsProcesses,
  type ProcessState,
  recordRelease,
  resolveAwardId,
} from './process.ts';
import type {
  Amendment,
  Award,
  Contract,
  Document,
  Item,
  Organization,
  Period,
  Release,
  ReleaseTag,
  Tender,
} from './types.ts';

/**
 * A canonical notice as an OCDS 1.1 release (release-schema.json). Only the procurement domains
 * have a contracting process in the OCDS sense: construction 招标投标 and 政府采购. Land, mining
 * and property are sales by the state (出让 / 转让) — the buyer/supplier roles, tender and award
 * of OCDS do not describe them — so they go to the national data-spec channel only
 * (docs/exchange-formats.md).
 */
export type OcdsNotice = ConstructionNotice | ProcurementNotice;

export function isOcdsNotice(notice: Notice): notice is OcdsNotice {
  return notice.domain === 'construction' || notice.domain === 'procurement';
}

export interface ReleaseOptions {
  /** The publisher's ocid prefix from the OCDS registry, e.g. `ocds-abc123`. */
  ocidPrefix: string;
  /** The notice's version: 1 for the first, n for the n-th correction of the same source record. */
  version?: number;
  /** When this version was first recorded; default the notice's publication (`publicationDate`). */
  releaseDate?: string;
  /**
   * What the process's earlier releases said (process.ts): awards to point contracts at and to
   * close, the date of the version a correction corrects. Without it a release stands alone.
   */
  process?: ProcessState;
}

/**
 * The ocid of a project: the prefix and a hash of its project key (project.ts `projectKey`), so
 * every stage of one project shares it. A hash, not the code itself: printed codes hold
 * brackets, Chinese and `#` (which OCDS forbids in release ids built from the ocid).
 */
export function ocidFor(project: ProjectIdentity, ocidPrefix: string): string {
  return `${ocidPrefix}-${derivedId('project', [projectKey(project)])}`;
}

/**
 * The tag of a correction (a later version of the same source record, 更正后重新发布): the stage's
 * update tag (releaseTag.csv: "an update to … previously published"). A `tenderAmendment` stays
 * one — it is a formal amendment either way, and carries its amendments.
 */
export function correctionTag(tag: ReleaseTag): ReleaseTag {
  switch (tag) {
    case 'tender':
    case 'tenderCancellation':
      return 'tenderUpdate';
    case 'award':
      return 'awardUpdate';
    case 'contract':
      return 'contractUpdate';
    case 'implementation':
      return 'implementationUpdate';
    default:
      return tag;
  }
}

/**
 * The tag of a withdrawal (撤回: the source took the notice back, a later version of its record):
 * a call for bids withdrawn cancels the tender, a result withdrawn cancels its awards
 * (releaseTag.csv `tenderCancellation`, `awardCancellation`); a contract or implementation notice
 * withdrawn is an update of it, its contract `cancelled`.
 */
export function withdrawalTag(tag: ReleaseTag): ReleaseTag {
  switch (tag) {
    case 'tender':
    case 'tenderAmendment':
    case 'tenderUpdate':
    case 'tenderCancellation':
      return 'tenderCancellation';
    case 'award':
      return 'awardCancellation';
    default:
      return correctionTag(tag);
  }
}

/** What a withdrawn notice's release says: what it was about is no longer in force. */
function withdraw(release: Release): void {
  const tag = release.tag[0];
  if (tag === 'tenderCancellation' && release.tender) release.tender.status = 'withdrawn';
  if (tag === 'awardCancellation') for (const award of release.awards ?? []) award.status = 'cancelled';
  if (tag === 'contractUpdate') for (const contract of release.contracts ?? []) contract.status = 'cancelled';
}

/**
 * A notice's publication as an OCDS date-time. A notice printed with a date only (发布日期
 * 2024-07-01, read as midnight +08:00 with nothing after it) is given the end of that day,
 * 23:59:59+08:00 — OCDS dates are date-times, and its guidance for a source without times is to
 * choose the start or the end of the day and say so. The end, because the notice was published at
 * some time that day: after the award or signing of that day it reports, which midnight would
 * precede and so reorder.
 */
export function publicationDate(publishedAt: string): string {
  return isDateOnly(publishedAt) ? publishedAt.replace('T00:00:00+08:00', 'T23:59:59+08:00') : publishedAt;
}

/** A Beijing midnight to the second with no fraction: what a date printed without a time becomes. */
function isDateOnly(instant: string): boolean {
  return instant.endsWith('T00:00:00+08:00');
}

/**
 * The release date of a notice version: its publication, but never at or before the release of
 * the version it corrects (a correction re-published with an earlier 发布时间 would otherwise sort
 * first and lose to the content it corrects when the record is compiled): then one second after it.
 */
function releaseDateOf(
  notice: OcdsNotice,
  options: ReleaseOptions,
  version: number,
  reported: readonly string[],
): string {
  const date = options.releaseDate ?? publicationDate(notice.publishedAt);
  const previous = version > 1 ? options.process?.noticeDates.get(notice.id) : undefined;
  if (previous === undefined || Date.parse(date) > Date.parse(previous)) return date;
  const after = Date.parse(previous) + 1000;
  // Moved past what it corrects, it must not then precede an award or a signing of that day it reports.
  const day = toShanghaiTime(after, 'second').slice(0, 10);
  const later = reported
    .filter((d) => d.slice(0, 10) === day && Date.parse(d) > after)
    .map((d) => Date.parse(d));
  return toShanghaiTime(Math.max(after, ...later), 'second');
}

/** The release tag of each stage (releaseTag.csv). */
export function releaseTag(notice: OcdsNotice): ReleaseTag {
  switch (notice.stage) {
    case 'tender-announcement':
    case 'prequalification':
      return 'tender';
    // 变更 formally amends the call for bids; 澄清 adds information without changing it.
    case 'change':
      return notice.changeKind === 'change' ? 'tenderAmendment' : 'tenderUpdate';
    case 'correction':
      return 'tenderAmendment';
    case 'termination':
      return 'tenderCancellation';
    // OCDS has no candidates stage: 中标候选人公示 publishes proposed awards in their cooling-off
    // period, which is awardStatus `pending` in an `award` release.
    case 'candidates':
    case 'result':
      return 'award';
    case 'contract':
      return 'contract';
    case 'performance':
      return 'implementation';
  }
}

/**
 * The release of a notice as the national platform may see it: built from the notice's
 * national-platform view (personal mobiles, resident IDs, accounts masked; the privacy module of
 * @ggzy/domain), so the push, the feed and the exports — which all build releases here — never
 * carry personal data whole.
 */
export function toRelease(notice: OcdsNotice, options: ReleaseOptions): Release {
  return releaseOf(nationalView(notice), options);
}

/**
 * The release of a notice version within its process: built with what the process's earlier
 * releases said, then folded into it. Notice versions must come in the order they were recorded.
 */
export function releaseInProcess(
  processes: OcdsProcesses,
  notice: OcdsNotice,
  options: Omit<ReleaseOptions, 'process'>,
): Release {
  const state = processes.of(ocidFor(notice.project, options.ocidPrefix));
  const release = toRelease(notice, { ...options, process: state });
  recordRelease(state, release);
  return release;
}

function releaseOf(notice: OcdsNotice, options: ReleaseOptions): Release {
  const ocid = ocidFor(notice.project, options.ocidPrefix);
  const version = options.version ?? 1;
  const id = `${notice.id}-v${version}`;
  const agency = partiesWithRole(notice.parties, 'agency')[0];
  const buyer = buyerOf(notice.parties);
  const stage = stageContent(notice, agency ?? buyer, options.process);
  const reported = [
    ...(stage.awards ?? []).map((a) => a.date),
    ...(stage.contracts ?? []).map((c) => c.dateSigned),
  ].filter((d): d is string => d !== undefined);
  const date = releaseDateOf(notice, options, version, reported);
  const stageTag = releaseTag(notice);
  const release: Release = {
    ocid,
    id,
    date,
    tag: [notice.withdrawal ? withdrawalTag(stageTag) : version > 1 ? correctionTag(stageTag) : stageTag],
    initiationType: 'tender',
    language: 'zh',
  };
  const parties = toParties(notice.parties, agency !== undefined);
  if (buyer) release.buyer = { id: partyId(refFromParty(buyer)), name: buyer.name };
  const tender: Tender = { id: tenderId(notice.project), ...stage.tender };
  tender.documents = [noticeDocument(notice), ...(tender.documents ?? [])];
  if (notice.project.projectName && !tender.title) tender.title = notice.project.projectName;
  release.tender = tender;
  if (stage.awards && stage.awards.length > 0) release.awards = stage.awards;
  if (stage.contracts) release.contracts = stage.contracts;
  if (notice.withdrawal) withdraw(release);
  if (version > 1) addCorrection(release, notice.id, version, notice.withdrawal);
  withSupplierRoles(parties, release.awards ?? []);
  if (parties.length > 0) release.parties = parties;
  return release;
}

/**
 * A correction's `amendments` entry: the release it corrects and the one that carries the
 * corrected values, on the object the stage is about — the tender, each award, or the contract.
 */
function addCorrection(release: Release, noticeId: string, version: number, withdrawal?: Withdrawal): void {
  const amendment: Amendment = {
    id: release.id,
    date: release.date,
    rationale: withdrawal
      ? `撤回：第${version - 1}版公告撤回${withdrawal.reason ? `（${withdrawal.reason}）` : ''}`
      : `更正：第${version}版替换第${version - 1}版公告内容`,
    amendsReleaseID: `${noticeId}-v${version - 1}`,
    releaseID: release.id,
  };
  const tag = release.tag[0];
  const onAwards = tag === 'awardUpdate' || tag === 'awardCancellation';
  if ((onAwards && release.awards) || (tag === 'contractUpdate' && release.contracts)) {
    for (const target of onAwards ? (release.awards ?? []) : (release.contracts ?? []))
      target.amendments = [...(target.amendments ?? []), amendment];
    return;
  }
  if (tag === 'implementationUpdate' && release.contracts) {
    for (const contract of release.contracts)
      contract.amendments = [...(contract.amendments ?? []), amendment];
    return;
  }
  const tender = release.tender ?? { id: noticeId };
  tender.amendments = [...(tender.amendments ?? []), amendment];
  release.tender = tender;
}

/**
 * Every supplier of an award in the release is a party with the `supplier` role (a 中标候选人 is
 * one of a pending award): the parties section is where a reader finds who an award's supplier is.
 */
function withSupplierRoles(parties: Organization[], awards: readonly Award[]): void {
  for (const award of awards) {
    for (const supplier of award.suppliers ?? []) {
      const party = parties.find((p) => p.id === supplier.id);
      if (!party) parties.push({ id: supplier.id, name: supplier.name ?? supplier.id, roles: ['supplier'] });
      else if (!party.roles.includes('supplier')) party.roles.push('supplier');
    }
  }
}

/** The tender of a project keeps one id across its releases, so they merge into one tender. */
function tenderId(project: ProjectIdentity): string {
  return projectKey(project);
}

function buyerOf(parties: readonly Party[]): Party | undefined {
  return partiesWithRole(parties, 'tenderer')[0] ?? partiesWithRole(parties, 'buyer')[0];
}

function refFromParty(party: Party): PartyRef {
  return { name: party.name, nameKey: party.nameKey, creditCode: party.identifiers.creditCode };
}

/** The notice itself, as the release's document: its source URL and the document type of its stage. */
function noticeDocument(notice: OcdsNotice): Document {
  const doc: Document = {
    id: notice.id,
    documentType: documentTypes[notice.stage],
    title: notice.title,
    datePublished: publicationDate(notice.publishedAt),
  };
  if (notice.sourceUrl) doc.url = notice.sourceUrl;
  return doc;
}

/** documentType.csv codes for the notice of each stage. */
const documentTypes: Record<OcdsNotice['stage'], string> = {
  'tender-announcement': 'tenderNotice',
  prequalification: 'tenderNotice',
  change: 'clarifications',
  correction: 'tenderNotice',
  termination: 'cancellationDetails',
  candidates: 'evaluationReports',
  result: 'awardNotice',
  contract: 'contractNotice',
  performance: 'physicalProgressReport',
};

/**
 * 采购方式 as OCDS procurementMethod (method.csv): 邀请招标 invites qualified suppliers
 * (selective); 竞争性谈判, 竞争性磋商 and 询价 deal with suppliers the buyer selects (limited);
 * 单一来源 is direct; a 框架协议 is called for openly (财政部令第110号 第十一条).
 */
const procurementMethods: Record<ProcurementMethod, NonNullable<Tender['procurementMethod']>> = {
  'open-tender': 'open',
  'invited-tender': 'selective',
  'competitive-negotiation': 'limited',
  'competitive-consultation': 'limited',
  'request-for-quotation': 'limited',
  'single-source': 'direct',
  'framework-agreement': 'open',
};

const procurementMethodLabels: Record<ProcurementMethod, string> = {
  'open-tender': '公开招标',
  'invited-tender': '邀请招标',
  'competitive-negotiation': '竞争性谈判',
  'competitive-consultation': '竞争性磋商',
  'request-for-quotation': '询价',
  'single-source': '单一来源',
  'framework-agreement': '框架协议',
};

type StageContent = { tender: Omit<Tender, 'id'>; awards?: Award[]; contracts?: Contract[] };

function stageContent(
  notice: OcdsNotice,
  manager: Party | undefined,
  process: ProcessState | undefined,
): StageContent {
  const procuringEntity = manager ? { procuringEntity: refOf(refFromParty(manager)) } : {};
  switch (notice.stage) {
    case 'tender-announcement':
    case 'prequalification': {
      const tender: Omit<Tender, 'id'> = { status: 'active', ...procuringEntity, ...callForBids(notice) };
      if (notice.domain === 'construction') {
        tender.mainProcurementCategory = 'works';
        // 资格预审 admits only the applicants who pass it to bid: selective.
        const selective = notice.stage === 'prequalification' || notice.tenderMethod === 'invited';
        if (notice.tenderMethod || notice.stage === 'prequalification') {
          tender.procurementMethod = selective ? 'selective' : 'open';
          tender.procurementMethodDetails = notice.tenderMethod === 'invited' ? '邀请招标' : '公开招标';
        }
      } else {
        if (notice.method) {
          tender.procurementMethod = procurementMethods[notice.method];
          tender.procurementMethodDetails = procurementMethodLabels[notice.method];
        }
        if (notice.requirements) tender.description = notice.requirements;
        if (notice.items) tender.items = notice.items.map(toItem);
      }
      return { tender };
    }
    case 'change':
    case 'correction': {
      const tender: Omit<Tender, 'id'> = { amendments: [amendment(notice)] };
      if (notice.submission) tender.tenderPeriod = { endDate: notice.submission.deadline };
      return { tender };
    }
    case 'termination':
      return { tender: { status: 'cancelled', amendments: [amendment(notice)] } };
    case 'candidates':
      return {
        tender: {},
        awards: notice.candidates.map((c) => {
          const id = awardId(c.lotCode, c.bidder);
          const award: Award = {
            id,
            title: `第${c.rank}中标候选人`,
            status: candidateStatus(process, id),
            suppliers: [refOf(c.bidder)],
          };
          if (c.bidPrice) award.value = toValue(c.bidPrice);
          if (c.evaluation) award.description = c.evaluation;
          if (c.period?.days) award.contractPeriod = { durationInDays: c.period.days };
          return award;
        }),
      };
    case 'result': {
      const awards = resultAwards(notice, process);
      return { tender: { status: 'complete' }, awards: [...awards, ...closedCandidates(process, awards)] };
    }
    case 'contract':
    case 'performance': {
      const { contract, award } = toContract(notice, process);
      return { tender: {}, contracts: [contract], ...(award ? { awards: [award] } : {}) };
    }
  }
}

function callForBids(notice: Extract<OcdsNotice, { stage: 'tender-announcement' | 'prequalification' }>) {
  const t: Omit<Tender, 'id'> = {};
  if ('scope' in notice && notice.scope) t.description = notice.scope;
  // tender.value is "the total upper estimated value": the 最高投标限价 where set, else the budget.
  const value = notice.ceilingPrice ?? notice.budget;
  if (value) t.value = toValue(value);
  if (notice.bidderQualifications) t.eligibilityCriteria = notice.bidderQualifications;
  const period: Period = {};
  if (notice.documentAccess?.from) period.startDate = notice.documentAccess.from;
  if (notice.submission?.deadline) period.endDate = notice.submission.deadline;
  if (period.startDate || period.endDate) t.tenderPeriod = period;
  if (notice.submission?.method) t.submissionMethodDetails = notice.submission.method;
  return t;
}

function amendment(
  notice: Extract<OcdsNotice, { stage: 'change' | 'correction' | 'termination' }>,
): Amendment {
  const a: Amendment = { id: notice.id, date: publicationDate(notice.publishedAt) };
  if (notice.stage === 'termination') {
    if (notice.reason) a.rationale = notice.reason;
  } else {
    const listed =
      notice.stage === 'correction'
        ? notice.corrections.map((c) => `${c.item}：${c.before ? `${c.before} → ` : ''}${c.after}`)
        : [];
    const description = [notice.content, ...listed].filter(Boolean).join('\n');
    if (description) a.description = description;
  }
  return a;
}

/**
 * Award ids: one per lot and supplier, so that a 中标候选人 (pending) and the same company's
 * result (active) are one award after merging, and the contract's awardID finds it.
 */
export function awardId(lotCode: string | undefined, supplier: PartyRef): string {
  return `${lotCode ?? 'all'}-${partyId(supplier)}`;
}

/**
 * A candidate's award is `pending` (proposed, in its 公示 period) — unless the process has moved
 * on: a correction of the 公示 re-published after the result keeps the status the result gave
 * (active for the winner), and a candidate the result did not award is `unsuccessful`.
 */
function candidateStatus(process: ProcessState | undefined, id: string): Award['status'] {
  const known = process?.awards.get(id)?.status;
  if (known && known !== 'pending') return known;
  return process?.tenderComplete ? 'unsuccessful' : 'pending';
}

/**
 * The result completes the tender: the candidates' awards it did not make active — pending, in
 * one of its lots (or the whole tender) — become `unsuccessful` ("could not be successfully
 * issued"), so no compiled record keeps a proposed award after the tender is complete.
 */
function closedCandidates(process: ProcessState | undefined, awards: readonly Award[]): Award[] {
  if (!process) return [];
  const made = new Set(awards.map((a) => a.id));
  const lots = new Set(awards.map((a) => process.awards.get(a.id)?.lot ?? lotOfAwardId(a.id)));
  const closed: Award[] = [];
  for (const [id, award] of process.awards) {
    if (made.has(id) || award.status !== 'pending') continue;
    if (award.lot === undefined || lots.has(undefined) || lots.has(award.lot))
      closed.push({ id, status: 'unsuccessful' });
  }
  return closed;
}

/** The award of a result: the candidate's award it confirms when there is one (one award, pending → active). */
function resultAwardId(
  process: ProcessState | undefined,
  lotCode: string | undefined,
  supplier: PartyRef,
): string {
  const exact = awardId(lotCode, supplier);
  return resolveAwardId(process, lotCode, partyId(supplier), exact) ?? exact;
}

function resultAwards(
  notice: Extract<OcdsNotice, { stage: 'result' }>,
  process: ProcessState | undefined,
): Award[] {
  if (notice.domain === 'construction') {
    return notice.awards.map((a) => {
      const award: Award = {
        id: resultAwardId(process, a.lotCode, a.winner),
        status: 'active',
        suppliers: [refOf(a.winner)],
      };
      if (a.price) award.value = toValue(a.price);
      if (a.awardedAt) award.date = a.awardedAt;
      if (a.otherPrice) award.description = a.otherPrice;
      return award;
    });
  }
  return notice.awards.map((a) => {
    const award: Award = {
      id: resultAwardId(process, a.lotCode, a.supplier),
      status: 'active',
      suppliers: [refOf(a.supplier)],
    };
    if (a.amount) award.value = toValue(a.amount);
    if (a.otherAmount) award.description = a.otherAmount;
    if (a.items) award.items = a.items.map(toItem);
    return award;
  });
}

function toItem(
  item: NonNullable<Extract<ProcurementNotice, { stage: 'result' }>['awards'][number]['items']>[number],
  index: number,
): Item {
  const out: Item = {
    id: String(index + 1),
    description: [item.name, item.brand, item.model].filter(Boolean).join(' '),
  };
  if (item.quantity !== undefined) out.quantity = item.quantity;
  if (item.unit || item.unitPrice) {
    out.unit = {
      ...(item.unit ? { name: item.unit } : {}),
      ...(item.unitPrice ? { value: toValue(item.unitPrice) } : {}),
    };
  }
  return out;
}

/**
 * The contract of a 合同 or 履行 notice, pointing at the award it is issued against: the one an
 * earlier release of the contract named (so no later release rewrites `awardID`), else the
 * award the process made to 乙方 (process.ts `resolveAwardId`: a contract printed without the
 * 包号 its result gave still finds it). When no release awarded 乙方 — the result was never
 * published, or comes later — the release carries that award itself (active, 乙方 its
 * supplier), so `awardID` always names an award of the process.
 */
function toContract(
  notice: Extract<OcdsNotice, { stage: 'contract' | 'performance' }>,
  process: ProcessState | undefined,
): { contract: Contract; award?: Award } {
  const c = notice.contract;
  const winner = c.partyB;
  // 合同编号 where printed, else one contract per lot of the project.
  const id = c.code ?? `contract-${c.lotCode ?? 'all'}`;
  const exact = winner ? awardId(c.lotCode, winner) : `${c.lotCode ?? 'all'}-unknown`;
  const known =
    process?.contractAwards.get(id) ??
    (winner ? resolveAwardId(process, c.lotCode, partyId(winner), exact) : undefined);
  const contract: Contract = { id, awardID: known ?? exact, status: 'active' };
  const award: Award | undefined =
    known === undefined || !process?.awards.has(known)
      ? { id: contract.awardID, status: 'active', ...(winner ? { suppliers: [refOf(winner)] } : {}) }
      : undefined;
  if (c.name) contract.title = c.name;
  if (c.amount) contract.value = toValue(c.amount);
  if (c.otherAmount) contract.description = c.otherAmount;
  if (c.signedAt) contract.dateSigned = c.signedAt;
  const period: Period = {};
  if (c.startsAt) period.startDate = c.startsAt;
  if (c.endsAt) period.endDate = c.endsAt;
  if (c.term?.days) period.durationInDays = c.term.days;
  if (Object.keys(period).length > 0) contract.period = period;
  if (notice.stage === 'performance') {
    // contractStatus `terminated`: "signed and in force, and has now come to a close" — whether
    // completed (竣工) or ended early.
    if (notice.status === 'completed' || notice.status === 'terminated') contract.status = 'terminated';
    if (notice.changes.length > 0) {
      contract.amendments = notice.changes.map((change, i) => ({
        id: String(i + 1),
        date: change.changedAt,
        description: change.description,
      }));
      const after = notice.changes.at(-1)?.amountAfter;
      if (after) contract.value = toValue(after);
    }
  }
  return award ? { contract, award } : { contract };
}
