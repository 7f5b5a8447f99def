import { readFileSync } from 'node:fs';
import { domains, noticeSchema } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { normalizeInput } from './from-input.ts';
import type { NormalizeResult } from './result.ts';

const context = { feed: 'golden', centre: '深圳公共资源交易中心' };

function fixtures(domain: string): Record<string, unknown>[] {
  return JSON.parse(readFileSync(new URL(`../fixtures/input/${domain}.json`, import.meta.url), 'utf8'));
}

function okNotice(result: NormalizeResult) {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.errors, null, 2)}`);
  return result;
}

describe('golden fixtures: input format → canonical notice', () => {
  for (const domain of domains) {
    it(`${domain}: five realistic notices match their reviewed output`, async () => {
      const records = fixtures(domain);
      expect(records.length).toBeGreaterThanOrEqual(5);
      const results = records.map((record) => normalizeInput(record, context));
      for (const result of results) {
        if (result.ok) expect(noticeSchema.safeParse(result.notice).success).toBe(true);
      }
      await expect(`${JSON.stringify(results, null, 2)}\n`).toMatchFileSnapshot(
        `../fixtures/expected/golden/${domain}.json`,
      );
    });
  }
});

describe('values as published', () => {
  const [announcement, candidates, result, contract, performance] = fixtures('construction');

  it('reads capital numerals, thousands separators, full-width digits and Chinese dates', () => {
    const { notice, warnings } = okNotice(normalizeInput(announcement, context));
    expect(notice.domain === 'construction' && notice.stage === 'tender-announcement').toBe(true);
    if (notice.stage !== 'tender-announcement' || notice.domain !== 'construction') return;
    expect(notice.budget).toEqual({ fen: 1_200_000_000, currency: 'CNY' });
    expect(notice.ceilingPrice).toEqual({ fen: 1_185_632_000, currency: 'CNY' });
    expect(notice.project.projectCode).toBe('HYJS2018-0919');
    expect(notice.project.region).toBe('430406');
    expect(notice.publishedAt).toBe('2018-09-19T09:30:00+08:00');
    expect(notice.documentAccess?.until).toBe('2018-09-26T23:59:59+08:00');
    expect(notice.tenderMethod).toBe('open');
    expect(notice.amounts.map((a) => a.kind)).toEqual(['agency-fee', 'deposit']);
    expect(warnings).toContainEqual(expect.objectContaining({ path: 'projectCode', rule: 'value-repaired' }));
  });

  it('repairs credit codes with spaces or lower case, with a warning', () => {
    const { notice, warnings } = okNotice(normalizeInput(candidates, context));
    expect(notice.parties.map((p) => p.identifiers.creditCode)).toEqual([
      '11440309007523453B',
      '91440300MA5F3K2L57',
      '91440300192287367B',
    ]);
    const repaired = warnings.filter((w) => w.rule === 'value-repaired').map((w) => w.path);
    expect(repaired).toEqual(
      expect.arrayContaining(['parties[1].creditCode', 'parties[2].creditCode', 'candidates[1].bidPrice']),
    );
    if (notice.domain !== 'construction' || notice.stage !== 'candidates') throw new Error('stage');
    expect(notice.candidates.map((c) => [c.rank, c.bidPrice?.fen])).toEqual([
      [1, 3_298_760_000],
      [2, 3_312_050_000],
    ]);
    expect(notice.parties[2]?.roles).toEqual([{ role: 'candidate', rank: 2 }]);
  });

  it('keeps a rate as a rate, adds a winner the parties left out, and flags missing catalogue fields', () => {
    const { notice, warnings } = okNotice(normalizeInput(result, context));
    if (notice.domain !== 'construction' || notice.stage !== 'result') throw new Error('stage');
    expect(notice.awards[0]?.price).toBeUndefined();
    expect(notice.awards[0]?.otherPrice).toBe('下浮率5.5%');
    expect(notice.parties).toEqual([
      expect.objectContaining({ name: '贵州黔通路桥工程有限公司', roles: [{ role: 'winner' }] }),
    ]);
    const rules = warnings.map((w) => `${w.path} ${w.rule}`);
    expect(rules).toEqual(
      expect.arrayContaining([
        'awards[0].price rate-kept-as-text',
        'awards[0].name party-added',
        'sourceUrl required-field-missing',
        'publisher required-field-missing',
      ]),
    );
  });

  it('reads 二〇一五年八月二十日 and links both contract parties', () => {
    const { notice } = okNotice(normalizeInput(contract, context));
    if (notice.domain !== 'construction' || notice.stage !== 'contract') throw new Error('stage');
    expect(notice.contract.signedAt).toBe('2015-08-20T00:00:00+08:00');
    expect(notice.contract.amount?.fen).toBe(3_560_080_000);
    expect(notice.parties.map((p) => p.roles[0]?.role)).toEqual(['tenderer', 'winner']);
  });

  it('rejects a wrong credit-code checksum, naming the field and the rule', () => {
    const out = normalizeInput(performance, context);
    expect(out).toEqual({
      ok: false,
      errors: [
        expect.objectContaining({
          path: 'parties[0].creditCode',
          rule: 'credit-code.check-char',
          value: '91440300MA5EXJ8T9C',
        }),
      ],
    });
  });

  it('is deterministic: the same record gives the same result', () => {
    for (const domain of domains) {
      for (const record of fixtures(domain)) {
        expect(normalizeInput(structuredClone(record), context)).toEqual(normalizeInput(record, context));
      }
    }
  });

  it('resolves an ambiguous region name only with a hint that names it', () => {
    const base = fixtures('procurement')[2]!;
    const withoutHint = normalizeInput(
      { ...base, publisher: undefined, platform: undefined, title: '空调采购结果公告' },
      { feed: 'x' },
    );
    expect(withoutHint.ok).toBe(false);
    expect(!withoutHint.ok && withoutHint.errors[0]).toMatchObject({
      path: 'region',
      rule: 'region.unresolved',
    });
    const hinted = okNotice(normalizeInput(base, { feed: 'x' }));
    expect(hinted.notice.project.region).toBe('440309');
  });

  it('moves a labelled amount into the empty stage field and reports one that disagrees', () => {
    const announcement2 = fixtures('procurement')[0]!;
    const same = okNotice(normalizeInput(announcement2, context));
    expect(same.notice.amounts).toEqual([]);
    const differing = okNotice(
      normalizeInput({ ...announcement2, amounts: [{ label: '预算金额', amount: '690万元' }] }, context),
    );
    expect(differing.warnings).toContainEqual(
      expect.objectContaining({ path: 'amounts[0]', rule: 'amounts-disagree' }),
    );
    const moved = okNotice(normalizeInput({ ...announcement2, budget: undefined }, context));
    if (moved.notice.domain !== 'procurement' || moved.notice.stage !== 'tender-announcement')
      throw new Error('stage');
    expect(moved.notice.budget?.fen).toBe(680_000_000);
  });
});
