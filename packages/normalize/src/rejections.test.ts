import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeInput } from './from-input.ts';

const context = { feed: 'test-feed' };

const valid = {
  ggzyInput: 1,
  recordId: 'R-1',
  domain: 'procurement',
  stage: 'result',
  title: '某某中学课桌椅采购成交结果公告',
  projectCode: 'CG2025-001',
  region: '440309',
  publishedAt: '2025年5月27日',
  awards: [{ name: '深圳市金龙空调电器有限公司', price: '12.5万元', creditCode: '91440300MA5G7Q1P0T' }],
};

describe('rejections list every problem with its path and rule', () => {
  it('reports every shape problem at once: unknown field, missing field, wrong type', () => {
    const out = normalizeInput({ ...valid, recordId: undefined, projectcode: 'x', awards: 'A' }, context);
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.map((e) => `${e.path} ${e.rule}`).sort()).toEqual(
      ['awards schema', 'projectcode schema.unknown-field', 'recordId required'].sort(),
    );
  });

  it('refuses a negative award price and links that are not http(s)', () => {
    const negative = normalizeInput(
      { ...valid, awards: [{ ...valid.awards[0], price: '-12.5万元' }] },
      context,
    );
    expect(negative).toMatchObject({
      ok: false,
      errors: [{ path: 'awards[0].price', rule: 'money.negative' }],
    });
    expect(normalizeInput(valid, context).ok).toBe(true);
    for (const sourceUrl of ['javascript:alert(1)', 'data:text/html,<b>x</b>']) {
      const out = normalizeInput({ ...valid, sourceUrl }, context);
      expect(out).toMatchObject({ ok: false, errors: [{ path: 'sourceUrl' }] });
    }
    expect(normalizeInput({ ...valid, sourceUrl: 'https://www.ccgp.gov.cn/cggg/a.htm' }, context).ok).toBe(
      true,
    );
  });

  it('rejects a stage of another domain at path stage', () => {
    expect(normalizeInput({ ...valid, stage: 'candidates' }, context)).toMatchObject({
      ok: false,
      errors: [{ path: 'stage', rule: 'schema' }],
    });
  });

  it('reports every value problem at once: money, date, region, credit code, quantity', () => {
    const out = normalizeInput(
      {
        ...valid,
        region: '火星市',
        publishedAt: '2025年13月40日',
        formedAt: '上周',
        awards: [{ name: '某公司', price: '约十二万', creditCode: '91440300MA5G7Q1P0X' }],
        parties: [
          {
            name: '某中学',
            roles: ['采购人'],
            organizationCode: '12345678-0',
            personId: '440303198507120011',
          },
        ],
      },
      context,
    );
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.errors.map((e) => `${e.path} ${e.rule}`)).toEqual([
      'region region.unresolved',
      'parties[0].personId resident-id.check-char',
      'parties[0].organizationCode organization-code.check-char',
      'awards[0].price money.unparseable',
      'awards[0].creditCode credit-code.check-char',
      'formedAt datetime.unparseable',
      'publishedAt datetime.month',
    ]);
    for (const e of out.errors) {
      expect(e.message.length).toBeGreaterThan(5);
      expect(e.value).toBeDefined();
    }
  });

  it('passes canonical-gate problems through, at the input path', () => {
    const out = normalizeInput({ ...valid, projectCode: undefined }, context);
    expect(out).toMatchObject({ ok: false, errors: [{ path: 'projectCode', rule: 'canonical' }] });
    const consortium = normalizeInput(
      {
        ...valid,
        parties: [
          { name: '甲公司', roles: ['联合体成员'], consortium: '甲乙联合体', lead: true },
          { name: '乙公司', roles: ['联合体成员'], consortium: '甲乙联合体', lead: true },
        ],
      },
      context,
    );
    expect(consortium).toMatchObject({ ok: false, errors: [{ path: 'parties', rule: 'canonical' }] });
  });

  it('rejects a candidate without a rank and a consortium member without a consortium', () => {
    const out = normalizeInput(
      {
        ...valid,
        domain: 'construction',
        stage: 'candidates',
        awards: undefined,
        parties: [
          { name: '甲公司', roles: ['中标候选人'] },
          { name: '乙公司', roles: ['联合体成员'] },
        ],
      },
      context,
    );
    expect(out).toMatchObject({
      ok: false,
      errors: [
        { path: 'parties[0].rank', rule: 'party.rank-missing' },
        { path: 'parties[1].consortium', rule: 'party.consortium-missing' },
      ],
    });
  });
});

describe('properties', () => {
  it('never throws for arbitrary JSON, and answers the same twice', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const first = normalizeInput(value, context);
        expect(normalizeInput(structuredClone(value), context)).toEqual(first);
        if (!first.ok) expect(first.errors.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  }, 60_000); // property runs: seconds alone, longer on a busy machine

  it('never throws for near-valid records with arbitrary values in any field', () => {
    const keys = Object.keys(valid).concat(['budget', 'parties', 'candidates', 'publicityPeriod', 'amounts']);
    fc.assert(
      fc.property(
        fc.constantFrom(...keys),
        fc.oneof(fc.jsonValue(), fc.string(), fc.string({ unit: 'binary' })),
        (key, value) => {
          const record = { ...valid, [key]: value };
          const first = normalizeInput(record, context);
          expect(normalizeInput(structuredClone(record), context)).toEqual(first);
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000); // property runs: seconds alone, longer on a busy machine

  it('reads any amount in 万元 to the exact fen', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 99 }), (wan, cents) => {
        const out = normalizeInput(
          { ...valid, awards: [{ name: '某公司', price: `${wan}.${String(cents).padStart(2, '0')}万元` }] },
          context,
        );
        if (!out.ok || out.notice.domain !== 'procurement' || out.notice.stage !== 'result')
          throw new Error('rejected');
        expect(out.notice.awards[0]?.amount?.fen).toBe(wan * 1_000_000 + cents * 10_000);
      }),
      { numRuns: 200 },
    );
  }, 60_000); // property runs: seconds alone, longer on a busy machine
});
