/**
 * Realistic canonical notices for tests: one complete notice per domain and stage. "Complete"
 * means it discloses every field `requiredFieldsByStage` asks for. Names and codes are made up
 * in the way centres publish them; credit codes carry valid check characters.
 */
import { normalizeCompanyName } from './company-name.ts';
import { type CreditRecord, creditRecordId } from './credit.ts';
import type { NoticeDraft } from './notice.ts';
import type { PartyRole } from './party.ts';
import { noticeId } from './project.ts';

export const codes = {
  /** 深圳市龙华区教育局 (招标人) */
  tenderer: '11440309007523453B',
  /** 深圳市XX建设工程有限公司 (中标人) */
  builder: '91440300MA5F3K2L57',
  /** 深圳市华鼎建筑工程有限公司 (第二候选人) */
  builder2: '91440300192287367B',
  /** 广州市粤建工程咨询有限公司 (招标代理) */
  agency: '91440101MA59AB2CXA',
  /** 深圳市金龙空调电器有限公司 (成交供应商) */
  supplier: '91440300MA5G7Q1P0T',
  /** 深圳交易集团有限公司龙华分公司 (采购代理 / 交易平台) */
  platform: '91440300279356230K',
  /** 深圳市龙华科技实验高级中学 (采购人) */
  buyer: '12440309455671230P',
  /** 深圳市万科房地产有限公司 (竞得人) */
  developer: '91440300MA5EXJ8T9B',
  /** 杭州某矿业有限公司 */
  miner: '91330185609854321P',
  /** 国企 */
  soe: '911100001000012388',
} as const;

type PartyInput = NonNullable<NoticeDraft['parties']>[number];

export function org(name: string, roles: PartyRole[], creditCode?: string): PartyInput {
  return {
    name,
    nameKey: normalizeCompanyName(name),
    kind: 'organization',
    identifiers: creditCode ? { creditCode } : {},
    roles,
  };
}

export function ref(name: string, creditCode?: string) {
  return creditCode
    ? { name, nameKey: normalizeCompanyName(name), creditCode }
    : { name, nameKey: normalizeCompanyName(name) };
}

const yuan = (amount: number) => ({ fen: Math.round(amount * 100), currency: 'CNY' });
const wan = (amount: number) => yuan(amount * 10_000);

function common(feedRecord: string, title: string, projectCode: string, region: string) {
  return {
    id: noticeId({ feed: 'sz-ggzy', recordId: feedRecord }),
    title,
    project: { projectCode, region },
    publisher: { name: '深圳公共资源交易中心' },
    platform: { name: '深圳公共资源交易中心', creditCode: codes.platform },
    formedAt: '2024-06-03T00:00:00+08:00',
    publishedAt: '2024-06-03T17:30:00+08:00',
    sourceUrl: `https://www.szggzy.com/globalSearch/details.html?contentId=${feedRecord}`,
  };
}

const SCHOOL = '龙华区某学校改造工程';
const SCHOOL_CODE = 'LHJS2024-0123';
const tenderer = () => org('深圳市龙华区教育局', [{ role: 'tenderer' }], codes.tenderer);
const agencyParty = () => org('广州市粤建工程咨询有限公司', [{ role: 'agency' }], codes.agency);
const builder = '深圳市XX建设工程有限公司';
const builder2 = '深圳市华鼎建筑工程有限公司';

const callForBids = {
  tenderConditions: '本招标项目已由深圳市龙华区发展和改革局批准建设，资金来自财政资金，已具备招标条件。',
  scope: '龙华区某学校教学楼加固及改造，建筑面积约12000平方米，工期180日历天。',
  bidderQualifications:
    '具备建筑工程施工总承包二级及以上资质，项目负责人具备建筑工程专业二级及以上注册建造师执业资格。',
  documentAccess: {
    from: '2024-06-03T09:00:00+08:00',
    until: '2024-06-24T17:00:00+08:00',
    method: '登录深圳市建设工程交易服务网下载招标文件',
  },
  submission: {
    deadline: '2024-06-24T09:30:00+08:00',
    method: '通过深圳市建设工程交易服务网在线递交',
    openingAt: '2024-06-24T09:30:00+08:00',
  },
  tenderMethod: 'open' as const,
  ceilingPrice: wan(3580.5),
};

const contract = {
  name: '龙华区某学校改造工程施工合同',
  code: 'LHJS-HT-2024-088',
  partyA: ref('深圳市龙华区教育局', codes.tenderer),
  partyB: ref(builder, codes.builder),
  amount: wan(3298.76),
  signedAt: '2024-07-20T00:00:00+08:00',
  term: { days: 180, text: '180日历天' },
};

export const constructionFixtures = {
  'tender-announcement': {
    domain: 'construction',
    stage: 'tender-announcement',
    ...common('2024-0601', `${SCHOOL}招标公告`, SCHOOL_CODE, '440309'),
    parties: [tenderer(), agencyParty()],
    ...callForBids,
  },
  prequalification: {
    domain: 'construction',
    stage: 'prequalification',
    ...common('2024-0588', `${SCHOOL}资格预审公告`, SCHOOL_CODE, '440309'),
    parties: [tenderer()],
    ...callForBids,
    reviewMethod: '合格制',
  },
  change: {
    domain: 'construction',
    stage: 'change',
    ...common('2024-0620', `${SCHOOL}变更公告（第1次）`, SCHOOL_CODE, '440309'),
    changeKind: 'change',
    relatesTo: { title: `${SCHOOL}招标公告` },
    content: '投标截止时间及开标时间延期至2024年7月1日9时30分。',
    submission: { deadline: '2024-07-01T09:30:00+08:00' },
  },
  candidates: {
    domain: 'construction',
    stage: 'candidates',
    ...common('2024-0702', `${SCHOOL}中标候选人公示`, SCHOOL_CODE, '440309'),
    parties: [
      tenderer(),
      org(builder, [{ role: 'candidate', rank: 1 }], codes.builder),
      org(builder2, [{ role: 'candidate', rank: 2 }], codes.builder2),
    ],
    candidates: [
      {
        rank: 1,
        bidder: ref(builder, codes.builder),
        bidPrice: wan(3298.76),
        period: { days: 180, text: '180日历天' },
        evaluation: '经评标委员会评审，投标文件符合招标文件要求，综合得分第一。',
        score: 92.35,
        projectManager: {
          name: '王建国',
          certificates: [{ name: '一级注册建造师', number: '粤1442012201300123' }],
          trackRecord: ['2021年深圳市宝安区某中学改扩建工程（已竣工）'],
        },
        certificates: [{ name: '建筑工程施工总承包一级', number: 'D144012345' }],
        qualifications: '满足招标文件资格要求',
      },
      {
        rank: 2,
        bidder: ref(builder2, codes.builder2),
        bidPrice: wan(3345.1),
        period: { days: 180, text: '180日历天' },
        evaluation: '综合得分第二。',
        projectManager: {
          name: '李明',
          certificates: [{ name: '二级注册建造师', number: '粤2442015201600456' }],
          trackRecord: ['2020年龙岗区某小学装修工程'],
        },
        certificates: [{ name: '建筑工程施工总承包二级', number: 'D244056789' }],
        qualifications: '满足招标文件资格要求',
      },
    ],
    objection: {
      channel: '投标人或者其他利害关系人对评标结果有异议的，应当在公示期间以书面形式向招标人提出。',
    },
    publicityPeriod: { from: '2024-07-02T00:00:00+08:00', until: '2024-07-04T23:59:59+08:00' },
  },
  result: {
    domain: 'construction',
    stage: 'result',
    ...common('2024-0710', `${SCHOOL}中标结果公告`, SCHOOL_CODE, '440309'),
    parties: [tenderer(), org(builder, [{ role: 'candidate', rank: 1 }, { role: 'winner' }], codes.builder)],
    awards: [
      { winner: ref(builder, codes.builder), price: wan(3298.76), awardedAt: '2024-07-08T00:00:00+08:00' },
    ],
  },
  contract: {
    domain: 'construction',
    stage: 'contract',
    ...common('2024-0725', `${SCHOOL}合同订立信息`, SCHOOL_CODE, '440309'),
    parties: [tenderer(), org(builder, [{ role: 'winner' }], codes.builder)],
    contract,
  },
  performance: {
    domain: 'construction',
    stage: 'performance',
    ...common('2025-0115', `${SCHOOL}合同履行信息`, SCHOOL_CODE, '440309'),
    parties: [tenderer(), org(builder, [{ role: 'winner' }], codes.builder)],
    contract,
    status: 'completed',
    changes: [
      { changedAt: '2024-10-10T00:00:00+08:00', description: '增加消防改造内容', amountAfter: wan(3350) },
    ],
    completedAt: '2025-01-10T00:00:00+08:00',
  },
} satisfies Record<string, NoticeDraft>;

const LH = 'LHACG2025000057';
const lhCommon = (record: string, title: string) => ({
  ...common(record, title, LH, '440309'),
  platform: { name: '深圳交易集团有限公司龙华分公司', creditCode: codes.platform },
});
const school = () => org('深圳市龙华科技实验高级中学', [{ role: 'buyer' }], codes.buyer);
const jinlong = '深圳市金龙空调电器有限公司';

export const procurementFixtures = {
  'tender-announcement': {
    domain: 'procurement',
    stage: 'tender-announcement',
    ...lhCommon('LH-2025-04-11', '深圳市龙华科技实验高级中学空调采购招标公告'),
    parties: [school(), org('深圳交易集团有限公司龙华分公司', [{ role: 'agency' }], codes.platform)],
    method: 'open-tender',
    budget: wan(700),
    requirements: '3匹冷暖变频壁挂式分体空调281台，含安装。',
    documentAccess: { method: '深圳公共资源交易中心网站免费下载' },
    submission: { deadline: '2025-05-12T09:30:00+08:00' },
  },
  correction: {
    domain: 'procurement',
    stage: 'correction',
    ...lhCommon('LH-2025-04-20', '深圳市龙华科技实验高级中学空调采购更正公告'),
    relatesTo: { title: '深圳市龙华科技实验高级中学空调采购招标公告' },
    corrections: [{ item: '投标截止时间', before: '2025年5月12日9时30分', after: '2025年5月15日9时30分' }],
    postponed: true,
  },
  result: {
    domain: 'procurement',
    stage: 'result',
    ...lhCommon('LH-2025-05-27', '深圳市龙华科技实验高级中学空调采购中标（成交）结果公告'),
    parties: [school(), org(jinlong, [{ role: 'winner', lotCode: 'A' }], codes.supplier)],
    method: 'open-tender',
    awards: [
      {
        lotCode: 'A',
        supplier: ref(jinlong, codes.supplier),
        amount: yuan(6_687_920),
        items: [
          {
            name: '3匹冷暖变频壁挂式分体空调',
            brand: '美的',
            model: 'KFR-72GW/G1-1A',
            quantity: 281,
            unit: '台',
            unitPrice: yuan(5390),
          },
        ],
      },
    ],
    reviewPanel: ['张茂霞', '彭安轩', '陈卫红', '张巧平', '范港航'],
    publicityPeriod: { from: '2025-05-27T00:00:00+08:00', until: '2025-05-30T23:59:59+08:00' },
  },
  contract: {
    domain: 'procurement',
    stage: 'contract',
    ...lhCommon('LH-2025-06-10', '深圳市龙华科技实验高级中学空调采购合同公告'),
    parties: [school(), org(jinlong, [{ role: 'supplier' }], codes.supplier)],
    contract: {
      name: '深圳市龙华科技实验高级中学空调采购合同',
      partyA: ref('深圳市龙华科技实验高级中学', codes.buyer),
      partyB: ref(jinlong, codes.supplier),
      amount: yuan(6_687_920),
      signedAt: '2025-06-06T00:00:00+08:00',
    },
  },
  termination: {
    domain: 'procurement',
    stage: 'termination',
    ...lhCommon('LH-2025-03-02', '深圳市龙华科技实验高级中学空调采购终止公告'),
    relatesTo: { title: '深圳市龙华科技实验高级中学空调采购招标公告' },
    reason: '因采购需求发生重大变化，本项目终止采购。',
  },
} satisfies Record<string, NoticeDraft>;

const land = (record: string, title: string) => ({
  ...common(record, title, 'A812-0345', '440309'),
  publisher: { name: '深圳市规划和自然资源局龙华管理局' },
  platform: { name: '深圳市土地房产交易中心' },
});
const vanke = '深圳市万科房地产有限公司';
const parcel = {
  parcelNumber: 'A812-0345',
  location: '龙华区民治街道',
  areaM2: 28_561.37,
  use: '二类居住用地',
  termYears: 70,
  plotRatio: { max: 3.2, text: '≤3.2' },
  startingPrice: wan(152_000),
  deposit: wan(30_400),
};

export const landFixtures = {
  'supply-plan': {
    domain: 'land',
    stage: 'supply-plan',
    ...land('TD-2024-PLAN', '深圳市2024年度国有建设用地供应计划'),
    project: { projectCode: '深规划资源〔2024〕88号', region: '440300' },
    plan: { year: 2024, totalAreaM2: 8_500_000, byUse: [{ use: '居住用地', areaM2: 1_800_000 }] },
  },
  'transfer-announcement': {
    domain: 'land',
    stage: 'transfer-announcement',
    ...land('TD-2024-031', '深圳市国有建设用地使用权挂牌出让公告（A812-0345）'),
    method: 'listing',
    parcels: [parcel],
    applicationDeadline: '2024-07-15T17:00:00+08:00',
  },
  'deal-publicity': {
    domain: 'land',
    stage: 'deal-publicity',
    ...land('TD-2024-045', '宗地编号A812-0345国有建设用地使用权成交公示'),
    parties: [org(vanke, [{ role: 'transferee' }], codes.developer)],
    deals: [
      {
        parcelNumber: 'A812-0345',
        method: 'listing',
        transferee: ref(vanke, codes.developer),
        dealPrice: wan(168_500),
        dealAt: '2024-07-18T10:00:00+08:00',
      },
    ],
    publicityPeriod: { from: '2024-07-19T00:00:00+08:00', until: '2024-07-29T23:59:59+08:00' },
  },
  'supply-result': {
    domain: 'land',
    stage: 'supply-result',
    ...land('TD-2024-052', '深圳市龙华区A812-0345宗地供应结果'),
    parties: [org(vanke, [{ role: 'transferee' }], codes.developer)],
    results: [
      {
        ...parcel,
        method: 'listing',
        transferee: ref(vanke, codes.developer),
        dealPrice: wan(168_500),
        supervisionNumber: '4403092024B00345',
        contractSignedAt: '2024-08-02T00:00:00+08:00',
      },
    ],
  },
} satisfies Record<string, NoticeDraft>;

const mine = (record: string, title: string) => ({
  ...common(record, title, 'GZKQ-2023-017', '520327'),
  publisher: { name: '遵义市自然资源局' },
  platform: { name: '遵义市公共资源交易中心' },
});
const miner = '杭州某矿业有限公司';

export const miningFixtures = {
  'transfer-announcement': {
    domain: 'mining',
    stage: 'transfer-announcement',
    ...mine('KY-2023-017', '凤冈县某建筑用砂岩矿采矿权挂牌出让公告'),
    rightKind: 'mining',
    method: 'listing',
    tracts: [
      {
        name: '凤冈县某建筑用砂岩矿',
        mineral: '建筑用砂岩',
        areaKm2: 0.1523,
        termYears: 10,
        startingPrice: wan(2_350),
        deposit: wan(470),
      },
    ],
  },
  'deal-publicity': {
    domain: 'mining',
    stage: 'deal-publicity',
    ...mine('KY-2023-025', '凤冈县某建筑用砂岩矿采矿权出让成交公示'),
    parties: [org(miner, [{ role: 'transferee' }], codes.miner)],
    deals: [
      {
        tractName: '凤冈县某建筑用砂岩矿',
        transferee: ref(miner, codes.miner),
        dealPrice: wan(3_120),
        dealAt: '2023-11-20T15:00:00+08:00',
      },
    ],
  },
  'approval-result': {
    domain: 'mining',
    stage: 'approval-result',
    ...mine('KY-2024-003', '凤冈县某建筑用砂岩矿采矿权新立登记审批结果公告'),
    parties: [org(miner, [{ role: 'transferee' }], codes.miner)],
    approval: {
      rightKind: 'mining',
      authority: '遵义市自然资源局',
      documentNumber: '遵自然资矿〔2024〕3号',
      approvedAt: '2024-01-15T00:00:00+08:00',
      holder: ref(miner, codes.miner),
      licenceNumber: 'C5203002024017150156789',
    },
  },
} satisfies Record<string, NoticeDraft>;

const equity = {
  name: '深圳市某某投资有限公司40%股权',
  code: 'G32024SZ1000123',
  kind: 'equity' as const,
  sharePercent: 40,
};
const prop = (record: string, title: string) => ({
  ...common(record, title, 'G32024SZ1000123', '440300'),
  publisher: { name: '深圳联合产权交易所' },
  platform: { name: '深圳联合产权交易所' },
});
const soe = '深圳市某国有资本投资集团有限公司';
const appraisals = [
  {
    kind: 'valuation' as const,
    agency: ref('深圳市鹏信资产评估土地房地产估价有限公司'),
    value: wan(5_230.6),
  },
];
const valuer = () =>
  org('深圳市鹏信资产评估土地房地产估价有限公司', [{ role: 'evaluator', evaluates: 'valuation' }]);

export const propertyFixtures = {
  decision: {
    domain: 'property',
    stage: 'decision',
    ...prop('CQ-2024-101', '深圳市某某投资有限公司40%股权转让批准信息'),
    target: equity,
    decision: {
      decidedBy: '董事会',
      approvedBy: '深圳市人民政府国有资产监督管理委员会',
      documentNumber: '深国资委函〔2024〕215号',
      approvedAt: '2024-03-12T00:00:00+08:00',
    },
  },
  listing: {
    domain: 'property',
    stage: 'listing',
    ...prop('CQ-2024-118', '深圳市某某投资有限公司40%股权转让公告'),
    parties: [org(soe, [{ role: 'transferor' }], codes.soe), valuer()],
    target: equity,
    listingPrice: wan(5_300),
    listingPeriod: { from: '2024-04-01T00:00:00+08:00', until: '2024-04-28T23:59:59+08:00' },
    method: 'online-bidding',
    appraisals,
  },
  deal: {
    domain: 'property',
    stage: 'deal',
    ...prop('CQ-2024-140', '深圳市某某投资有限公司40%股权转让成交公告'),
    parties: [
      org(soe, [{ role: 'transferor' }], codes.soe),
      org(vanke, [{ role: 'transferee' }], codes.developer),
      valuer(),
    ],
    target: equity,
    method: 'online-bidding',
    listingPrice: wan(5_300),
    dealPrice: wan(6_010),
    dealAt: '2024-05-08T00:00:00+08:00',
    transferee: ref(vanke, codes.developer),
    appraisals,
  },
} satisfies Record<string, NoticeDraft>;

export const allFixtures: NoticeDraft[] = [
  ...Object.values(constructionFixtures),
  ...Object.values(procurementFixtures),
  ...Object.values(landFixtures),
  ...Object.values(miningFixtures),
  ...Object.values(propertyFixtures),
];

/** A 政府采购严重违法失信行为记录 against the supplier of the procurement result. */
export const creditRecord = {
  id: creditRecordId({ feed: 'ccgp-credit', recordId: 'CG-2024-0315' }),
  listType: 'procurement-serious-violation',
  subject: {
    kind: 'organization',
    name: '深圳市金龙空调电器有限公司',
    nameKey: '深圳市金龙空调电器有限公司',
    creditCode: codes.supplier,
  },
  authority: '深圳市财政局',
  authorityRegion: '440300',
  documentNumber: '深财书〔2024〕112号',
  reason: '提供虚假材料谋取中标、成交',
  basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  penalty: '处以采购金额千分之五的罚款，列入不良行为记录名单，一年内禁止参加政府采购活动',
  decisionDate: '2024-03-15T00:00:00+08:00',
  validFrom: '2024-03-15T00:00:00+08:00',
  validUntil: '2025-03-14T00:00:00+08:00',
  restrictedActions: ['一年内禁止参加政府采购活动'],
  source: { centre: '中国政府采购网', feed: 'ccgp-credit', recordId: 'CG-2024-0315' },
} satisfies CreditRecord;
