import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkRegionCode,
  findRegionByName,
  matchRegionPrefix,
  regionAncestors,
  regionChildren,
  regionCovers,
  regionName,
} from './region.ts';

describe('checkRegionCode', () => {
  it('accepts existing codes at each level', () => {
    expect(checkRegionCode('440000')).toEqual({
      ok: true,
      value: { code: '440000', name: '广东省', level: 'province', provinceCode: '440000' },
    });
    expect(checkRegionCode('440300')).toEqual({
      ok: true,
      value: { code: '440300', name: '深圳市', level: 'city', provinceCode: '440000', cityCode: '440300' },
    });
    expect(checkRegionCode('440309')).toEqual({
      ok: true,
      value: { code: '440309', name: '龙华区', level: 'county', provinceCode: '440000', cityCode: '440300' },
    });
  });

  it('treats a prefecture city without counties (东莞市) as a city', () => {
    expect(checkRegionCode('441900')).toMatchObject({ ok: true, value: { name: '东莞市', level: 'city' } });
  });

  it('includes Taiwan, Hong Kong and Macao (GB/T 2260)', () => {
    expect(checkRegionCode('810000')).toMatchObject({ ok: true, value: { name: '香港特别行政区' } });
  });

  it('rejects malformed and unknown codes', () => {
    expect(checkRegionCode('44030')).toMatchObject({ ok: false, rule: 'region.format' });
    expect(checkRegionCode('44030A')).toMatchObject({ ok: false, rule: 'region.format' });
    expect(checkRegionCode('449999')).toMatchObject({ ok: false, rule: 'region.unknown' });
    // 潮阳县 was abolished in 1993: it survives on old IDs, not in current data.
    expect(checkRegionCode('440524')).toMatchObject({ ok: false, rule: 'region.unknown' });
  });
});

describe('names and hierarchy', () => {
  it('names codes', () => {
    expect(regionName('440309')).toBe('龙华区');
    expect(regionName('110100')).toBe('北京市市辖区');
    expect(regionName('999999')).toBeUndefined();
  });

  it('lists the regions directly inside a province or a city, for the picker', () => {
    const guangdong = regionChildren('440000');
    expect(guangdong.length).toBe(21);
    expect(guangdong).toContainEqual({ code: '440300', name: '深圳市' });
    expect(guangdong.every((c) => /^44\d\d00$/.test(c.code))).toBe(true);
    const shenzhen = regionChildren('440300');
    expect(shenzhen).toContainEqual({ code: '440309', name: '龙华区' });
    expect(shenzhen.every((c) => c.code.startsWith('4403') && c.code !== '440300')).toBe(true);
    expect(regionChildren('441900')).toEqual([]); // 东莞市: no counties
    expect(regionChildren('440309')).toEqual([]);
    expect(regionChildren('999999')).toEqual([]);
  });

  it('lists ancestors top down', () => {
    expect(regionAncestors('440309')).toEqual(['440000', '440300', '440309']);
    expect(regionAncestors('440300')).toEqual(['440000', '440300']);
    expect(regionAncestors('440000')).toEqual(['440000']);
    expect(regionAncestors('110105')).toEqual(['110000', '110100', '110105']);
    expect(regionAncestors('419001')).toEqual(['410000', '419000', '419001']);
    expect(regionAncestors('000000')).toEqual([]);
  });

  it('covers what lies inside', () => {
    expect(regionCovers('440000', '440309')).toBe(true);
    expect(regionCovers('440300', '440309')).toBe(true);
    expect(regionCovers('440309', '440309')).toBe(true);
    expect(regionCovers('440300', '440100')).toBe(false);
    expect(regionCovers('440309', '440300')).toBe(false);
    expect(regionCovers('460000', '440309')).toBe(false);
    expect(regionCovers('440000', '449999')).toBe(false);
  });

  it('property: every county is covered by each of its ancestors and by no other province', () => {
    const counties = ['440309', '110105', '500229', '419001', '650102', '540102', '441900'];
    fc.assert(
      fc.property(
        fc.constantFrom(...counties),
        fc.constantFrom('110000', '440000', '500000', '650000'),
        (c, p) => {
          for (const a of regionAncestors(c)) expect(regionCovers(a, c)).toBe(true);
          expect(regionCovers(p, c)).toBe(c.slice(0, 2) === p.slice(0, 2));
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('findRegionByName', () => {
  it('finds the most specific region', () => {
    expect(findRegionByName('广东省深圳市龙华区')).toBe('440309');
    expect(findRegionByName('深圳市')).toBe('440300');
    expect(findRegionByName('广东深圳龙华区')).toBe('440309');
    expect(findRegionByName('北京市朝阳区')).toBe('110105');
    expect(findRegionByName('吉林省吉林市')).toBe('220200');
    expect(findRegionByName('地址：深圳市龙华区观湖街道大和社区大和路288号')).toBe('440309');
  });

  it('resolves ambiguous names to what their candidates share, or nothing', () => {
    expect(findRegionByName('朝阳区')).toBeUndefined();
    expect(findRegionByName('龙华区')).toBeUndefined();
    expect(findRegionByName('吉林')).toBe('220000');
    expect(findRegionByName('无此地名')).toBeUndefined();
  });

  it('ignores names that do not fit inside what was found', () => {
    expect(findRegionByName('广东省海淀区')).toBe('440000');
  });

  it('property: the full name chain of a county finds the county', () => {
    const counties = ['440309', '110105', '500229', '650102', '330106', '510107', '420106'];
    fc.assert(
      fc.property(fc.constantFrom(...counties), (c) => {
        // Placeholder prefectures (北京市市辖区) are part of the chain and must not confuse the reader.
        const names = regionAncestors(c).map((a) => regionName(a) ?? '');
        expect(findRegionByName(names.join(''))).toBe(c);
      }),
      { numRuns: 30 },
    );
  });
});

describe('matchRegionPrefix', () => {
  it('takes a leading run of full names', () => {
    expect(matchRegionPrefix('广东省深圳市华强电子有限公司')).toEqual({ code: '440300', length: 6 });
    expect(matchRegionPrefix('深圳市龙华区建设工程有限公司')).toEqual({ code: '440309', length: 6 });
    expect(matchRegionPrefix('中山大学')).toBeUndefined();
  });
});
