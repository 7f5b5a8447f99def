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
  PURCHASER_NAME: 'the notice must name the 采购人 (a party with role buyer)',
  PURCHASER_CODE: 'the notice must name the 采购人 with its credit code (a party with role buyer)',
  PURCHASER_ROLE: 'configure the data-spec context: codes SUBJECT_ROLE.buyer (Domain 26)',
  PURCHASER_MODE:
    'the notice must give its 采购方式 (method), and the context codes PURCHASE_MODE.<method> (Domain 43)',
  PURCHASER_ORGANIZE_FORM:
    'configure the data-spec context: codes PURCHASE_ORGANIZE_FORM.entrusted / .self (Domain 44)',
  PURCHASER_AGENCY_ROLE:
    'the notice must name the 采购代理机构 (a party with role agency), and the context codes SUBJECT_ROLE.agency (Domain 26)',
  PURCHASE_SECTION_NAME: 'the feed must send project.projectName or project.lots[].name (采购项目子包名称)',
  PURCHASE_PROJECT_NAME: 'the feed must send project.projectName (采购项目名称)',
  ANNOUNCEMENT_GUID: 'a mapping fault: report it (ggzy derives 项目编号ID from the project key)',
  LAND_PROJECT_NAME: 'the feed must send project.projectName (项目名称)',
  LAND_DISTRICT: 'the feed must send region (项目所在行政区划代码)',
  ANNOUNCEMENT_TITLE: 'the feed must send title (公示标题)',
  ANNOUNCEMENT_CONNECT: 'the feed must send body (公示内容)',
  END_DATE: 'the notice must give its 竞买申请截止时间 (applicationDeadline) or 挂牌期 (listingPeriod.until)',
  ANNOUNCEMENT_DEADLINE:
    'the notice must give its 竞买申请截止时间 (applicationDeadline) or 挂牌期 (listingPeriod.until)',
  ANNOUNCEMENT_START_TIME: 'the notice must give publishedAt',
  PUBLISHING_TIME: 'the notice must give publishedAt',
  SUPPLY_TYPE:
    'the notice must give its 出让方式 (method), and the context codes SUPPLY_TYPE.<method> (Domain 7002)',
  ANNOUNCEMENT_UNIT:
    'the feed must send publisher (信息发布主体), or name the 出让人 (a party with role transferor)',
  ANNOUNCEMENT_TYPE: 'configure the data-spec context: codes NOTICE_NATURE.normal (Domain 20)',
  LIAISON_UNIT: 'the notice must name the 出让人 (a party with role transferor)',
  CONTACT_NUMBER: 'the feed must send the 出让人’s phone (parties[].phone of the party with role transferor)',
  ANNOUNCEMENT_CODE: 'the feed must send projectCode (公示编号)',
  FIELD_NUM: 'the notice must list its parcels (宗地)',
  NA_APP_NAME: 'the feed must send the tract’s name (tracts[].name)',
  IN_MINE_COME:
    'the feed must send the tract’s 矿种 (tracts[].mineral), and the context its code: minerals.<矿种> (Domain 8001)',
  QT_TOTAL_AREA: 'the feed must send the tract’s 面积 (tracts[].area)',
  PROJECT_NAME: 'the feed must send project.projectName (项目名称)',
  PROJECT_TYPE:
    'the feed must send the target’s kind (target.kind), and the context codes ASSET_TYPE.<kind> (Domain 22)',
  PUBLISH_DURATION: 'the notice must give its 挂牌期 (listingPeriod.from and .until)',
  PUBLISH_DATE: 'the notice must give its 挂牌期 (listingPeriod.from) or publishedAt',
  POST_PONE:
    'ggzy’s notice model has no 是否自动延期: declare it for the deployment (context propertyListing.autoExtend, T or F)',
  PRE_EXCHANGE_TYPE:
    'the notice must give its 交易方式 (method), and the context codes EXCHANGE_TYPE.<method> (Domain 23)',
  TRANSFER_NOTES: 'the feed must send the 受让方资格条件 (transfereeQualifications) or body (转让说明事项)',
  PROJECT_URL: 'the feed must send sourceUrl (挂牌信息披露的链接)',
};

/**
 * Where a field means something else in one data set than in the others: `<DataNo>.<field>`.
 */
const fieldSourcesOf: Record<string, string> = {
  '550.TENDER_PROJECT_TYPE':
    'ggzy’s notice model has no 采购项目类型: declare it for the deployment (context purchaseProject.type, Domain 10)',
  '550.RELATE_CODE':
    'ggzy’s notice model has no 项目类别关联代码: declare it for the deployment (context purchaseProject.relateCode, 0 or 1)',
  '550.UNIFIED_DEAL_CODE':
    'the feed must send project.unifiedDealCode or project.lots[].unifiedDealCode (统一交易标识码, 40 characters)',
  '550.PURCHASE_SECTION_CODE':
    'the feed must send project.lotCode or project.lots[].lotCode (采购项目子包编号, at most 50 characters in all)',
  '550.PURCHASER_AGENCY_NAME': 'the notice must name the 采购代理机构 (a party with role agency)',
  '651.QT_PLAN_YEARS': 'the feed must send the tract’s 出让年限 (tracts[].termYears)',
  '700.SELLER_NAME': 'the notice must name the 转让方 (a party with role transferor)',
  '700.SELLER_CODE': 'the notice must name the 转让方 with its credit code (a party with role transferor)',
  '700.SELLER_TYPE':
    'the notice must name the 转让方 with its credit code or organization code, and configure the data-spec context: codes SUBJECT_TYPE.creditCode / .organizationCode (Domain 2001)',
  '700.SELLER_ROLE':
    'the notice must name the 转让方 (a party with role transferor), and the context codes SUBJECT_ROLE.transferor (Domain 26)',
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
    return (
      fieldSourcesOf[`${problem.dataNo}.${problem.field}`] ??
      fieldSources[problem.field] ??
      `the notice must give ${problem.field}`
    );
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

/**
 * What the receiver holds from before a run (the push: the DATA_KEY registry), for the rules that
 * compare a message with other records: UniqueValue on inserts, CannotModify on updates.
 */
export interface ReceiverHoldings {
  /** Whether a record other than the message's holds `value` in the UniqueValue field `field`. */
  uniqueTaken?: (message: DataSpecMessage, field: string, value: string) => boolean;
  /** The values the receiver holds in the record's UniqueValue and CannotModify fields, if it holds it. */
  fixedValues?: (message: DataSpecMessage) => Readonly<Record<string, string>> | undefined;
}

function fieldsWith(dataNo: string, validator: 'UniqueValue' | 'CannotModify') {
  return (v4DataSets[dataNo]?.fields ?? []).filter((f) =>
    f.validators.some((v) => v.ValidatorName === validator),
  );
}

/**
 * The values of a record the receiver's cross-record rules compare (its UniqueValue and
 * CannotModify fields): what the registry keeps of a sent record.
 */
export function crossRecordValues(message: DataSpecMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of v4DataSets[message.dataNo]?.fields ?? []) {
    const value = message.record[field.name];
    if (
      value !== undefined &&
      value !== '' &&
      field.validators.some((v) => v.ValidatorName === 'UniqueValue' || v.ValidatorName === 'CannotModify')
    )
      out[field.name] = value;
  }
  return out;
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
  readonly #holdings: ReceiverHoldings;
  /** `<DataNo>|<field>|<value>` of a UniqueValue field → the record sent with it in this run. */
  readonly #uniqueOwner = new Map<string, string>();
  /** The UniqueValue and CannotModify values each record was last sent with in this run. */
  readonly #sentValues = new Map<string, Record<string, string>>();

  /** TENDER_PROJECT_CODEs of parent 招标项目 the receiver holds: given, or sent in this run. */
  readonly #tenderProjects: Set<string>;

  constructor(
    options: SendCheckOptions & {
      known?: (message: DataSpecMessage) => boolean | undefined;
      /** Tender projects (501 TENDER_PROJECT) the receiver already holds, reported before or by others. */
      reportedTenderProjects?: readonly string[];
      /** What the receiver holds from before this run, for its UniqueValue and CannotModify rules. */
      holdings?: ReceiverHoldings;
    } = {},
  ) {
    this.#options = options;
    this.#known = options.known;
    this.#holdings = options.holdings ?? {};
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

  /**
   * The receiver's UniqueValue rule, on inserts: a value another record holds in a UniqueValue
   * field of the data set (501 TENDER_PROJECT_CODE and TENDER_PROJECT_NAME, 550
   * PURCHASE_PROJECT_CODE, 600 ANNOUNCEMENT_GUID) is refused ("[…]在系统中已存在").
   */
  #uniqueTaken(message: DataSpecMessage, key: string): HoldReason[] {
    const reasons: HoldReason[] = [];
    for (const field of fieldsWith(message.dataNo, 'UniqueValue')) {
      const value = message.record[field.name];
      if (value === undefined || value === '') continue;
      const owner = this.#uniqueOwner.get(`${message.dataNo}|${field.name}|${value}`);
      const taken =
        owner === undefined ? this.#holdings.uniqueTaken?.(message, field.name, value) : owner !== key;
      if (!taken) continue;
      reasons.push({
        dataNo: message.dataNo,
        field: field.name,
        validator: 'UniqueValue',
        message: `${field.label} (${field.name}): another record the receiver holds has ${value}`,
        value,
        action: `the receiver takes one record per ${field.label}: if this is the record it holds, its notice must carry the same project (one DATA_KEY); if it is another, the feed must tell the two apart (${field.name})`,
      });
    }
    return reasons;
  }

  /** The receiver's CannotModify rule, on updates: a field it fixed at the insert may not change. */
  #modified(message: DataSpecMessage, key: string): HoldReason[] {
    const fields = fieldsWith(message.dataNo, 'CannotModify');
    if (fields.length === 0) return [];
    const held = this.#sentValues.get(key) ?? this.#holdings.fixedValues?.(message);
    if (held === undefined) return [];
    return fields
      .filter(
        (field) => held[field.name] !== undefined && (message.record[field.name] ?? '') !== held[field.name],
      )
      .map((field) => ({
        dataNo: message.dataNo,
        field: field.name,
        validator: 'CannotModify',
        message: `${field.label} (${field.name}): the receiver holds ${held[field.name]}, which may not change (sent ${message.record[field.name] ?? 'empty'})`,
        value: message.record[field.name] ?? '',
        action: `the receiver keeps ${field.label} as first reported: correct it at the source back to ${held[field.name]}, or ask the platform to delete the record so it can be reported again`,
      }));
  }

  /** Remembers what a record was sent with, for the cross-record rules of later messages. */
  #remember(message: DataSpecMessage, key: string): void {
    const previous = this.#sentValues.get(key);
    for (const [field, value] of Object.entries(previous ?? {}))
      if (this.#uniqueOwner.get(`${message.dataNo}|${field}|${value}`) === key)
        this.#uniqueOwner.delete(`${message.dataNo}|${field}|${value}`);
    if (message.messageType === 'delete') {
      this.#sentValues.delete(key);
      return;
    }
    const values = crossRecordValues(message);
    this.#sentValues.set(key, values);
    for (const field of fieldsWith(message.dataNo, 'UniqueValue')) {
      const value = values[field.name];
      if (value !== undefined) this.#uniqueOwner.set(`${message.dataNo}|${field.name}|${value}`, key);
    }
  }

  decide(message: DataSpecMessage): SendDecision {
    const key = `${message.dataNo}:${message.recordKey}`;
    const present = this.#present.get(key) ?? this.#known?.(message) ?? message.version > 1;
    if (message.messageType === 'delete') {
      if (!present) return { outcome: 'skip', message, reason: 'the receiver never got this record' };
      this.#present.set(key, false);
      this.#remember(message, key);
      return { outcome: 'send', message };
    }
    const reasons = holdReasons(message, this.#options);
    const parent = this.#parentUnreported(message);
    if (parent) reasons.push(parent);
    reasons.push(...(present ? this.#modified(message, key) : this.#uniqueTaken(message, key)));
    if (reasons.length > 0) {
      if (!this.#present.has(key)) this.#present.set(key, present);
      return { outcome: 'hold', message, reasons };
    }
    this.#present.set(key, true);
    this.#remember(message, key);
    if (v4DataSets[message.dataNo]?.table === 'TENDER_PROJECT' && message.record.TENDER_PROJECT_CODE)
      this.#tenderProjects.add(message.record.TENDER_PROJECT_CODE);
    return { outcome: 'send', message: { ...message, messageType: present ? 'update' : 'insert' } };
  }
}
