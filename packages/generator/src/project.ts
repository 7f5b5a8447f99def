import { type Domain, type NoticeInput, residentIdCheckChar } from '@ggzy/domain';
import { allPlaces, company, type Org, officePhone, type Place, personName, publicBody } from './names.ts';
import type { PlantedPattern, PlantOverrides } from './patterns.ts';
import type { Rng } from './prng.ts';
import { type Instant, instantOf, randomDate, randomMoney } from './values.ts';

/**
 * One synthetic project and what every stage notice about it shares: project code, region,
 * owner, agency, bidders and winner, amounts, a timeline. Stage builders (stages-*.ts) turn it
 * into input-format records.
 */
export interface Project {
  domain: Domain;
  serial: number;
  place: Place;
  code: string;
  name: string;
  /** Days since 2019-01-01 when the first notice goes out. */
  startDay: number;
  /** The project's year: in its code, its land supply plan and its approval numbers. */
  year: number;
  budgetFen: number;
  owner: Org;
  agency: Org;
  bidders: Org[];
  /** 0-based index of the winner among the bidders (the first candidate). */
  winner: number;
  /** The bidders' prices, in fen, aligned with `bidders`. */
  bidFen: number[];
  /** When the winner is a consortium: its second member (the winner leads). */
  partner?: Org;
  managers: string[];
  /** 资产评估机构 of a property deal. */
  valuer: Org;
  /** The national codes a platform feed sends with every stage (nationalCodes). */
  national: NationalCodes;
  /** What the stage builders do differently for a planted pattern (patterns.ts). */
  plant?: PlantOverrides;
  /** The patterns planted in this project, for the records' labels. */
  planted?: PlantedPattern[];
}

const DOMAIN_CODE: Record<Domain, string> = {
  construction: 'JS',
  procurement: 'CG',
  land: 'TD',
  mining: 'KQ',
  property: 'CQ',
};
const SUBJECTS: Record<Domain, readonly string[]> = {
  construction: [
    '校舍改造工程施工',
    '市政道路提升工程施工',
    '河道综合整治工程',
    '人才住房项目施工总承包',
    '体育中心改造工程监理',
    '污水管网完善工程',
  ],
  procurement: [
    '空调采购',
    '医用耗材配送服务采购',
    '智慧校园设备采购',
    '物业管理服务采购',
    '办公家具采购',
    '环卫保洁服务采购',
  ],
  land: ['二类居住用地', '商业服务业用地', '工业用地', '新型产业用地'],
  mining: ['建筑用花岗岩矿', '建筑用砂矿', '石灰岩矿', '萤石矿'],
  property: ['40%股权转让', '100%股权转让', '闲置办公用房转让', '车辆资产转让'],
};

/**
 * The codes of the national data spec a platform feed sends (docs/exchange-formats.md): 招标项目编号
 * (20: 项目编号 of 17 and a three-digit sequence), 标段编号 (23: the 招标项目编号 and three more) and
 * 统一交易标识码 (40 digits and capitals). Made from the project's serial, region and year — no draw,
 * so the rest of a seed's records stay as they were — and unique per project.
 */
export interface NationalCodes {
  tenderProjectCode?: string;
  lotCode?: string;
  unifiedDealCode: string;
}

function nationalCodes(domain: Domain, place: Place, year: number, serial: number): NationalCodes {
  const unifiedDealCode =
    `${place.code}${year}${DOMAIN_CODE[domain]}${String(serial).padStart(10, '0')}`.padEnd(40, '0');
  if (domain === 'construction') {
    const tenderProjectCode = `E${place.code}${String(year).slice(2)}${String(serial % 100_000_000).padStart(8, '0')}001`;
    return { tenderProjectCode, lotCode: `${tenderProjectCode}001`, unifiedDealCode };
  }
  // A procurement's one lot is 包 A, as its awards and bidders print it.
  if (domain === 'procurement') return { lotCode: 'A', unifiedDealCode };
  return { unifiedDealCode };
}

/** The years projects start in: `count` years from `first` (generateNotices' `years`). */
export interface YearSpan {
  first: number;
  count: number;
}

/** 2019–2025, the span every generated data set had before `years` existed. */
export const DEFAULT_YEARS: YearSpan = { first: 2019, count: 7 };

export function newProject(
  rng: Rng,
  domain: Domain,
  serial: number,
  years: YearSpan = DEFAULT_YEARS,
): Project {
  const place = rng.pick(allPlaces());
  const year = years.first + Math.floor(serial % years.count);
  const startDay = (year - 2019) * 365 + rng.int(0, 300);
  const prefix = place.code.slice(0, 4);
  const code =
    domain === 'land'
      ? `${rng.pick(['A', 'G', 'J'])}${rng.int(100, 999)}-${String(serial % 10_000).padStart(4, '0')}`
      : `${prefix}${DOMAIN_CODE[domain]}${year}-${String(serial % 100_000).padStart(5, '0')}`;
  const subject = rng.pick(SUBJECTS[domain]);
  // One name, one company: a notice naming two companies alike with different codes is a defect, not data.
  const used = new Set<string>();
  const unique = (make: () => Org): Org => {
    let org = make();
    for (let i = 0; i < 20 && used.has(org.name); i++) org = make();
    used.add(org.name);
    return org;
  };
  const owner = unique(() =>
    domain === 'property' || domain === 'mining' ? company(rng, place, 'property') : publicBody(rng, place),
  );
  const industry =
    domain === 'construction' ? 'construction' : domain === 'procurement' ? 'procurement' : domain;
  const bidders = Array.from({ length: rng.int(3, 5) }, () =>
    unique(() => company(rng, rng.chance(0.7) ? place : rng.pick(allPlaces()), industry)),
  );
  const budgetFen = rng.int(20, 50_000) * 1_000_000 + (rng.chance(0.3) ? rng.int(1, 99) * 100 : 0);
  const bidFen = bidders.map(() => Math.round((budgetFen * rng.int(8_200, 9_990)) / 10_000));
  const project: Project = {
    domain,
    serial,
    place,
    code,
    // A 招标项目名称 is unique on the national platform (501 UniqueValue): a construction project's
    // name carries its serial, as centres number their 标段 and 批次.
    name:
      domain === 'land'
        ? `${place.countyName}${code}地块${subject}`
        : domain === 'construction'
          ? `${place.countyName}${ownerShort(owner.name, place)}${subject}（${String(serial % 100_000).padStart(5, '0')}）`
          : `${place.countyName}${ownerShort(owner.name, place)}${subject}`,
    startDay,
    year,
    budgetFen,
    owner,
    agency: unique(() => company(rng, place, 'agency')),
    valuer: unique(() => company(rng, place, 'evaluator')),
    national: nationalCodes(domain, place, year, serial),
    bidders,
    winner: rng.int(0, bidders.length - 1),
    bidFen,
    managers: bidders.map(() => personName(rng)),
  };
  if (domain === 'construction' && rng.chance(0.15))
    project.partner = unique(() => company(rng, place, 'construction'));
  return project;
}

/** 深圳市龙华区教育局 → 教育局, so a project reads 龙华区教育局…, not 龙华区深圳市龙华区教育局…. */
function ownerShort(name: string, place: Place): string {
  return name.replace(place.cityName, '').replace(place.countyName, '');
}

export interface StageContext {
  rng: Rng;
  project: Project;
  recordId: string;
  /** Days after the project's start. */
  offset: number;
}

/** The fields every stage carries; the project code is printed the same way on every stage. */
export function common(c: StageContext, stage: string, title: string): NoticeInput {
  const { rng, project } = c;
  const domain = project.domain;
  const published: Instant = instantOf(project.startDay + c.offset, rng);
  return {
    ggzyInput: 1,
    recordId: c.recordId,
    domain: project.domain,
    stage: stage as NoticeInput['stage'],
    title,
    projectCode: project.code,
    projectName: project.name,
    ...project.national,
    region: rng.chance(0.5) ? project.place.code : project.place.fullName,
    publisher:
      domain === 'land' || domain === 'mining' ? `${project.place.cityName}自然资源局` : project.owner.name,
    platform: `${project.place.cityName}公共资源交易中心`,
    publishedAt: randomDate(rng, published),
    formedAt: randomDate(rng, instantOf(project.startDay + Math.max(0, c.offset - 2), rng)),
    sourceUrl: `https://ggzy.${project.place.code}.gov.cn/jyxx/${project.domain}/${encodeURIComponent(c.recordId)}.html`,
  } as NoticeInput;
}

export function day(c: StageContext, after: number): string {
  return randomDate(c.rng, instantOf(c.project.startDay + c.offset + after, c.rng));
}

export function money(c: StageContext, fen: number): string | number {
  return randomMoney(c.rng, fen);
}

type PartyInput = NonNullable<NoticeInput['parties']>[number];

export function party(org: Org, roles: PartyInput['roles'], extra: Partial<PartyInput> = {}): PartyInput {
  return {
    name: org.name,
    roles,
    creditCode: org.creditCode,
    region: org.region,
    ownership: org.ownership,
    ...extra,
  };
}

export function ownerParty(c: StageContext, roles: PartyInput['roles']): PartyInput {
  const line = officePhone(c.rng);
  return party(c.project.owner, roles, {
    address: `${c.project.place.fullName}政务服务中心`,
    contact: line,
    phone: line,
    email: `ztb${c.project.serial}@${c.project.place.code}.gov.cn`,
  });
}

export function winnerOf(project: Project): Org {
  return project.bidders[project.winner]!;
}

/** Bidder indexes by price, cheapest first: the order candidates are ranked in, winner first. */
export function ranking(project: Project): number[] {
  const rest = project.bidders.map((_, i) => i).filter((i) => i !== project.winner);
  rest.sort((a, b) => project.bidFen[a]! - project.bidFen[b]!);
  return [project.winner, ...rest];
}

/**
 * 项目负责人's 居民身份证号码 (a valid check character): registered in the project's region, born
 * 1965–1994, made from the serial and the bidder's place — no draw. The national spec asks for it
 * (513 PROJECT_LEAD_ID); every public output masks it.
 */
export function managerId(project: Project, bidder: number): string {
  const n = project.serial * 31 + bidder * 7;
  const birth = `${1965 + (n % 30)}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
  const first17 = `${project.place.code}${birth}${String(n % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckChar(first17)}`;
}
