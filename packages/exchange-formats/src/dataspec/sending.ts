import type { DataSpecMessage, Problem } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';
import { validateDataSpec } from './validate.ts';

/**
 * Where an empty NotNull field would come from, as an operator can act on it: which notice field
 * a feed must send, which context entry to configure, or that ggzy's model has no place for it
 * yet. Field names mean the same in every data set that has them.
 */
const fieldSources: Record<string, string> = {
  TENDER_PROJECT_CODE: 'the feed must send project.tenderProjectCode (招标项目编号, 20 characters)',
  BID_SECTION_CODES: 'the feed must send project.lotCode or project.lots[].lotCode (标段编号, 23 characters)',
  BID_SECTION_CODE:
    'the feed must send the lot code of the award or project.lotCode (标段编号, 23 characters)',
  UNIFIED_DEAL_CODE:
    'the feed must send project.unifiedDealCode or project.lots[].unifiedDealCode (统一交易标识码, 40 characters)',
  UNIFIED_DEAL_CODES:
    'the feed must send project.unifiedDealCode or project.lots[].unifiedDealCode (统一交易标识码, 40 characters)',
  PURCHASE_SECTION_CODE: 'the feed must send project.lotCode or project.lots[].lotCode (采购项目子包编号)',
  PURCHASE_PROJECT_CODE: 'the feed must send project.projectCode (采购项目编号)',
  TENDER_SELF_CODE: 'the feed must send project.projectCode (招标编号)',
  TRA_AGENCY_CODE:
    'the notice’s platform needs its credit code, or configure the data-spec context: tradingCentreCode (交易机构代码)',
  TRA_AGENCY_NAME: 'the feed must send platform.name (交易机构名称)',
  TENDER_AGENCY_CODE: 'the notice must name the 招标代理机构 with its credit code (a party with role agency)',
  TENDER_AGENCY_NAME: 'the notice must name the 招标代理机构 (a party with role agency)',
  PURCHASER_AGENCY_CODE:
    'the notice must name the 采购代理机构 with its credit code (a party with role agency)',
  PURCHASER_AGENCY_NAME: 'the notice must name the 采购代理机构 (a party with role agency)',
  WIN_BIDDER_CODE:
    'the notice must name the 中标人 with its credit code (parties[].creditCode of the winner)',
  WINNINGBIDDER_CODE:
    'the notice must name the 中标（成交）供应商 with its credit code (parties[].creditCode of the winner)',
  LENDING_CODE: 'the notice must name the 竞得人 with its credit code (deals[].transfereeCreditCode)',
  BIDDER_CODE: 'the notice must name the 竞得人 with its credit code (tracts[].transfereeCreditCode)',
  SELLER_CODE: 'the notice must name the 受让方 with its credit code (parties[].creditCode)',
  URL: 'the feed must send sourceUrl (公告源URL: where the notice is published)',
  TENDERER_CODE: 'the notice must name the 招标人 with its credit code (a party with role tenderer)',
  TENDERER_NAME: 'the notice must name the 招标人 (a party with role tenderer)',
  TENDERER_CODE_TYPE:
    'the notice must name the 招标人 with its code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  TENDER_AGENCY_CODE_TYPE:
    'the notice must name the 招标代理机构 with its code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  PROJECT_CODE:
    'the feed must send project.tenderProjectCode (招标项目编号, 20 characters: its first 17 are the 项目编号)',
  TENDER_PROJECT_NAME: 'the feed must send project.projectName (招标项目名称)',
  TENDER_CONTENT: 'the notice must give its 招标范围 (scope) or 招标条件 (tenderConditions)',
  ISUNION: 'the notice must name the 招标人 (a party with role tenderer)',
  TENDERER_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.tenderer (Domain 26)',
  TENDER_AGENCY_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.agency (Domain 26)',
  TENDER_ORGANIZE_FORM:
    'configure the data-spec context: codes TENDER_ORGANIZE_FORM.entrusted / .self (Domain 21)',
  CREATE_TIME: 'the notice must give formedAt or publishedAt',
  REPORT_DUTY: 'configure the data-spec context: bulletinDuty (申报责任人)',
  OPERATION_NAME: 'configure the data-spec context: operator (信息录入人员)',
  TENDERER_REGION_CODE:
    'the 招标人 needs a region or a credit code (its characters 3–8 are the registration region)',
  TENDER_AGENCY_REGION_CODE:
    'the 招标代理机构 needs a region or a credit code (its characters 3–8 are the registration region)',
  TENDERER_PROPERTY:
    'the feed must send the 招标人’s 企业性质 (parties[].ownership), and the context codes ENTERPRISE_NATURE.<ownership> (Domain 10005)',
  TENDER_AGENCY_PROPERTY:
    'the feed must send the 招标代理机构’s 企业性质 (parties[].ownership), and the context codes ENTERPRISE_NATURE.<ownership> (Domain 10005)',
  TRADE_SYSTEM_NO:
    'configure the data-spec context: tenderProject.tradeSystemNo (交易系统编号, 12 characters), or have the e-bidding system report the 501',
  TRADE_SYSTEM_FEE:
    'configure the data-spec context: tenderProject.tradeSystemFee (交易系统平台使用费, 元), or have the e-bidding system report the 501',
  SUPERVISE_DEPT_NAME:
    'configure the data-spec context: tenderProject.superviseDept (监督部门名称), or have the e-bidding system report the 501',
  APPROVE_DEPT_NAME:
    'configure the data-spec context: tenderProject.approveDept (审核部门名称), or have the e-bidding system report the 501',
  TENDER_PROJECT_TYPE:
    'ggzy’s notice model has no 招标项目类型: declare it for the deployment (context tenderProject.type, Domain 10), or have the e-bidding system report the 501',
  IS_TO_LAW:
    'ggzy’s notice model has no 是否依法必须招标: declare it for the deployment (context tenderProject.mandatory), or have the e-bidding system report the 501',
  TENDER_MODE:
    'the notice must give its 招标方式 (tenderMethod), and the context codes TENDER_MODE.open / .invited (Domain 1000)',
  BIDDER_REGION_CODE:
    'the winner needs a region or a credit code (its characters 3–8 are the registration region)',
  NA_REG_ADDRESS: 'the notice must give the 竞得人’s address (parties[].address)',
  IN_BUY_KIND: 'the notice must give its method, and the context codes IN_BUY_KIND.<method>',
  EXCHANGE_TYPE: 'the notice must give its method, and the context codes EXCHANGE_TYPE.<method>',
  NOTICE_MEDIA: 'configure the data-spec context: noticeMedia (公告发布媒体)',
  BULLETIN_MEDIA: 'configure the data-spec context: noticeMedia (公告发布媒体)',
  BULLETIN_DUTY: 'configure the data-spec context: bulletinDuty (发布责任人)',
  BULLETIN_DUTY_CODE_TYPE: 'configure the data-spec context: examiner (数据验证责任人)',
  EXAMINER_NAME: 'configure the data-spec context: examiner (数据验证责任人)',
  CREATOR: 'configure the data-spec context: operator (创建人)',
  NOTICE_NATURE: 'configure the data-spec context: codes NOTICE_NATURE.normal (Domain 20)',
  BULLETIN_TYPE: 'configure the data-spec context: codes BULLETIN_TYPE.<stage> (Domain 32)',
  PUBLICITY_TYPE: 'configure the data-spec context: codes PUBLICITY_TYPE.candidates (Domain 13)',
  PRICE_FORM_CODE:
    'configure the data-spec context: codes PRICE_FORM_CODE.amount / .other (1 金额, 2 费率, 3 单价, 9 其他)',
  BIDDER_CODE_TYPE:
    'the notice must name the 中标人 / 竞得人 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  WINNINGBIDDER_TYPE:
    'the notice must name the 中标（成交）供应商 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  LENDING_TYPE:
    'the notice must name the 竞得人 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  BIDDER_TYPE:
    'the notice must name the 竞得人 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  SELLER_TYPE:
    'the notice must name the 受让方 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  BIDDER_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.winner / .transferee (Domain 26)',
  SELLER_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.transferee (Domain 26)',
  LEGAL_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.buyer (Domain 26)',
  RELATE_CODE: 'configure the data-spec context: codes RELATE_CODE.land (0 非固定资产类, 1 固定资产类)',
  TENDERER_PHONE_NUMBER:
    'the feed must send the 招标人’s phone (parties[].phone of the party with role tenderer)',
  TENDERER_EMAIL: 'the feed must send the 招标人’s e-mail (parties[].email of the party with role tenderer)',
  BIDDER_PROPERTY:
    'the feed must send the winner’s 企业性质 (parties[].ownership), and the context codes ENTERPRISE_NATURE.<ownership> (Domain 10005)',
  PROJECT_LEAD_ID:
    'the feed must send the 项目负责人’s resident ID (awards[].projectManager.personId; it leaves masked)',
  QT_PLAN_YEARS: 'the feed must send the tract’s 出让年限 (tracts[].termYears)',
  NA_GEOGRAPHY_POSITION: 'the feed must send the tract’s 地理位置 (tracts[].location)',
  NA_TD_ADDRESS: 'the feed must send the 成交地点 (tracts[].dealPlace)',
  IN_COST_STYLE:
    'the feed must send the 出让收益缴纳方式 (tracts[].paymentMethod), and the context codes IN_COST_STYLE.<method>',
  DT_COST_DATE: 'the feed must send the 出让收益缴纳时间 (tracts[].paymentDueAt)',
  NA_AREA_COORDINATE: 'the feed must send the tract’s 区域坐标 (tracts[].coordinates)',
};

/** NotNull fields ggzy's notice model has no place for (docs/exchange-formats.md "Gaps"). */
const modelGaps: Record<string, string> = {};

/** A problem that keeps a record from being sent, with what would let it go. */
export interface HoldReason extends Problem {
  /** What an operator (or a feed) can do about it. */
  action: string;
}

/** 30亿元: the receiver refuses a larger 中标金额 unless the platform lists the tender project (tpc.json). */
const BID_AMOUNT_LIMIT_YUAN = 3_000_000_000n;

export interface SendCheckOptions {
  /** Tender projects the receiving platform allows an award over 30亿元 for (its tpc.json). */
  largeAwardProjects?: readonly string[];
}

/**
 * Why a record may not be sent: every V4 validator it fails, each with an action, and the
 * receiver's whole-record rules (BID_AMOUNT of 513). Empty: send it. A delete names its record by
 * key alone and is never held here (the receiver validates no CONTEXT for DATA_TYPE 3).
 */
export function holdReasons(message: DataSpecMessage, options: SendCheckOptions = {}): HoldReason[] {
  if (message.messageType === 'delete') return [];
  const reasons: HoldReason[] = validateDataSpec(message.dataNo, message.record).map((problem) => ({
    ...problem,
    action: actionFor(problem),
  }));
  if (v4DataSets[message.dataNo]?.tableValidators.includes('BID_AMOUNT')) {
    const over = bidAmountOverLimit(message.record, options);
    if (over) reasons.push(over);
  }
  return reasons;
}

function actionFor(problem: Problem): string {
  if (problem.validator === 'NotNull') {
    const gap = modelGaps[problem.field];
    if (gap) return `ggzy's notice model has no place for ${gap}: the record waits until the model holds it`;
    return fieldSources[problem.field] ?? `the notice must give ${problem.field}`;
  }
  if (problem.validator === 'FieldName')
    return 'a mapping fault: report it (ggzy wrote a field the data set lacks)';
  return `correct the value at its source: ${problem.message}`;
}

/**
 * The receiver's BID_AMOUNT rule: with PRICE_FORM_CODE 1 (金额), BID_AMOUNT in 元 (× 10000 when
 * PRICE_UNIT is 1, 万元) over 30亿 is refused unless TENDER_PROJECT_CODE is on the platform's list.
 * Compared in integer fen, never in floating point.
 */
function bidAmountOverLimit(
  record: Record<string, string>,
  options: SendCheckOptions,
): HoldReason | undefined {
  if (record.PRICE_FORM_CODE !== '1') return undefined;
  const fen = fenOf(record.BID_AMOUNT ?? '');
  if (fen === undefined) return undefined;
  const scale = record.PRICE_UNIT === '1' ? 10_000n : 1n;
  if (fen * scale <= BID_AMOUNT_LIMIT_YUAN * 100n) return undefined;
  const project = record.TENDER_PROJECT_CODE ?? '';
  if (options.largeAwardProjects?.includes(project)) return undefined;
  return {
    dataNo: '513',
    field: 'BID_AMOUNT',
    validator: 'BID_AMOUNT',
    message: `中标金额 (BID_AMOUNT) ${record.BID_AMOUNT}${scale === 1n ? '元' : '万元'} is over 30亿元`,
    value: record.BID_AMOUNT ?? '',
    action: `the receiver refuses an award over 30亿元 unless its platform lists tender project ${project || '(none)'} (tpc.json): confirm the amount, then ask the platform to list the project and add it to the allowed list`,
  };
}

/** A decimal amount as integer fen (at most two decimals kept; more is a NumberMatch problem anyway). */
function fenOf(amount: string): bigint | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount);
  if (!m) return undefined;
  const cents = `${m[3] ?? ''}00`.slice(0, 2);
  const fen = BigInt(m[2]!) * 100n + BigInt(cents);
  return m[1] ? -fen : fen;
}

/** What became of one message on its way out. */
export type SendDecision =
  /** Send it, with the DATA_TYPE the receiver's key registry will accept. */
  | { outcome: 'send'; message: DataSpecMessage }
  /** Keep it back: the receiver would refuse it, or it would arrive with empty fields. */
  | { outcome: 'hold'; message: DataSpecMessage; reasons: HoldReason[] }
  /** Nothing to send: a delete of a record the receiver never got. */
  | { outcome: 'skip'; message: DataSpecMessage; reason: string };

/**
 * The sender's copy of the receiver's DATA_KEY registry, for one run (an export, a batch): the
 * receiver refuses an insert of a key it holds and an update or delete of one it does not. A key
 * this ledger has seen decides by what was sent; an unseen key is taken to be held by the
 * receiver when its message is a later version (its insert went out before this run) — unless
 * `known` answers. So a record whose insert was held goes out as an insert once its correction
 * makes it whole, and the delete of a record never sent is skipped. A child of a tender project
 * the receiver does not hold (its TenderProjectCodeMatch) is held too.
 */
export class DataKeyLedger {
  readonly #present = new Map<string, boolean>();
  readonly #options: SendCheckOptions;
  readonly #known: ((message: DataSpecMessage) => boolean | undefined) | undefined;

  /** TENDER_PROJECT_CODEs of parent 招标项目 the receiver holds: given, or sent in this run. */
  readonly #tenderProjects: Set<string>;

  constructor(
    options: SendCheckOptions & {
      known?: (message: DataSpecMessage) => boolean | undefined;
      /** Tender projects (501 TENDER_PROJECT) the receiver already holds, reported before or by others. */
      reportedTenderProjects?: readonly string[];
    } = {},
  ) {
    this.#options = options;
    this.#known = options.known;
    this.#tenderProjects = new Set(options.reportedTenderProjects ?? []);
  }

  /**
   * The receiver's TenderProjectCodeMatch: a child (503, 511, 513 …) of a tender project it does
   * not hold is refused ("招标项目数据未上报，请先上报"), so it is held until the parent is reported.
   */
  #parentUnreported(message: DataSpecMessage): HoldReason | undefined {
    const spec = v4DataSets[message.dataNo];
    const field = spec?.fields.find((f) =>
      f.validators.some((v) => v.ValidatorName === 'TenderProjectCodeMatch'),
    );
    if (field === undefined) return undefined;
    const code = message.record[field.name];
    if (code === undefined || code === '' || this.#tenderProjects.has(code)) return undefined;
    return {
      dataNo: message.dataNo,
      field: field.name,
      validator: 'TenderProjectCodeMatch',
      message: `${field.label} (${field.name}): the parent 招标项目 ${code} is not reported to the receiver`,
      value: code,
      action:
        'the parent 501 TENDER_PROJECT must reach the receiver first: ggzy sends it with the project’s 招标公告 or 资格预审公告 (a 501 held there says why); one the e-bidding system reported goes on the reported list',
    };
  }

  decide(message: DataSpecMessage): SendDecision {
    const key = `${message.dataNo}:${message.recordKey}`;
    const present = this.#present.get(key) ?? this.#known?.(message) ?? message.version > 1;
    if (message.messageType === 'delete') {
      if (!present) return { outcome: 'skip', message, reason: 'the receiver never got this record' };
      this.#present.set(key, false);
      return { outcome: 'send', message };
    }
    const reasons = holdReasons(message, this.#options);
    const parent = this.#parentUnreported(message);
    if (parent) reasons.push(parent);
    if (reasons.length > 0) {
      if (!this.#present.has(key)) this.#present.set(key, present);
      return { outcome: 'hold', message, reasons };
    }
    this.#present.set(key, true);
    if (v4DataSets[message.dataNo]?.table === 'TENDER_PROJECT' && message.record.TENDER_PROJECT_CODE)
      this.#tenderProjects.add(message.record.TENDER_PROJECT_CODE);
    return { outcome: 'send', message: { ...message, messageType: present ? 'update' : 'insert' } };
  }
}
