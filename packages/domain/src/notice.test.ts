import { describe, expect, it } from 'vitest';
import {
  allFixtures,
  codes,
  constructionFixtures,
  landFixtures,
  org,
  procurementFixtures,
  propertyFixtures,
  ref,
} from './notice.fixtures.ts';
import {
  domains,
  missingRequiredFields,
  type Notice,
  noticeSchema,
  requiredFields,
  requiredFieldsByStage,
  stageLabels,
  stagesByDomain,
} from './notice.ts';

function parse(input: unknown): Notice {
  const result = noticeSchema.safeParse(input);
  if (!result.success) throw new Error(JSON.stringify(result.error.issues, null, 2));
  return result.data;
}

describe('noticeSchema', () => {
  it('has a fixture for every domain and stage, and accepts each', () => {
    const seen = allFixtures.map((f) => `${f.domain}/${f.stage}`);
    const expected = domains.flatMap((d) => stagesByDomain[d].map((s) => `${d}/${s}`));
    expect(seen.sort()).toEqual(expected.sort());
    for (const fixture of allFixtures) {
      const notice = parse(fixture);
      expect(`${notice.domain}/${notice.stage}`).toBe(`${fixture.domain}/${fixture.stage}`);
    }
  });

  it('narrows to the stage type: a construction result has awards with a winner', () => {
    const notice = parse(constructionFixtures.result);
    if (notice.domain !== 'construction' || notice.stage !== 'result') throw new Error('wrong narrowing');
    expect(notice.awards[0]?.winner.name).toBe('深圳市XX建设工程有限公司');
    expect(notice.awards[0]?.price).toEqual({ fen: 3_298_760_000, currency: 'CNY' });
  });

  it('rejects a stage of another domain at path stage, naming the domain and its stages', () => {
    const result = noticeSchema.safeParse({ ...landFixtures['deal-publicity'], stage: 'candidates' });
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path).toEqual(['stage']);
    expect(issue?.message).toContain('"candidates" is not a land stage');
    expect(issue?.message).toContain('supply-plan, transfer-announcement, deal-publicity, supply-result');
  });

  it('rejects an unknown domain at path domain', () => {
    const result = noticeSchema.safeParse({ ...landFixtures['deal-publicity'], domain: 'forestry' });
    expect(result.error?.issues[0]?.path).toEqual(['domain']);
  });

  it('reports a bad stage field at its own path', () => {
    const bad = structuredClone(landFixtures['deal-publicity']);
    const deal = bad.deals[0];
    if (!deal) throw new Error('fixture');
    deal.dealPrice = { fen: 1_685_000_000.5, currency: 'CNY' };
    const result = noticeSchema.safeParse(bad);
    expect(result.error?.issues.map((i) => i.path)).toEqual([['deals', 0, 'dealPrice', 'fen']]);
  });

  it('requires the +08:00 offset, a six-digit region and a valid credit code', () => {
    const utc = { ...procurementFixtures.termination, publishedAt: '2025-03-02T09:30:00Z' };
    expect(noticeSchema.safeParse(utc).error?.issues[0]?.path).toEqual(['publishedAt']);
    const region = { ...procurementFixtures.termination, project: { projectCode: 'X1', region: '4403' } };
    expect(noticeSchema.safeParse(region).error?.issues[0]?.path).toEqual(['project', 'region']);
    const badCode = `${codes.supplier.slice(0, 17)}X`;
    const party = {
      ...procurementFixtures.termination,
      parties: [org('深圳市金龙空调电器有限公司', [{ role: 'supplier' }], badCode)],
    };
    expect(noticeSchema.safeParse(party).error?.issues[0]?.path).toEqual([
      'parties',
      0,
      'identifiers',
      'creditCode',
    ]);
  });

  it('rejects a project without any code', () => {
    const none = { ...procurementFixtures.termination, project: { projectCode: '【 】', region: '440309' } };
    expect(noticeSchema.safeParse(none).error?.issues[0]?.path).toEqual(['project', 'projectCode']);
  });

  it('requires every party a stage field refers to to be listed in parties', () => {
    const result = noticeSchema.safeParse({ ...constructionFixtures.result, parties: [] });
    expect(result.error?.issues.map((i) => i.path)).toEqual([['awards', 0, 'winner', 'nameKey']]);
  });

  it('allows one party several roles, and a consortium with exactly one lead', () => {
    const lead = org('中国建筑第四工程局有限公司', [
      { role: 'winner' },
      { role: 'consortium-member', consortium: '中建四局联合体', lead: true },
    ]);
    const member = org('深圳市XX建设工程有限公司', [
      { role: 'winner' },
      { role: 'consortium-member', consortium: '中建四局联合体', lead: false },
    ]);
    const awards = [{ winner: ref('中国建筑第四工程局有限公司'), price: { fen: 1, currency: 'CNY' } }];
    expect(
      noticeSchema.safeParse({ ...constructionFixtures.result, parties: [lead, member], awards }).success,
    ).toBe(true);
    const noLead = { ...member, name: '深圳市华鼎建筑工程有限公司', nameKey: '深圳市华鼎建筑工程有限公司' };
    const twoMembers = { ...constructionFixtures.result, parties: [member, noLead], awards: [] };
    const result = noticeSchema.safeParse(twoMembers);
    expect(result.error?.issues[0]?.message).toContain('has 0 leads');
  });

  it('keeps a person from carrying a credit code', () => {
    const person = {
      name: '王建国',
      nameKey: '王建国',
      kind: 'person',
      identifiers: { creditCode: codes.builder },
      roles: [{ role: 'project-manager' }],
    };
    const result = noticeSchema.safeParse({ ...procurementFixtures.termination, parties: [person] });
    expect(result.error?.issues[0]?.path).toEqual(['parties', 0, 'identifiers']);
  });

  it('labels every stage in Chinese', () => {
    expect(stageLabels.construction['tender-announcement']).toBe('招标公告');
    expect(stageLabels.procurement['tender-announcement']).toBe('采购公告');
    expect(stageLabels.land['deal-publicity']).toBe('成交公示');
    for (const d of domains) {
      for (const s of stagesByDomain[d]) expect((stageLabels[d] as Record<string, string>)[s]).toBeTruthy();
    }
  });
});

describe('missingRequiredFields', () => {
  it('finds nothing missing in the complete fixtures (every required path resolves)', () => {
    for (const fixture of allFixtures) {
      expect([fixture.domain, fixture.stage, missingRequiredFields(parse(fixture))]).toEqual([
        fixture.domain,
        fixture.stage,
        [],
      ]);
    }
  });

  it('lists the common fields and the stage fields a bare tender announcement lacks', () => {
    const { publisher, platform, formedAt, sourceUrl, ...rest } = constructionFixtures['tender-announcement'];
    const bare = { ...rest, parties: [], tenderConditions: undefined, documentAccess: undefined };
    expect(missingRequiredFields(parse(bare))).toEqual([
      'publisher',
      'platform',
      'formedAt',
      'sourceUrl',
      'tenderConditions',
      'documentAccess',
      'parties[role=tenderer]',
    ]);
  });

  it('points at the candidate that lacks a bid price, once per missing parent', () => {
    const notice = structuredClone(constructionFixtures.candidates);
    const second = notice.candidates[1];
    if (!second) throw new Error('fixture');
    delete (second as { bidPrice?: unknown }).bidPrice;
    delete (second as { projectManager?: unknown }).projectManager;
    expect(missingRequiredFields(parse(notice))).toEqual([
      'candidates[1].bidPrice|otherBidPrice',
      'candidates[1].projectManager',
    ]);
  });

  it('accepts either alternative, and flags an empty list', () => {
    const rate = structuredClone(constructionFixtures.candidates);
    const first = rate.candidates[0];
    if (!first) throw new Error('fixture');
    delete (first as { bidPrice?: unknown }).bidPrice;
    (first as { otherBidPrice?: string }).otherBidPrice = '下浮率 8.5%';
    expect(missingRequiredFields(parse(rate))).toEqual([]);
    const none = { ...landFixtures['transfer-announcement'], parcels: [] };
    expect(missingRequiredFields(parse(none))).toEqual(['parcels']);
  });

  it('flags a property deal without a deal price and without appraisals', () => {
    const { dealPrice, ...rest } = propertyFixtures.deal;
    expect(missingRequiredFields(parse({ ...rest, appraisals: [] }))).toEqual(['dealPrice', 'appraisals']);
  });

  it('has a required list for every stage, with the common fields first', () => {
    for (const d of domains) {
      expect(Object.keys(requiredFieldsByStage[d]).sort()).toEqual([...stagesByDomain[d]].sort());
    }
    expect(requiredFields('land', 'deal-publicity').slice(0, 1)).toEqual(['project.projectCode']);
  });
});
