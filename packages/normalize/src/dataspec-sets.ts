import type { Domain } from '@ggzy/domain';
import { codeList, money, partyCode, type SpecRecord, text, yesNo } from './dataspec-fields.ts';
import { setPath } from './tabular-record.ts';

/**
 * One mapping per data set (DataNo) of the national data spec V4, from its field names (as in
 * shared/domain/national-dataspec/V4/<DataNo>.json) to input-format fields. Fields a data set
 * has that the input format has no place for go to `extra` under their V4 names.
 */

/** Builds one input record from one spec record, remembering which V4 field filled which path. */
export class SpecDraft {
  readonly record: Record<string, unknown> = { ggzyInput: 1 };
  readonly sources = new Map<string, string>();
  readonly used = new Set<string>();
  readonly problems: { field: string; rule: string; message: string; value?: string }[] = [];
  readonly notes: { path: string; rule: string; message: string }[] = [];

  constructor(readonly spec: SpecRecord) {}

  /** Sets `path` from `field` (or from `value`, crediting `field`); nothing when absent. */
  set(path: string, field: string, value: unknown = text(this.spec, field)): void {
    this.used.add(field);
    if (value === undefined) return;
    setPath(this.record, path, value);
    if (!this.sources.has(path)) this.sources.set(path, field);
  }

  /** Money from an amount field with its unit and currency fields. */
  money(path: string, amountField: string, unitField?: string, currencyField?: string): void {
    for (const f of [unitField, currencyField]) if (f) this.used.add(f);
    const read = money(this.spec, amountField, unitField, currencyField);
    if (read && !read.ok) {
      this.used.add(amountField);
      this.problems.push({
        field: read.field,
        rule: 'dataspec.money',
        message: read.message,
        value: read.value,
      });
      return;
    }
    this.set(path, amountField, read?.text);
  }

  /** A party of the record: name, roles and whatever code the spec gives. */
  party(
    nameField: string,
    codeField: string | undefined,
    roles: string[],
    extra: Record<string, unknown> = {},
  ): number | undefined {
    const name = text(this.spec, nameField);
    this.used.add(nameField);
    if (codeField) this.used.add(codeField);
    if (name === undefined) return undefined;
    const parties = ((this.record.parties as unknown[] | undefined) ?? []) as Record<string, unknown>[];
    const at = parties.length;
    const codes = partyCode(codeField === undefined ? undefined : text(this.spec, codeField));
    parties.push({ name, roles, ...codes, ...extra });
    this.record.parties = parties;
    this.sources.set(`parties[${at}]`, nameField);
    if (codeField) {
      this.sources.set(`parties[${at}].creditCode`, codeField);
      this.sources.set(`parties[${at}].organizationCode`, codeField);
    }
    return at;
  }

  /** A value the spec does not carry, derived from others, with a `value-inferred` note. */
  infer(path: string, value: string | undefined, because: string, rule = 'value-inferred'): void {
    if (value === undefined || this.record[path] !== undefined) return;
    setPath(this.record, path, value);
    this.notes.push({ path, rule, message: because });
  }
}

export interface DataSet {
  dataNo: string;
  /** table name and Chinese name in the spec */
  table: string;
  label: string;
  domain: Domain;
  /** fields whose values, joined, identify the record (the data set's natural key) */
  recordId: readonly string[];
  build: (d: SpecDraft, r: SpecRecord) => void;
}

/** 标段（包）编号 and 统一交易标识码 lists: one lot becomes lotCode, several become lots. */
function lots(d: SpecDraft, r: SpecRecord, codesField: string, dealCodesField: string): void {
  const codes = codeList(text(r, codesField));
  const deals = codeList(text(r, dealCodesField));
  d.used.add(codesField);
  d.used.add(dealCodesField);
  if (codes.length <= 1) {
    d.set('lotCode', codesField, codes[0]);
    d.set('unifiedDealCode', dealCodesField, deals.length === 1 ? deals[0] : undefined);
    return;
  }
  codes.forEach((lotCode, i) => {
    d.set(`lots[${i}].lotCode`, codesField, lotCode);
    if (deals.length === codes.length) d.set(`lots[${i}].unifiedDealCode`, dealCodesField, deals[i]);
  });
}

export const dataSets: readonly DataSet[] = [
  {
    dataNo: '503',
    table: 'TENDER_ANN_QUA_INQUERY_ANN',
    label: '招标公告与资格预审公告',
    domain: 'construction',
    recordId: ['TENDER_PROJECT_CODE', 'BID_SECTION_CODES', 'NOTICE_SEND_TIME'],
    build(d, r) {
      // 资格预审公告 share the table; the title tells them apart.
      d.record.stage = text(r, 'NOTICE_NAME')?.includes('资格预审')
        ? 'prequalification'
        : 'tender-announcement';
      d.set('tenderProjectCode', 'TENDER_PROJECT_CODE');
      d.set('projectCode', 'TENDER_SELF_CODE');
      lots(d, r, 'BID_SECTION_CODES', 'UNIFIED_DEAL_CODES');
      d.set('platform', 'TRAD_CENTER_NAME');
      d.set('title', 'NOTICE_NAME');
      d.set('body', 'NOTICE_CONTENT');
      d.set('publishedAt', 'NOTICE_SEND_TIME');
      d.set('sourceUrl', 'URL');
      d.set('documentAccess.from', 'DOC_GET_START_TIME');
      d.set('documentAccess.until', 'DOC_GET_END_TIME');
      d.set('documentAccess.method', 'TENDER_DOC_GET_METHOD');
      d.money('documentAccess.price', 'DOC_PRICE', 'DOC_PRICE_UNIT', 'DOC_PRICE_CURRENCY');
      d.set('submission.deadline', 'BID_DOC_REFER_END_TIME');
      d.set('submission.method', 'BID_DOC_REFER_METHOD');
      d.set('submission.openingAt', 'BID_OPEN_TIME');
      d.set('consortiumAllowed', 'SYNDICATED_FLAG', yesNo(r, 'SYNDICATED_FLAG'));
      const contact = (who: string) =>
        [text(r, `${who}_CONTACTOR`), text(r, `${who}_PHONE_NUMBER`), text(r, `${who}_EMAIL`)]
          .filter(Boolean)
          .join(' ') || undefined;
      for (const who of ['TENDERER', 'TENDER_AGENCY']) {
        for (const f of ['CONTACTOR', 'PHONE_NUMBER', 'EMAIL', 'ADDRESS']) d.used.add(`${who}_${f}`);
      }
      const attrs = (who: string) => strip({ address: text(r, `${who}_ADDRESS`), contact: contact(who) });
      d.party('TENDERER_NAME', 'TENDERER_CODE', ['招标人'], attrs('TENDERER'));
      d.party('TENDER_AGENCY_NAME', 'TENDER_AGENCY_CODE', ['招标代理机构'], attrs('TENDER_AGENCY'));
    },
  },
  {
    dataNo: '511',
    table: 'TENDER_CANDIDATE_ANNOUNCE',
    label: '中标候选人公示',
    domain: 'construction',
    recordId: ['TENDER_PROJECT_CODE', 'BID_SECTION_CODES', 'PUBLICITY_REFER_TIME'],
    build(d, r) {
      d.record.stage = 'candidates';
      d.set('tenderProjectCode', 'TENDER_PROJECT_CODE');
      lots(d, r, 'BID_SECTION_CODES', 'UNIFIED_DEAL_CODE');
      d.set('title', 'PUBLICITY_NAME');
      d.set('body', 'PUBLICITY_CONTENT');
      d.set('publishedAt', 'PUBLICITY_REFER_TIME');
      d.set('sourceUrl', 'URL');
      d.set('publicityPeriod.from', 'PUBLICITY_START_TIME');
      d.set('publicityPeriod.until', 'PUBLICITY_END_TIME');
      d.set('objection.channel', 'OBJECTION_METHOD');
      let n = 0;
      ['FIRST', 'SECOND', 'THIRD'].forEach((place, i) => {
        const name = text(r, `${place}_BIDDER_NAME`);
        d.used.add(`${place}_BIDDER_NAME`);
        d.used.add(`${place}_BIDDER_CODE`);
        if (name === undefined) return;
        d.set(`candidates[${n}].rank`, `${place}_BIDDER_NAME`, i + 1);
        d.set(`candidates[${n}].name`, `${place}_BIDDER_NAME`);
        d.set(`candidates[${n}].creditCode`, `${place}_BIDDER_CODE`);
        n++;
      });
    },
  },
  {
    dataNo: '513',
    table: 'WIN_RESULT_ANNO',
    label: '中标结果公告',
    domain: 'construction',
    recordId: ['BID_SECTION_CODE', 'NOTICE_SEND_TIME'],
    build(d, r) {
      d.record.stage = 'result';
      d.set('tenderProjectCode', 'TENDER_PROJECT_CODE');
      d.set('lotCode', 'BID_SECTION_CODE');
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('region', 'REGION_CODE');
      d.set('title', 'NOTICE_NAME');
      d.set('body', 'NOTICE_CONTENT');
      d.set('publishedAt', 'NOTICE_SEND_TIME');
      d.set('sourceUrl', 'URL');
      d.party('TENDER_AGENCY_NAME', 'TENDER_AGENCY_CODE', ['招标代理机构']);
      const lot = text(r, 'BID_SECTION_CODE');
      d.party(
        'WIN_BIDDER_NAME',
        'WIN_BIDDER_CODE',
        ['中标人'],
        strip({ region: text(r, 'BIDDER_REGION_CODE'), lotCode: lot }),
      );
      d.used.add('BIDDER_REGION_CODE');
      d.set('awards[0].lotCode', 'BID_SECTION_CODE');
      d.set('awards[0].name', 'WIN_BIDDER_NAME');
      d.set('awards[0].creditCode', 'WIN_BIDDER_CODE', partyCode(text(r, 'WIN_BIDDER_CODE')).creditCode);
      d.money('awards[0].price', 'BID_AMOUNT', 'PRICE_UNIT', 'BID_CURRENCY');
      d.set('awards[0].otherPrice', 'OTHER_BID_PRICE');
      d.set('awards[0].projectManager.name', 'PROJECT_LEAD');
    },
  },
  {
    dataNo: '551',
    table: 'PURCHASE_QUALI_INQUERY_ANN',
    label: '采购（资格预审）公告',
    domain: 'procurement',
    recordId: ['PURCHASE_PROJECT_CODE', 'PURCHASE_SECTION_CODE', 'BULLETIN_START_TIME'],
    build(d, r) {
      d.record.stage = 'tender-announcement';
      d.set('projectCode', 'PURCHASE_PROJECT_CODE');
      d.set('projectName', 'PURCHASE_PROJECT_NAME');
      lots(d, r, 'PURCHASE_SECTION_CODE', 'UNIFIED_DEAL_CODE');
      d.set('title', 'BULLETIN_TITLE');
      d.set('body', 'BULLETIN_CONTENT');
      d.set('publishedAt', 'BULLETIN_START_TIME');
      d.set('sourceUrl', 'URL');
      d.set('submission.deadline', 'BID_CLOSING_TIME');
    },
  },
  {
    dataNo: '553',
    table: 'BID_DEAL_ANNOUNCE',
    label: '中标(成交)结果公告',
    domain: 'procurement',
    recordId: ['PURCHASE_PROJECT_CODE', 'PURCHASE_SECTION_CODE', 'WIN_BID_BULLETIN_START_TIME'],
    build(d, r) {
      d.record.stage = 'result';
      d.set('projectCode', 'PURCHASE_PROJECT_CODE');
      d.set('projectName', 'PURCHASE_PROJECT_NAME');
      d.set('lotCode', 'PURCHASE_SECTION_CODE');
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('region', 'REGION_CODE');
      d.set('title', 'WIN_BID_BULLETIN_TITLE');
      d.set('body', 'WIN_BID_BULLETIN_CONTENT');
      d.set('publishedAt', 'WIN_BID_BULLETIN_START_TIME');
      d.set('sourceUrl', 'URL');
      d.party('PURCHASER_AGENCY_NAME', 'PURCHASER_AGENCY_CODE', ['采购代理机构']);
      const lot = text(r, 'PURCHASE_SECTION_CODE');
      d.party('WINNINGBIDDER_NAME', 'WINNINGBIDDER_CODE', ['中标供应商'], strip({ lotCode: lot }));
      d.set('awards[0].lotCode', 'PURCHASE_SECTION_CODE');
      d.set('awards[0].name', 'WINNINGBIDDER_NAME');
      d.money('awards[0].price', 'WIN_BID_PRICE', 'PRICE_UNIT', 'CURRENCY_CODE');
      d.set('awards[0].otherPrice', 'WIN_BID_RATE');
    },
  },
  {
    dataNo: '554',
    table: 'PURCHASE_CONTRACT',
    label: '采购合同',
    domain: 'procurement',
    recordId: ['PURCHASE_PROJECT_CODE', 'PURCHASE_SECTION_CODE', 'CONTRACT_NAME'],
    build(d, r) {
      d.record.stage = 'contract';
      d.set('projectCode', 'PURCHASE_PROJECT_CODE');
      d.set('projectName', 'PURCHASE_PROJECT_NAME');
      d.set('lotCode', 'PURCHASE_SECTION_CODE');
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('contract.name', 'CONTRACT_NAME');
      d.set('contract.lotCode', 'PURCHASE_SECTION_CODE');
      d.party('PURCHASER_NAME', 'PURCHASER_CODE', ['采购人']);
      d.party('SUPPLIER_NAME', 'SUPPLIER_CODE', ['供应商']);
      d.set('contract.partyA', 'PURCHASER_NAME');
      d.set('contract.partyB', 'SUPPLIER_NAME');
      d.money('contract.amount', 'CONTRACT_AMOUNT', 'PRICE_UNIT', 'CURRENCY_CODE');
      d.set('contract.otherAmount', 'WIN_BID_RATE');
      // 合同期限 is a bare number in the spec without a unit; read as days, the canonical unit, and kept as text too.
      d.set('contract.term', 'CONTRACT_TERM');
      d.set('contract.signedAt', 'SIGNING_TIME');
      d.set('sourceUrl', 'URL');
      d.infer(
        'title',
        text(r, 'CONTRACT_NAME'),
        '554 has no title; the contract name (CONTRACT_NAME) is used',
      );
      d.sources.set('title', 'CONTRACT_NAME');
      d.infer(
        'publishedAt',
        text(r, 'SIGNING_TIME'),
        '554 has no publication time; the signing time (SIGNING_TIME) is used',
      );
      d.sources.set('publishedAt', 'SIGNING_TIME');
    },
  },
  {
    dataNo: '601',
    table: 'DEAL_LAND_INFO',
    label: '成交宗地信息',
    domain: 'land',
    recordId: ['DEAL_LAND_CODE'],
    build(d, r) {
      d.record.stage = 'deal-publicity';
      // The 宗地编号 is the code every stage of a parcel prints (docs/input-format.md).
      d.set('projectCode', 'LAND_CODE');
      d.set('projectName', 'LAND_PROJECT_NAME');
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('region', 'REGION_CODE');
      d.set('platform', 'TRA_AGENCY_NAME');
      d.set('title', 'ANNOUNCEMENT_TITLE');
      d.set('body', 'ANNOUNCEMENT_CONNECT');
      d.set('publishedAt', 'PUBLISHING_TIME');
      d.set('sourceUrl', 'LAND_URL');
      d.party('LENDING_NAME', 'LENDING_CODE', ['受让人']);
      d.set('parcels[0].parcelNumber', 'LAND_CODE');
      d.set('parcels[0].location', 'LAND_POSITION');
      d.set('parcels[0].area', 'LAND_AREA');
      d.set('parcels[0].use', 'LAND_USAGE');
      d.set('parcels[0].termYears', 'LEND_AGE_LIMIT');
      d.set('parcels[0].transferee', 'LENDING_NAME');
      d.set('parcels[0].transfereeCreditCode', 'LENDING_CODE', partyCode(text(r, 'LENDING_CODE')).creditCode);
      d.money('parcels[0].dealPrice', 'DEAL_PRICE', 'PRICE_UNIT', 'CURRENCY_CODE');
    },
  },
  {
    dataNo: '653',
    table: 'MINING_BID_AUC_TRANS_RES_ANN',
    label: '采矿权招拍挂出让结果公示信息',
    domain: 'mining',
    recordId: ['UNIFIED_DEAL_CODE'],
    build(d, r) {
      d.record.stage = 'deal-publicity';
      d.record.rightKind = 'mining';
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('projectName', 'NA_APP_NAME');
      d.set('region', 'REGION_CODE');
      d.set('platform', 'TRA_AGENCY_NAME');
      d.set('publishedAt', 'PUBLISHING_TIME');
      d.set('sourceUrl', 'URL');
      d.party('NA_PUBLIC_BIDDER', 'BIDDER_CODE', ['竞得人'], strip({ address: text(r, 'NA_REG_ADDRESS') }));
      d.used.add('NA_REG_ADDRESS');
      d.set('tracts[0].name', 'NA_APP_NAME');
      d.set('tracts[0].area', 'QT_TOTAL_AREA');
      d.set('tracts[0].termYears', 'QT_PLAN_YEARS');
      d.set('tracts[0].location', 'NA_GEOGRAPHY_POSITION');
      d.set('tracts[0].coordinates', 'NA_AREA_COORDINATE');
      d.set('tracts[0].transferee', 'NA_PUBLIC_BIDDER');
      d.set('tracts[0].transfereeCreditCode', 'BIDDER_CODE', partyCode(text(r, 'BIDDER_CODE')).creditCode);
      // 成交价 has no PRICE_UNIT in 653: read as 元, the spec's unit where none is given.
      d.money('tracts[0].dealPrice', 'QT_PUBLIC_PRICE');
      d.set('tracts[0].dealAt', 'DT_BUY_DATE');
      d.set('tracts[0].dealPlace', 'NA_TD_ADDRESS');
      d.set('tracts[0].paymentDueAt', 'DT_COST_DATE');
      const name = text(r, 'NA_APP_NAME');
      d.infer(
        'title',
        name && `${name}采矿权出让结果公示`,
        '653 has no title; it is made from the mine name (NA_APP_NAME)',
      );
      d.sources.set('title', 'NA_APP_NAME');
    },
  },
  {
    dataNo: '701',
    table: 'TRADE_RESULT_INFO',
    label: '交易结果信息',
    domain: 'property',
    recordId: ['PROJECT_CODE', 'BID_CODE', 'UNIFIED_DEAL_CODE'],
    build(d, r) {
      d.record.stage = 'deal';
      d.set('projectCode', 'PROJECT_CODE');
      d.set('projectName', 'PROJECT_NAME');
      d.set('unifiedDealCode', 'UNIFIED_DEAL_CODE');
      d.set('region', 'REGION_CODE');
      d.set('platform', 'TRA_AGENCY_NAME');
      d.set('sourceUrl', 'PROJECT_URL');
      d.set('target.name', text(r, 'BID_NAME') ? 'BID_NAME' : 'PROJECT_NAME');
      d.set('target.code', 'BID_CODE');
      // SELLER_* in 701 are the 受让方 (the buyer), as the spec's Chinese names say.
      d.party('SELLER_NAME', 'SELLER_CODE', ['受让方']);
      d.set('transferee', 'SELLER_NAME');
      d.money('dealPrice', 'TRADE_VALUE', 'PRICE_UNIT', 'CURRENCY_CODE');
      // 评估值 has no unit field of its own; the record's PRICE_UNIT is taken for it.
      d.money('appraisals[0].value', 'OBJECT_EVALUATE_VALUE', 'PRICE_UNIT', 'CURRENCY_CODE');
      if (text(r, 'OBJECT_EVALUATE_VALUE') !== undefined)
        d.record.appraisals = [
          {
            kind: 'valuation',
            ...((d.record.appraisals as Record<string, unknown>[] | undefined)?.[0] ?? {}),
          },
        ];
      d.set('dealAt', 'TRADE_DATE');
      const name = text(r, 'PROJECT_NAME');
      d.infer(
        'title',
        name && `${name}成交公告`,
        '701 has no title; it is made from the project name (PROJECT_NAME)',
      );
      d.sources.set('title', 'PROJECT_NAME');
      d.infer(
        'publishedAt',
        text(r, 'TRADE_DATE'),
        '701 has no publication time; the trade date (TRADE_DATE) is used',
      );
      d.sources.set('publishedAt', 'TRADE_DATE');
    },
  },
];

function strip(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
