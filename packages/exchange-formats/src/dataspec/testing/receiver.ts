/**
 * A receiver test double: what the public provincial receiver (lishanling/GGZY,
 * GGZY/Businesses/GGZY.DataV4Service) checks before it stores a data-spec message, written from
 * its rules (not its code), with its tables in memory. Replies are the receiver's:
 * `{ STATUS: '1' }`, or `{ STATUS: '-1', MSG }` with its message for the first rule broken.
 *
 * Order, as the receiver runs them: the XML (TITLE, and CONTEXT unless a delete); TITLE — DATA_NO,
 * DATA_EN = the data set's DataName, DATA_CN, DATA_TYPE 1/2/3, DATA_KEY (22 characters, starting
 * with the sender's SYSTEM_NO and the DATA_NO; an insert refused when the key exists, an update or
 * delete when it does not, a key another system owns refused), CA_KEY, ROUTE_WAY on inserts, the
 * five platform fields of CONTEXT (18-character codes; for the construction data sets 500–523 also
 * 11-character TRADE_PLAT and PUB_SERVICE_PLAT; DATA_TIMESTAMP a date; PLATFORM_CODE one
 * registered for the system); then, except for deletes, every field validator of the data set
 * (NotNull, LengthMatch with ";" lists, DateMatch, NumberMatch, EnumMatch, DomainMatch,
 * AreaCodeMatch, TenderProjectCodeMatch — the parent project reported —, UniqueValue on inserts,
 * CannotModify on updates) and the table rules (BID_AMOUNT: over 30亿元 refused unless listed);
 * then, on inserts, the duplicate check on the data set's RepeatCols.
 */
import { checkRegionCode } from '@ggzy/domain';
import { type DataSpecEnvelope, parseEnvelopeXml } from '../envelope.ts';
import type { DataSetSpec, DataSpecRecord, V4Validator } from '../types.ts';
import { v4DataSets } from '../v4-catalogue.ts';

export type ReceiverReply = { STATUS: '1' } | { STATUS: '-1'; MSG: string };

export interface ReceiverOptions {
  /** The SYSTEM_NO the receiver issued to the sender (its login; DATA_KEYs start with it). */
  systemNo: string;
  /** PLATFORM_CODEs registered for the system (T_JIEKOU_USER); unset or empty: any. */
  platformCodes?: readonly string[];
  /** Tender projects allowed an award over 30亿元 (the receiver's tpc.json). */
  largeAwardProjects?: readonly string[];
  /** DomainMatch tables (sys_dic) by Type; a type not given accepts any value. */
  domains?: Readonly<Record<string, readonly string[]>>;
  /** TENDER_PROJECT_CODEs the receiver already holds (reported earlier, or by another system). */
  tenderProjects?: readonly string[];
  /** Data sets beyond ggzy's catalogue (e.g. a 501 with its UniqueValue and CannotModify). */
  dataSets?: Readonly<Record<string, DataSetSpec>>;
}

/** The receiver's EnumMatch tables (EnumMatchFieldValidator); other enum types accept any value. */
const enumTables: Record<string, readonly string[]> = {
  PRICE_UNIT: ['0', '1'],
  RELATE_CODE: ['0', '1'],
  TRUE_OR_FALSE: ['0', '1'],
  CQ_TRUE_OR_FALSE: ['F', 'T'],
  PRICE_FORM_CODE: ['1', '2', '3', '9'],
  EXCEPITON_TYPE: ['1', '2', '3', '9'],
};

interface Stored {
  system: string;
  record: DataSpecRecord;
}

/** Thrown inside a check and turned into the reply (the receiver stops at the first broken rule). */
class Refusal {
  constructor(readonly message: string) {}
}

function refuseIf(condition: boolean, message: string): void {
  if (condition) throw new Refusal(message);
}

export class DataSpecReceiverDouble {
  readonly #options: ReceiverOptions;
  readonly #specs: Record<string, DataSetSpec>;
  /** Per data set: DATA_KEY → the stored record. */
  readonly #tables = new Map<string, Map<string, Stored>>();
  readonly #tenderProjects: Set<string>;
  /** Every accepted message, in order: DATA_NO, DATA_TYPE and DATA_KEY. */
  readonly accepted: { dataNo: string; dataType: string; dataKey: string }[] = [];

  constructor(options: ReceiverOptions) {
    this.#options = options;
    this.#specs = { ...v4DataSets, ...options.dataSets };
    this.#tenderProjects = new Set(options.tenderProjects ?? []);
  }

  /** The XML form, as the receiver's upload takes it. */
  upload(xml: string): ReceiverReply {
    const parsed = parseEnvelopeXml(xml);
    if (!parsed.ok) return { STATUS: '-1', MSG: parsed.reason };
    return this.receive(parsed.envelope);
  }

  /** The JSON form: an envelope object. */
  receive(envelope: DataSpecEnvelope): ReceiverReply {
    try {
      this.#check(envelope);
    } catch (error) {
      if (error instanceof Refusal) return { STATUS: '-1', MSG: error.message };
      throw error;
    }
    this.#save(envelope);
    return { STATUS: '1' };
  }

  /** The record stored under a DATA_KEY, if any. */
  stored(dataNo: string, dataKey: string): DataSpecRecord | undefined {
    return this.#tables.get(dataNo)?.get(dataKey)?.record;
  }

  /** How many records the receiver holds, of one data set or all. */
  count(dataNo?: string): number {
    if (dataNo !== undefined) return this.#tables.get(dataNo)?.size ?? 0;
    return [...this.#tables.values()].reduce((n, table) => n + table.size, 0);
  }

  #check(envelope: DataSpecEnvelope): void {
    const title = envelope.TITLE as unknown as Record<string, string | undefined>;
    const dataType = title.DATA_TYPE ?? '';
    refuseIf(dataType !== '3' && envelope.CONTEXT === undefined, 'XML中缺少context节点');
    const context = envelope.CONTEXT ?? {};
    const dataNo = notEmpty(title, 'DATA_NO');
    const spec = this.#specs[dataNo];
    refuseIf(spec === undefined, `DATA_NO ${dataNo}无对应的数据配置`);
    const dataEn = notEmpty(title, 'DATA_EN');
    refuseIf(dataEn !== spec!.table, 'DATA_EN与DATA_NO不匹配');
    notEmpty(title, 'DATA_CN');
    refuseIf(!['1', '2', '3'].includes(dataType), 'DATA_TYPE不正确');
    this.#checkDataKey(notEmpty(title, 'DATA_KEY'), dataNo, dataType);
    notEmpty(title, 'CA_KEY');
    if (dataType === '1') notEmpty(title, 'ROUTE_WAY');
    if (dataType === '3') return;
    this.#checkPlatform(context, Number(dataNo));
    for (const field of spec!.fields) {
      for (const validator of field.validators)
        this.#checkField(spec!, field.name, validator, title, context);
    }
    if (spec!.tableValidators.includes('BID_AMOUNT')) this.#checkBidAmount(context);
    if (dataType === '1') this.#checkRepeat(spec!, context);
  }

  #checkDataKey(dataKey: string, dataNo: string, dataType: string): void {
    refuseIf(dataKey.length !== 22, 'DATA_KEY长度有误');
    refuseIf(
      dataKey.slice(0, 4) !== this.#options.systemNo,
      `DATA_KEY中有SYSTEM_NO不等于${this.#options.systemNo}`,
    );
    refuseIf(
      dataKey.slice(4, 7) !== dataNo && dataKey.slice(4, 8) !== dataNo,
      `DATA_KEY有DATA_NO不等于${dataNo}`,
    );
    const stored = this.#tables.get(dataNo)?.get(dataKey);
    if (stored) {
      refuseIf(dataType === '1', `DATA_KEY为${dataKey}已存在`);
      refuseIf(stored.system !== this.#options.systemNo, '当前的DATA_KEY无权操作');
    } else {
      refuseIf(dataType === '2' || dataType === '3', `DATA_KEY为${dataKey}不存在`);
    }
  }

  #checkPlatform(context: DataSpecRecord, dataNo: number): void {
    const platformCode = notEmpty(context, 'PLATFORM_CODE');
    const pubServicePlatCode = notEmpty(context, 'PUB_SERVICE_PLAT_CODE');
    const timestamp = notEmpty(context, 'DATA_TIMESTAMP');
    refuseIf(platformCode.length !== 18, '交易系统标识码长度不正确');
    refuseIf(pubServicePlatCode.length !== 18, '交易服务系统标识码长度不正确');
    const construction =
      (dataNo >= 500 && dataNo <= 523) ||
      (dataNo >= 800 && dataNo <= 909) ||
      (dataNo >= 9000 && dataNo <= 9640);
    if (construction) {
      refuseIf(
        notEmpty(context, 'TRADE_PLAT').length !== 11,
        '电子招标投标交易平台或发布工具标识码长度不正确',
      );
      refuseIf(
        notEmpty(context, 'PUB_SERVICE_PLAT').length !== 11,
        '电子招标投标公共服务平台标识码长度不正确',
      );
    }
    refuseIf(!isDate(timestamp, 'yyyyMMddHHmmss'), '[DATA_TIMESTAMP]日期格式不正确');
    const registered = this.#options.platformCodes ?? [];
    refuseIf(
      registered.length > 0 && !registered.includes(platformCode),
      '交易系统标识码[PLATFORM_CODE]填写无效',
    );
  }

  #checkField(
    spec: DataSetSpec,
    field: string,
    v: V4Validator,
    title: Record<string, string | undefined>,
    context: DataSpecRecord,
  ): void {
    const value = context[field] ?? '';
    if (v.ValidatorName === 'NotNull') {
      refuseIf(value === '', `字段${field}不能为空`);
      return;
    }
    if (v.ValidatorName === 'CannotModify') {
      if (title.DATA_TYPE !== '2') return;
      const stored = this.#tables.get(spec.dataNo)?.get(title.DATA_KEY ?? '')?.record[field] ?? '';
      refuseIf(stored !== value, `[${field}]不能修改`);
      return;
    }
    if (value === '') return;
    switch (v.ValidatorName) {
      case 'LengthMatch': {
        const fixed = v.FixedLength ?? v.FixLength ?? 0;
        if (fixed > 0)
          refuseIf(
            value.split(';').some((code) => code.length !== fixed),
            `[${field}]长度有误`,
          );
        refuseIf((v.MaxLength ?? 0) > 0 && value.length > (v.MaxLength ?? 0), `[${field}]长度超出范围`);
        refuseIf((v.MinLength ?? 0) > 0 && value.length < (v.MinLength ?? 0), `[${field}]长度太短`);
        return;
      }
      case 'DateMatch':
        refuseIf(!isDate(value, v.Format ?? 'yyyyMMddHHmmss'), `[${field}]日期格式不正确`);
        return;
      case 'NumberMatch': {
        // As the receiver counts: the characters before the first '.', then the decimals if any.
        const parts = value.split('.');
        refuseIf((parts[0] ?? '').length > (v.IntegerFigures ?? 0), `[${field}整数部分超出范围]`);
        if ((v.DecimalFigures ?? 0) > 0 && parts.length > 1) {
          refuseIf(parts.length !== 2, `[${field}格式错误]`);
          refuseIf((parts[1] ?? '').length > (v.DecimalFigures ?? 0), `[${field}小数部分超出范围]`);
          refuseIf(!Number.isFinite(Number(value)), `[${field}格式不正确]`);
        }
        return;
      }
      case 'EnumMatch': {
        const table = v.EnumType === undefined ? undefined : enumTables[v.EnumType];
        refuseIf(table !== undefined && !table.includes(value), `[${field}]值不在范围内`);
        return;
      }
      case 'DomainMatch': {
        const table = v.Type === undefined ? undefined : this.#options.domains?.[v.Type];
        if (table === undefined) return;
        for (const code of value.split(';').filter(Boolean))
          refuseIf(!table.includes(code), `外键值不匹配,[${field}]字段的值域中不存在${code}`);
        return;
      }
      case 'AreaCodeMatch': {
        const begin = v.Begin ?? 0;
        refuseIf(value.length < 6 + begin, `[${field}]的行政区划码长度有误`);
        refuseIf(!checkRegionCode(value.slice(begin, begin + 6)).ok, `[${field}]的行政区划码有误`);
        return;
      }
      case 'TenderProjectCodeMatch':
        refuseIf(
          !this.#hasTenderProject(String(v.TenderProjectTableName ?? 'TENDER_PROJECT'), value),
          '招标项目数据未上报，请先上报',
        );
        return;
      case 'UniqueValue': {
        if (title.DATA_TYPE !== '1') return;
        const table = this.#tables.get(spec.dataNo);
        refuseIf(
          [...(table?.values() ?? [])].some((s) => s.record[field] === value),
          `[${field}]在系统中已存在`,
        );
        return;
      }
      default:
        return;
    }
  }

  #hasTenderProject(tableName: string, code: string): boolean {
    if (tableName === 'TENDER_PROJECT' && this.#tenderProjects.has(code)) return true;
    for (const [dataNo, table] of this.#tables) {
      if (this.#specs[dataNo]?.table !== tableName) continue;
      for (const stored of table.values()) if (stored.record.TENDER_PROJECT_CODE === code) return true;
    }
    return false;
  }

  /** BID_AMOUNT_TableValidator: PRICE_FORM_CODE 1, amount in 元 (× 10000 for 万元) over 30亿, not listed. */
  #checkBidAmount(context: DataSpecRecord): void {
    if (context.PRICE_FORM_CODE !== '1') return;
    const scale = context.PRICE_UNIT === '1' ? 10_000 : 1;
    const amount = Number(context.BID_AMOUNT ?? '0') * scale;
    const listed = this.#options.largeAwardProjects ?? [];
    refuseIf(
      amount > 3_000_000_000 && !listed.includes(context.TENDER_PROJECT_CODE ?? ''),
      '中标金额超过30亿元人民币，请联系客服人员',
    );
  }

  /** ValidateRepeat: an insert whose RepeatCols all equal a stored record's. */
  #checkRepeat(spec: DataSetSpec, context: DataSpecRecord): void {
    if (spec.repeatCols.length === 0) return;
    for (const [dataKey, stored] of this.#tables.get(spec.dataNo) ?? []) {
      const same = spec.repeatCols.every((col) => (stored.record[col] ?? '') === (context[col] ?? ''));
      refuseIf(same, `[${spec.table}]存在重复数据，重复DATA_KEY:${dataKey}，请确认！`);
    }
  }

  #save(envelope: DataSpecEnvelope): void {
    const { DATA_NO: dataNo, DATA_KEY: dataKey, DATA_TYPE: dataType } = envelope.TITLE;
    let table = this.#tables.get(dataNo);
    if (!table) {
      table = new Map();
      this.#tables.set(dataNo, table);
    }
    if (dataType === '3') table.delete(dataKey);
    else table.set(dataKey, { system: this.#options.systemNo, record: { ...envelope.CONTEXT } });
    this.accepted.push({ dataNo, dataType, dataKey });
  }
}

function notEmpty(part: Record<string, string | undefined>, name: string): string {
  const value = part[name] ?? '';
  refuseIf(value === '', `${name}不能为空`);
  return value;
}

const datePatterns: Record<string, RegExp> = {
  yyyyMMddHHmmss: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
  yyyyMMdd: /^(\d{4})(\d{2})(\d{2})$/,
};

/** DateTime.ParseExact with the field's format: the digits must make a real date and time. */
function isDate(value: string, format: string): boolean {
  const m = datePatterns[format]?.exec(value);
  if (!m) return false;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h, mi, s));
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo! - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s
  );
}
