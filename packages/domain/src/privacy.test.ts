import { describe, expect, it } from 'vitest';
import { maskedView, personalDataView, privacyRoles, textFor, viewFor } from './privacy.ts';

describe('maskedView', () => {
  it('masks resident IDs, mobiles and accounts in every string, at any depth', () => {
    const body = {
      items: [
        {
          title: '龙华区道路保洁服务采购中标结果公告',
          body: '项目负责人张三，身份证号440524199001010014，手机13812345678，收款账号6222021234567890123。',
          parties: [
            {
              name: '张三',
              kind: 'person',
              identifiers: { personId: '440524199001010014' },
              contact: '138-1234-5678',
            },
          ],
        },
      ],
      nextCursor: null,
    };
    const masked = maskedView(body);
    const text = JSON.stringify(masked);
    expect(text).not.toContain('440524199001010014');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('6222021234567890123');
    expect(masked.items[0]!.parties[0]!.identifiers.personId).toBe('4405**********0014');
    expect(masked.items[0]!.body).toContain('138****5678');
    // The original is untouched: callers with the right see it whole.
    expect(body.items[0]!.parties[0]!.identifiers.personId).toBe('440524199001010014');
  });

  it('masks a personId even when it is not a valid ID', () => {
    expect(maskedView({ identifiers: { personId: '44052419900101001X' } }).identifiers.personId).toBe(
      '4405**********001X',
    );
  });

  it('masks the before and after of a change to a personId', () => {
    const change = {
      path: '$.parties[2].identifiers.personId',
      op: 'changed',
      before: '110105194912310021',
      after: 'x1234567y',
    };
    expect(maskedView(change)).toEqual({ ...change, before: '1101**********0021', after: 'x123*567y' });
  });

  it("masks both sides of a match's evidence about a personId, and nothing else of it", () => {
    const evidence = [
      { field: 'personId', ours: '44052419900101001X', theirs: '4405**********001X', outcome: 'partial' },
      { field: 'creditCode', ours: '91440300MA5G7Q1P0T', theirs: '91440300MA5G7Q1P0T', outcome: 'match' },
    ];
    expect(maskedView(evidence)).toEqual([{ ...evidence[0], ours: '4405**********001X' }, evidence[1]]);
  });

  it('keeps credit codes, landlines, amounts, dates and system identifiers', () => {
    const body = {
      id: 'n_13812345678440524199001010014ab',
      creditCode: '91440300MA5G7Q1P0T',
      contact: '0755-82345678',
      amount: { fen: 13812345678, currency: 'CNY' },
      publishedAt: '2025-05-27T20:20:00+08:00',
    };
    // Office landlines are published on purpose (联系电话 of the tenderer); only personal numbers go.
    expect(maskedView(body)).toEqual(body);
  });
});

describe('identifiers', () => {
  it('are kept whole, even when they look like a personal number', () => {
    const answer = {
      ocid: 'ocds-ggzy01-project_13812345678abcdef0123456789abcde',
      project: { projectCode: '4403002025000123', region: '440309' },
      projectKey: '440309:4403002025000123',
      lots: [{ lotCode: '13812345678' }],
      sourceUrl: 'https://www.ccgp.gov.cn/cggg/dfgg/zbgg/202505/t20250527_6222021234567890.htm',
      title: '项目编号4403002025000123，联系电话13812345678',
    };
    expect(maskedView(answer)).toEqual({ ...answer, title: '项目编号4403********0123，联系电话138****5678' });
  });

  it("are ggzy's own ids in text, whose hex digits may read as a mobile", () => {
    const id = 'n_13812345678abcdef0123456789abcde';
    expect(textFor('operator', `replay ${id}: 采购人电话13812345678`)).toBe(
      `replay ${id}: 采购人电话138****5678`,
    );
    expect(maskedView({ links: [`/v1/notices/${id}`] })).toEqual({ links: [`/v1/notices/${id}`] });
  });
});

describe('viewFor', () => {
  const notice = {
    parties: [{ name: '深圳市龙华科技实验高级中学', contact: '15013470585；0755-29849282' }],
    identifiers: { personId: '440524199001010014' },
  };

  it('shows personal data whole to regulators and administrators only', () => {
    const whole = privacyRoles.filter((role) =>
      JSON.stringify(viewFor(role, notice)).includes('15013470585'),
    );
    expect(whole).toEqual(['regulator', 'admin']);
    expect(privacyRoles.filter((role) => personalDataView[role] === 'whole')).toEqual(whole);
  });

  it('gives the national platform what the public gets', () => {
    expect(viewFor('national-platform', notice)).toEqual(viewFor('public', notice));
    expect(viewFor('national-platform', notice).parties[0]!.contact).toBe('150****0585；0755-29849282');
  });

  it('masks lines of text for operators', () => {
    expect(textFor('operator', '采购单位联系方式15013470585')).toBe('采购单位联系方式150****0585');
    expect(textFor('regulator', '15013470585')).toBe('15013470585');
  });
});

describe('text without digits', () => {
  it('is returned as it is, while full-width digits are still read as digits', () => {
    const prose = '深圳市龙华区教育局 联系人：王先生';
    expect(textFor('operator', prose)).toBe(prose);
    expect(textFor('operator', '联系电话１５０１３４７０５８５')).not.toContain('１５０１３４７０５８５');
    expect(textFor('operator', '联系电话１５０１３４７０５８５')).not.toContain('15013470585');
  });
});
