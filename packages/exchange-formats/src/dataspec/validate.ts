import { checkRegionCode } from '@ggzy/domain';
import type { DataSpecRecord, Problem, V4Validator } from './types.ts';
import { v4DataSets } from './v4-catalogue.ts';

/**
 * Code tables of EnumMatch types whose values the spec fixes and the readers in
 * packages/normalize share: PRICE_UNIT 0 元 / 1 万元, TRUE_OR_FALSE 1 是 / 0 否. The other
 * tables (PRICE_FORM_CODE, RELATE_CODE, DomainMatch types 13, 20, 23, 26, 32, 2001, 9110 …) are
 * not in the catalogue, so their values are configured per deployment (codes.ts) and only
 * their length is checked here.
 */
export const knownEnums: Record<string, readonly string[]> = {
  PRICE_UNIT: ['0', '1'],
  TRUE_OR_FALSE: ['0', '1'],
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
      return checkLength(v, [...value].length);
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

function checkLength(v: V4Validator, length: number): string | undefined {
  const fixed = v.FixedLength ?? v.FixLength;
  if (fixed !== undefined && length !== fixed) return `exactly ${fixed} characters, got ${length}`;
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
