import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CreditCheck, type CreditQuery, checkCredit, creditQueryIssue } from './credit-check.ts';
import { CreditIndex } from './credit-index.ts';
import { matchParty } from './match-party.ts';
import { buildSubjectIndex } from './subject-index.ts';
import { creditRecordOf, subjectRecord } from './testing/records.ts';

const WHOLE_ID = '440303199003120015';
const MASKED_ID = '440303********0015';
const CODE = '91440300708461136T';

describe('creditQueryIssue', () => {
  it('accepts an organization by code, name or both, and a person by name, with or without an ID', () => {
    for (const query of [
      { code: CODE },
      { code: CODE.slice(8, 17) },
      { name: '深圳市鹏城路桥工程有限公司' },
      { code: CODE, name: '深圳市鹏城路桥工程有限公司' },
      { name: '王志强' },
      { name: '王志强', personId: WHOLE_ID },
      { name: '王志强', personId: MASKED_ID },
      { name: '王志强', personId: '4403**********0015', kind: 'person' as const },
    ]) {
      expect(creditQueryIssue(query), JSON.stringify(query)).toBeUndefined();
    }
  });

  it('refuses what identifies nobody, or a resident ID where a code belongs', () => {
    const field = (query: Parameters<typeof creditQueryIssue>[0]) => creditQueryIssue(query)?.field;
    expect(field({})).toBe('code');
    expect(field({ code: ' ', name: '' })).toBe('code');
    // An ID alone: a masked one fits thousands of people, and the matcher needs the name equal.
    expect(field({ personId: MASKED_ID })).toBe('name');
    expect(field({ personId: WHOLE_ID })).toBe('name');
    expect(field({ code: MASKED_ID, name: '王志强' })).toBe('code');
    expect(field({ code: WHOLE_ID, name: '王志强' })).toBe('code');
    expect(field({ personId: '440303199003120016', name: '王志强' })).toBe('personId');
    expect(field({ personId: CODE, name: '王志强' })).toBe('personId');
    expect(field({ code: CODE, personId: MASKED_ID, name: '王志强' })).toBe('personId');
    expect(field({ code: CODE, kind: 'person' })).toBe('personId');
    expect(field({ name: '王志强', personId: MASKED_ID, kind: 'organization' })).toBe('personId');
  });

  it('never repeats the value asked about: it may be a whole resident ID', () => {
    for (const [id, query] of [
      [WHOLE_ID, { code: WHOLE_ID }],
      [WHOLE_ID, { personId: WHOLE_ID }],
      ['440303199003120016', { personId: '440303199003120016', name: '王志强' }],
      [WHOLE_ID, { code: CODE, personId: WHOLE_ID }],
    ] as const) {
      const message = creditQueryIssue(query)?.message;
      expect(message).toEqual(expect.any(String));
      expect(message).not.toContain(id);
      expect(message).not.toContain(id.slice(6, 14));
    }
  });
});

const pairSide = z.object({
  name: z.string(),
  creditCode: z.string().optional(),
  organizationCode: z.string().optional(),
  personId: z.string().optional(),
});
const labelledPairs = z
  .array(z.object({ id: z.string(), ours: pairSide, theirs: pairSide, kind: z.string() }))
  .parse(JSON.parse(readFileSync(new URL('../fixtures/labelled-pairs.json', import.meta.url), 'utf8')));

/** The question the CLI and the API would be asked about our side of a pair. */
function questionOf(ours: z.infer<typeof pairSide>): CreditQuery {
  if (ours.personId !== undefined) return { name: ours.name, personId: ours.personId };
  const code = ours.creditCode ?? ours.organizationCode;
  return { name: ours.name, ...(code === undefined ? {} : { code }) };
}

/** Every hit of a check, restricting on the day or not: what the matcher found. */
const found = (check: CreditCheck) => [...check.hits, ...check.inactive];

describe('checkCredit and the labelled pairs', () => {
  // The day asked about lies within the records' validity (testing/records.ts).
  const on = '2026-01-01T00:00:00+08:00';

  it('finds every pair the in-memory matcher finds, at the same level and score', () => {
    const differ: string[] = [];
    for (const pair of labelledPairs) {
      const expected = matchParty(buildSubjectIndex([subjectRecord(pair.id, pair.theirs)]), pair.ours)[0];
      const index = new CreditIndex();
      index.put(creditRecordOf(pair.id, pair.theirs), 1);
      const check = checkCredit(index, { ...questionOf(pair.ours), on });
      const got = found(check).map((hit) => `${hit.level} ${hit.score}`);
      const want = expected ? [`${expected.level} ${expected.score}`] : [];
      if (got.join() !== want.join()) differ.push(`${pair.id}: check ${got} / matcher ${want}`);
    }
    expect(differ).toEqual([]);
    // The set has pairs the matcher finds at every level; the check was asked about all of them.
    expect(labelledPairs.length).toBeGreaterThanOrEqual(300);
  });

  it('finds a bracketed name as stored, with full-width or half-width brackets, and by its code', () => {
    const code = '91440101MA5CYH8G0L';
    expect(creditQueryIssue({ code })).toBeUndefined();
    const stored = creditRecordOf('GZ-2024-0001', {
      name: '广州市华信（集团）建设有限公司',
      creditCode: code,
    });
    const index = new CreditIndex();
    index.put(stored, 1);
    const levels = (query: CreditQuery) =>
      checkCredit(index, { ...query, on }).hits.map((hit) => [hit.recordId, hit.level]);
    expect(levels({ code })).toEqual([[stored.id, 'certain']]);
    expect(levels({ code, name: '广州市华信（集团）建设有限公司' })).toEqual([[stored.id, 'certain']]);
    // By name alone the code cannot be compared: probable, the matcher's level for an equal name.
    for (const name of [
      '广州市华信（集团）建设有限公司',
      '广州市华信(集团)建设有限公司',
      '广州市华信 ( 集团 ) 建设有限公司',
    ]) {
      expect(levels({ name }), name).toEqual([[stored.id, 'probable']]);
      expect(matchParty(index.subjects, { name })[0]?.level, name).toBe('probable');
    }
  });

  it('keeps the newest version of a record, and forgets a removed one', () => {
    const first = creditRecordOf('SZ-2024-0009', { name: '深圳市鹏城路桥工程有限公司' });
    const renamed = { ...first, subject: { ...first.subject, name: '深圳市鹏城道桥工程有限公司' } };
    const index = new CreditIndex();
    expect(index.absorb([{ record: renamed, version: 2 }])).toBe(1);
    // A load that read version 1 before version 2 came in does not put it back.
    expect(index.absorb([{ record: first, version: 1 }])).toBe(0);
    expect(index.record(first.id)?.subject.name).toBe('深圳市鹏城道桥工程有限公司');
    expect(found(checkCredit(index, { name: '深圳市鹏城道桥工程有限公司', on }))).toHaveLength(1);
    index.remove(first.id);
    expect(index.size).toBe(0);
    expect(found(checkCredit(index, { name: '深圳市鹏城道桥工程有限公司', on }))).toEqual([]);
  });
});
