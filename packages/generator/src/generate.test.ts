import {
  checkCreditCode,
  type Domain,
  domains,
  findRegionByName,
  normalizeProjectCode,
  noticeInputSchema,
  parseDateTime,
  parseMoney,
  projectKey,
  stagesByDomain,
} from '@ggzy/domain';
// The normalizer is not a dependency of the generator; its tests reach it by path to check the contract both ways.
import { normalizeInput } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { getPath } from './defects.ts';
import { type GeneratedRecord, generateNotices } from './generate.ts';
import { plantedPatterns } from './patterns.ts';

const take = (count: number, seed: number | string, extra: object = {}): GeneratedRecord[] => [
  ...generateNotices({ count, seed, ...extra }),
];
const sample = take(3_000, 20250527);

describe('generateNotices', () => {
  it('is deterministic: the same seed gives the same records, another seed others', () => {
    expect(JSON.stringify(take(300, 'seed-a'))).toBe(JSON.stringify(take(300, 'seed-a')));
    expect(JSON.stringify(take(50, 'seed-a'))).not.toBe(JSON.stringify(take(50, 'seed-b')));
  });

  it('yields exactly `count` records, lazily', () => {
    expect(sample).toHaveLength(3_000);
    const iterator = generateNotices({ count: 1_000_000_000, seed: 1 })[Symbol.iterator]();
    for (let i = 0; i < 10; i++) expect(iterator.next().done).toBe(false);
  });

  it('covers every stage of every domain', () => {
    const seen = new Set(
      sample.filter((r) => r.expect === 'valid').map((r) => `${r.input.domain}/${r.input.stage}`),
    );
    for (const domain of domains) {
      for (const stage of stagesByDomain[domain])
        expect(seen, `${domain}/${stage}`).toContain(`${domain}/${stage}`);
    }
  });

  it('keeps to the domains asked for', () => {
    const only: Domain[] = ['land', 'mining'];
    expect(new Set(take(200, 3, { domains: only }).map((r) => r.input.domain))).toEqual(new Set(only));
  });

  it('produces valid records that pass the input schema and normalize without errors', () => {
    const valid = sample.filter((r) => r.expect !== 'invalid');
    expect(valid.length).toBeGreaterThan(2_500);
    for (const record of valid) {
      expect(noticeInputSchema.safeParse(record.input).success).toBe(true);
      const result = normalizeInput(record.input, { feed: 'generator' });
      expect(result.ok ? [] : result.errors, record.sourceRecordId).toEqual([]);
      if (result.ok) expect(projectKey(result.notice.project)).toBe(record.projectKey);
    }
    // ~3,000 normalizations: about a second alone, more on a loaded machine.
  }, 30_000);

  it('labels each defect, and the normalizer rejects the record at that path', () => {
    const invalid = take(2_000, 99, { defectRate: 0.5 }).filter((r) => r.expect === 'invalid');
    const kinds = new Set(invalid.map((r) => r.defects[0]!.split('@')[0]));
    expect(kinds).toEqual(
      new Set(['missing-required', 'bad-checksum', 'impossible-date', 'garbage-amount', 'wrong-stage']),
    );
    for (const record of invalid) {
      const [kind, path = ''] = record.defects[0]!.split('@');
      const value = getPath(record.input, path);
      if (kind === 'missing-required') expect(value).toBeUndefined();
      if (kind === 'bad-checksum')
        expect(checkCreditCode(String(value))).toMatchObject({ rule: 'credit-code.check-char' });
      if (kind === 'impossible-date') expect(parseDateTime(String(value)).ok).toBe(false);
      if (kind === 'garbage-amount') expect(parseMoney(String(value)).ok).toBe(false);
      if (kind === 'wrong-stage') expect(noticeInputSchema.safeParse(record.input).success).toBe(false);
      const result = normalizeInput(record.input, { feed: 'generator' });
      expect(result.ok, record.defects[0]).toBe(false);
      if (!result.ok)
        expect(
          result.errors.some((e) => e.path === path || e.path.startsWith(path)),
          record.defects[0],
        ).toBe(true);
    }
  });

  it('re-sends duplicates unchanged and corrections changed, under an earlier record id', () => {
    const records = take(3_000, 5, { duplicateRate: 0.05, correctionRate: 0.05 });
    const latest = new Map<string, string>();
    let duplicates = 0;
    let corrections = 0;
    for (const record of records) {
      const content = JSON.stringify(record.input);
      if (record.expect === 'duplicate') {
        duplicates++;
        expect(latest.get(record.sourceRecordId)).toBe(content);
      }
      if (record.expect === 'correction') {
        corrections++;
        expect(latest.has(record.sourceRecordId)).toBe(true);
        expect(latest.get(record.sourceRecordId)).not.toBe(content);
      }
      latest.set(record.sourceRecordId, content);
    }
    expect(duplicates).toBeGreaterThan(50);
    expect(corrections).toBeGreaterThan(50);
  });

  it('publishes each correction after the version it corrects, and after its information was formed', () => {
    const records = take(3_000, 5, { duplicateRate: 0.02, correctionRate: 0.08 });
    const canonical = (record: GeneratedRecord) => {
      const result = normalizeInput(record.input, { feed: 'gen', centre: '生成' });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.notice;
    };
    const published = new Map<string, number>();
    let corrections = 0;
    for (const record of records) {
      if (record.expect === 'invalid') continue;
      const notice = canonical(record);
      const at = Date.parse(notice.publishedAt);
      if (record.expect === 'correction') {
        corrections++;
        expect(at, record.sourceRecordId).toBeGreaterThan(published.get(record.sourceRecordId)!);
        if (notice.formedAt) expect(at).toBeGreaterThan(Date.parse(notice.formedAt));
      }
      published.set(record.sourceRecordId, at);
    }
    expect(corrections).toBeGreaterThan(150);
  });

  it('publishes late and incomplete notices at the rates asked, and none without them', () => {
    const DAY = 86_400_000;
    const daysFormedToPublished = (records: GeneratedRecord[]) =>
      records
        .filter((record) => record.expect === 'valid')
        .map((record) => {
          const result = normalizeInput(record.input, { feed: 'gen', centre: '生成' });
          if (!result.ok) throw new Error(JSON.stringify(result.errors));
          const { formedAt, publishedAt } = result.notice;
          return formedAt ? (Date.parse(publishedAt) - Date.parse(formedAt)) / DAY : null;
        });
    const plain = daysFormedToPublished(take(2_000, 7));
    expect(plain.filter((days) => days === null || days > 30)).toEqual([]);
    const demo = daysFormedToPublished(take(2_000, 7, { lateRate: 0.1, incompleteRate: 0.1 }));
    const late = demo.filter((days) => days !== null && days > 30).length;
    const incomplete = demo.filter((days) => days === null).length;
    expect(late).toBeGreaterThan(120);
    expect(late).toBeLessThan(280);
    expect(incomplete).toBeGreaterThan(100);
    expect(incomplete).toBeLessThan(260);
  });

  it('follows each project through its lifecycle under one project key', () => {
    const byKey = new Map<string, GeneratedRecord[]>();
    for (const record of sample.filter((r) => r.expect === 'valid')) {
      byKey.set(record.projectKey, [...(byKey.get(record.projectKey) ?? []), record]);
    }
    const construction = [...byKey.values()].find(
      (rs) => rs[0]!.input.domain === 'construction' && rs.length >= 4,
    )!;
    expect(construction.map((r) => r.input.stage)).toEqual(
      expect.arrayContaining(['candidates', 'result', 'contract']),
    );
    for (const records of byKey.values()) {
      for (const { input, projectKey: key } of records) {
        const region = /^\d{6}$/.test(input.region) ? input.region : findRegionByName(input.region);
        expect(`${region}:${normalizeProjectCode(input.projectCode ?? '')}`).toBe(key);
      }
      const order = records.map((r) => stagesByDomain[r.input.domain].indexOf(r.input.stage as never));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });
});

describe('planted patterns', () => {
  it('leave every record as it was when not asked for', () => {
    expect(JSON.stringify(take(400, 'plain', { patternRate: 0 }))).toBe(JSON.stringify(take(400, 'plain')));
  });

  it('label the records of each planted project, each pattern in the domains it applies to', () => {
    const planted = take(4_000, 'planted', { patternRate: 0.3 }).filter(
      (r) => r.planted && r.expect !== 'invalid',
    );
    const byPattern = new Map<string, Set<string>>();
    for (const record of planted) {
      for (const label of record.planted!) {
        const domains = byPattern.get(label.pattern) ?? new Set<string>();
        domains.add(record.input.domain);
        byPattern.set(label.pattern, domains);
      }
    }
    expect(new Set(byPattern.keys())).toEqual(new Set(plantedPatterns));
    expect(byPattern.get('bid-rotation')).toEqual(new Set(['construction']));
    expect(byPattern.get('split-purchases')).toEqual(new Set(['procurement']));
    // A group's projects share the buyer: one 招标人/采购人 credit code across the group.
    const buyers = new Map<string, Set<string>>();
    for (const record of planted) {
      const group = record.planted!.find((l) => l.group)?.group;
      const buyer = record.input.parties?.find((p) => p.roles.some((r) => r === '招标人' || r === '采购人'));
      if (!group || !buyer) continue;
      buyers.set(group.id, (buyers.get(group.id) ?? new Set()).add(String(buyer.creditCode)));
    }
    expect(buyers.size).toBeGreaterThan(0);
    for (const [group, codes] of buyers) expect(codes.size, group).toBe(1);
  });
});
