import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TITLE_BIGRAM_CHARACTERS, titleBigrams, titleWords } from './title-search.ts';

describe('titleBigrams', () => {
  it('cuts a title into its distinct lower-cased two-character runs', () => {
    expect(titleBigrams('龙华区ABC龙华')).toEqual(['龙华', '华区', '区a', 'ab', 'bc', 'c龙']);
    expect(titleBigrams('龙')).toEqual([]);
    expect(titleBigrams('')).toEqual([]);
  });

  it('counts an astral character as one character, as PostgreSQL does', () => {
    expect(titleBigrams('𠀀龙华')).toEqual(['𠀀龙', '龙华']);
  });

  it('reads only the first characters of a hostile title, in linear time', () => {
    const long = '招标'.repeat(300_000);
    const grams = titleBigrams(`甲乙${'丙'.repeat(TITLE_BIGRAM_CHARACTERS)}丁戊`);
    expect(grams).toEqual(['甲乙', '乙丙', '丙丙']);
    expect(titleBigrams(long)).toEqual(['招标', '标招']);
  });

  it('finds every word of a title: a word inside a title has all its bigrams in the title’s', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(), fc.nat(), (title, a, b) => {
        const characters = [...title];
        const from = a % (characters.length + 1);
        const word = characters.slice(from, from + (b % 8)).join('');
        const grams = new Set(titleBigrams(title));
        expect(titleBigrams(word).every((gram) => grams.has(gram))).toBe(true);
      }),
    );
  });
});

describe('titleWords', () => {
  it('splits on ASCII and full-width spaces', () => {
    expect(titleWords(' 龙华\u3000学校  改造 ')).toEqual(['龙华', '学校', '改造']);
  });
});
