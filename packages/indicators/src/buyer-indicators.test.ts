import type { Notice } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { evaluateBuyers } from './catalogue.ts';
import {
  airConditionerProject,
  type bidders,
  renumbered,
  schoolProject,
  wan,
  withBids,
} from './test-projects.ts';

type Bidder = keyof typeof bidders;

/** One of 龙华区教育局's tenders: the same three builders bid, `winner` wins. */
function tender(
  serial: number,
  winner: Bidder,
  others: Bidder[] = ['builder', 'builder2', 'builder3'],
): Notice[] {
  const prices: [Bidder, number][] = [
    [winner, 3200 + serial],
    ...others.filter((o) => o !== winner).map((o, i) => [o, 3300 + 10 * i + serial] as [Bidder, number]),
  ];
  return renumbered(
    schoolProject((s) => withBids(s, prices)),
    serial,
  );
}

describe('bid-rotation', () => {
  it("flags four of a buyer's projects bid by the same three builders, taking turns to win", () => {
    const projects = [
      tender(1, 'builder'),
      tender(2, 'builder2'),
      tender(3, 'builder3'),
      tender(4, 'builder'),
    ];
    const flags = evaluateBuyers(projects).filter((f) => f.indicator === 'bid-rotation');
    expect(flags).toHaveLength(1);
    expect(flags[0]!.projectKeys).toHaveLength(4);
    expect((flags[0]!.values.wins as unknown[]).length).toBe(4);
  });

  it('does not flag three projects, one winner every time, or a group that changes', () => {
    const rotation = (projects: Notice[][]) =>
      evaluateBuyers(projects).filter((f) => f.indicator === 'bid-rotation');
    expect(rotation([tender(1, 'builder'), tender(2, 'builder2'), tender(3, 'builder3')])).toEqual([]);
    expect(rotation([1, 2, 3, 4].map((n) => tender(n, 'builder')))).toEqual([]);
    expect(
      rotation([
        tender(1, 'builder'),
        tender(2, 'builder2'),
        tender(3, 'builder3'),
        tender(4, 'builder', ['builder', 'builder2']),
      ]),
    ).toEqual([]);
  });
});

describe('split-purchases', () => {
  /** A purchase by 龙华科技实验高级中学 with the given budget (万元), method and year. */
  const purchase = (serial: number, budget: number, method = 'competitive-negotiation', year = '2025') =>
    renumbered(
      airConditionerProject((s) => {
        for (const stage of Object.values(s)) {
          stage.publishedAt = (stage.publishedAt as string).replace('2025', year);
          stage.formedAt = (stage.formedAt as string).replace('2025', year);
        }
        s['tender-announcement']!.method = method;
        s['tender-announcement']!.budget = wan(budget);
      }),
      serial,
    );
  const split = (projects: Notice[][]) =>
    evaluateBuyers(projects).filter((f) => f.indicator === 'split-purchases');

  it('flags two negotiated purchases just below 200万元 in one year, together above it', () => {
    const flags = split([purchase(1, 190), purchase(2, 160)]);
    expect(flags).toHaveLength(1);
    expect(flags[0]!.values).toMatchObject({ year: '2025', totalFen: 350 * 1_000_000 });
  });

  it('counts neither open tenders, nor purchases below 160万元 or at 200万元, nor across two years', () => {
    expect(split([purchase(1, 190), purchase(2, 190, 'open-tender')])).toEqual([]);
    expect(split([purchase(1, 190), purchase(2, 159.99)])).toEqual([]);
    expect(split([purchase(1, 190), purchase(2, 200)])).toEqual([]);
    expect(split([purchase(1, 190), purchase(2, 190, 'request-for-quotation', '2024')])).toEqual([]);
  });
});
