import { noticeInputSchema, noticeSchema } from '@ggzy/domain';
// The normalizer is not a dependency of the generator; its tests reach it to check the contract both ways.
import { compileSchema, compileShape, FAIL, normalizeInput } from '@ggzy/normalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type GeneratedRecord, generateNotices } from './generate.ts';

/**
 * The normalizer validates with schemas compiled from zod (packages/normalize/src/fast-schema.ts)
 * and asks zod only for what they do not pass. These properties hold it to zod: a compiled
 * parser that answers at all answers with exactly zod's output (same values, same key order),
 * on generated records clean and broken (every defect kind), on the canonical notices the
 * normalizer makes of them, and on random damage to both. And the normalizer only ever produces
 * notices that zod's full canonical schema accepts unchanged.
 */

const fastInput = compileSchema(noticeInputSchema);
const fastNotice = compileSchema(noticeSchema);
const shapeNotice = compileShape(noticeSchema);

const json = (value: unknown): string => JSON.stringify(value);
/** A record as a feed sends it: JSON, so what the normalizer reads is what JSON.parse gives. */
const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function agrees(fast: (value: unknown) => unknown, schema: typeof noticeSchema | typeof noticeInputSchema) {
  return (value: unknown): void => {
    const compiled = fast(value);
    if (compiled === FAIL) return;
    const parsed = schema.safeParse(value);
    expect(parsed.success, `fast parser accepted what zod rejects: ${json(value).slice(0, 400)}`).toBe(true);
    expect(json(compiled)).toBe(json(parsed.data));
  };
}
const inputAgrees = agrees(fastInput, noticeInputSchema);
const noticeAgrees = agrees(fastNotice, noticeSchema);

/** The shape parser skips checks, so it may answer for what zod rejects; for what zod accepts it answers with zod's output. */
function shapeAgrees(value: unknown): void {
  const parsed = noticeSchema.safeParse(value);
  if (!parsed.success) return;
  const shaped = shapeNotice(value);
  expect(shaped, `shape parser failed what zod accepts: ${json(value).slice(0, 400)}`).not.toBe(FAIL);
  expect(json(shaped)).toBe(json(parsed.data));
}

function records(seed: number, count: number, defectRate: number): GeneratedRecord[] {
  return [...generateNotices({ count, seed, defectRate })];
}

const clean = records(11, 1000, 0.02);
const broken = records(12, 1000, 0.6);
const notices = [...clean, ...broken].flatMap(({ input }) => {
  const result = normalizeInput(wire(input), { feed: 'fast-schema' });
  return result.ok ? [result.notice] : [];
});

/** Values that break a field in the ways feeds and bugs do. */
const damage = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    null,
    '',
    '  ',
    ' padded ',
    0,
    -1,
    1.5,
    Number.MAX_SAFE_INTEGER + 2,
    true,
    [],
    {},
    [{}],
    'x',
    '2025-13-40T25:61:00+08:00',
    '2025-05-27T20:20:00Z',
    '2025-05-27T20:20:00+08:00',
    '91440300MA5F3K2L5X',
    '91440300MA5F3K2L57',
    '4403**********0015',
    '440303198507120016',
    'javascript:alert(1)',
    'https://example.org/a',
    '999999',
    'CNY',
    'cny',
  ),
  fc.string(),
  fc.integer(),
  fc.double(),
);

type Path = (string | number)[];

/** Every path to a value inside `value` (objects and arrays), the root excluded. */
function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      paths(child, path, out);
    }
  }
  return out;
}

function damaged(value: unknown, path: Path, next: unknown, extraKey: boolean): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (extraKey && typeof at === 'object' && at !== null && !Array.isArray(at)) at.unexpectedField = next;
  else if (next === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = next;
  return copy;
}

function damages(samples: readonly unknown[]) {
  return fc
    .record({
      index: fc.nat(samples.length - 1),
      pick: fc.nat(),
      next: damage,
      extraKey: fc.boolean(),
      count: fc.integer({ min: 1, max: 3 }),
    })
    .map(({ index, pick, next, extraKey, count }) => {
      let value = samples[index];
      for (let i = 0; i < count; i++) {
        const all = paths(value);
        if (all.length === 0) break;
        value = damaged(value, all[(pick + i * 7919) % all.length]!, next, extraKey && i === 0);
      }
      return value;
    });
}

describe('the compiled schemas answer as zod does', () => {
  it('on generated input records, clean and with every kind of defect', () => {
    let fast = 0;
    for (const { input } of [...clean, ...broken]) {
      const raw = wire(input);
      inputAgrees(raw);
      if (fastInput(raw) !== FAIL) fast++;
    }
    // The compiled parser is the fast path: it must answer for the records that are fine.
    expect(fast).toBeGreaterThan(clean.length);
  });

  it('on the canonical notices the normalizer makes of them', () => {
    expect(notices.length).toBeGreaterThan(1300);
    for (const notice of notices) {
      expect(fastNotice(notice)).not.toBe(FAIL);
      noticeAgrees(wire(notice));
    }
  });

  it('on input records with random damage', () => {
    fc.assert(fc.property(damages(clean.map(({ input }) => wire(input))), inputAgrees), { numRuns: 1500 });
  });

  it('on canonical notices with random damage', () => {
    fc.assert(fc.property(damages(notices.map(wire)), noticeAgrees), { numRuns: 1500 });
  });

  it('the shape parser, on canonical notices clean and damaged (defaults dropped to be filled again)', () => {
    for (const notice of notices) shapeAgrees(wire(notice));
    const withoutDefaults = notices.map((notice) =>
      Object.fromEntries(
        Object.entries(wire(notice)).filter(([, v]) => !(Array.isArray(v) && v.length === 0)),
      ),
    );
    for (const notice of withoutDefaults) shapeAgrees(notice);
    fc.assert(fc.property(damages([...notices.map(wire), ...withoutDefaults]), shapeAgrees), {
      numRuns: 1500,
    });
  });

  it('the full check (what packages/bus runs on a notice topic) still refuses what only the shape passes', () => {
    const notice = wire(notices[0]!) as Record<string, unknown>;
    const utc = { ...notice, publishedAt: '2025-05-27T20:20:00Z' };
    expect(shapeNotice(utc)).not.toBe(FAIL);
    expect(fastNotice(utc)).toBe(FAIL);
    expect(noticeSchema.safeParse(utc).success).toBe(false);
  });
});

/**
 * The normalizer gives an accepted draft its canonical shape without the canonical check
 * (packages/normalize/src/from-input.ts): these properties are what makes that safe. Every
 * notice it accepts is a fixed point of the full `noticeSchema` — zod accepts it and gives it
 * back unchanged, key order included (so stored notices and content hashes are those of a full
 * check) — on generated records, on random damage to them, and on records built to break the
 * rules across parts (no project code, consortium leads, party kinds and codes).
 */
describe('the normalizer only ever produces canonical notices', () => {
  let accepted = 0;
  const canonical = (raw: unknown): void => {
    const result = normalizeInput(raw, { feed: 'fast-schema', centre: '深圳公共资源交易中心' });
    if (!result.ok) return;
    accepted++;
    const parsed = noticeSchema.safeParse(result.notice);
    expect(parsed.success, `${json(parsed.error?.issues)} from ${json(raw).slice(0, 600)}`).toBe(true);
    expect(json(parsed.data)).toBe(json(result.notice));
    expect(parsed.data).toStrictEqual(result.notice);
    const wired = noticeSchema.safeParse(wire(result.notice));
    expect(json(wired.data)).toBe(json(result.notice));
  };

  it('from generated records, clean and broken', () => {
    accepted = 0;
    for (const { input } of [...clean, ...broken]) canonical(wire(input));
    for (const { input } of records(13, 2500, 0.3)) canonical(wire(input));
    expect(accepted).toBeGreaterThan(3000);
  }, 240_000);

  it('from damaged input records', () => {
    const samples = [...clean, ...broken].map(({ input }) => wire(input));
    fc.assert(fc.property(damages(samples), canonical), { numRuns: 4000 });
  }, 240_000);

  /** Parties as feeds list them, wrong in the ways the rules across parts catch. */
  const party = fc.record(
    {
      name: fc.constantFrom('甲公司', '乙公司', '丙公司', '张三', '李四'),
      roles: fc.subarray(['联合体成员', '中标人', '投标人', '招标人', '代理机构', '竞买人', '受让人'], {
        minLength: 1,
      }),
      consortium: fc.constantFrom('甲乙联合体', '丙丁联合体'),
      lead: fc.boolean(),
      kind: fc.constantFrom('person', 'organization'),
      creditCode: fc.constantFrom('91440300MA5F3K2L5X', '91440300MA5F3K2L57'),
      personId: fc.constantFrom('4403**********0015', '440303198507120016'),
    },
    { requiredKeys: ['name', 'roles'] },
  );

  it('from records built to break the rules across parts', () => {
    const samples = clean.map(({ input }) => wire(input) as Record<string, unknown>);
    const codes = ['projectCode', 'tenderProjectCode', 'unifiedDealCode'] as const;
    fc.assert(
      fc.property(
        fc.nat(samples.length - 1),
        fc.subarray([...codes]),
        fc.constantFrom<unknown>(undefined, '', ' ', '【】', '项目编号：', '-', 'X-1'),
        fc.option(fc.array(party, { maxLength: 4 }), { nil: undefined }),
        (index, dropped, replacement, parties) => {
          const record: Record<string, unknown> = { ...samples[index]! };
          for (const code of dropped) {
            if (replacement === undefined) delete record[code];
            else record[code] = replacement;
          }
          if (parties !== undefined) record.parties = parties;
          canonical(record);
        },
      ),
      { numRuns: 3000 },
    );
  }, 240_000);
});
