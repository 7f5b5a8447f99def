import { creditCodeCheckChar, organizationCodeCheckChar } from '@ggzy/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSubjectIndex, matchParty, matchPartyByScan, PERSON_REVIEW_SCORE } from './index.ts';
import { subjectRecord } from './testing/records.ts';

function code(body: string, region = '440300'): string {
  const first17 = `91${region}${body}${organizationCodeCheckChar(body)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}
const HUAQIANG = code('MA5F3K2L');
const OTHER = code('MA5G7P1Q');

function one(theirs: Parameters<typeof subjectRecord>[1], ours: Parameters<typeof matchParty>[1]) {
  const index = buildSubjectIndex([subjectRecord('r1', theirs)]);
  return matchParty(index, ours);
}

describe('matchParty: codes', () => {
  it('is certain on an equal valid credit code, whatever the names', () => {
    const [hit] = one(
      { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
      { name: '深圳市华强科技股份有限公司', creditCode: HUAQIANG },
    );
    expect(hit?.level).toBe('certain');
    expect(hit?.score).toBe(1);
    expect(hit?.evidence).toContainEqual({
      field: 'creditCode',
      ours: HUAQIANG,
      theirs: HUAQIANG,
      outcome: 'match',
    });
    expect(hit?.reason).toMatch(/renamed/);
  });

  it('is certain on the organization code inside the credit code', () => {
    const org = HUAQIANG.slice(8, 17);
    expect(
      one(
        { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
        { name: '华强电子', organizationCode: `${org.slice(0, 8)}-${org[8]}` },
      )[0]?.level,
    ).toBe('certain');
    expect(
      one(
        { name: '深圳市华强电子有限公司', organizationCode: org },
        { name: '华强电子', creditCode: HUAQIANG },
      )[0]?.level,
    ).toBe('certain');
  });

  it('any single-character change of a valid code loses the certain match', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...'0123456789ABCDEFGHJKLMNPQRTUWXY'),
        (at, ch) => {
          fc.pre(HUAQIANG[at] !== ch);
          const changed = `${HUAQIANG.slice(0, at)}${ch}${HUAQIANG.slice(at + 1)}`;
          const hits = one(
            { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
            { name: '广州市远航物业管理有限公司', creditCode: changed },
          );
          expect(hits).toEqual([]);
          const named = one(
            { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
            { name: '深圳市华强电子有限公司', creditCode: changed },
          );
          expect(named[0]?.level).toBe('probable');
          expect(named[0]?.evidence[0]).toMatchObject({ field: 'creditCode', outcome: 'differ' });
        },
      ),
      { numRuns: 100 },
    );
  });

  it('different valid codes are two subjects: review when the names agree, else nothing', () => {
    const [hit] = one(
      { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
      { name: '深圳市华强电子有限责任公司', creditCode: OTHER },
    );
    expect(hit?.level).toBe('review');
    expect(
      one(
        { name: '深圳市华强电子有限公司', creditCode: HUAQIANG },
        { name: '深圳市华强电器有限公司', creditCode: OTHER },
      ),
    ).toEqual([]);
  });
});

describe('matchParty: names', () => {
  const listed = { name: '深圳市华强电子科技有限公司' };
  it.each([
    ['深圳市华强电子科技有限责任公司', 'probable'],
    ['深圳市華強電子科技有限公司', 'probable'],
    ['深圳市 华强电子科技 有限公司', 'probable'],
    ['华强电子科技（深圳）有限公司', 'probable'],
    ['华强电子科技有限公司', 'probable'],
    ['深圳华强电子科技有限公司', 'probable'],
    ['深圳市华强电子科技有限公司龙华分公司', 'review'],
    ['深圳市华疆电子科技有限公司', 'review'],
    ['深圳市华强信息技术有限公司', undefined],
    ['北京市华强电子科技有限公司', undefined],
    ['深圳市鹏程物业管理有限公司', undefined],
  ])('%s → %s', (ours, level) => {
    expect(one(listed, { name: ours })[0]?.level).toBe(level);
  });

  it('never puts a branch above review, and says whose branch it is', () => {
    const [hit] = one(
      { name: '中国建设银行股份有限公司', creditCode: HUAQIANG },
      { name: '中国建设银行股份有限公司深圳分行', creditCode: OTHER },
    );
    expect(hit?.level).toBe('review');
    expect(hit?.evidence.find((e) => e.field === 'branchOf')?.outcome).toBe('partial');
  });

  it('numbered sibling units are not one company', () => {
    expect(one({ name: '中建三局集团有限公司' }, { name: '中建八局集团有限公司' })).toEqual([]);
  });
});

describe('matchParty: persons', () => {
  const listed = { name: '张建国', personId: '4405**********0014' };
  it('is probable, never certain, on name and agreeing visible ID digits', () => {
    expect(one(listed, { name: '张建国', personId: '440524199001010014' })[0]?.level).toBe('probable');
    expect(one(listed, { name: '张建国', personId: '4405**********0014' })[0]?.level).toBe('probable');
  });
  it('is nothing when the visible digits disagree, the name differs or there is no ID', () => {
    expect(one(listed, { name: '张建国', personId: '4405**********0022' })).toEqual([]);
    expect(one(listed, { name: '张建华', personId: '4405**********0014' })).toEqual([]);
    expect(one(listed, { name: '张建国', kind: 'person' })).toEqual([]);
  });
  it('scored by name alone, is review at most, and says no ID was given', () => {
    const index = buildSubjectIndex([subjectRecord('r1', listed)]);
    const [hit, ...rest] = matchPartyByScan(index, { name: '张建国', kind: 'person' });
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ level: 'review', score: PERSON_REVIEW_SCORE });
    expect(hit?.reason).toMatch(/no ID given/);
    expect(matchPartyByScan(index, { name: '张建华', kind: 'person' })).toEqual([]);
    const withoutId = { kind: 'person', name: '张建国', nameKey: '张建国' } as const;
    const unmasked = buildSubjectIndex([{ ...subjectRecord('r2', listed), subject: withoutId }]);
    const [noId] = matchPartyByScan(unmasked, { name: '张建国', personId: '440524199001010014' });
    expect(noId?.level).toBe('review');
    expect(noId?.reason).toMatch(/the record carries no ID/);
  });
});

describe('matchParty: validity and updates', () => {
  it('skips records not active on the date', () => {
    const index = buildSubjectIndex([
      subjectRecord('r1', { name: '深圳市华强电子有限公司', creditCode: HUAQIANG }),
    ]);
    const party = { name: '深圳市华强电子有限公司', creditCode: HUAQIANG };
    expect(matchParty(index, party, { onDate: '2026-06-01T00:00:00+08:00' })).toHaveLength(1);
    expect(matchParty(index, party, { onDate: '2028-01-01T00:00:00+08:00' })).toEqual([]);
  });

  it('forgets a removed record and replaces a re-added one', () => {
    const record = subjectRecord('r1', { name: '深圳市华强电子有限公司', creditCode: HUAQIANG });
    const index = buildSubjectIndex([record]);
    index.add({
      ...record,
      subject: {
        ...record.subject,
        name: '广州市远航物业管理有限公司',
        nameKey: '广州市远航物业管理有限公司',
        creditCode: OTHER,
      },
    });
    expect(matchParty(index, { name: '深圳市华强电子有限公司' })).toEqual([]);
    expect(matchParty(index, { name: '广州市远航物业管理有限公司' })).toHaveLength(1);
    expect(index.remove(record.id)).toBe(true);
    expect(matchParty(index, { name: '广州市远航物业管理有限公司', creditCode: OTHER })).toEqual([]);
    expect(index.size).toBe(0);
  });
});
