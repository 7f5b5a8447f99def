import type { NoticeInput } from '@ggzy/domain';
import { common, day, money, ownerParty, party, type StageContext, winnerOf } from './project.ts';

/** Builders of land (土地), mining (矿业权) and property (国有产权) notices, one per stage. */

type Builder = (c: StageContext) => NoticeInput;

function parcel(c: StageContext) {
  const { project, rng } = c;
  return {
    parcelNumber: project.code,
    location: `${project.place.fullName}${rng.pick(['民治街道', '观澜街道', '高新片区', '滨江新城', '经济开发区'])}`,
    area: rng.chance(0.7)
      ? `${rng.int(3_000, 90_000)}.${rng.int(10, 99)}平方米`
      : `${rng.int(1, 9)}.${rng.int(10, 99)}公顷`,
    use: project.name.replace(/^.*地块/u, ''),
    termYears: `${rng.pick([40, 50, 70])}年`,
    plotRatio: `${rng.int(1, 4)}.${rng.int(0, 9)}`,
    startingPrice: money(c, project.budgetFen),
    deposit: money(c, Math.round(project.budgetFen / 5 / 100) * 100),
  };
}

const supplyPlan: Builder = (c) => {
  const year = c.project.year;
  return {
    ...common(
      c,
      'supply-plan',
      `${c.project.place.cityName}${c.project.place.countyName}${year}年度国有建设用地供应计划`,
    ),
    plan: {
      year,
      totalArea: `${c.rng.int(50, 900)}.${c.rng.int(1, 9)}公顷`,
      byUse: [
        { use: '住宅用地', area: `${c.rng.int(10, 200)}公顷`, parcels: c.rng.int(2, 20) },
        { use: '工矿仓储用地', area: `${c.rng.int(10, 300)}公顷`, parcels: c.rng.int(2, 30) },
      ],
      approvedBy: `${c.project.place.cityName}人民政府`,
    },
  };
};

const landAnnouncement: Builder = (c) => ({
  ...common(
    c,
    'transfer-announcement',
    `${c.project.place.countyName}宗地编号${c.project.code}国有建设用地使用权挂牌出让公告`,
  ),
  method: '挂牌出让',
  parcels: [{ ...parcel(c), increment: money(c, 1_000_000_00) }],
  applicationDeadline: day(c, 25),
  listingPeriod: { from: day(c, 20), until: day(c, 30) },
  parties: [ownerParty(c, ['出让人'])],
});

const landDeal: Builder = (c) => {
  const winner = winnerOf(c.project);
  return {
    ...common(c, 'deal-publicity', `宗地编号${c.project.code}国有建设用地使用权成交公示`),
    parcels: [
      {
        ...parcel(c),
        method: '挂牌出让',
        transferee: winner.name,
        transfereeCreditCode: winner.creditCode,
        dealPrice: money(c, Math.round(c.project.budgetFen * 1.3)),
        dealAt: day(c, -1),
      },
    ],
    publicityPeriod: { from: day(c, 0), until: day(c, 10) },
    parties: [ownerParty(c, ['出让人']), party(winner, ['竞得人'])],
  };
};

const landResult: Builder = (c) => {
  const winner = winnerOf(c.project);
  return {
    ...common(c, 'supply-result', `${c.project.place.countyName}宗地${c.project.code}供应结果`),
    parcels: [
      {
        ...parcel(c),
        method: '挂牌出让',
        transferee: winner.name,
        dealPrice: money(c, Math.round(c.project.budgetFen * 1.3)),
        supervisionNumber: `${c.project.place.code}${c.rng.int(1_000_000_000, 9_999_999_999)}`,
        contractSignedAt: day(c, -5),
      },
    ],
    parties: [party(winner, ['受让人'])],
  };
};

/** 区域坐标: the corner points of a tract (number, X, Y in the 2000 national grid), from the serial. */
function tractCoordinates(serial: number): string {
  const x = 3_000_000 + (serial % 90_000) * 10;
  const y = 36_400_000 + (serial % 7_000) * 10;
  return [
    [1, x, y],
    [2, x, y + 400],
    [3, x - 400, y + 400],
    [4, x - 400, y],
  ]
    .map(([n, px, py]) => `${n},${px}.00,${py}.00`)
    .join(';');
}

function tract(c: StageContext) {
  return {
    name: `${c.project.place.countyName}${c.project.name.replace(/^.*?(区|县|市)/u, '')}`,
    mineral: c.project.name.replace(/^.*(建筑用|石灰岩|萤石)/u, '$1'),
    area: `${c.rng.int(1, 9)}.${c.rng.int(10, 99)}平方公里`,
    location: `${c.project.place.fullName}`,
    termYears: `${c.rng.pick([5, 10, 15])}年`,
    reserves: `${c.rng.int(100, 5000)}万吨`,
    startingPrice: money(c, c.project.budgetFen),
    deposit: money(c, Math.round(c.project.budgetFen / 5 / 100) * 100),
  };
}

const miningAnnouncement: Builder = (c) => ({
  ...common(c, 'transfer-announcement', `${c.project.place.countyName}${c.project.code}采矿权挂牌出让公告`),
  rightKind: 'mining',
  method: '挂牌出让',
  // The announcement gives the tract's corner points, as its deal publicity repeats them.
  tracts: [{ ...tract(c), coordinates: tractCoordinates(c.project.serial) }],
  listingPeriod: { from: day(c, 20), until: day(c, 30) },
});

const miningDeal: Builder = (c) => {
  const winner = winnerOf(c.project);
  return {
    ...common(c, 'deal-publicity', `${c.project.code}采矿权出让成交公示`),
    method: '挂牌出让',
    tracts: [
      {
        ...tract(c),
        transferee: winner.name,
        transfereeCreditCode: winner.creditCode,
        dealPrice: money(c, Math.round(c.project.budgetFen * 1.2)),
        dealAt: day(c, -1),
        coordinates: tractCoordinates(c.project.serial),
        dealPlace: `${c.project.place.cityName}公共资源交易中心`,
        paymentMethod: c.project.serial % 2 === 0 ? 'lump-sum' : 'instalments',
        paymentDueAt: day(c, 30),
      },
    ],
    publicityPeriod: { from: day(c, 0), until: day(c, 10) },
    parties: [party(winner, ['竞得人'], { address: `${winner.name.replace(/有限公司.*$/u, '')}办公楼` })],
  };
};

const miningApproval: Builder = (c) => {
  const winner = winnerOf(c.project);
  return {
    ...common(c, 'approval-result', `${c.project.code}采矿权审批结果公示`),
    approval: {
      authority: `${c.project.place.cityName}自然资源局`,
      documentNumber: `${c.project.place.cityName.slice(0, 1)}自然资矿〔${c.project.year}〕${c.rng.int(1, 300)}号`,
      approvedAt: day(c, 0),
      holder: winner.name,
      holderCreditCode: winner.creditCode,
      licenceNumber: `C${c.project.place.code}${c.rng.int(1_000_000_000, 9_999_999_999)}`,
      tractName: tract(c).name,
      area: `${c.rng.int(1, 9)}.${c.rng.int(10, 99)}平方公里`,
      validity: { from: day(c, 0), until: day(c, 3650) },
    },
    parties: [party(winner, ['受让人'])],
  };
};

function target(c: StageContext) {
  return {
    name: `${c.project.owner.name}${c.project.name.replace(/^.*?(区|县|市)/u, '').replace(/转让$/u, '')}`,
    code: c.project.code,
    kind: 'equity' as const,
    sharePercent: '40%',
  };
}

const propertyDecision: Builder = (c) => ({
  ...common(c, 'decision', `${c.project.name}交易决策及批准信息`),
  target: target(c),
  decision: {
    decidedBy: `${c.project.owner.name}董事会`,
    decidedAt: day(c, -20),
    approvedBy: `${c.project.place.cityName}人民政府国有资产监督管理委员会`,
    documentNumber: `${c.project.place.cityName.slice(0, 1)}国资〔${c.project.year}〕${c.rng.int(1, 300)}号`,
    approvedAt: day(c, -5),
  },
  parties: [ownerParty(c, ['转让方'])],
});

function appraisal(c: StageContext) {
  const { valuer } = c.project;
  return {
    valuer,
    entry: {
      kind: 'valuation' as const,
      agency: valuer.name,
      reportNumber: `评报字〔2024〕第${c.rng.int(100, 999)}号`,
      value: money(c, c.project.budgetFen),
      baseDate: day(c, -60),
    },
  };
}

const propertyListing: Builder = (c) => {
  const { valuer, entry } = appraisal(c);
  return {
    ...common(c, 'listing', `${c.project.name}挂牌公告`),
    target: target(c),
    listingPrice: money(c, c.project.budgetFen),
    listingPeriod: { from: day(c, 0), until: day(c, 20) },
    method: c.rng.pick(['网络竞价', '拍卖', '协议转让']),
    appraisals: [entry],
    transfereeQualifications: '意向受让方应为依法设立并有效存续的企业法人',
    deposit: money(c, Math.round(c.project.budgetFen / 10 / 100) * 100),
    parties: [ownerParty(c, ['转让方']), party(valuer, ['评估机构'], { evaluates: 'valuation' })],
  };
};

const propertyDeal: Builder = (c) => {
  const { valuer, entry } = appraisal(c);
  const winner = winnerOf(c.project);
  return {
    ...common(c, 'deal', `${c.project.name}成交公告`),
    target: target(c),
    method: '网络竞价',
    listingPrice: money(c, c.project.budgetFen),
    dealPrice: money(c, Math.round(c.project.budgetFen * 1.1)),
    dealAt: day(c, -2),
    transferee: winner.name,
    appraisals: [entry],
    parties: [
      ownerParty(c, ['转让方']),
      party(winner, ['受让方']),
      party(valuer, ['评估机构'], { evaluates: 'valuation' }),
    ],
  };
};

export function assetLifecycle(c: Omit<StageContext, 'recordId' | 'offset'>): [Builder, number][] {
  switch (c.project.domain) {
    case 'land':
      return c.rng.chance(0.1)
        ? [[supplyPlan, 0]]
        : [
            [landAnnouncement, 0],
            [landDeal, 32],
            [landResult, 60],
          ];
    case 'mining':
      return [
        [miningAnnouncement, 0],
        [miningDeal, 32],
        [miningApproval, 70],
      ];
    default:
      return [
        [propertyDecision, 0],
        [propertyListing, 10],
        [propertyDeal, 40],
      ];
  }
}
