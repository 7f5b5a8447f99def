import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PROBABLE_MIN_SCORE, REVIEW_MIN_SCORE, scoreNames } from './index.ts';
import { oneEditApart } from './score-names.ts';

const REGIONS = ['深圳市', '北京市', '广东省深圳市', '', '深圳'];
const TRADES = ['华强', '华疆', '远航', '中建三局', '中建八局', '鹏程'];
const INDUSTRY = ['电子科技', '信息技术', '技术', '科技', '建设工程'];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '集团有限公司', ''];
const BRANCHES = ['', '龙华分公司', '南山分公司'];
const nameArb = fc
  .tuple(
    fc.constantFrom(...REGIONS),
    fc.constantFrom(...TRADES),
    fc.constantFrom(...INDUSTRY),
    fc.constantFrom(...FORMS),
    fc.constantFrom(...BRANCHES),
  )
  .filter(([, , , form, branch]) => form !== '' || branch === '')
  .map((parts) => parts.join(''));

describe('scoreNames', () => {
  it('is symmetric in score and level', () => {
    fc.assert(
      fc.property(nameArb, nameArb, (a, b) => {
        const ab = scoreNames(a, b);
        const ba = scoreNames(b, a);
        expect(ba.score).toBe(ab.score);
        expect(ba.level).toBe(ab.level);
      }),
      { numRuns: 200 },
    );
  });

  it('scores spelling variants of one name as identical', () => {
    fc.assert(
      fc.property(
        nameArb,
        fc.constantFrom<(s: string) => string>(
          (s) => s.replace(/[(]/g, '（').replace(/[)]/g, '）'),
          (s) => [...s].join(' '),
          (s) => s.replace('华', '華').replace('强', '強').replace('电', '電'),
        ),
        (name, variant) => {
          expect(scoreNames(variant(name), name).score).toBe(1);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps its thresholds ordered and explains every part it compared', () => {
    expect(PROBABLE_MIN_SCORE).toBeGreaterThan(REVIEW_MIN_SCORE);
    const s = scoreNames('深圳市华强电子有限公司', '华强电子股份有限公司');
    expect(s.evidence.map((e) => e.field)).toEqual(['nameKey', 'name.core', 'name.region', 'name.legalForm']);
    expect(s.explanation).toContain('region partial');
  });

  it('never rates names that differ in the core above review', () => {
    fc.assert(
      fc.property(nameArb, nameArb, (a, b) => {
        const s = scoreNames(a, b);
        if (s.evidence.find((e) => e.field === 'name.core')?.outcome !== 'match')
          expect(s.level).not.toBe('probable');
      }),
      { numRuns: 200 },
    );
  });
});

/** Edit distance, the plain way: the reference oneEditApart is held to. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length]!;
}

describe('oneEditApart', () => {
  it('is edit distance one', () => {
    const text = fc.string({ unit: fc.constantFrom(...'华为技科深圳'), maxLength: 7 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(oneEditApart(a, b)).toBe(distance(a, b) === 1);
      }),
      { numRuns: 2_000 },
    );
  });
});
