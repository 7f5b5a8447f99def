import type { NoticeInput } from '@ggzy/domain';
import { officePhone, personName } from './names.ts';
import {
  common,
  day,
  managerId,
  money,
  ownerParty,
  party,
  ranking,
  type StageContext,
  winnerOf,
} from './project.ts';

/** Builders of construction (工程建设) and procurement (政府采购) notices, one per stage. */

type Builder = (c: StageContext) => NoticeInput;

const QUALIFICATIONS =
  '具备建筑工程施工总承包二级及以上资质，具有有效的安全生产许可证，拟派项目负责人具备二级及以上注册建造师执业资格';

function callForBids(c: StageContext, kind: '招标公告' | '资格预审公告'): NoticeInput {
  const { project } = c;
  return {
    ...common(c, kind === '招标公告' ? 'tender-announcement' : 'prequalification', `${project.name}${kind}`),
    tenderConditions: `本招标项目已由${project.place.cityName}发展和改革委员会批准建设，建设资金来自财政资金，招标人为${project.owner.name}。项目已具备招标条件，现对该项目进行公开招标。`,
    scope: `${project.name}，详见招标文件。`,
    bidderQualifications: QUALIFICATIONS,
    consortiumAllowed: project.partner !== undefined,
    documentAccess: { from: day(c, 0), until: day(c, 7), method: '登录交易平台免费下载', price: '0元' },
    submission: {
      deadline: day(c, project.plant?.bidDays ?? 21),
      method: '网上递交',
      openingAt: day(c, project.plant?.bidDays ?? 21),
      openingPlace: `${project.place.cityName}公共资源交易中心开标室`,
    },
    method: '公开招标',
    ceilingPrice: money(c, project.budgetFen),
    parties: [
      ownerParty(c, ['招标人']),
      party(project.agency, ['招标代理机构'], { contact: officePhone(c.rng) }),
    ],
  };
}

/** Days from the change notice to the postponed deadline; a planted short period stays short. */
function changedDeadline(c: StageContext): number {
  const days = c.project.plant?.bidDays;
  return days === undefined ? 14 : Math.max(1, days - c.offset);
}

const change: Builder = (c) => ({
  ...common(c, 'change', `${c.project.name}变更公告`),
  changeKind: c.rng.chance(0.5) ? 'change' : 'clarification',
  relatesTo: { title: `${c.project.name}招标公告` },
  content: '因招标文件工程量清单调整，投标截止时间及开标时间顺延。',
  submission: { deadline: day(c, changedDeadline(c)), openingAt: day(c, changedDeadline(c)) },
  parties: [ownerParty(c, ['招标人'])],
});

const candidates: Builder = (c) => {
  const { project } = c;
  const order = ranking(project).slice(0, 3);
  const entries = order.map((index, i) => {
    const org = project.bidders[index]!;
    return {
      rank: i + 1,
      name: org.name,
      creditCode: org.creditCode,
      bidPrice: money(c, project.bidFen[index]!),
      period: `${c.rng.pick([90, 120, 180, 240, 365])}日历天`,
      evaluation: `综合得分排名第${'一二三'[i]}`,
      projectManager: {
        name: project.managers[index]!,
        certificates: [
          { name: '一级注册建造师', number: `粤1${44 + i}${c.rng.int(1_000_000_000, 9_999_999_999)}` },
        ],
        trackRecord: [`${project.place.cityName}某学校新建工程（已竣工）`],
      },
      certificates: [{ name: '建筑工程施工总承包资质', number: `D${c.rng.int(100_000_000, 999_999_999)}` }],
      qualifications: '建筑工程施工总承包二级',
    };
  });
  const parties = [ownerParty(c, ['招标人'])];
  order.forEach((index, i) => {
    const org = project.bidders[index]!;
    const lead = i === 0 && project.partner !== undefined;
    parties.push(
      party(
        org,
        lead ? ['中标候选人', '联合体成员'] : ['中标候选人'],
        lead ? { rank: 1, consortium: `${org.name}联合体`, lead: true } : { rank: i + 1 },
      ),
    );
  });
  if (project.partner) {
    parties.push(
      party(project.partner, ['联合体成员'], { consortium: `${winnerOf(project).name}联合体`, lead: false }),
    );
  }
  return {
    ...common(c, 'candidates', `${project.name}中标候选人公示`),
    candidates: entries,
    objection: {
      channel: '投标人或者其他利害关系人对评标结果有异议的，应当在中标候选人公示期间以书面形式向招标人提出',
      contact: officePhone(c.rng),
    },
    publicityPeriod: { from: day(c, 0), until: day(c, 3) },
    parties,
  };
};

const result: Builder = (c) => {
  const { project } = c;
  const winner = winnerOf(project);
  return {
    ...common(c, 'result', `${project.name}中标结果公告`),
    awards: [
      {
        name: winner.name,
        creditCode: winner.creditCode,
        price: money(c, project.bidFen[project.winner]!),
        awardedAt: day(c, 0),
        projectManager: {
          name: project.managers[project.winner]!,
          personId: managerId(project, project.winner),
        },
      },
    ],
    parties: [ownerParty(c, ['招标人']), party(project.agency, ['招标代理机构']), party(winner, ['中标人'])],
  };
};

/** The contract's amount: the winning price, or more where a pattern is planted. */
function contractFen(project: StageContext['project']): number {
  const price = project.bidFen[project.winner]!;
  const factor = project.plant?.contractFactor;
  return factor === undefined ? price : Math.round(price * factor);
}

function contractFields(c: StageContext): NonNullable<NoticeInput['contract']> {
  const { project } = c;
  return {
    name: `${project.name}合同`,
    code: `HT-${project.code}`,
    partyA: project.owner.name,
    partyB: winnerOf(project).name,
    amount: money(c, contractFen(project)),
    signedAt: day(c, 0),
    startsAt: day(c, 7),
    endsAt: day(c, 200),
  };
}

const contract: Builder = (c) => ({
  ...common(
    c,
    'contract',
    `${c.project.name}合同${c.project.domain === 'procurement' ? '公告' : '订立信息'}`,
  ),
  contract: contractFields(c),
  parties:
    c.project.domain === 'procurement'
      ? [ownerParty(c, ['采购人']), party(winnerOf(c.project), ['供应商'])]
      : [ownerParty(c, ['招标人']), party(winnerOf(c.project), ['中标人'])],
});

const performance: Builder = (c) => {
  const done = c.rng.chance(0.6);
  return {
    ...common(c, 'performance', `${c.project.name}合同履行信息`),
    contract: contractFields(c),
    status: done ? 'completed' : 'in-progress',
    changes: [
      {
        changedAt: day(c, -30),
        description: '因设计变更增加工程量',
        amountAfter: money(c, Math.round(c.project.bidFen[c.project.winner]! * 1.05)),
      },
    ],
    ...(done
      ? {
          completedAt: day(c, 0),
          settlementAmount: money(c, Math.round(c.project.bidFen[c.project.winner]! * 1.04)),
        }
      : {}),
    parties: [ownerParty(c, ['招标人']), party(winnerOf(c.project), ['中标人'])],
  };
};

const PROCUREMENT_METHODS = ['公开招标', '公开招标', '竞争性磋商', '竞争性谈判', '询价', '单一来源'];

const procurementCall: Builder = (c) => {
  const method = c.project.plant?.method ?? c.rng.pick(PROCUREMENT_METHODS);
  return {
    ...common(c, 'tender-announcement', `${c.project.name}${method}公告`),
    method,
    budget: money(c, c.project.budgetFen),
    requirements: `${c.project.name}，具体需求详见采购文件。`,
    documentAccess: { from: day(c, 0), until: day(c, 5), method: '登录政府采购网上商城下载' },
    submission: {
      deadline: day(c, c.project.plant?.bidDays ?? 20),
      openingAt: day(c, c.project.plant?.bidDays ?? 20),
      openingPlace: `${c.project.place.cityName}政府采购中心开标室`,
    },
    parties: [
      ownerParty(c, ['采购人']),
      party(c.project.agency, ['采购代理机构'], { contact: officePhone(c.rng) }),
    ],
  };
};

const correction: Builder = (c) => ({
  ...common(c, 'correction', `${c.project.name}更正公告`),
  relatesTo: { title: `${c.project.name}公开招标公告` },
  corrections: [{ item: '投标截止时间', before: day(c, 6), after: day(c, 13) }],
  content: '对采购文件中的技术参数及投标截止时间进行更正。',
  postponed: true,
  parties: [ownerParty(c, ['采购人']), party(c.project.agency, ['采购代理机构'])],
});

const procurementResult: Builder = (c) => {
  const { project } = c;
  const winner = winnerOf(project);
  return {
    ...common(c, 'result', `${project.name}中标（成交）结果公告`),
    method: c.rng.pick(PROCUREMENT_METHODS),
    awards: [
      {
        lotCode: 'A',
        name: winner.name,
        creditCode: winner.creditCode,
        price: money(c, project.bidFen[project.winner]!),
        items: [{ name: project.name.replace(/采购$/u, ''), quantity: c.rng.int(1, 300), unit: '项' }],
      },
    ],
    reviewPanel: Array.from({ length: 5 }, () => personName(c.rng)),
    publicityPeriod: { from: day(c, 0), until: day(c, 1) },
    parties: [
      ownerParty(c, ['采购人']),
      party(project.agency, ['采购代理机构']),
      ...project.bidders.map((b, i) =>
        party(b, i === project.winner ? ['投标供应商', '中标供应商'] : ['投标供应商'], { lotCode: 'A' }),
      ),
    ],
  };
};

const termination: Builder = (c) => ({
  ...common(c, 'termination', `${c.project.name}终止公告`),
  relatesTo: { title: `${c.project.name}公开招标公告` },
  reason: c.rng.pick(['因采购需求发生变化，本项目终止', '提交投标文件的供应商不足三家，本项目废标']),
  terminatedAt: day(c, 0),
  parties: [ownerParty(c, ['采购人'])],
});

/** The stage sequence of one project, with the days between notices. */
export function tenderLifecycle(c: Omit<StageContext, 'recordId' | 'offset'>): [Builder, number][] {
  const { rng, project } = c;
  // A planted late contract is signed (and published) that many days after the award.
  const delay = project.plant?.contractDelay;
  if (project.domain === 'construction') {
    const prequalification = rng.chance(0.2) && !project.plant?.tender;
    const steps: [Builder, number][] = [
      [prequalification ? (x) => callForBids(x, '资格预审公告') : (x) => callForBids(x, '招标公告'), 0],
    ];
    if (rng.chance(0.4)) steps.push([change, 8]);
    steps.push([candidates, 30], [result, 36], [contract, delay === undefined ? 50 : 36 + delay]);
    if (rng.chance(0.5)) steps.push([performance, 240]);
    return steps;
  }
  const steps: [Builder, number][] = [[procurementCall, 0]];
  if (rng.chance(0.4)) steps.push([correction, 6]);
  // A planted pattern needs the project to reach its result; the draw is made all the same.
  if (rng.chance(0.12) && project.planted === undefined) steps.push([termination, 25]);
  // The award date of a procurement result is its formedAt, two days before publication.
  else steps.push([procurementResult, 28], [contract, delay === undefined ? 45 : 26 + delay]);
  return steps;
}
