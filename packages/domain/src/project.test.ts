import { describe, expect, it } from 'vitest';
import { normalizeProjectCode, noticeId, projectIdentitySchema, projectKey } from './project.ts';

describe('normalizeProjectCode', () => {
  it.each([
    ['LHACG2025000057', 'LHACG2025000057'],
    [' lhacg2025000057 ', 'LHACG2025000057'],
    ['ＬＨＡＣＧ２０２５００００５７', 'LHACG2025000057'],
    ['LHACG 2025 000057', 'LHACG2025000057'],
    ['项目编号：LHACG2025000057', 'LHACG2025000057'],
    ['招标编号:LHACG2025000057。', 'LHACG2025000057'],
    ['【LHACG2025000057】', 'LHACG2025000057'],
    ['（LHACG2025000057）', 'LHACG2025000057'],
    ['No. GZSW-2024-0031', 'GZSW-2024-0031'],
    ['GZSW—2024－0031', 'GZSW-2024-0031'],
    ['深规划资源〔2024〕88号', '深规划资源(2024)88号'],
    ['深规划资源[2024]88号', '深规划资源(2024)88号'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeProjectCode(raw)).toBe(expected);
  });

  it('keeps what tells projects apart', () => {
    expect(normalizeProjectCode('JG-2024-0123')).not.toBe(normalizeProjectCode('JG-2024-0124'));
    expect(normalizeProjectCode('(2024)A-01')).toBe('(2024)A-01');
    expect(normalizeProjectCode('NORTH-01')).toBe('NORTH-01');
  });
});

describe('projectKey', () => {
  const announcement = { projectCode: 'LHJS2024-0123', region: '440309' };
  const candidates = { projectCode: '项目编号：ＬＨＪＳ２０２４－０１２３', region: '440309', lotCode: '01' };
  const result = {
    projectCode: 'lhjs2024-0123 ',
    region: '440309',
    unifiedDealCode: 'B440309202406030123000000000000000000001',
  };

  it('is the same across the stages of one project despite cosmetic differences', () => {
    expect(projectKey(announcement)).toBe('440309:LHJS2024-0123');
    expect(projectKey(candidates)).toBe(projectKey(announcement));
    expect(projectKey(result)).toBe(projectKey(announcement));
  });

  it('separates equal codes in different regions', () => {
    expect(projectKey({ projectCode: '2024-001', region: '520327' })).not.toBe(
      projectKey({ projectCode: '2024-001', region: '520328' }),
    );
  });

  it('falls back to the tender project code, then the unified deal code', () => {
    expect(projectKey({ tenderProjectCode: 'E4403090000012345001', region: '440309' })).toBe(
      '440309:E4403090000012345001',
    );
    expect(projectKey({ unifiedDealCode: result.unifiedDealCode, region: '440309' })).toBe(
      `440309:${result.unifiedDealCode}`,
    );
    expect(projectKey({ projectCode: '【】', tenderProjectCode: 'E1', region: '440309' })).toBe('440309:E1');
  });

  it('throws only for an identity the schema would reject', () => {
    expect(() => projectKey({ region: '440309' })).toThrow(TypeError);
    expect(projectIdentitySchema.safeParse({ region: '440309' }).success).toBe(false);
  });
});

describe('projectIdentitySchema', () => {
  it('validates the unified deal code as 40 digits or capitals', () => {
    const ok = {
      projectCode: 'X',
      region: '440309',
      unifiedDealCode: 'B440309202406030123000000000000000000001',
    };
    expect(projectIdentitySchema.safeParse(ok).success).toBe(true);
    const short = { ...ok, unifiedDealCode: 'B4403092024' };
    expect(projectIdentitySchema.safeParse(short).error?.issues[0]?.path).toEqual(['unifiedDealCode']);
    const lower = { ...ok, unifiedDealCode: ok.unifiedDealCode.toLowerCase() };
    expect(projectIdentitySchema.safeParse(lower).success).toBe(false);
  });
});

describe('noticeId', () => {
  it('is deterministic: a re-sent record gets the same id', () => {
    const id = noticeId({ feed: 'sz-ggzy', recordId: '1211037' });
    expect(id).toMatch(/^n_[0-9a-f]{32}$/);
    expect(noticeId({ feed: 'sz-ggzy', recordId: '1211037' })).toBe(id);
  });

  it('differs by feed and by record, and cannot be forged by moving a separator', () => {
    const a = noticeId({ feed: 'sz-ggzy', recordId: '1211037' });
    expect(noticeId({ feed: 'sz-ggzy', recordId: '1211038' })).not.toBe(a);
    expect(noticeId({ feed: 'ccgp', recordId: '1211037' })).not.toBe(a);
    expect(noticeId({ feed: 'a:b', recordId: 'c' })).not.toBe(noticeId({ feed: 'a', recordId: 'b:c' }));
  });

  it('is distinct over many records', () => {
    const ids = new Set(
      Array.from({ length: 5000 }, (_, i) => noticeId({ feed: 'sz-ggzy', recordId: String(i) })),
    );
    expect(ids.size).toBe(5000);
  });
});
