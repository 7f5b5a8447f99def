import { describe, expect, it } from 'vitest';
import { mergeLots } from './lots.ts';

describe('mergeLots', () => {
  it('merges lots by code, later notices completing earlier ones', () => {
    expect(
      mergeLots([
        {
          lots: [
            { lotCode: 'A', name: '一标段' },
            { lotCode: 'B', name: '二标段' },
          ],
        },
        { lotCode: 'A', lots: [{ lotCode: 'A', estimate: { fen: 100, currency: 'CNY' } }] },
        { lotCode: 'C' },
        {},
      ]),
    ).toEqual([
      { lotCode: 'A', name: '一标段', estimate: { fen: 100, currency: 'CNY' } },
      { lotCode: 'B', name: '二标段' },
      { lotCode: 'C' },
    ]);
  });
});
