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
} from '@ggzy/domain';
import { nationalView } from '../national-view.ts';
import { partyId, refOf, toParties, toValue } from './parties.ts';
import type {
  Amendment,
  Award,
  Contract,
  Document,
  Item,
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
  /** When this version was first recorded; default the notice's publishedAt. */
  releaseDate?: string;
}

/**
 * The ocid of a project: the prefix and a hash of its project key (project.ts `projectKey`), so
 * every stage of one project shares it. A hash, not the code itself: printed codes hold
 * brackets, Chinese and `#` (which OCDS forbids in release ids built from the ocid).
 */
export function ocidFor(project: ProjectIdentity, ocidPrefix: string): string {
  return `${ocidPrefix}-${derivedId('project', [projectKey(project)])}`;
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

function releaseOf(notice: OcdsNotice, options: ReleaseOptions): Release {
  const ocid = ocidFor(notice.project, options.ocidPrefix);
  const version = options.version ?? 1;
  const release: Release = {
    ocid,
    id: `${notice.id}-v${version}`,
    date: options.releaseDate ?? notice.publishedAt,
    tag: [releaseTag(notice)],
    initiationType: 'tender',
    language: 'zh',
  };
  const agency = partiesWithRole(notice.parties, 'agency')[0];
  const parties = toParties(notice.parties, agency !== undefined);
  if (parties.length > 0) release.parties = parties;
  const buyer = buyerOf(notice.parties);
  if (buyer) release.buyer = { id: partyId(refFromParty(buyer)), name: buyer.name };
  const stage = stageContent(notice, agency ?? buyer);
  const tender: Tender = { id: tenderId(notice.project), ...stage.tender };
  tender.documents = [noticeDocument(notice), ...(tender.documents ?? [])];
  if (notice.project.projectName && !tender.title) tender.title = notice.project.projectName;
  release.tender = tender;
  if (stage.awards) release.awards = stage.awards;
  if (stage.contracts) release.contracts = stage.contracts;
  return release;
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
    datePublished: notice.publishedAt,
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

function stageContent(notice: OcdsNotice, manager: Party | undefined): StageContent {
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
          const award: Award = {
            id: awardId(c.lotCode, c.bidder),
            title: `第${c.rank}中标候选人`,
            status: 'pending',
            suppliers: [refOf(c.bidder)],
          };
          if (c.bidPrice) award.value = toValue(c.bidPrice);
          if (c.evaluation) award.description = c.evaluation;
          if (c.period?.days) award.contractPeriod = { durationInDays: c.period.days };
          return award;
        }),
      };
    case 'result':
      return { tender: { status: 'complete' }, awards: resultAwards(notice) };
    case 'contract':
    case 'performance':
      return { tender: {}, contracts: [toContract(notice)] };
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
  const a: Amendment = { id: notice.id, date: notice.publishedAt };
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

function resultAwards(notice: Extract<OcdsNotice, { stage: 'result' }>): Award[] {
  if (notice.domain === 'construction') {
    return notice.awards.map((a) => {
      const award: Award = {
        id: awardId(a.lotCode, a.winner),
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
      id: awardId(a.lotCode, a.supplier),
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

function toContract(notice: Extract<OcdsNotice, { stage: 'contract' | 'performance' }>): Contract {
  const c = notice.contract;
  const winner = c.partyB;
  const contract: Contract = {
    // 合同编号 where printed, else one contract per lot of the project.
    id: c.code ?? `contract-${c.lotCode ?? 'all'}`,
    awardID: winner ? awardId(c.lotCode, winner) : `${c.lotCode ?? 'all'}-unknown`,
    status: 'active',
  };
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
  return contract;
}
