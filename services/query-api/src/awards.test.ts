import { type Notice, partyKey } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { awardsTo, totalsByCurrency } from './awards.ts';

const winner = {
  name: '成都市宏图市政工程有限公司',
  nameKey: '成都市宏图市政工程有限公司',
  kind: 'organization',
  identifiers: { creditCode: '91510107KUQ0HRKKX9' },
  roles: [{ role: 'winner', lotCode: 'A' }],
};
const other = {
  name: '四川蜀通建设有限公司',
  nameKey: '四川蜀通建设有限公司',
  kind: 'organization',
  identifiers: {},
  roles: [{ role: 'winner', lotCode: 'B' }],
};

const result = {
  domain: 'construction',
  stage: 'result',
  title: '武侯区人民医院污水管网完善工程中标结果公告',
  parties: [winner, other],
  awards: [
    {
      lotCode: 'A',
      winner: { name: winner.name, nameKey: winner.nameKey },
      price: { fen: 29505797483, currency: 'CNY' },
    },
    { lotCode: 'B', winner: { name: other.name, nameKey: other.nameKey }, otherPrice: '下浮率3.5%' },
  ],
} as unknown as Notice;

describe('awards', () => {
  it('finds the awards of a party by its store key', () => {
    expect(partyKey(winner)).toBe('cc:91510107KUQ0HRKKX9');
    expect(awardsTo(result, 'cc:91510107KUQ0HRKKX9')).toEqual([
      { lotCode: 'A', amount: { fen: 29505797483, currency: 'CNY' } },
    ]);
    expect(awardsTo(result, `nk:${other.nameKey}`)).toEqual([{ lotCode: 'B', otherAmount: '下浮率3.5%' }]);
    expect(awardsTo(result, 'nk:没有这家公司')).toEqual([]);
  });

  it('reads land deals and property deals', () => {
    const land = {
      domain: 'land',
      stage: 'deal-publicity',
      parties: [{ ...other, roles: [{ role: 'transferee' }] }],
      deals: [
        {
          parcelNumber: '成龙(2019)-07',
          transferee: { name: other.name, nameKey: other.nameKey },
          dealPrice: { fen: 100, currency: 'CNY' },
        },
      ],
    } as unknown as Notice;
    expect(awardsTo(land, `nk:${other.nameKey}`)).toEqual([
      { label: '成龙(2019)-07', amount: { fen: 100, currency: 'CNY' } },
    ]);
  });

  it('totals money per currency and leaves non-money results out', () => {
    expect(
      totalsByCurrency([
        { amount: { fen: 9_007_199_254_740_000, currency: 'CNY' } },
        { amount: { fen: 991, currency: 'CNY' } },
        { otherAmount: '下浮率3.5%' },
        { amount: { fen: 5, currency: 'USD' } },
      ]),
    ).toEqual([
      { currency: 'CNY', fen: 9_007_199_254_740_991 },
      { currency: 'USD', fen: 5 },
    ]);
  });
});
