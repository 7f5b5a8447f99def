import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { noticeInputJsonSchema, noticeInputSchema, partyRoleAliases } from './input.ts';

/** A 中标（成交）结果公告 as the Shenzhen centre publishes it (ccgp.gov.cn, 2025-05-27). */
const procurementResult = {
  ggzyInput: 1,
  recordId: '1211037',
  domain: 'procurement',
  stage: 'result',
  title: '深圳市龙华科技实验高级中学空调采购中标（成交）结果公告',
  projectCode: 'LHACG2025000057',
  projectName: '深圳市龙华科技实验高级中学空调采购',
  region: '龙华区',
  publisher: '深圳公共资源交易中心',
  platform: '深圳交易集团有限公司龙华分公司',
  publishedAt: '2025年05月27日 20:20',
  sourceUrl: 'https://www.szggzy.com/globalSearch/details.html?contentId=1211037',
  method: '公开招标',
  parties: [
    { name: '深圳市龙华科技实验高级中学', roles: ['采购单位'] },
    { name: '深圳交易集团有限公司龙华分公司', roles: ['代理机构'] },
    { name: '深圳市金龙空调电器有限公司', roles: ['中标供应商', 'bidder'], lotCode: 'A' },
    { name: '杭州临安广远家电有限公司', roles: ['投标供应商'], lotCode: 'A' },
  ],
  awards: [
    {
      lotCode: 'A',
      name: '深圳市金龙空调电器有限公司',
      price: '6687920.0元',
      items: [
        {
          name: '3 匹冷暖变频壁挂式分体空调',
          brand: '美的',
          model: 'KFR-72GW/G1-1A',
          quantity: 281,
          unitPrice: 5390,
        },
      ],
    },
  ],
  reviewPanel: ['张茂霞', '彭安轩', '陈卫红', '张巧平', '范港航'],
  publicityPeriod: { text: '2025年05月27日至2025年05月30日' },
  amounts: [{ label: '总中标金额', amount: '￥668.790000 万元（人民币）' }],
};

/** A land 成交公示 with values as printed. */
const landDeal = {
  ggzyInput: 1,
  recordId: 'TD-2024-045',
  domain: 'land',
  stage: 'deal-publicity',
  title: '宗地编号A812-0345国有建设用地使用权成交公示',
  projectCode: 'A812-0345',
  region: '440309',
  publishedAt: '2024年7月19日',
  parties: [{ name: '深圳市万科房地产有限公司', roles: ['竞得人'] }],
  parcels: [
    {
      parcelNumber: 'A812-0345',
      location: '龙华区民治街道',
      area: '28561.37平方米',
      use: '二类居住用地',
      termYears: '70年',
      method: '挂牌出让',
      transferee: '深圳市万科房地产有限公司',
      dealPrice: '168500万元',
    },
  ],
};

describe('noticeInputSchema', () => {
  it('accepts values as published', () => {
    expect(noticeInputSchema.safeParse(procurementResult).success).toBe(true);
    expect(noticeInputSchema.safeParse(landDeal).success).toBe(true);
  });

  it('rejects a stage of another domain at path stage', () => {
    const result = noticeInputSchema.safeParse({ ...landDeal, stage: 'candidates' });
    expect(result.error?.issues[0]?.path).toEqual(['stage']);
    expect(result.error?.issues[0]?.message).toContain('not a land stage');
  });

  it('rejects an unknown version, an unknown field and an unknown role', () => {
    expect(noticeInputSchema.safeParse({ ...landDeal, ggzyInput: 2 }).error?.issues[0]?.path).toEqual([
      'ggzyInput',
    ]);
    expect(noticeInputSchema.safeParse({ ...landDeal, projectcode: 'A812-0345' }).success).toBe(false);
    const parties = [{ name: '深圳市万科房地产有限公司', roles: ['买家'] }];
    expect(noticeInputSchema.safeParse({ ...landDeal, parties }).error?.issues[0]?.path).toEqual([
      'parties',
      0,
      'roles',
      0,
    ]);
  });

  it('maps the Chinese role names to role ids', () => {
    expect(partyRoleAliases.成交供应商).toBe('winner');
    expect(partyRoleAliases.出让人).toBe('transferor');
  });
});

describe('docs/schemas/notice-input.v1.json', () => {
  it('equals a fresh generation (run packages/domain/scripts/generate-json-schema.ts after changing input.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../../docs/schemas/notice-input.v1.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(noticeInputJsonSchema());
  });
});
