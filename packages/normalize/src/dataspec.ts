import { extraValue, type SpecRecord, text } from './dataspec-fields.ts';
import { dataSets, SpecDraft } from './dataspec-sets.ts';
import { normalizeInput } from './from-input.ts';
import {
  mapResultPaths,
  type NormalizeContext,
  type NormalizeResult,
  originOf,
  rejected,
  rejection,
  warning,
} from './result.ts';

export { dataSets };

/** The data sets (DataNo) this adapter reads. */
export const dataSpecNumbers: readonly string[] = dataSets.map((d) => d.dataNo);

export interface DataSpecContext extends NormalizeContext {
  /** 行政区划 for records whose data set carries no REGION_CODE (503, 511, 551, 554) */
  region?: string;
}

/**
 * Where a data set has no region, the configured one is used; else the 登记管理机关行政区划码 of the
 * record's first party with a credit code (characters 3–8), with a `region-inferred` warning —
 * the party's registration region, which for a 招标人 or 采购人 is nearly always the project's.
 */
function fillRegion(d: SpecDraft, context: DataSpecContext): void {
  if (d.record.region !== undefined) return;
  if (context.region !== undefined) {
    d.record.region = context.region;
    return;
  }
  const parties = (d.record.parties as { creditCode?: string }[] | undefined) ?? [];
  const code = parties.map((p) => p.creditCode?.replace(/\s+/g, '')).find((c) => c?.length === 18);
  if (code === undefined) return;
  d.infer(
    'region',
    code.slice(2, 8),
    'the data set has no REGION_CODE; the region is read from the first party credit code',
    'region-inferred',
  );
}

/**
 * One national data-spec record (V4 field names) of data set `dataNo` → the canonical notice,
 * through the input format and `normalizeInput`. Problems name the V4 field (`BID_AMOUNT`).
 */
export function normalizeDataSpec(
  record: unknown,
  dataNo: string,
  context: DataSpecContext,
): NormalizeResult {
  const set = dataSets.find((d) => d.dataNo === dataNo);
  if (!set) {
    return rejected(
      rejection(
        'DataNo',
        'dataspec.unknown-data-no',
        `data set ${dataNo} is not read here; known: ${dataSpecNumbers.join(', ')}`,
        dataNo,
      ),
    );
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) {
    return rejected(
      rejection(
        'record',
        'dataspec.not-object',
        `a ${set.dataNo} record is a JSON object of V4 fields`,
        record,
      ),
    );
  }
  const spec = record as SpecRecord;
  const d = new SpecDraft(spec);
  d.record.domain = set.domain;
  set.build(d, spec);
  const key = set.recordId.map((f) => text(spec, f)).filter((v) => v !== undefined);
  if (key.length > 0) d.record.recordId = `${set.dataNo}:${key.join(':')}`;
  d.sources.set('recordId', set.recordId.join(' + '));
  fillRegion(d, context);
  if (!d.sources.has('region')) d.sources.set('region', 'REGION_CODE');

  const extra: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(spec)) {
    if (!d.used.has(field) && text(spec, field) !== undefined) extra[field] = extraValue(field, value);
  }
  if (Object.keys(extra).length > 0) d.record.extra = extra;

  const result = normalizeInput(d.record, context);
  const toField = (path: string) => originOf(path, d.sources) ?? path;
  const problems = d.problems.map((p) => rejection(p.field, p.rule, p.message, p.value));
  const mapped = mapResultPaths(result, toField);
  if (!mapped.ok) return { ok: false, errors: [...problems, ...mapped.errors] };
  if (problems.length > 0) return { ok: false, errors: problems };
  const notes = d.notes.map((n) => warning(toField(n.path), n.rule, n.message));
  return { ...mapped, warnings: [...notes, ...mapped.warnings] };
}
