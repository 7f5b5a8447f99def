import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCreditCode } from './credit-code.ts';
import { maskBankAccount, maskPersonalData, maskPhone, maskResidentId } from './masking.ts';
import { residentIdCheckChar } from './resident-id.ts';

describe('single values', () => {
  it('masks resident IDs keeping the first and last 4', () => {
    expect(maskResidentId('440524199001010018')).toBe('4405**********0018');
    expect(maskResidentId('11010519491231002X')).toBe('1101**********002X');
    expect(maskResidentId('440524900101001')).toBe('4405*******1001');
    expect(maskResidentId('1234567')).toBe('*******');
  });

  it('masks mobiles and landlines', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('+86 138****5678');
    expect(maskPhone('0755-23338582')).toBe('0755-******82');
    expect(maskPhone('(010)62345678')).toBe('(010)******78');
    expect(maskPhone('020-12345678-8001')).toBe('020-******78-8001');
    expect(maskPhone('23596561')).toBe('******61');
    expect(maskPhone('110')).toBe('***');
  });

  it('masks bank accounts keeping the first and last 4', () => {
    expect(maskBankAccount('6222021234567890123')).toBe('6222***********0123');
    expect(maskBankAccount('6222 0212 3456 7890 123')).toBe('6222***********0123');
    expect(maskBankAccount('12345678')).toBe('********');
    expect(maskBankAccount('123456789')).toBe('1234*6789');
  });
});

describe('maskPersonalData', () => {
  it('masks IDs, mobiles and accounts in a notice', () => {
    const text =
      '项目负责人：张三，身份证号码：440524199001010018，联系电话：17388782110；' +
      '开户银行：中国建设银行深圳龙华支行，账号：44201501100052512345。' +
      '另：法定代表人李四（身份证11010519491231002X），手机 138 1234 5678，卡号6222 0212 3456 7890 123。';
    expect(maskPersonalData(text)).toBe(
      '项目负责人：张三，身份证号码：4405**********0018，联系电话：173****2110；' +
        '开户银行：中国建设银行深圳龙华支行，账号：4420************2345。' +
        '另：法定代表人李四（身份证1101**********002X），手机 138****5678，卡号6222***********0123。',
    );
  });

  it('masks an ID with a wrong check digit when its birth date is real', () => {
    expect(maskPersonalData('身份证：440524199001010011')).toBe('身份证：4405**********0011');
  });

  it('leaves credit codes, project codes, amounts, dates and office landlines alone', () => {
    const text =
      '项目编号：LHACG2025000057，招标项目编号E4403000001000123001，' +
      '中标供应商：深圳市金龙空调电器有限公司（统一社会信用代码91440300708461136T），' +
      '中标金额：6687920.0元（￥668.790000万元），公告时间2025年05月27日 20:20，' +
      '发布时间20250527202000，开标日期20250601，代理机构联系方式：0755-23338582，电话：23596561。';
    expect(maskPersonalData(text)).toBe(text);
  });

  it('leaves an all-digit credit code alone', () => {
    // 事业单位 (12) in Shenzhen with an all-digit organization code and check character.
    const code = '124403004557551515';
    expect(checkCreditCode(code).ok).toBe(true);
    expect(maskPersonalData(`统一社会信用代码：${code}`)).toBe(`统一社会信用代码：${code}`);
  });

  it('masks a valid ID even when run into letters', () => {
    expect(maskPersonalData('ID440524199001010018')).toBe('ID4405**********0018');
  });
});

describe('maskPersonalData: the formats feeds really use', () => {
  it('masks full-width digits, grouped mobiles, letters run into a number and a grouped resident ID', () => {
    expect(maskPersonalData('联系电话：１３９１２３４５６７８')).toBe('联系电话：139****5678');
    expect(maskPersonalData('TEL13712345678')).toBe('TEL137****5678');
    expect(maskPersonalData('TEL138-1234-5678')).toBe('TEL138****5678');
    expect(maskPersonalData('手机138.1234.5678')).toBe('手机138****5678');
    expect(maskPersonalData('手机138/1234/5678')).toBe('手机138****5678');
    expect(maskPersonalData('身份证 440303 19900307 4514')).toBe('身份证 4403**********4514');
  });

  it('still leaves project codes, amounts, dates and office landlines alone', () => {
    const text = '项目编号LHJS2025-0057，金额1380000.00元，日期2019.10.14，电话0755-82345678';
    expect(maskPersonalData(text)).toBe(text);
  });
});

describe('properties', () => {
  const cjk = fc.string({
    unit: fc.constantFrom(...'项目负责人身份证号码联系电话，。：；（）中标供应商深圳市有限公司 '),
    maxLength: 20,
  });
  const birth = fc
    .date({
      min: new Date('1930-01-01T00:00:00Z'),
      max: new Date('2010-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''));
  const residentId = fc
    .tuple(fc.constantFrom('440309', '110105', '440524', '510107'), birth, fc.stringMatching(/^\d{3}$/))
    .map(([r, b, s]) => `${r}${b}${s}${residentIdCheckChar(`${r}${b}${s}`)}`);
  const mobile = fc
    .tuple(fc.constantFrom(...'3456789'), fc.stringMatching(/^\d{9}$/))
    .map(([a, b]) => `1${a}${b}`);
  // An 18-digit number that validates as a unified social credit code is an organisation's public
  // identifier and is deliberately left alone (masking.ts); such numbers are not card numbers here.
  const account = fc
    .stringMatching(/^62\d{14,17}$/)
    .filter((acct) => !(acct.length === 18 && checkCreditCode(acct).ok));

  it('property: an ID embedded in Chinese text never keeps its middle digits', () => {
    fc.assert(
      fc.property(cjk, residentId, cjk, (before, id, after) => {
        const out = maskPersonalData(`${before}${id}${after}`);
        expect(out).toBe(`${before}${maskResidentId(id)}${after}`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a mobile number embedded in Chinese text never keeps its middle digits', () => {
    fc.assert(
      fc.property(cjk, mobile, cjk, (before, phone, after) => {
        // Compared by position, not by substring: the hidden digits may recur in the visible end.
        const out = maskPersonalData(`${before}${phone}${after}`);
        expect(out).toBe(`${before}${phone.slice(0, 3)}****${phone.slice(7)}${after}`);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a card number embedded in Chinese text never keeps its middle digits', () => {
    fc.assert(
      fc.property(cjk, account, cjk, (before, acct, after) => {
        const out = maskPersonalData(`${before}${acct}${after}`);
        const masked = out.slice(before.length, out.length - after.length);
        expect(masked).toHaveLength(acct.length);
        expect(masked.slice(0, 4) + masked.slice(-4)).toBe(acct.slice(0, 4) + acct.slice(-4));
        expect(masked.slice(4, -4)).toMatch(/^\*+$/);
      }),
      { numRuns: 300 },
    );
  });

  it('property: every mask keeps length and hides all but the ends', () => {
    fc.assert(
      fc.property(residentId, (id) => {
        const masked = maskResidentId(id);
        expect(masked).toHaveLength(id.length);
        expect(masked.slice(4, -4)).toMatch(/^\*+$/);
      }),
      { numRuns: 100 },
    );
  });
});
