import { describe, expect, it } from 'vitest';
import { diffJson } from './diff.ts';

const v1 = {
  title: '武侯区人民医院污水管网完善工程中标结果公告',
  project: { projectCode: '5101JS2019-00000', region: '510107' },
  awards: [{ winner: { name: '成都市宏图市政工程有限公司' }, price: { fen: 29505797483, currency: 'CNY' } }],
  parties: [{ name: '成都市武侯区人民医院' }, { name: '成都市宏图市政工程有限公司' }],
};

describe('diffJson', () => {
  it('finds nothing between equal values', () => {
    expect(diffJson(v1, structuredClone(v1))).toEqual([]);
  });

  it('names the leaf that changed, with before and after', () => {
    const v2 = structuredClone(v1);
    v2.awards[0]!.price.fen = 29505797400;
    expect(diffJson(v1, v2)).toEqual([
      { path: '$.awards[0].price.fen', op: 'changed', before: 29505797483, after: 29505797400 },
    ]);
  });

  it('reports added and removed keys and array elements', () => {
    const v2 = structuredClone(v1) as Record<string, unknown> & typeof v1;
    v2.parties.pop();
    (v2 as Record<string, unknown>).body = '更正：中标价调整。';
    delete (v2.project as Partial<typeof v1.project>).region;
    expect(diffJson(v1, v2)).toEqual([
      { path: '$.body', op: 'added', after: '更正：中标价调整。' },
      { path: '$.parties[1]', op: 'removed', before: { name: '成都市宏图市政工程有限公司' } },
      { path: '$.project.region', op: 'removed', before: '510107' },
    ]);
  });

  it('treats a change of type as a change of the whole value', () => {
    expect(diffJson({ a: [1] }, { a: { 0: 1 } })).toEqual([
      { path: '$.a', op: 'changed', before: [1], after: { 0: 1 } },
    ]);
    expect(diffJson({ a: null }, { a: 0 })).toEqual([{ path: '$.a', op: 'changed', before: null, after: 0 }]);
  });

  it('quotes keys that are not identifiers', () => {
    expect(diffJson({ 'lot-A': 1 }, { 'lot-A': 2 })).toEqual([
      { path: '$["lot-A"]', op: 'changed', before: 1, after: 2 },
    ]);
  });
});
