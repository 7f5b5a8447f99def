import { creditCodeCheckChar, organizationCodeCheckChar } from '@ggzy/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildSubjectIndex,
  FUZZY_GRAMS,
  GRAM_POSTING_CAP,
  matchParty,
  matchPartyByScan,
  partyView,
} from './index.ts';
import { plainHits, subjectRecord } from './testing/records.ts';
import { syntheticRecords, syntheticSubjects } from './testing/synthetic.ts';

const CODES = ['MA5F3K2L', 'MA5G7P1Q', '12345678', 'X9Y8W7Q6'].map((body) => {
  const first17 = `91440300${body}${organizationCodeCheckChar(body)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
});
const subjectArb = fc.record({
  name: fc
    .tuple(
      fc.constantFrom('深圳市', '北京市', '', '深圳'),
      fc.constantFrom('华强', '华疆', '远航', '远行', '中建三局', '中建八局'),
      fc.constantFrom('电子科技', '信息技术', '科技'),
      fc.constantFrom('有限公司', '有限责任公司', '股份有限公司'),
      fc.constantFrom('', '', '', '龙华分公司'),
    )
    .map((parts) => parts.join('')),
  creditCode: fc.option(fc.constantFrom(...CODES), { nil: undefined }),
});

describe('SubjectIndex', () => {
  it('returns the same hits as scoring every record', () => {
    fc.assert(
      fc.property(
        fc.array(subjectArb, { minLength: 100, maxLength: 300 }),
        fc.array(subjectArb, { minLength: 1, maxLength: 5 }),
        (subjects, parties) => {
          const index = buildSubjectIndex(subjects.map((s, i) => subjectRecord(`p${i}`, s)));
          for (const party of parties)
            expect(plainHits(matchParty(index, party))).toEqual(matchPartyByScan(index, party));
        },
      ),
      { numRuns: 30 },
    );
  });

  it('examines a bounded number of candidates as the records grow from 1k to 100k', () => {
    const queries = syntheticSubjects(200, 7).map((s, i) =>
      i % 2 === 0 ? s : { name: s.name.replace(/^(深圳市|北京市)/, '') },
    );
    const bound = FUZZY_GRAMS * GRAM_POSTING_CAP;
    const worst: Record<number, number> = {};
    const records = syntheticRecords(100_000, 1);
    for (const size of [1_000, 10_000, 100_000]) {
      const index = buildSubjectIndex(records.slice(0, size));
      const examined = [...queries, ...records.slice(0, 100)].map((q) => {
        const party = 'subject' in q ? { name: q.subject.name, creditCode: q.subject.creditCode } : q;
        return index.candidates(partyView(party)).examined;
      });
      worst[size] = Math.max(...examined);
    }
    process.stdout.write(
      `candidates examined, worst of 300 queries: ${JSON.stringify(worst)} (bound ${bound} + exact keys)\n`,
    );
    for (const count of Object.values(worst)) expect(count).toBeLessThanOrEqual(bound + 50);
  }, 120_000);
});
