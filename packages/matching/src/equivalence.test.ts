/**
 * The compact index and quick scorer against the implementation they replaced (Sets of ids,
 * every candidate scored in full; testing/legacy-index.ts): the same candidates, the same hits
 * with the same levels, scores, evidence and reasons, for generated parties against a synthetic
 * list large enough to have stop-grams, before and after records are replaced and removed.
 */
import { creditCodeCheckChar, organizationCodeCheckChar } from '@ggzy/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSubjectIndex, type MatchOptions, matchParty, type PartyInput, partyView } from './index.ts';
import { buildLegacyIndex, legacyMatchParty } from './testing/legacy-index.ts';
import { plainHits, subjectRecord } from './testing/records.ts';
import { syntheticRecords } from './testing/synthetic.ts';

const records = syntheticRecords(30_000, 3);

const TRADE = [...'宇诚恒信宏图远航协众鑫丰博雅安泰锦程汇润创金达源川盛锐立合德'];

function withCode(body: string): string {
  const first17 = `91440300${body}${organizationCodeCheckChar(body)}`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/** A party derived from a listed subject the ways notices write them, or made up. */
const partyArb = fc
  .tuple(
    fc.nat(records.length - 1),
    fc.constantFrom(
      'as-listed',
      'name-only',
      'region-dropped',
      'typo',
      'numbered',
      'other-form',
      'branch',
      'bad-code',
      'org-code',
      'other-code',
      'person-no-id',
      'fresh',
    ),
    fc.nat(TRADE.length - 1),
  )
  .map(([i, how, t]): PartyInput => {
    const { subject } = records[i]!;
    const name = subject.name;
    const code = subject.creditCode;
    switch (how) {
      case 'as-listed':
        return { name, creditCode: code, personId: subject.maskedPersonId };
      case 'name-only':
        return { name, personId: subject.maskedPersonId };
      case 'region-dropped':
        return { name: name.replace(/^(深圳市|广州市|北京市|上海市|杭州市)/, '') };
      case 'typo': {
        const at = name.search(/[^市]/) + (name.startsWith('深圳市') ? 3 : 0);
        return { name: `${name.slice(0, at)}${TRADE[t]}${name.slice(at + 1)}` };
      }
      case 'numbered':
        return { name: name.replace(/(有限|股份|集团)/, '第三$1') };
      case 'other-form':
        return { name: name.replace(/有限公司$/, '股份有限公司') };
      case 'branch':
        return { name: `${name}龙华分公司`, creditCode: code };
      case 'bad-code':
        return { name, creditCode: code ? `${code.slice(0, 10)}0${code.slice(11)}` : '91440300MA5F3K2L0X' };
      case 'org-code':
        return { name, organizationCode: code?.slice(8, 17) };
      case 'other-code':
        return { name, creditCode: withCode(`MA5F${TRADE[t]!.charCodeAt(0) % 10}K2L`) };
      case 'person-no-id':
        return { name, kind: 'person' };
      default:
        return { name: `${TRADE[t]}${TRADE[(t + i) % TRADE.length]}建筑工程有限公司` };
    }
  });

const optionsArb = fc.constantFrom<MatchOptions>(
  {},
  { namesakes: true },
  { onDate: '2026-06-01T00:00:00+08:00' },
  { onDate: '2024-06-01T00:00:00+08:00' },
);

describe('the compact index', () => {
  const index = buildSubjectIndex(records);
  const legacy = buildLegacyIndex(records);

  it('has stop-grams at this size, so the cap is exercised', () => {
    const skipped = records.slice(0, 200).some((r) => {
      const party = partyView({ name: r.subject.name });
      return index.candidates(party).skippedGrams.length > 0;
    });
    expect(skipped).toBe(true);
  });

  it('returns the same candidates and hits as the implementation it replaced', () => {
    fc.assert(
      fc.property(partyArb, optionsArb, (party, options) => {
        const view = partyView(party);
        const namesakes = { namesakes: options.namesakes ?? false };
        expect(index.candidates(view, namesakes)).toEqual(legacy.candidates(view, namesakes));
        const hits = matchParty(index, party, options);
        const legacyHits = legacyMatchParty(legacy, party, options);
        expect(plainHits(hits)).toEqual(legacyHits);
        expect(JSON.stringify(hits)).toBe(JSON.stringify(legacyHits));
      }),
      { numRuns: 3_000 },
    );
  });

  it('stays the same after records are corrected, removed and added back', () => {
    const changed = buildSubjectIndex(records);
    const changedLegacy = buildLegacyIndex(records);
    const random = fc.sample(fc.nat(records.length - 1), { numRuns: 3_000, seed: 5 });
    for (const [n, i] of random.entries()) {
      const record = records[i]!;
      if (n % 3 === 0) {
        changed.remove(record.id);
        changedLegacy.remove(record.id);
      } else {
        const corrected = subjectRecord(`corrected-${n}`, {
          name: records[(i + n) % records.length]!.subject.name,
          creditCode: n % 2 === 0 ? record.subject.creditCode : undefined,
        });
        const replacement = { ...corrected, id: record.id };
        changed.add(replacement);
        changedLegacy.add(replacement);
      }
    }
    expect(changed.size).toBe(changedLegacy.size);
    fc.assert(
      fc.property(partyArb, optionsArb, (party, options) => {
        expect(plainHits(matchParty(changed, party, options))).toEqual(
          legacyMatchParty(changedLegacy, party, options),
        );
      }),
      { numRuns: 1_000 },
    );
  });
});
