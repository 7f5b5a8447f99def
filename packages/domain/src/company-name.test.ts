import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { companyNameParts, normalizeCompanyName } from './company-name.ts';

describe('normalizeCompanyName', () => {
  it.each([
    ['深圳市金龙空调电器有限公司', '深圳市金龙空调电器有限公司'],
    [' 深圳市 金龙空调电器 有限公司 ', '深圳市金龙空调电器有限公司'],
    ['华为技术（深圳）有限公司', '华为技术(深圳)有限公司'],
    ['华为技术【深圳】有限公司', '华为技术(深圳)有限公司'],
    ['華為技術有限公司', '华为技术有限公司'],
    ['廣東省建築工程集團有限公司', '广东省建筑工程集团有限公司'],
    ['ｓｚ科技有限公司', 'SZ科技有限公司'],
    ['abb(中国)有限公司', 'ABB(中国)有限公司'],
    ['深圳市前海新鹏辰科技有限公司', '深圳市前海新鹏辰科技有限公司'],
    ['杭州临安广远家电有限公司\u3000', '杭州临安广远家电有限公司'],
    ['中铁一局集团有限公司—第五工程处', '中铁一局集团有限公司-第五工程处'],
  ])('%s → %s', (name, key) => {
    expect(normalizeCompanyName(name)).toBe(key);
  });

  it('property: the key is idempotent and ignores spacing and bracket style', () => {
    const cjk = fc.constantFrom(...'深圳市广东省华为技术建筑工程集团有限公司金龙空调电器科技發展實業');
    const part = fc.string({ unit: cjk, minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(part, part, (a, b) => {
        const plain = `${a}(${b})有限公司`;
        const key = normalizeCompanyName(plain);
        expect(normalizeCompanyName(key)).toBe(key);
        expect(normalizeCompanyName(` ${a} （${b}） 有限公司 `)).toBe(key);
        expect(normalizeCompanyName(`${a}【${b}】有限公司`)).toBe(key);
        expect(key).not.toMatch(/\s/);
      }),
      { numRuns: 100 },
    );
  });
});

describe('companyNameParts', () => {
  it.each([
    ['广东省深圳市华强电子有限公司', { region: '广东省深圳市', core: '华强电子', legalForm: '有限公司' }],
    ['深圳市金龙空调电器有限公司', { region: '深圳市', core: '金龙空调电器', legalForm: '有限公司' }],
    ['深圳交易集团有限公司龙华分公司', { core: '深圳交易', legalForm: '集团有限公司', branch: '龙华分公司' }],
    ['华为技术（深圳）有限公司', { region: '深圳', core: '华为技术', legalForm: '有限公司' }],
    ['中国建筑股份有限公司', { core: '中国建筑', legalForm: '股份有限公司' }],
    ['北京市政建设集团有限责任公司', { core: '北京市政建设', legalForm: '集团有限责任公司' }],
    [
      '立信会计师事务所（特殊普通合伙）广东分所',
      { core: '立信会计师事务所', legalForm: '(特殊普通合伙)', branch: '广东分所' },
    ],
    [
      '深圳市前海投资合伙企业（有限合伙）',
      { region: '深圳市', core: '前海投资', legalForm: '合伙企业(有限合伙)' },
    ],
    [
      '中国工商银行股份有限公司深圳市分行',
      { core: '中国工商银行', legalForm: '股份有限公司', branch: '深圳市分行' },
    ],
    [
      '湖南建工集团有限公司驻深圳办事处',
      { core: '湖南建工', legalForm: '集团有限公司', branch: '驻深圳办事处' },
    ],
    ['中山大学', { core: '中山大学' }],
    ['深圳市', { core: '深圳市' }],
    ['有限公司', { core: '有限公司' }],
  ])('%s', (name, parts) => {
    expect(companyNameParts(name)).toEqual(parts);
  });

  it('gives the same parts for traditional and simplified spellings', () => {
    expect(companyNameParts('廣東省深圳市華強電子有限公司')).toEqual(
      companyNameParts('广东省深圳市华强电子有限公司'),
    );
  });

  it('property: region, core, legal form and branch put back together give the key', () => {
    const region = fc.constantFrom('', '广东省', '深圳市', '广东省深圳市', '北京市海淀区');
    const core = fc.constantFrom('金龙空调电器', '前海新鹏辰科技', '协众建设', '美电制冷设备');
    const form = fc.constantFrom('', '有限公司', '股份有限公司', '集团有限公司', '有限责任公司');
    const branch = fc.constantFrom('', '龙华分公司', '华南办事处');
    fc.assert(
      fc.property(region, core, form, branch, (r, c, f, b) => {
        fc.pre(b === '' || f !== '');
        const parts = companyNameParts(`${r}${c}${f}${b}`);
        expect(parts.core).toBe(c);
        expect(`${parts.region ?? ''}${parts.core}${parts.legalForm ?? ''}${parts.branch ?? ''}`).toBe(
          `${r}${c}${f}${b}`,
        );
      }),
      { numRuns: 150 },
    );
  });
});
