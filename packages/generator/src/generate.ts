import { domains as allDomains, type Domain, type NoticeInput, normalizeProjectCode } from '@ggzy/domain';
import { injectDefect } from './defects.ts';
import { type PlantedPattern, Planter } from './patterns.ts';
import { Rng } from './prng.ts';
import { newProject, type Project, type StageContext, type YearSpan } from './project.ts';
import { assetLifecycle } from './stages-assets.ts';
import { tenderLifecycle } from './stages-tender.ts';
import { instantOf, randomDate } from './values.ts';

export interface GenerateOptions {
  /** How many records to yield (duplicates and corrections included). */
  count: number;
  seed: number | string;
  /** Share of fresh records given one injected defect; default 0.05. */
  defectRate?: number;
  /** Share of records that re-send an earlier record unchanged; default 0.02. */
  duplicateRate?: number;
  /** Share of records that re-send an earlier record id with changed content; default 0.02. */
  correctionRate?: number;
  /**
   * Share of records that withdraw an earlier record (撤回: its record id again, with
   * `withdrawal`); default 0, which leaves every record exactly as without the option. A
   * withdrawn record is neither corrected nor withdrawn again.
   */
  withdrawalRate?: number;
  /**
   * The years projects start in (default 2019–2025: `{ first: 2019, count: 7 }`); the demo keeps
   * its notices within about a year, so the month-by-month charts have something in each month.
   */
  years?: YearSpan;
  /** Domains to draw projects from; default all five. */
  domains?: readonly Domain[];
  /**
   * Share of projects given a planted integrity pattern (patterns.ts), labelled in `planted`;
   * default 0, which leaves every record exactly as without the option.
   */
  patternRate?: number;
  /**
   * Share of fresh records published late: their information formed 35 to 70 days before
   * publication, past any 20-working-day deadline. Default 0, which leaves every record exactly
   * as without the option.
   */
  lateRate?: number;
  /**
   * Share of fresh records published incomplete: without publisher, platform and formedAt, which
   * the disclosure catalogue requires (accepted, flagged as missing fields; the deadlines
   * undetermined). Default 0, as `lateRate`.
   */
  incompleteRate?: number;
}

export type Expectation = 'valid' | 'invalid' | 'duplicate' | 'correction' | 'withdrawal';

export interface GeneratedRecord {
  /** The feed's record id (`input.recordId`, kept here too because a defect may remove fields). */
  sourceRecordId: string;
  /** An input-format record; when `expect` is 'invalid' it breaks the schema on purpose, as `defects` say. */
  input: NoticeInput;
  expect: Expectation;
  /** `<kind>@<path>` of each injected defect; empty unless invalid. */
  defects: string[];
  /** What the project key of the normalized notice must be: `<region code>:<normalized project code>`. */
  projectKey: string;
  /** The integrity patterns planted in the record's project; absent when none. */
  planted?: PlantedPattern[];
}

/** Records kept for re-sending (duplicates, corrections): a bounded window, so memory stays flat. */
const WINDOW = 256;

/**
 * Synthetic notices in ggzy's input format: whole project lifecycles (announcement → … →
 * contract) with stable project codes, values in mixed published forms, and duplicates,
 * corrections and defects at the given rates. Lazy: a million records take the memory of one
 * project. The same options give the same records, byte for byte.
 */
export function* generateNotices(options: GenerateOptions): Generator<GeneratedRecord> {
  const rng = new Rng(options.seed);
  const defectRate = options.defectRate ?? 0.05;
  const duplicateRate = options.duplicateRate ?? 0.02;
  const correctionRate = options.correctionRate ?? 0.02;
  const withdrawalRate = options.withdrawalRate ?? 0;
  const domains = options.domains && options.domains.length > 0 ? options.domains : allDomains;
  const recent: GeneratedRecord[] = [];
  /** The day each record in `recent` was first published (days after 2019-01-01), for its corrections. */
  const publishedDays = new Map<string, number>();
  let emitted = 0;
  let serial = 0;
  let sequence = 0;
  const planter = options.patternRate ? new Planter(rng, options.patternRate, options.years) : undefined;
  while (emitted < options.count) {
    const project = newProject(rng, planter?.domainOverride() ?? rng.pick(domains), serial++, options.years);
    planter?.plant(project);
    const base = { rng, project };
    const steps =
      project.domain === 'construction' || project.domain === 'procurement'
        ? tenderLifecycle(base)
        : assetLifecycle(base);
    for (const [build, offset] of steps) {
      if (emitted >= options.count) return;
      const roll = rng.next();
      if (recent.length > 0 && roll < duplicateRate + correctionRate + withdrawalRate) {
        const index = rng.int(0, recent.length - 1);
        const earlier = recent[index]!;
        let again: GeneratedRecord;
        if (roll < duplicateRate) again = duplicateOf(earlier);
        else if (roll >= duplicateRate + correctionRate) {
          // Taken back some days after its latest version, and never sent again.
          const day = (publishedDays.get(earlier.sourceRecordId) ?? project.startDay) + rng.int(1, 10);
          again = withdrawalOf(earlier, rng, day);
          recent.splice(index, 1);
          publishedDays.delete(earlier.sourceRecordId);
        } else {
          // After the version it corrects (the original, or the latest correction of it).
          const day = (publishedDays.get(earlier.sourceRecordId) ?? project.startDay) + rng.int(1, 20);
          again = correctionOf(earlier, rng, day);
          recent[index] = again;
          publishedDays.set(earlier.sourceRecordId, day);
        }
        emitted++;
        yield again;
        if (emitted >= options.count) return;
      }
      const recordId = `${project.place.code}-${project.domain.slice(0, 2).toUpperCase()}-${String(++sequence).padStart(8, '0')}`;
      const context: StageContext = { rng, project, recordId, offset };
      const input = withoutUndefined(build(context));
      if (options.lateRate && rng.chance(options.lateRate)) {
        input.formedAt = randomDate(rng, instantOf(project.startDay + offset - rng.int(35, 70), rng));
      } else if (options.incompleteRate && rng.chance(options.incompleteRate)) {
        delete input.publisher;
        delete input.platform;
        delete input.formedAt;
      }
      const record: GeneratedRecord = {
        sourceRecordId: recordId,
        input,
        expect: 'valid',
        defects: [],
        projectKey: keyOf(project),
        ...(project.planted ? { planted: project.planted } : {}),
      };
      if (rng.chance(defectRate)) {
        record.defects.push(injectDefect(input, rng));
        record.expect = 'invalid';
      } else {
        recent.push(record);
        publishedDays.set(recordId, project.startDay + offset);
        if (recent.length > WINDOW) publishedDays.delete(recent.shift()!.sourceRecordId);
      }
      emitted++;
      yield record;
    }
  }
}

function keyOf(project: Project): string {
  return `${project.place.code}:${normalizeProjectCode(project.code)}`;
}

function duplicateOf(record: GeneratedRecord): GeneratedRecord {
  return { ...record, input: structuredClone(record.input), expect: 'duplicate', defects: [] };
}

/**
 * The same record id sent again with new content, re-published on `publishedDay`: after the
 * version it corrects, never before it or before the information was formed.
 */
function correctionOf(record: GeneratedRecord, rng: Rng, publishedDay: number): GeneratedRecord {
  const input = structuredClone(record.input);
  input.publishedAt = randomDate(rng, instantOf(publishedDay, rng));
  input.title = input.title.endsWith('（更正）') ? input.title : `${input.title}（更正）`;
  return { ...record, input, expect: 'correction', defects: [] };
}

const WITHDRAWAL_REASONS = [
  '因项目调整，原公告撤回',
  '公告内容有误，予以撤回',
  '应招标人要求，本公告撤回',
] as const;

/** The same record id sent again, taken back (撤回) on `publishedDay`, after its latest version. */
function withdrawalOf(record: GeneratedRecord, rng: Rng, publishedDay: number): GeneratedRecord {
  const input = structuredClone(record.input);
  const at = randomDate(rng, instantOf(publishedDay, rng));
  input.publishedAt = at;
  input.withdrawal = { withdrawnAt: at, reason: rng.pick(WITHDRAWAL_REASONS) };
  return { ...record, input, expect: 'withdrawal', defects: [] };
}

/** JSON has no undefined: drop such keys so the record equals its serialized form. */
function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = withoutUndefined(v);
  return out as T;
}
