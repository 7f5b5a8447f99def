import {
  type landSupplyMethods,
  type Money,
  type Party,
  type PartyRef,
  type ProcurementMethod,
  toDataSpecDateTime,
} from '@ggzy/domain';
import type { DataSpecRecord } from './types.ts';

/**
 * Codes of tables the V4 catalogue names but does not list (DomainMatch types and EnumMatch
 * types beyond PRICE_UNIT and TRUE_OR_FALSE). They are configured per deployment from the
 * platform's copy of the spec, never guessed here; a code left out leaves its field empty, and
 * `validateDataSpec` reports it where the field is NotNull.
 */
export type CodeKey =
  /** 公告性质 (Domain 20) of a first publication */
  | 'NOTICE_NATURE.normal'
  /** 公告类型 (Domain 32) */
  | 'BULLETIN_TYPE.tender-announcement'
  | 'BULLETIN_TYPE.prequalification'
  | 'BULLETIN_TYPE.result'
  /** 公示类型 (Domain 13) of a 中标候选人公示 */
  | 'PUBLICITY_TYPE.candidates'
  /** 价款形式代码 (PRICE_FORM_CODE): a money amount, or a rate / other form */
  | 'PRICE_FORM_CODE.amount'
  | 'PRICE_FORM_CODE.other'
  /** 主体类别 (Domain 2001) by the code a party carries */
  | 'SUBJECT_TYPE.creditCode'
  | 'SUBJECT_TYPE.organizationCode'
  /** 主体角色 (Domain 26) */
  | 'SUBJECT_ROLE.tenderer'
  | 'SUBJECT_ROLE.agency'
  | 'SUBJECT_ROLE.winner'
  | 'SUBJECT_ROLE.transferee'
  | 'SUBJECT_ROLE.buyer'
  /** 招标方式 (Domain 1000) of a construction call for bids: 公开招标, 邀请招标 */
  | `TENDER_MODE.${'open' | 'invited'}`
  /** 招标组织形式 (Domain 21): through a 招标代理机构, or by the tenderer itself */
  | `TENDER_ORGANIZE_FORM.${'entrusted' | 'self'}`
  /** 项目类别关联代码 (RELATE_CODE) of a land deal */
  | 'RELATE_CODE.land'
  /** 矿业权出让方式 (Domain 9110) */
  | `IN_BUY_KIND.${'tender' | 'auction' | 'listing' | 'agreement'}`
  /** 企业性质 (Domain 10005) by the party's ownership */
  | `ENTERPRISE_NATURE.${'state-owned' | 'collective' | 'private' | 'foreign' | 'joint-venture' | 'other'}`
  /** 出让收益缴纳方式 (653 IN_COST_STYLE) */
  | `IN_COST_STYLE.${'lump-sum' | 'instalments'}`
  /** 产权交易方式 (Domain 23) */
  | `EXCHANGE_TYPE.${'agreement' | 'auction' | 'online-bidding' | 'tender' | 'dynamic-quotation' | 'other'}`
  /** 采购方式 (Domain 43) of a procurement call for bids (550 PURCHASER_MODE) */
  | `PURCHASE_MODE.${ProcurementMethod}`
  /** 采购组织形式 (Domain 44): through a 采购代理机构, or by the buyer itself (550) */
  | `PURCHASE_ORGANIZE_FORM.${'entrusted' | 'self'}`
  /** 转让方 / 出让人 (Domain 26) of a property listing (700 SELLER_ROLE) */
  | 'SUBJECT_ROLE.transferor'
  /** 供应方式 (Domain 7002) of a land transfer announcement (600 SUPPLY_TYPE) */
  | `SUPPLY_TYPE.${(typeof landSupplyMethods)[number]}`
  /** 招拍挂类型 (Domain 7001) of a land transfer announcement (600 LISTING_TYPE) */
  | `LISTING_TYPE.${'tender' | 'auction' | 'listing'}`
  /** 资产类别 (Domain 22) of a property listing's target (700 PROJECT_TYPE) */
  | `ASSET_TYPE.${'equity' | 'asset' | 'other'}`;

/** What the national platform asks for that a notice does not carry: who publishes, and the code tables. */
export interface DataSpecContext {
  /** 公告发布媒体, e.g. 深圳公共资源交易平台 */
  noticeMedia: string;
  /** 公告(公示)发布责任人 */
  bulletinDuty: string;
  /** 交易平台数据验证责任人 */
  examiner: string;
  /** 创建人 / 信息录入人员 */
  operator: string;
  codes: Partial<Record<CodeKey, string>>;
  /**
   * 交易机构代码 (TRA_AGENCY_CODE of 601, 653, 701): the 统一社会信用代码 of the trading centre this
   * deployment publishes for, used when a notice's platform carries none.
   */
  tradingCentreCode?: string;
  /**
   * What this deployment declares for every 招标项目 (501 TENDER_PROJECT) it reports, where the notice
   * model has no place for it: the trading system (交易系统编号, 平台使用费) and the departments it
   * reports under, and — for a centre that takes one kind of project only — the project's type and
   * whether it must be tendered by law. Left out: the 501 is held with the
   * action to configure it (or to have the e-bidding system report the 501 and list it as reported).
   */
  tenderProject?: {
    /** TRADE_SYSTEM_NO 交易系统编号, 12 characters */
    tradeSystemNo?: string;
    /** TRADE_SYSTEM_FEE 交易系统平台使用费, in 元 (public platforms charge none: `0`) */
    tradeSystemFee?: string;
    /** SUPERVISE_DEPT_NAME 监督部门名称 */
    superviseDept?: string;
    /** APPROVE_DEPT_NAME 审核部门名称 */
    approveDept?: string;
    /** TENDER_PROJECT_TYPE 招标项目类型 (Domain 10, 3 characters) */
    type?: string;
    /** IS_TO_LAW 是否依法必须招标: `1` or `0` */
    mandatory?: string;
  };
  /**
   * What this deployment declares for every 采购项目 (550 PURCHASE_PROJECT) it reports: the notice
   * model has no 采购项目类型 nor 项目类别关联代码. Left out: the 550 is held, saying what to configure.
   */
  purchaseProject?: {
    /** TENDER_PROJECT_TYPE 采购项目类型 (Domain 10, 3 characters) */
    type?: string;
    /** RELATE_CODE 项目类别关联代码: `0` 非固定资产类, `1` 固定资产类 */
    relateCode?: string;
  };
  /**
   * 矿种 codes (Domain 8001, at most five digits) by the mineral as a notice names it (`萤石`,
   * `建筑用砂`; a trailing 矿 is ignored): 651 IN_MINE_COME. A mineral left out holds its 651.
   */
  minerals?: Record<string, string>;
  /**
   * What this deployment's 挂牌 rules say for every property listing (700): whether a listing with
   * no taker is extended by itself (POST_PONE, `T` / `F`); the notice model has no place for it.
   */
  propertyListing?: {
    /** POST_PONE 是否自动延期: `T` or `F` (CQ_TRUE_OR_FALSE) */
    autoExtend?: string;
  };
}

/**
 * Money as the spec's amount, unit and currency: the amount in 元 (PRICE_UNIT 0) written from
 * integer fen without floating point, so `123_400_000` fen is `1234000` and `12_345` is `123.45`.
 */
export function amountText(money: Money): string {
  const sign = money.fen < 0 ? '-' : '';
  const fen = Math.abs(money.fen);
  const yuan = Math.trunc(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return `${sign}${yuan}`;
  return `${sign}${yuan}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

/** PRICE_UNIT 0 = 元: amounts are always sent in 元, the unit fen converts to exactly. */
export const PRICE_UNIT_YUAN = '0';

/** yyyyMMddHHmmss (DateMatch) from an ISO instant, in Beijing time. */
export function dateTime(iso: string | undefined): string | undefined {
  return iso === undefined ? undefined : toDataSpecDateTime(iso);
}

/** yyyyMMdd (DateMatch) from an ISO instant, in Beijing time. */
export function date(iso: string | undefined): string | undefined {
  return dateTime(iso)?.slice(0, 8);
}

/** 代码 and 类别 of a party: its credit code, or the organization code when it has only that. */
export function subjectCode(
  party: Party | PartyRef | undefined,
  context: DataSpecContext,
): { code?: string; type?: string } {
  if (party === undefined) return {};
  const creditCode = 'identifiers' in party ? party.identifiers.creditCode : party.creditCode;
  if (creditCode) return { code: creditCode, type: context.codes['SUBJECT_TYPE.creditCode'] };
  const organizationCode = 'identifiers' in party ? party.identifiers.organizationCode : undefined;
  if (organizationCode)
    return { code: organizationCode, type: context.codes['SUBJECT_TYPE.organizationCode'] };
  return {};
}

/**
 * A record from optional values: absent and empty values are left out, not sent as ''. Line ends
 * are written \n: XML reads a carriage return as a newline, so the JSON and XML forms agree.
 */
export function record(fields: Record<string, string | number | undefined>): DataSpecRecord {
  const out: DataSpecRecord = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && value !== '') out[name] = String(value).replace(/\r\n?/g, '\n');
  }
  return out;
}

/** Money fields: amount, currency and unit, or the 其它类型 text when the price is not money. */
export function moneyFields(
  money: Money | undefined,
  names: { amount: string; currency: string; unit?: string },
): Record<string, string | undefined> {
  if (money === undefined) return {};
  return {
    [names.amount]: amountText(money),
    [names.currency]: money.currency,
    ...(names.unit ? { [names.unit]: PRICE_UNIT_YUAN } : {}),
  };
}

/** One record of a notice, before it becomes a message: its data set, fields and place in the notice. */
export interface BuiltRecord {
  dataNo: string;
  record: DataSpecRecord;
  /** The record's place in the notice (lot and rank, parcel, tract); empty for one record per notice. */
  identity: readonly string[];
  /**
   * What the record is about when it is not the notice (a 501 is its tender project's): its
   * DATA_KEY follows this instead of the notice id, so every notice that sends it names one record.
   */
  subject?: string;
  /**
   * The record is about the project, not the notice (501 招标项目, 550 采购项目): a withdrawal of
   * the notice leaves it, as the project may be announced again and its other notices cite it.
   */
  outlivesNotice?: boolean;
  /** Text that tells this record from its siblings when the receiver's duplicate check would confuse them. */
  distinction?: string;
}
