import { readFileSync } from 'node:fs';
import { parseMoney } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { extractHtmlNotice, type HtmlExtraction } from './extract.ts';

const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const REAL = 'ccgp_guangdong_award_LHACG2025000057.html';
const REAL_URL = 'https://www.szggzy.com/globalSearch/details.html?contentId=1211037';

function accepted(result: HtmlExtraction) {
  if (!('input' in result)) throw new Error(`rejected: ${JSON.stringify(result.errors)}`);
  return result;
}

describe('extractHtmlNotice — ccgp 中标（成交）结果公告 LHACG2025000057 (real page)', () => {
  const { input, warnings } = accepted(extractHtmlNotice(fixture(REAL), { url: REAL_URL }));
  const party = (name: string) => input.parties?.find((p) => p.name === name);

  it('reads the identity of the notice', () => {
    expect(input).toMatchObject({
      ggzyInput: 1,
      recordId: '1211037',
      domain: 'procurement',
      stage: 'result',
      title: '深圳市龙华科技实验高级中学空调采购中标（成交）结果公告',
      projectCode: 'LHACG2025000057',
      projectName: '深圳市龙华科技实验高级中学空调采购',
      region: '440309',
      publishedAt: '2025年05月27日 20:20',
      sourceUrl: REAL_URL,
    });
  });

  it('names the buyer and the agency with address and contact', () => {
    expect(party('深圳市龙华科技实验高级中学')).toEqual({
      name: '深圳市龙华科技实验高级中学',
      roles: ['buyer'],
      address: '深圳市龙华科技实验高级中学',
      contact: '15013470585；0755-29849282',
    });
    expect(party('深圳交易集团有限公司龙华分公司')).toEqual({
      name: '深圳交易集团有限公司龙华分公司',
      roles: ['agency'],
      address: '深圳市龙华区观湖街道大和社区大和路288号宝观城锦鲤大厦办公楼21、22楼',
      contact: '0755-23338582',
    });
  });

  it('keeps every bidder with its price, in lot A', () => {
    const bids = [
      ['深圳市前海新鹏辰科技有限公司', '5727100.0'],
      ['深圳市美电制冷设备有限公司', '4131090.0'],
      ['深圳市协众建设有限公司', '6887853.0'],
      ['杭州临安广远家电有限公司', '3895599.0'],
      ['深圳市金龙空调电器有限公司', '6687920.0'],
    ];
    expect(input.extra?.bids).toEqual(bids.map(([name, price]) => ({ lotCode: 'A', name, price })));
    for (const [name, price] of bids) {
      expect(party(name!)?.roles).toContain('bidder');
      expect(input.amounts).toContainEqual({ label: `投标报价(${name})`, amount: price, lotCode: 'A' });
    }
    expect(party('杭州临安广远家电有限公司')).toMatchObject({ roles: ['bidder', 'candidate'], rank: 2 });
  });

  it('keeps the winner price and the stated total as published, and warns that they disagree', () => {
    expect(input.awards).toEqual([
      {
        lotCode: 'A',
        name: '深圳市金龙空调电器有限公司',
        price: '6687920.0元',
        items: [
          {
            name: '3 匹冷暖变频壁挂式分体空调',
            brand: '美的',
            model: 'KFR-72GW/G1-1A',
            quantity: '281',
            unitPrice: '5390',
          },
        ],
      },
    ]);
    expect(party('深圳市金龙空调电器有限公司')).toMatchObject({
      roles: ['bidder', 'candidate', 'winner'],
      address: '深圳市南山区桃源街道西丽留仙大道1201号创客小镇13栋3楼东',
    });
    const total = input.amounts?.find((a) => a.label === '总中标金额');
    expect(total?.amount).toBe('￥668.790000 万元（人民币）');
    expect(parseMoney(String(total?.amount))).toMatchObject({ ok: true, value: { fen: 668_790_000 } });
    expect(parseMoney(String(input.awards?.[0]?.price))).toMatchObject({
      ok: true,
      value: { fen: 668_792_000 },
    });
    expect(warnings).toEqual([expect.objectContaining({ rule: 'amounts-disagree', path: 'amounts' })]);
  });

  it('reads the review panel of the body, not the cut-off expert pool of the summary, and the publicity period', () => {
    expect(input.reviewPanel).toEqual(['张茂霞', '彭安轩', '陈卫红', '张巧平', '范港航']);
    expect(input.publicityPeriod).toEqual({
      from: '2025年05月27日',
      until: '2025年05月30日',
      text: '2025年05月27日至2025年05月30日',
    });
  });

  it('reads the same record from text as from bytes', () => {
    const fromText = accepted(extractHtmlNotice(fixture(REAL).toString('utf8'), { url: REAL_URL }));
    expect(fromText.input).toEqual(input);
  });
});

describe('extractHtmlNotice — other layouts', () => {
  it('工程 中标候选人公示 (GB2312 bytes, label/value table, 【】 heading, 万元 column)', () => {
    const { input } = accepted(extractHtmlNotice(fixture('construction-candidates.html')));
    expect(input).toMatchObject({
      domain: 'construction',
      stage: 'candidates',
      title: '龙华区民治中学校舍改造工程施工中标候选人公示',
      projectCode: 'LHJS2024-0123',
      region: '440309',
      publishedAt: '2024-07-02 09:30',
      publicityPeriod: { from: '2024年7月2日', until: '2024年7月4日' },
    });
    expect(input.candidates).toHaveLength(3);
    expect(input.candidates?.[0]).toEqual({
      rank: 1,
      name: '深圳市鹏城建筑工程有限公司',
      bidPrice: '3298.76万元',
      period: '180日历天',
      projectManager: { name: '王建国', certificates: [{ name: '一级注册建造师' }] },
    });
    expect(input.candidates?.[2]?.name).toBe('广东省第四建筑工程有限公司');
    expect(input.objection?.channel).toMatch(/^投标人或者其他利害关系人对评标结果有异议的/);
    expect(input.parties?.find((p) => p.roles.includes('tenderer'))).toEqual({
      name: '深圳市龙华区教育局',
      roles: ['tenderer'],
      contact: '0755-21001234',
    });
    expect(input.parties?.find((p) => p.roles.includes('agency'))?.name).toBe('深圳市国际招标有限公司');
  });

  it('土地 成交公示 (parcel table with units in headers, half-width colon)', () => {
    const { input } = accepted(extractHtmlNotice(fixture('land-deal.html')));
    expect(input).toMatchObject({
      domain: 'land',
      stage: 'deal-publicity',
      projectCode: 'A812-0345',
      region: '440309',
    });
    expect(input.publishedAt).toBe('2024年7月19日');
    expect(input.parcels).toEqual([
      {
        parcelNumber: 'A812-0345',
        location: '龙华区民治街道',
        area: '28561.37平方米',
        use: '二类居住用地',
        termYears: '70年',
        method: '挂牌出让',
        transferee: '深圳市万科房地产有限公司',
        dealPrice: '168500万元',
        dealAt: '2024年7月18日',
      },
    ]);
  });

  it('产权 成交公告 (div lines, two pairs on one line, capital numerals)', () => {
    const { input } = accepted(extractHtmlNotice(fixture('property-deal.html')));
    expect(input).toMatchObject({
      domain: 'property',
      stage: 'deal',
      projectCode: 'SZCQ-GQ2024-0088',
      region: '440309',
      target: { name: '深圳市龙华城市更新有限公司40%股权' },
      listingPrice: '12,680.00万元',
      dealPrice: '人民币壹亿叁仟贰佰万元整',
      dealAt: '2024年9月6日',
      method: '网络竞价',
      transferee: '深圳市特区建工集团有限公司',
    });
    expect(input.appraisals).toEqual([
      { kind: 'valuation', agency: '深圳市鹏信资产评估土地房地产估价有限公司', value: '12,680.00万元' },
      { kind: 'audit', agency: '天健会计师事务所（特殊普通合伙）深圳分所' },
    ]);
    expect(input.parties?.map((p) => p.roles[0])).toEqual([
      'evaluator',
      'evaluator',
      'transferor',
      'transferee',
    ]);
  });

  it('采购 更正公告 (GBK bytes, nested layout tables, 名　称 with an ideographic space, section context)', () => {
    const { input } = accepted(extractHtmlNotice(fixture('procurement-correction.html')));
    expect(input).toMatchObject({
      domain: 'procurement',
      stage: 'correction',
      projectCode: 'LHCG2024-0456',
      region: '440309',
      publishedAt: '2024-03-15 17:02',
      content: '采购文件',
      corrections: [{ item: '投标截止时间', before: '2024年3月22日9时30分', after: '2024年3月29日9时30分' }],
    });
    expect(input.parties).toEqual([
      {
        name: '深圳市龙华区人民医院',
        roles: ['buyer'],
        address: '深圳市龙华区观澜大道101号',
        contact: '0755-27741000',
      },
      { name: '深圳市龙华区政府采购中心', roles: ['agency'], contact: '0755-23336000' },
    ]);
  });

  it('reads labels with and without colons, spaces and full-width forms, and unclosed markup', () => {
    const html = `<html><body><h2>龙华区观澜河综合整治工程监理中标结果公告</h2>
      <p>项目编号&nbsp;&nbsp;GL2024-017</p><p>项 目 名 称 ： 龙华区观澜河综合整治工程监理
      <p>招标人:深圳市龙华区水务局<p>中标人：深圳市水务工程监理有限公司 中标价：1,234,567.89元
      <p>发布日期：2024年08月01日（星期四）<p>行政区划：440309</body>`;
    const { input } = accepted(extractHtmlNotice(html));
    expect(input).toMatchObject({
      domain: 'construction',
      stage: 'result',
      projectCode: 'GL2024-017',
      projectName: '龙华区观澜河综合整治工程监理',
      region: '440309',
      publishedAt: '2024年08月01日',
      awards: [{ name: '深圳市水务工程监理有限公司', price: '1,234,567.89元' }],
    });
  });
});

describe('extractHtmlNotice — rejections', () => {
  it('rejects a page that names no announcement type, with every reason', () => {
    const result = extractHtmlNotice('<html><body><p>网站地图</p><p>联系我们</p></body></html>');
    expect('errors' in result && result.errors.map((e) => `${e.path} ${e.rule}`)).toEqual([
      'stage html-unclassified',
      'title html-missing-field',
      'publishedAt html-missing-field',
      'projectCode html-missing-field',
      'region html-missing-field',
    ]);
  });

  it('rejects a result page without a project code', () => {
    const result = extractHtmlNotice(
      '<h1>龙华区某小学食堂设备采购中标结果公告</h1><p>发布时间：2024-05-01</p><p>行政区域：深圳市龙华区</p>',
    );
    expect(result).toEqual({
      errors: [expect.objectContaining({ path: 'projectCode', rule: 'html-missing-field' })],
    });
  });
});
