import { type Notice, noticeSchema } from '@ggzy/domain';
import { allFixtures } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { type OcdsValidators, ocdsValidators, sharedOcds } from '../testing.ts';
import { compileReleases, mergeRulesFromSchema, releaseMergeRules, sortReleases } from './merge.ts';
import { toRecordPackage, toReleasePackage } from './package.ts';
import { toContactPoint } from './parties.ts';
import { isOcdsNotice, ocidFor, toRelease } from './release.ts';
import type { Release } from './types.ts';

const schemas = ocdsValidators();
const errorsOf = (validate: OcdsValidators['release'], data: unknown) =>
  validate(data) ? [] : (validate.errors ?? []);

const notices: Notice[] = allFixtures.map((draft) => noticeSchema.parse(draft));
const ocdsNotices = notices.filter(isOcdsNotice);
const options = { ocidPrefix: 'ocds-ggzy01' };
const meta = {
  uri: 'https://ggzy.example.cn/ocds/packages/2024-07.json',
  publishedDate: '2025-01-20T10:00:00+08:00',
  publisher: { name: '深圳公共资源交易中心', scheme: 'CN-USCI', uid: '91440300279356230K' },
};

const sampleStages = [
  '01-planning',
  '02-tender',
  '03-tenderAmendment',
  '04-award',
  '05-contract',
  '06-implementation',
];
const samplePackages = sampleStages.map(
  (stage) => sharedOcds(`samples/ocds-213czf-000-00001-${stage}.json`) as { releases: Release[] },
);
const sampleRecordPackage = sharedOcds('samples/record-ocds-213czf-000-00001.json') as {
  records: { compiledRelease: Release }[];
};

describe('the validator setup', () => {
  it('accepts the official sample packages and their record package', () => {
    for (const pkg of samplePackages) expect(errorsOf(schemas.releasePackage, pkg)).toEqual([]);
    expect(errorsOf(schemas.releasePackage, sharedOcds('samples/ocds-213czf-000-00001.json'))).toEqual([]);
    expect(errorsOf(schemas.recordPackage, sampleRecordPackage)).toEqual([]);
  });

  it('rejects a broken release', () => {
    const [first] = ocdsNotices;
    const broken = { ...toRelease(first!, options), tag: ['notATag'], date: '3 June 2024' } as unknown;
    const errors = errorsOf(schemas.release, broken).map((e) => e.instancePath);
    expect(errors).toContain('/date');
    expect(errors).toContain('/tag/0');
    const { ocid: _ocid, ...withoutOcid } = toRelease(first!, options);
    expect(errorsOf(schemas.release, withoutOcid).map((e) => e.params)).toContainEqual({
      missingProperty: 'ocid',
    });
  });
});

describe('toRelease', () => {
  it('maps every construction and procurement fixture to a release the schema accepts', () => {
    expect(ocdsNotices).toHaveLength(12);
    for (const notice of ocdsNotices) {
      const release = toRelease(notice, options);
      expect({
        stage: `${notice.domain}/${notice.stage}`,
        errors: errorsOf(schemas.release, release),
      }).toEqual({
        stage: `${notice.domain}/${notice.stage}`,
        errors: [],
      });
    }
  });

  it('leaves land, mining and property to the data-spec channel', () => {
    expect(notices.filter((n) => !isOcdsNotice(n)).map((n) => n.domain)).toEqual([
      ...Array(4).fill('land'),
      ...Array(3).fill('mining'),
      ...Array(3).fill('property'),
    ]);
  });

  it('gives every stage of a project one ocid, and every notice version its own release id', () => {
    const construction = ocdsNotices.filter((n) => n.domain === 'construction');
    const ocids = new Set(construction.map((n) => toRelease(n, options).ocid));
    expect([...ocids]).toEqual([ocidFor(construction[0]!.project, 'ocds-ggzy01')]);
    const notice = construction[0]!;
    expect(toRelease(notice, { ...options, version: 2 }).id).not.toBe(toRelease(notice, options).id);
  });

  it('tags stages, maps roles and identifiers, and writes amounts in yuan', () => {
    const byStage = new Map(ocdsNotices.map((n) => [`${n.domain}/${n.stage}`, toRelease(n, options)]));
    expect(Object.fromEntries([...byStage].map(([k, r]) => [k, r.tag]))).toEqual({
      'construction/tender-announcement': ['tender'],
      'construction/prequalification': ['tender'],
      'construction/change': ['tenderAmendment'],
      'construction/candidates': ['award'],
      'construction/result': ['award'],
      'construction/contract': ['contract'],
      'construction/performance': ['implementation'],
      'procurement/tender-announcement': ['tender'],
      'procurement/correction': ['tenderAmendment'],
      'procurement/result': ['award'],
      'procurement/contract': ['contract'],
      'procurement/termination': ['tenderCancellation'],
    });
    const tender = byStage.get('construction/tender-announcement')!;
    expect(tender.parties).toEqual([
      expect.objectContaining({
        name: '深圳市龙华区教育局',
        roles: ['buyer'],
        identifier: { scheme: 'CN-USCI', id: '11440309007523453B', legalName: '深圳市龙华区教育局' },
      }),
      expect.objectContaining({ name: '广州市粤建工程咨询有限公司', roles: ['procuringEntity'] }),
    ]);
    expect(tender.tender?.value).toEqual({ amount: 35_805_000, currency: 'CNY' });
    const result = byStage.get('procurement/result')!;
    expect(result.awards?.[0]).toMatchObject({
      status: 'active',
      value: { amount: 6_687_920, currency: 'CNY' },
    });
    expect(result.awards?.[0]?.items?.[0]?.unit?.value).toEqual({ amount: 5390, currency: 'CNY' });
    expect(byStage.get('construction/candidates')!.awards?.map((a) => a.status)).toEqual([
      'pending',
      'pending',
    ]);
  });

  it('compiles a project: the winning candidate becomes the active award the contract points at', () => {
    const releases = ocdsNotices.filter((n) => n.domain === 'construction').map((n) => toRelease(n, options));
    const compiled = compileReleases(releases);
    const awards = compiled.awards ?? [];
    expect(awards.map((a) => a.status)).toEqual(['active', 'pending']);
    expect(compiled.contracts?.[0]?.awardID).toBe(awards[0]?.id);
    expect(compiled.contracts?.[0]?.status).toBe('terminated');
    expect(compiled.tender?.documents).toHaveLength(7);
    expect(errorsOf(schemas.release, compiled)).toEqual([]);
  });
});

describe('packages', () => {
  const releases = ocdsNotices.map((n) => toRelease(n, options));

  it('wraps releases in a release package the schema accepts', () => {
    expect(errorsOf(schemas.releasePackage, toReleasePackage(releases, meta))).toEqual([]);
  });

  it('compiles one record per ocid into a record package the schema accepts', () => {
    const pkg = toRecordPackage(releases, { ...meta, packages: [meta.uri] });
    expect(pkg.records.map((r) => r.releases.length)).toEqual([7, 5]);
    expect(errorsOf(schemas.recordPackage, pkg)).toEqual([]);
    const linked = toRecordPackage(releases, { ...meta, releaseUrl: (r) => `${meta.uri}#${r.id}` });
    expect(errorsOf(schemas.recordPackage, linked)).toEqual([]);
  });
});

describe('merge', () => {
  it('merges the six official sample releases into the sample record’s compiled release', () => {
    const releases = samplePackages.flatMap((p) => p.releases);
    const expected = sampleRecordPackage.records[0]!.compiledRelease;
    expect(compileReleases(releases)).toEqual(expected);
    // Order of arrival does not matter: releases are sorted by date first.
    expect(compileReleases([...releases].reverse())).toEqual(expected);
  });

  it('reads the same merge rules from the official schema as it ships with', () => {
    const fromSchema = mergeRulesFromSchema(sharedOcds('release-schema.json'));
    expect([...fromSchema.wholeListMerge].sort()).toEqual([...releaseMergeRules.wholeListMerge].sort());
  });

  it('removes a field set to null, replaces plain arrays and merges objects by id', () => {
    const base = { ocid: 'ocds-x-1', initiationType: 'tender' as const };
    const compiled = compileReleases([
      {
        ...base,
        id: 'a',
        date: '2024-01-01T00:00:00Z',
        tag: ['tender'],
        tender: {
          id: 't',
          title: 'old',
          documents: [
            { id: '1', title: 'A' },
            { id: '2', title: 'B' },
          ],
        },
        parties: [{ id: 'p', name: 'P', roles: ['buyer', 'procuringEntity'] }],
      },
      {
        ...base,
        id: 'b',
        date: '2024-02-01T00:00:00Z',
        tag: ['tenderUpdate'],
        tender: { id: 't', title: null, documents: [{ id: '2', title: 'B2' }] },
        parties: [{ id: 'p', name: 'P', roles: ['buyer'] }],
      },
    ] as unknown as Release[]);
    expect(compiled).toEqual({
      ocid: 'ocds-x-1',
      id: 'ocds-x-1-2024-02-01T00:00:00Z',
      date: '2024-02-01T00:00:00Z',
      tag: ['compiled'],
      initiationType: 'tender',
      tender: {
        id: 't',
        documents: [
          { id: '1', title: 'A' },
          { id: '2', title: 'B2' },
        ],
      },
      parties: [{ id: 'p', name: 'P', roles: ['buyer'] }],
    });
  });

  it('sorts by date, keeping the given order for equal dates', () => {
    const at = (id: string, date: string) => ({ id, date });
    expect(
      sortReleases([
        at('b', '2024-02-01T00:00:00+08:00'),
        at('a', '2024-01-31T17:00:00Z'),
        at('c', '2024-01-31T17:00:00Z'),
      ]).map((r) => r.id),
    ).toEqual(['b', 'a', 'c']);
  });
});

describe('toContactPoint', () => {
  it('puts telephone numbers in telephone and never in name', () => {
    expect(toContactPoint('020-52404417')).toEqual({ telephone: '020-52404417' });
    expect(toContactPoint('张先生 0755-83212345')).toEqual({ name: '张先生', telephone: '0755-83212345' });
    expect(toContactPoint('联系人：李工，联系电话：(0571)87654321')).toEqual({
      name: '李工',
      telephone: '(0571)87654321',
    });
    expect(toContactPoint('王女士 138****5678；0755-29849282')).toEqual({
      name: '王女士',
      telephone: '138****5678、0755-29849282',
    });
    expect(toContactPoint('招标代理部')).toEqual({ name: '招标代理部' });
  });
});
