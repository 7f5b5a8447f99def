import { checkRegionCode } from '@ggzy/domain';
import type { DataSpecRecord, Problem, V4Validator } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';

/**
 * The EnumMatch tables, as the provincial receiver (lishanling/GGZY DataV4Service,
 * EnumMatchFieldValidator) holds them: PRICE_UNIT 0 元 / 1 万元; RELATE_CODE 0 非固定资产类项目 /
 * 1 固定资产类项目; TRUE_OR_FALSE 0 否 / 1 是; CQ_TRUE_OR_FALSE F 否 / T 是; PRICE_FORM_CODE 1 金额
 * / 2 费率、比率、优惠率、合格率等 / 3 单价 / 9 其他形式; EXCEPITON_TYPE (sic) 1 流标 / 2 终止开标 /
 * 3 公告撤销 / 9 其他. DomainMatch tables (13, 20, 23, 26, 32, 2001, 9110 …) are the platform's
 * sys_dic, not in the catalogue: their values are configured per deployment and only their
 * length is checked here.
 */
export const knownEnums: Record<string, readonly string[]> = {
  PRICE_UNIT: ['0', '1'],
  RELATE_CODE: ['0', '1'],
  TRUE_OR_FALSE: ['0', '1'],
  CQ_TRUE_OR_FALSE: ['F', 'T'],
  PRICE_FORM_CODE: ['1', '2', '3', '9'],
  EXCEPITON_TYPE: ['1', '2', '3', '9'],
};

/**
 * Checks one record against the V4 validators of its data set. Cross-record validators
 * (TenderProjectCodeMatch: the parent 501 record exists; UniqueValue; CannotModify) need the
 * receiving platform's tables and are left to it. An unknown data set is one problem.
 */
export function validateDataSpec(dataNo: string, record: DataSpecRecord): Problem[] {
  const spec = v4DataSets[dataNo];
  if (!spec) {
    return [{ dataNo, field: '', validator: 'DataNo', message: `data set ${dataNo} is not one ggzy sends` }];
  }
  const problems: Problem[] = [];
  for (const field of spec.fields) {
    const value = record[field.name]?.trim() ?? '';
    for (const validator of field.validators) {
      const message = check(validator, value);
      if (message !== undefined) {
        problems.push({
          dataNo,
          field: field.name,
          validator: validator.ValidatorName,
          message: `${field.label} (${field.name}): ${message}`,
          ...(value === '' ? {} : { value }),
        });
      }
    }
  }
  const known = new Set(spec.fields.map((f) => f.name));
  for (const name of Object.keys(record)) {
    if (!known.has(name)) {
      problems.push({
        dataNo,
        field: name,
        validator: 'FieldName',
        message: `${name} is not a field of ${dataNo}`,
      });
    }
  }
  return problems;
}

/** The problem with `value` under one validator, or undefined. Empty values only fail NotNull. */
function check(v: V4Validator, value: string): string | undefined {
  if (v.ValidatorName === 'NotNull') return value === '' ? 'must not be empty' : undefined;
  if (value === '') return undefined;
  switch (v.ValidatorName) {
    case 'LengthMatch':
      return checkLength(v, value);
    case 'DateMatch':
      return isDate(value, v.Format ?? 'yyyyMMddHHmmss') ? undefined : `not a date in the form ${v.Format}`;
    case 'NumberMatch': {
      const int = v.IntegerFigures ?? 14;
      const dec = v.DecimalFigures ?? 0;
      const pattern = new RegExp(`^-?\\d{1,${int}}${dec > 0 ? `(\\.\\d{1,${dec}})?` : ''}$`);
      return pattern.test(value)
        ? undefined
        : `a number of at most ${int} integer and ${dec} decimal figures`;
    }
    case 'EnumMatch': {
      const values = v.EnumType === undefined ? undefined : knownEnums[v.EnumType];
      return values === undefined || values.includes(value)
        ? undefined
        : `${v.EnumType} is one of ${values.join(', ')}`;
    }
    case 'AreaCodeMatch': {
      const region = checkRegionCode(value);
      return region.ok ? undefined : region.reason;
    }
    default:
      return undefined;
  }
}

/**
 * Lengths in characters. A FixedLength value holding ";" is a list (BID_SECTION_CODES: lots joined
 * with ";"): the receiver splits it and checks each code.
 */
function checkLength(v: V4Validator, value: string): string | undefined {
  const length = [...value].length;
  const fixed = v.FixedLength ?? v.FixLength;
  if (fixed !== undefined) {
    const wrong = value.split(';').find((code) => [...code].length !== fixed);
    if (wrong !== undefined)
      return value.includes(';')
        ? `each code of the list exactly ${fixed} characters, got ${[...wrong].length} (${wrong})`
        : `exactly ${fixed} characters, got ${length}`;
  }
  if (v.MaxLength !== undefined && length > v.MaxLength)
    return `at most ${v.MaxLength} characters, got ${length}`;
  if (v.MinLength !== undefined && length < v.MinLength)
    return `at least ${v.MinLength} characters, got ${length}`;
  return undefined;
}

const datePatterns: Record<string, RegExp> = {
  yyyyMMddHHmmss: /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/,
  yyyyMMdd: /^(\d{4})(\d{2})(\d{2})$/,
};

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
