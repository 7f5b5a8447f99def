import type { Domain } from '@ggzy/domain';
import { company, type Org, personName } from './names.ts';
import type { Rng } from './prng.ts';
import { DEFAULT_YEARS, type Project, type YearSpan } from './project.ts';

/**
 * Integrity patterns the generator can plant, labelled, so that the red-flag indicators
 * (packages/indicators) can be tested for precision and recall. Each id is the indicator that
 * must find it. A pattern is planted by changing the project before its notices are built; the
 * stage builders read the few overrides (`Project.plant`) and otherwise draw as they always did.
 */
export const plantedPatterns = [
  'single-bidder',
  'short-bid-period',
  'patterned-bid-prices',
  'price-near-ceiling',
  'abnormally-low-price',
  'bid-rotation',
  'contract-above-award',
  'late-contract',
  'split-purchases',
] as const;
export type PlantedPatternId = (typeof plantedPatterns)[number];

/** A planted pattern on one project; a pattern over several projects names its group and size. */
export interface PlantedPattern {
  pattern: PlantedPatternId;
  /** The projects planted together (a bid-rotation ring, a buyer's split purchases). */
  group?: { id: string; size: number };
}

/** What a planted project's stage builders do differently. */
export interface PlantOverrides {
  /** 采购方式 as printed on the procurement call. */
  method?: string;
  /** Days from the call to the bid deadline. */
  bidDays?: number;
  /** Always a 招标公告, never a 资格预审公告 (whose bid period the notices do not show). */
  tender?: boolean;
  /** Contract amount as a multiple of the winning price. */
  contractFactor?: number;
  /** Days from the award to the contract's signature (and its notice). */
  contractDelay?: number;
}

const PATTERN_DOMAINS: Record<PlantedPatternId, readonly Domain[]> = {
  'single-bidder': ['construction', 'procurement'],
  'short-bid-period': ['construction', 'procurement'],
  'patterned-bid-prices': ['construction'],
  'price-near-ceiling': ['construction', 'procurement'],
  'abnormally-low-price': ['construction'],
  'bid-rotation': ['construction'],
  'contract-above-award': ['construction', 'procurement'],
  'late-contract': ['construction', 'procurement'],
  'split-purchases': ['procurement'],
};

interface Group {
  id: string;
  pattern: 'bid-rotation' | 'split-purchases';
  size: number;
  next: number;
  owner: Org;
  bidders: Org[];
  year: number;
}

/** Decides, project by project, which pattern to plant; keeps the groups that span projects. */
export class Planter {
  private group: Group | undefined;
  private groups = 0;

  constructor(
    private readonly rng: Rng,
    private readonly rate: number,
    private readonly years: YearSpan = DEFAULT_YEARS,
  ) {}

  /** The domain the next project must have: a group's, while one is being planted. */
  domainOverride(): Domain | undefined {
    if (!this.group) return undefined;
    return this.group.pattern === 'bid-rotation' ? 'construction' : 'procurement';
  }

  /** Plant into a freshly made project, or leave it as it is. */
  plant(project: Project): void {
    const group = this.group;
    if (group) {
      this.plantMember(project, group);
      group.next += 1;
      if (group.next >= group.size) this.group = undefined;
      return;
    }
    if (!this.rng.chance(this.rate)) return;
    const candidates = plantedPatterns.filter((p) => PATTERN_DOMAINS[p].includes(project.domain));
    if (candidates.length === 0) return;
    const pattern = this.rng.pick(candidates);
    if (pattern === 'bid-rotation' || pattern === 'split-purchases') {
      const place = project.place;
      this.group = {
        id: `${pattern}-${++this.groups}`,
        pattern,
        size: pattern === 'bid-rotation' ? 4 : this.rng.int(2, 3),
        next: 0,
        owner: project.owner,
        bidders: Array.from({ length: 3 }, () => company(this.rng, place, 'construction')),
        year: this.years.first + this.rng.int(0, this.years.count - 1),
      };
      this.plant(project);
      return;
    }
    plantOne(project, pattern, this.rng);
  }

  private plantMember(project: Project, group: Group): void {
    const rng = this.rng;
    const label: PlantedPattern = { pattern: group.pattern, group: { id: group.id, size: group.size } };
    project.owner = group.owner;
    delete project.partner;
    if (group.pattern === 'bid-rotation') {
      // The same three builders bid every time; the win goes round.
      project.bidders = group.bidders;
      project.managers = group.bidders.map(() => personName(rng));
      project.bidFen = bidsFor(project.budgetFen, group.bidders.length, rng);
      project.winner = group.next % group.bidders.length;
    } else {
      // Just below 200万元, by a method other than open tender, in the group's year.
      project.budgetFen = rng.int(16_000, 19_999) * 10_000;
      project.bidFen = bidsFor(project.budgetFen, project.bidders.length, rng);
      project.startDay = daysSince2019(group.year) + rng.int(10, 290);
      project.plant = { ...project.plant, method: rng.pick(['竞争性谈判', '竞争性磋商', '询价']) };
    }
    project.planted = [...(project.planted ?? []), label];
  }
}

function plantOne(project: Project, pattern: PlantedPatternId, rng: Rng): void {
  const plant: PlantOverrides = { ...project.plant };
  const winner = project.winner;
  switch (pattern) {
    case 'single-bidder':
      project.bidders = [project.bidders[winner]!];
      project.bidFen = [project.bidFen[winner]!];
      project.managers = [project.managers[winner]!];
      project.winner = 0;
      plant.method = '公开招标';
      break;
    case 'short-bid-period':
      plant.bidDays = rng.int(8, 19);
      plant.tender = true;
      plant.method = '公开招标';
      break;
    case 'patterned-bid-prices': {
      // The winner and the two cheapest others are the candidates a notice lists: the same
      // price twice (step 0), or three prices a fixed step apart; the rest bid above them.
      const base = Math.round(project.budgetFen * 0.9);
      const step = rng.chance(0.5) ? 0 : rng.int(1, 300) * 10_000;
      const others = project.bidders.map((_, i) => i).filter((i) => i !== winner);
      project.bidFen[winner] = base;
      others.forEach((index, k) => {
        project.bidFen[index] = k < 2 ? base + (k + 1) * step : base + 3 * step + k * 1_000_000;
      });
      if (step === 0 && others[1] !== undefined) project.bidFen[others[1]] = base + 500_000;
      break;
    }
    case 'price-near-ceiling':
      project.bidFen[winner] = Math.ceil((project.budgetFen * rng.int(9_900, 10_000)) / 10_000);
      break;
    case 'abnormally-low-price': {
      const lowest = Math.min(...project.bidFen.filter((_, i) => i !== winner));
      project.bidFen[winner] = Math.round((lowest * rng.int(40, 70)) / 100);
      break;
    }
    case 'contract-above-award':
      plant.contractFactor = rng.int(112, 150) / 100;
      break;
    case 'late-contract':
      plant.contractDelay = rng.int(35, 120);
      break;
    default:
      return;
  }
  project.plant = plant;
  project.planted = [...(project.planted ?? []), { pattern }];
}

/** Bids of 82–99.9 % of the budget, as newProject draws them. */
function bidsFor(budgetFen: number, count: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => Math.round((budgetFen * rng.int(8_200, 9_890)) / 10_000));
}

function daysSince2019(year: number): number {
  return (Date.UTC(year, 0, 1) - Date.UTC(2019, 0, 1)) / 86_400_000;
}
