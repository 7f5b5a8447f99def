import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreeingIdPattern, comparePersonIds } from './codes.ts';

/** 18 characters of a small alphabet, so that two of them often share visible digits. */
const maskedId = fc
  .array(fc.constantFrom('0', '1', '4', 'X', '*'), { minLength: 18, maxLength: 18 })
  .map((chars) => chars.join(''));

describe('agreeingIdPattern', () => {
  it('matches the masked IDs a resident ID can be the same person as, and no other', () => {
    const pattern = new RegExp(agreeingIdPattern('440303198507120015')!);
    expect(pattern.test('440303********0015')).toBe(true);
    expect(pattern.test('4403**********0015')).toBe(true);
    expect(pattern.test('440303********0022')).toBe(false);
    expect(pattern.test('440304********0015')).toBe(false);
    const masked = new RegExp(agreeingIdPattern('4403**********0015')!);
    expect(masked.test('440303********0015')).toBe(true);
    expect(masked.test('110105********0015')).toBe(false);
  });

  it('property: matches exactly where comparePersonIds does not say disagree', () => {
    fc.assert(
      fc.property(maskedId, maskedId, (ours, theirs) => {
        const agrees = new RegExp(agreeingIdPattern(ours)!).test(theirs);
        expect(agrees).toBe(comparePersonIds(ours, theirs) !== 'disagree');
      }),
      { numRuns: 500 },
    );
  });

  it('gives nothing for what is not 18 characters of an ID', () => {
    expect(agreeingIdPattern('4403****0015')).toBeUndefined();
    expect(agreeingIdPattern('91440300MA5H1A2B3C')).toBeUndefined();
  });
});
