import { describe, expect, it } from 'vitest';
import { codes, org } from './notice.fixtures.ts';
import { consortiumLeads, partiesWithRole, partySchema } from './party.ts';

describe('partySchema', () => {
  it('accepts an organisation with a credit code and several roles', () => {
    const party = org(
      '深圳市XX建设工程有限公司',
      [{ role: 'candidate', rank: 1 }, { role: 'winner' }],
      codes.builder,
    );
    expect(partySchema.parse(party).roles).toHaveLength(2);
  });

  it('accepts a project manager with a masked ID and certificates', () => {
    const pm = {
      name: '王建国',
      nameKey: '王建国',
      kind: 'person',
      identifiers: { personId: '4403**********0014' },
      roles: [{ role: 'project-manager' }],
      certificates: [{ name: '一级注册建造师', number: '粤1442012201300123' }],
    };
    expect(partySchema.safeParse(pm).success).toBe(true);
    const bad = { ...pm, identifiers: { personId: '440303198507120015' } };
    expect(partySchema.safeParse(bad).error?.issues[0]?.path).toEqual(['identifiers', 'personId']);
  });

  it('requires a rank for a candidate and a lead flag for a consortium member', () => {
    expect(partySchema.safeParse(org('某公司', [{ role: 'candidate' } as never])).success).toBe(false);
    expect(
      partySchema.safeParse(org('某公司', [{ role: 'consortium-member', consortium: '联合体' } as never]))
        .success,
    ).toBe(false);
  });
});

describe('party helpers', () => {
  const parties = [
    org('中国建筑第四工程局有限公司', [
      { role: 'consortium-member', consortium: '中建四局联合体', lead: true },
    ]),
    org('深圳市XX建设工程有限公司', [
      { role: 'consortium-member', consortium: '中建四局联合体', lead: false },
      { role: 'winner', lotCode: '2' },
    ]),
  ].map((p) => partySchema.parse(p));

  it('finds parties by role and lot, and the lead of each consortium', () => {
    expect(partiesWithRole(parties, 'winner').map((p) => p.name)).toEqual(['深圳市XX建设工程有限公司']);
    expect(partiesWithRole(parties, 'winner', '1')).toEqual([]);
    expect(consortiumLeads(parties).get('中建四局联合体')?.name).toBe('中国建筑第四工程局有限公司');
  });
});
