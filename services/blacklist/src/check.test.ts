import { describe, expect, it } from 'vitest';
import { creditQueryIssue } from './check.ts';

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
