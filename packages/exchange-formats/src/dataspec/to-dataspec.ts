import {
  checkCreditCode,
  checkRegionCode,
  derivedId,
  type Notice,
  partiesWithRole,
  projectKey,
} from '@ggzy/domain';
import { nationalView } from '../national-view.ts';
import {
  type BuiltRecord,
  type DataSpecContext,
  dateTime,
  moneyFields,
  record,
  subjectCode,
} from './context.ts';
import { assetRecords } from './to-dataspec-assets.ts';
import type { DataSpecMessage, DataSpecRecord, MessageType } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';

/**
 * A canonical notice as national data-spec records (公共资源交易平台系统数据规范 V4). Field
 * names are those of V4/<DataNo>.json; dates are yyyyMMddHHmmss or yyyyMMdd as each field's
 * DateMatch says; money is amount in 元 + CURRENCY_CODE + PRICE_UNIT 0.
 *
 * | notice | data set |
 * | construction tender-announcement, prequalification | 501 招标项目, then 503 招标公告与资格预审公告 |
 * | construction candidates | 511 中标候选人公示 |
 * | construction result | 513 中标结果公告, one per award |
 * | procurement tender-announcement | 550 采购项目, then 551 采购（资格预审）公告 |
 * | procurement result | 553 中标(成交)结果公告, one per award |
 * | procurement contract | 554 采购合同 |
 * | land transfer-announcement | 600 出让公告信息 |
 * | land deal-publicity | 601 成交宗地信息, one per parcel |
 * | mining transfer-announcement of a 采矿权 | 651 采矿权招拍挂出让公告信息, one per tract |
 * | mining deal-publicity of a 采矿权 | 653 采矿权招拍挂出让结果公示信息, one per tract |
 * | property listing | 700 挂牌披露信息 |
 * | property deal | 701 交易结果信息 |
 * Other stages have no record in these data sets: they give none.
 */
export interface DataSpecOptions {
  context: DataSpecContext;
  /** The notice's version: 1 is an insert, later versions (corrections of the record) updates. */
  version: number;
  /** The source withdrew the notice: send deletes. */
  withdrawn?: boolean;
}

/**
 * The messages of a notice as the national platform may see them: built from the notice's
 * national-platform view (personal data masked; the privacy module of @ggzy/domain), as the
 * push, the feed and the exports all are.
 */
export function toDataSpec(notice: Notice, options: DataSpecOptions): DataSpecMessage[] {
  return messagesOf(nationalView(notice), options);
}

function messagesOf(notice: Notice, options: DataSpecOptions): DataSpecMessage[] {
  const messageType: MessageType = options.withdrawn ? 'delete' : options.version <= 1 ? 'insert' : 'update';
  const key = projectKey(notice.project);
  // A withdrawn announcement takes its own records back, not the tender or purchase project it
  // opened: the project stays (it may be announced again), and its other notices still point at it.
  const records = distinguishRepeats(recordsOf(notice, options.context)).filter(
    (r) => !(options.withdrawn && r.outlivesNotice),
  );
  const messages = records.map(({ dataNo, record: rec, identity, subject }) => ({
    dataNo,
    table: v4DataSets[dataNo]?.table ?? dataNo,
    messageType,
    projectKey: key,
    recordKey: recordKeyOf(subject ?? notice.id, dataNo, identity),
    version: options.version,
    record: rec,
  }));
  return orderForExchange(messages);
}

/**
 * The record's part of its DATA_KEY: 15 upper-case hex digits of a hash of the notice id (the
 * same for every version of a source record) — or of what the record is about when that is not
 * the notice (a 501 is its tender project's, whichever announcement sends it) —, the data set
 * and the record's place in the notice (its lot and rank in the lot, parcel, tract). 60 bits: a clash within one system is not
 * expected, and the key registry would refuse the second insert rather than overwrite.
 */
function recordKeyOf(noticeId: string, dataNo: string, identity: readonly string[]): string {
  return derivedId('k', ['dataspec', dataNo, noticeId, ...identity])
    .slice(2, 17)
    .toUpperCase();
}

/**
 * The field each data set's duplicate check reads that may carry a distinction: the title. The
 * receiver refuses an insert whose RepeatCols all equal a record it holds (513: NOTICE_NAME,
 * TENDER_PROJECT_CODE, URL; 553: PURCHASE_PROJECT_CODE, PURCHASE_PROJECT_NAME,
 * PURCHASE_SECTION_CODE), and the awards of one notice share all of them but the lot.
 */
const distinctionField: Record<string, string> = {
  '503': 'NOTICE_NAME',
  '511': 'PUBLICITY_NAME',
  '513': 'NOTICE_NAME',
  '553': 'PURCHASE_PROJECT_NAME',
};

/**
 * Records of one notice that the receiver's duplicate check would take for one record get their
 * distinction — the lot, and the winner when a lot has several — appended to the title field
 * (`…中标结果公告（标段：…002）`), within the field's MaxLength.
 */
function distinguishRepeats(records: BuiltRecord[]): BuiltRecord[] {
  const repeatKey = (r: BuiltRecord) =>
    JSON.stringify([r.dataNo, ...(v4DataSets[r.dataNo]?.repeatCols ?? []).map((c) => r.record[c] ?? '')]);
  const counts = new Map<string, number>();
  for (const r of records) {
    if ((v4DataSets[r.dataNo]?.repeatCols.length ?? 0) > 0)
      counts.set(repeatKey(r), (counts.get(repeatKey(r)) ?? 0) + 1);
  }
  return records.map((r) => {
    const field = distinctionField[r.dataNo];
    if ((counts.get(repeatKey(r)) ?? 0) < 2 || field === undefined || r.distinction === undefined) return r;
    const suffix = `（${r.distinction}）`;
    const max = maxLength(r.dataNo, field) ?? Number.POSITIVE_INFINITY;
    const base = [...(r.record[field] ?? '')].slice(0, Math.max(0, max - [...suffix].length)).join('');
    return { ...r, record: { ...r.record, [field]: `${base}${suffix}` } };
  });
}

function maxLength(dataNo: string, field: string): number | undefined {
  const spec = v4DataSets[dataNo]?.fields.find((f) => f.name === field);
  return spec?.validators.find((v) => v.MaxLength !== undefined)?.MaxLength;
}

/**
 * Awards as records with their place: the lot, and the award's rank among the lot's awards; the
 * distinction names the lot, and the winner too when the lot has several.
 */
function awardPlaces<A>(
  awards: readonly A[],
  lotOf: (a: A) => string | undefined,
  winnerOf: (a: A) => string,
): { award: A; identity: string[]; distinction: string }[] {
  const perLot = new Map<string, number>();
  for (const a of awards) perLot.set(lotOf(a) ?? '', (perLot.get(lotOf(a) ?? '') ?? 0) + 1);
  const seen = new Map<string, number>();
  return awards.map((award) => {
    const lot = lotOf(award) ?? '';
    const rank = (seen.get(lot) ?? 0) + 1;
    seen.set(lot, rank);
    const lotText = lot ? `标段（包）${lot}` : '';
    const several = (perLot.get(lot) ?? 0) > 1;
    const distinction = several
      ? [lotText, winnerOf(award)].filter(Boolean).join(' ')
      : lotText || winnerOf(award);
    return { award, identity: [lot, String(rank)], distinction };
  });
}

/**
 * The parent-before-child rank of each data set: a 招标项目 (501) and its 标段 (502) come
 * before the announcements that cite them (503), announcements before candidates (511) and
 * results (513); likewise 550 → 551 → 553 → 554, 600 → 601, 651 → 653, 700 → 701.
 */
export const dataSetRank: Record<string, number> = {
  '500': 0,
  '501': 1,
  '502': 2,
  '503': 3,
  '504': 4,
  '510': 5,
  '511': 6,
  '513': 7,
  '512': 8,
  '550': 1,
  '551': 3,
  '552': 4,
  '553': 7,
  '554': 8,
  '600': 3,
  '601': 7,
  '651': 3,
  '653': 7,
  '700': 3,
  '701': 7,
};

/**
 * Orders messages for sending: per project (in the order projects first appear), inserts and
 * updates parents first; deletes after them, children first, so the platform never holds a
 * child whose parent is missing. The sort is stable: records of one rank keep their order.
 */
export function orderForExchange(messages: readonly DataSpecMessage[]): DataSpecMessage[] {
  const byProject = new Map<string, DataSpecMessage[]>();
  for (const m of messages) {
    const list = byProject.get(m.projectKey);
    if (list) list.push(m);
    else byProject.set(m.projectKey, [m]);
  }
  const rank = (m: DataSpecMessage) => dataSetRank[m.dataNo] ?? 99;
  return [...byProject.values()].flatMap((list) => {
    // A record's messages stay together in version order, so its insert (version 1) goes before its
    // updates even when a correction was published, or stored, before the notice it corrects.
    const firstOfRecord = new Map<string, number>();
    list.forEach((m, i) => {
      const key = `${m.dataNo}:${m.recordKey}`;
      if (!firstOfRecord.has(key)) firstOfRecord.set(key, i);
    });
    const sorted = list
      .map((m, i) => ({ m, i, first: firstOfRecord.get(`${m.dataNo}:${m.recordKey}`) ?? i }))
      .sort((a, b) => rank(a.m) - rank(b.m) || a.first - b.first || a.m.version - b.m.version || a.i - b.i)
      .map(({ m }) => m);
    return [
      ...sorted.filter((m) => m.messageType !== 'delete'),
      ...sorted.filter((m) => m.messageType === 'delete').sort((a, b) => rank(b) - rank(a)),
    ];
  });
}

function recordsOf(notice: Notice, ctx: DataSpecContext): BuiltRecord[] {
  const p = notice.project;
  const lots = p.lots ?? [];
  const lotCodes = lots.length > 0 ? lots.map((l) => l.lotCode).join(LIST_SEPARATOR) : p.lotCode;
  const dealCodes =
    lots.length > 0
      ? lots
          .map((l) => l.unifiedDealCode)
          .filter(Boolean)
          .join(LIST_SEPARATOR)
      : p.unifiedDealCode;
  const tenderer = partiesWithRole(notice.parties, 'tenderer')[0];
  const agency = partiesWithRole(notice.parties, 'agency')[0];
  const buyer = partiesWithRole(notice.parties, 'buyer')[0];
  const common = { URL: notice.sourceUrl };
  const n = notice;
  if (n.domain === 'construction') {
    switch (n.stage) {
      case 'tender-announcement':
      case 'prequalification': {
        return [
          tenderProject(n, { content: n.scope ?? n.tenderConditions, tenderMethod: n.tenderMethod }, ctx),
          one(
            '503',
            record({
              TENDER_PROJECT_CODE: p.tenderProjectCode,
              NOTICE_BID_NUM: Math.max(lots.length, 1),
              BID_SECTION_CODES: lotCodes,
              TRAD_CENTER_NAME: n.platform?.name,
              UNIFIED_DEAL_CODES: dealCodes,
              TENDER_SELF_CODE: p.projectCode,
              NOTICE_NAME: n.title,
              NOTICE_CONTENT:
                n.body ?? [n.tenderConditions, n.scope, n.bidderQualifications].filter(Boolean).join('\n'),
              NOTICE_SEND_TIME: dateTime(n.publishedAt),
              NOTICE_MEDIA: ctx.noticeMedia,
              ...common,
              NOTICE_NATURE: ctx.codes['NOTICE_NATURE.normal'],
              BULLETIN_TYPE: ctx.codes[`BULLETIN_TYPE.${n.stage}`],
              DOC_GET_START_TIME: dateTime(n.documentAccess?.from),
              DOC_GET_END_TIME: dateTime(n.documentAccess?.until),
              TENDER_DOC_GET_METHOD: n.documentAccess?.method,
              BID_DOC_REFER_END_TIME: dateTime(n.submission?.deadline),
              BID_OPEN_TIME: dateTime(n.submission?.openingAt),
              ...moneyFields(n.documentAccess?.price, {
                amount: 'DOC_PRICE',
                currency: 'DOC_PRICE_CURRENCY',
                unit: 'DOC_PRICE_UNIT',
              }),
              BID_DOC_REFER_METHOD: n.submission?.method,
              SYNDICATED_FLAG:
                n.consortiumAllowed === undefined ? undefined : n.consortiumAllowed ? '1' : '0',
              TENDERER_CODE: subjectCode(tenderer, ctx).code,
              TENDERER_NAME: tenderer?.name,
              TENDERER_ADDRESS: tenderer?.address,
              // 联系人 and 联系电话 are one text in the model (party.contact); it goes to the contact field.
              TENDERER_CONTACTOR: tenderer?.contact,
              TENDERER_PHONE_NUMBER: tenderer?.phone,
              TENDERER_EMAIL: tenderer?.email,
              TENDER_AGENCY_CODE: subjectCode(agency, ctx).code,
              TENDER_AGENCY_NAME: agency?.name,
              TENDER_AGENCY_ADDRESS: agency?.address,
              TENDER_AGENCY_CONTACTOR: agency?.contact,
              BULLETIN_DUTY: ctx.bulletinDuty,
              BULLETIN_DUTY_CODE_TYPE: ctx.examiner,
            }),
          ),
        ];
      }
      case 'candidates': {
        const ranked = (rank: number) => n.candidates.find((c) => c.rank === rank)?.bidder;
        const places = ['FIRST', 'SECOND', 'THIRD'] as const;
        return [
          one(
            '511',
            record({
              TENDER_PROJECT_CODE: p.tenderProjectCode,
              BID_SECTION_CODES: lotCodes,
              UNIFIED_DEAL_CODE: dealCodes,
              PUBLICITY_NAME: n.title,
              PUBLICITY_CONTENT:
                n.body ?? n.candidates.map((c) => `第${c.rank}名：${c.bidder.name}`).join('\n'),
              PUBLICITY_REFER_TIME: dateTime(n.publishedAt),
              NOTICE_MEDIA: ctx.noticeMedia,
              ...common,
              PUBLICITY_TYPE: ctx.codes['PUBLICITY_TYPE.candidates'],
              PUBLICITY_START_TIME: dateTime(n.publicityPeriod?.from),
              PUBLICITY_END_TIME: dateTime(n.publicityPeriod?.until),
              OBJECTION_METHOD: n.objection?.channel,
              BULLETIN_DUTY: ctx.bulletinDuty,
              EXAMINER_NAME: ctx.examiner,
              ...Object.fromEntries(
                places.flatMap((place, i) => [
                  [`${place}_BIDDER_NAME`, ranked(i + 1)?.name],
                  [`${place}_BIDDER_CODE`, ranked(i + 1)?.creditCode],
                ]),
              ),
            }),
          ),
        ];
      }
      case 'result': {
        const places = awardPlaces(
          n.awards,
          (a) => a.lotCode ?? p.lotCode,
          (a) => a.winner.name,
        );
        return places.map(({ award: a, identity, distinction }): BuiltRecord => {
          const winner = n.parties.find((party) => party.nameKey === a.winner.nameKey);
          const subject = subjectCode(winner ?? a.winner, ctx);
          return {
            dataNo: '513',
            identity,
            distinction,
            record: record({
              TENDER_PROJECT_CODE: p.tenderProjectCode,
              BID_SECTION_CODE: a.lotCode ?? p.lotCode,
              UNIFIED_DEAL_CODE: lotDealCode(p, a.lotCode),
              REGION_CODE: p.region,
              TRA_PLACE_CODE: n.platform?.region ?? p.region,
              TENDER_AGENCY_NAME: agency?.name,
              TENDER_AGENCY_CODE: subjectCode(agency, ctx).code,
              NOTICE_NAME: n.title,
              NOTICE_CONTENT: n.body ?? `${a.winner.name}为中标人。`,
              NOTICE_SEND_TIME: dateTime(n.publishedAt),
              NOTICE_MEDIA: ctx.noticeMedia,
              ...common,
              NOTICE_NATURE: ctx.codes['NOTICE_NATURE.normal'],
              BULLETIN_TYPE: ctx.codes['BULLETIN_TYPE.result'],
              WIN_BIDDER_NAME: a.winner.name,
              BIDDER_CODE_TYPE: subject.type,
              WIN_BIDDER_CODE: subject.code,
              BIDDER_ROLE: ctx.codes['SUBJECT_ROLE.winner'],
              PRICE_FORM_CODE: ctx.codes[a.price ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
              ...moneyFields(a.price, { amount: 'BID_AMOUNT', currency: 'BID_CURRENCY', unit: 'PRICE_UNIT' }),
              OTHER_BID_PRICE: a.otherPrice,
              BULLETIN_DUTY: ctx.bulletinDuty,
              EXAMINER_NAME: ctx.examiner,
              BIDDER_REGION_CODE: winner?.region ?? registrationRegion(subject.code),
              BIDDER_PROPERTY: winner?.ownership && ctx.codes[`ENTERPRISE_NATURE.${winner.ownership}`],
              PROJECT_LEAD: a.projectManager?.name,
              PROJECT_LEAD_ID: a.projectManager?.personId,
            }),
          };
        });
      }
    }
  }
  if (n.domain === 'procurement') {
    switch (n.stage) {
      case 'tender-announcement': {
        return [
          purchaseProject(n, ctx),
          one(
            '551',
            record({
              PURCHASE_PROJECT_CODE: p.projectCode,
              PURCHASE_PROJECT_NAME: p.projectName ?? n.title,
              BULLETIN_BID_NUM: Math.max(lots.length, 1),
              PURCHASE_SECTION_CODE: lotCodes,
              UNIFIED_DEAL_CODE: dealCodes,
              BULLETIN_TITLE: n.title,
              BULLETIN_CONTENT: n.body ?? n.requirements,
              BULLETIN_START_TIME: dateTime(n.publishedAt),
              BULLETIN_MEDIA: ctx.noticeMedia,
              ...common,
              BID_CLOSING_TIME: dateTime(n.submission?.deadline),
            }),
          ),
        ];
      }
      case 'result': {
        const places = awardPlaces(
          n.awards,
          (a) => a.lotCode ?? p.lotCode,
          (a) => a.supplier.name,
        );
        return places.map(({ award: a, identity, distinction }): BuiltRecord => {
          const supplier = n.parties.find((party) => party.nameKey === a.supplier.nameKey);
          const subject = subjectCode(supplier ?? a.supplier, ctx);
          return {
            dataNo: '553',
            identity,
            distinction,
            record: record({
              PURCHASE_PROJECT_CODE: p.projectCode,
              PURCHASE_PROJECT_NAME: p.projectName ?? n.title,
              PURCHASE_SECTION_CODE: a.lotCode ?? p.lotCode,
              UNIFIED_DEAL_CODE: lotDealCode(p, a.lotCode),
              REGION_CODE: p.region,
              TRA_PLACE_CODE: n.platform?.region ?? p.region,
              PURCHASER_AGENCY_NAME: agency?.name,
              PURCHASER_AGENCY_CODE: subjectCode(agency, ctx).code,
              WIN_BID_BULLETIN_TITLE: n.title,
              WIN_BID_BULLETIN_CONTENT: n.body ?? `${a.supplier.name}为中标（成交）供应商。`,
              WIN_BID_BULLETIN_START_TIME: dateTime(n.publishedAt),
              ...common,
              WINNINGBIDDER_NAME: a.supplier.name,
              WINNINGBIDDER_TYPE: subject.type,
              WINNINGBIDDER_CODE: subject.code,
              PRICE_FORM_CODE: ctx.codes[a.amount ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
              ...moneyFields(a.amount, {
                amount: 'WIN_BID_PRICE',
                currency: 'CURRENCY_CODE',
                unit: 'PRICE_UNIT',
              }),
              WIN_BID_RATE: a.otherAmount,
              CREATOR: ctx.operator,
            }),
          };
        });
      }
      case 'contract': {
        const c = n.contract;
        const supplier = n.parties.find((party) => party.nameKey === c.partyB?.nameKey);
        const purchaser = n.parties.find((party) => party.nameKey === c.partyA?.nameKey) ?? buyer;
        return [
          one(
            '554',
            record({
              PURCHASE_PROJECT_CODE: p.projectCode,
              PURCHASE_PROJECT_NAME: p.projectName ?? c.name ?? n.title,
              PURCHASE_SECTION_CODE: c.lotCode ?? p.lotCode,
              UNIFIED_DEAL_CODE: lotDealCode(p, c.lotCode),
              CONTRACT_NAME: c.name ?? n.title,
              PURCHASER_NAME: c.partyA?.name,
              PURCHASER_CODE: subjectCode(purchaser ?? c.partyA, ctx).code,
              LEGAL_ROLE: ctx.codes['SUBJECT_ROLE.buyer'],
              SUPPLIER_NAME: c.partyB?.name,
              SUPPLIER_CODE: subjectCode(supplier ?? c.partyB, ctx).code,
              PRICE_FORM_CODE: ctx.codes[c.amount ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
              ...moneyFields(c.amount, {
                amount: 'CONTRACT_AMOUNT',
                currency: 'CURRENCY_CODE',
                unit: 'PRICE_UNIT',
              }),
              WIN_BID_RATE: c.otherAmount,
              // 合同期限 is a bare number; packages/normalize reads it as days, so days it is.
              CONTRACT_TERM: c.term?.days,
              SIGNING_TIME: dateTime(c.signedAt),
              ...common,
            }),
          ),
        ];
      }
    }
  }
  return assetRecords(notice, ctx);
}

/**
 * The 501 TENDER_PROJECT 招标项目 an announcement (招标公告, 资格预审公告) opens: the parent the receiver
 * checks each 503, 511 and 513 against (TenderProjectCodeMatch), so it goes before them. One
 * record per tender project, whichever announcement sends it (a second announcement or a
 * correction updates it). What the notice model has no place for comes from the deployment's
 * `tenderProject` declaration (context.ts); without it the 501 is held, saying what to configure.
 */
function tenderProject(
  n: Notice,
  call: { content: string | undefined; tenderMethod: 'open' | 'invited' | undefined },
  ctx: DataSpecContext,
): BuiltRecord {
  const p = n.project;
  const tenderers = partiesWithRole(n.parties, 'tenderer');
  const tenderer = tenderers[0];
  const agency = partiesWithRole(n.parties, 'agency')[0];
  const declared = ctx.tenderProject ?? {};
  const tendererCode = subjectCode(tenderer, ctx);
  const agencyCode = subjectCode(agency, ctx);
  return {
    dataNo: '501',
    identity: [],
    outlivesNotice: true,
    ...(p.tenderProjectCode ? { subject: `tender-project:${p.tenderProjectCode}` } : {}),
    record: record({
      // 招标项目编号 (20) is the 项目编号 (17) and a three-digit sequence, as 标段编号 (23) is the
      // 招标项目编号 and three more: the project's code is its first 17 characters.
      PROJECT_CODE: p.tenderProjectCode?.slice(0, 17),
      TENDER_PROJECT_CODE: p.tenderProjectCode,
      TENDER_SELF_CODE: p.projectCode,
      UNIFIED_DEAL_CODE: p.lots?.length ? undefined : p.unifiedDealCode,
      IS_TO_LAW: declared.mandatory,
      TENDER_PROJECT_NAME: p.projectName ?? n.title,
      TENDER_PROJECT_TYPE: declared.type,
      REGION_CODE: p.region,
      TENDER_CONTENT: call.content,
      OWNER_NAME: tenderer?.name,
      TENDERER_NAME: tenderers.map((t) => t.name).join(LIST_SEPARATOR) || undefined,
      TENDERER_CODE_TYPE: tendererCode.type,
      // 联合招标: each tenderer's name and code, in the receiver's list form.
      TENDERER_CODE: tenderers.every((t) => subjectCode(t, ctx).code)
        ? tenderers.map((t) => subjectCode(t, ctx).code).join(LIST_SEPARATOR) || undefined
        : undefined,
      ISUNION: tenderer === undefined ? undefined : tenderers.length > 1 ? '1' : '0',
      TENDERER_ROLE: ctx.codes['SUBJECT_ROLE.tenderer'],
      TENDER_AGENCY_NAME: agency?.name,
      TENDER_AGENCY_CODE_TYPE: agencyCode.type,
      TENDER_AGENCY_CODE: agencyCode.code,
      TENDER_AGENCY_ROLE: ctx.codes['SUBJECT_ROLE.agency'],
      TENDER_MODE: call.tenderMethod && ctx.codes[`TENDER_MODE.${call.tenderMethod}`],
      TENDER_ORGANIZE_FORM: ctx.codes[`TENDER_ORGANIZE_FORM.${agency ? 'entrusted' : 'self'}`],
      CREATE_TIME: dateTime(n.formedAt ?? n.publishedAt),
      SUPERVISE_DEPT_NAME: declared.superviseDept,
      APPROVE_DEPT_NAME: declared.approveDept,
      REPORT_DUTY: ctx.bulletinDuty,
      TENDERER_REGION_CODE: tenderer?.region ?? registrationRegion(tendererCode.code),
      TENDERER_PROPERTY: tenderer?.ownership && ctx.codes[`ENTERPRISE_NATURE.${tenderer.ownership}`],
      TENDER_AGENCY_REGION_CODE: agency?.region ?? registrationRegion(agencyCode.code),
      TENDER_AGENCY_PROPERTY: agency?.ownership && ctx.codes[`ENTERPRISE_NATURE.${agency.ownership}`],
      OPERATION_NAME: ctx.operator,
      TRADE_SYSTEM_NO: declared.tradeSystemNo,
      TRADE_SYSTEM_FEE: declared.tradeSystemFee,
    }),
  };
}

/**
 * The 550 PURCHASE_PROJECT 采购项目 a procurement call for bids opens, sent before its 551: one
 * record per 采购项目 (PURCHASE_PROJECT_CODE is UniqueValue at the receiver), whichever
 * announcement sends it. Its 采购项目类型 and 项目类别关联代码 come from the deployment's
 * `purchaseProject` declaration; without it the 550 is held, saying what to configure.
 */
function purchaseProject(
  n: Extract<Notice, { domain: 'procurement'; stage: 'tender-announcement' }>,
  ctx: DataSpecContext,
): BuiltRecord {
  const p = n.project;
  const lots = p.lots ?? [];
  const buyers = partiesWithRole(n.parties, 'buyer');
  const agency = partiesWithRole(n.parties, 'agency')[0];
  const declared = ctx.purchaseProject ?? {};
  return {
    dataNo: '550',
    identity: [],
    outlivesNotice: true,
    ...(p.projectCode ? { subject: `purchase-project:${projectKey(p)}` } : {}),
    record: record({
      PURCHASE_PROJECT_CODE: p.projectCode,
      PURCHASE_PROJECT_NAME: p.projectName ?? n.title,
      RELATE_CODE: declared.relateCode,
      TENDER_PROJECT_TYPE: declared.type,
      // 联合采购: each buyer's name and code, in the receiver's list form.
      PURCHASER_NAME: buyers.map((b) => b.name).join(LIST_SEPARATOR) || undefined,
      PURCHASER_CODE: buyers.every((b) => subjectCode(b, ctx).code)
        ? buyers.map((b) => subjectCode(b, ctx).code).join(LIST_SEPARATOR) || undefined
        : undefined,
      PURCHASER_ROLE: ctx.codes['SUBJECT_ROLE.buyer'],
      PRICE_FORM_CODE: ctx.codes[n.budget ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
      ...moneyFields(n.budget, {
        amount: 'PROGRAM_BUDGET',
        currency: 'BUDGET_CURRENCY',
        unit: 'UNIT_BUDGET',
      }),
      PURCHASER_MODE: n.method && ctx.codes[`PURCHASE_MODE.${n.method}`],
      PURCHASER_CONTENT: n.requirements,
      PURCHASER_ORGANIZE_FORM: ctx.codes[`PURCHASE_ORGANIZE_FORM.${agency ? 'entrusted' : 'self'}`],
      PURCHASER_AGENCY_NAME: agency?.name,
      PURCHASER_AGENCY_CODE: subjectCode(agency, ctx).code,
      PURCHASER_AGENCY_ROLE: agency && ctx.codes['SUBJECT_ROLE.agency'],
      PURCHASE_SECTION_CODE: lots.length > 0 ? lots.map((l) => l.lotCode).join(LIST_SEPARATOR) : p.lotCode,
      PURCHASE_SECTION_NAME:
        lots.length > 0
          ? lots.map((l) => l.name ?? l.lotCode).join(LIST_SEPARATOR)
          : (p.projectName ?? n.title),
      REGION_CODE: p.region,
      TRA_PLACE_CODE: n.platform?.region ?? p.region,
      CREATE_TIME: dateTime(n.formedAt ?? n.publishedAt),
      UNIFIED_DEAL_CODE:
        lots.length > 0
          ? lots
              .map((l) => l.unifiedDealCode)
              .filter(Boolean)
              .join(LIST_SEPARATOR) || undefined
          : p.unifiedDealCode,
    }),
  };
}

/** The receiver splits code lists on ";" and checks each code's FixedLength (23 for a 标段编号, 40 for a 统一交易标识码). */
const LIST_SEPARATOR = ';';

function one(dataNo: string, rec: DataSpecRecord): BuiltRecord {
  return { dataNo, record: rec, identity: [] };
}

/**
 * 企业注册所在地 from a 统一社会信用代码: its characters 3–8 are the region code of the registration
 * authority (GB 32100), when that is a known region.
 */
function registrationRegion(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const credit = checkCreditCode(code);
  if (!credit.ok) return undefined;
  return checkRegionCode(credit.value.regionCode).ok ? credit.value.regionCode : undefined;
}

/** The 统一交易标识码 of one lot: the lot's own, or the notice's when it concerns one lot. */
function lotDealCode(project: Notice['project'], lotCode: string | undefined): string | undefined {
  const lot = project.lots?.find((l) => l.lotCode === lotCode);
  return lot?.unifiedDealCode ?? project.unifiedDealCode;
}
