import { readFileSync } from 'node:fs';
import { projectKey } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { normalizeHtml } from './normalize.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('normalizeHtml', () => {
  it('turns the real ccgp result page into a canonical procurement result, keeping both amounts', () => {
    const result = normalizeHtml(fixture('ccgp_guangdong_award_LHACG2025000057.html'), {
      feed: 'ccgp-guangdong',
      url: 'https://www.szggzy.com/globalSearch/details.html?contentId=1211037',
    });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { notice, warnings } = result;
    expect(notice).toMatchObject({
      domain: 'procurement',
      stage: 'result',
      publishedAt: '2025-05-27T20:20:00+08:00',
    });
    expect(projectKey(notice.project)).toBe('440309:LHACG2025000057');
    if (notice.domain !== 'procurement' || notice.stage !== 'result') throw new Error('wrong stage');
    expect(notice.awards[0]).toMatchObject({
      lotCode: 'A',
      supplier: { name: '深圳市金龙空调电器有限公司' },
      amount: { fen: 668_792_000, currency: 'CNY' },
    });
    expect(notice.amounts).toContainEqual(
      expect.objectContaining({ label: '总中标金额', value: { fen: 668_790_000, currency: 'CNY' } }),
    );
    expect(notice.amounts.filter((a) => a.label?.startsWith('投标报价'))).toHaveLength(5);
    expect(notice.parties.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        '深圳市龙华科技实验高级中学',
        '深圳交易集团有限公司龙华分公司',
        '杭州临安广远家电有限公司',
      ]),
    );
    expect(warnings[0]).toMatchObject({ rule: 'amounts-disagree' });
  });

  it.each([
    ['construction-candidates.html', 'construction', 'candidates', '440309:LHJS2024-0123'],
    ['land-deal.html', 'land', 'deal-publicity', '440309:A812-0345'],
    ['property-deal.html', 'property', 'deal', '440309:SZCQ-GQ2024-0088'],
    ['procurement-correction.html', 'procurement', 'correction', '440309:LHCG2024-0456'],
  ])('normalizes %s without errors', (file, domain, stage, key) => {
    const result = normalizeHtml(fixture(file), { feed: 'szggzy' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.notice).toMatchObject({ domain, stage });
    expect(projectKey(result.notice.project)).toBe(key);
  });

  it('passes the extractor rejections through', () => {
    const result = normalizeHtml('<p>网站地图</p>', { feed: 'szggzy' });
    expect(result.ok).toBe(false);
  });
});
