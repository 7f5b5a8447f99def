import type { Domain } from '@ggzy/domain';
import { constructionTenderMethods, procurementMethodWords, readMethod } from './methods.ts';
import { parseRank } from './quantity.ts';
import {
  callForBidsInputs,
  readCallForBids,
  readDuration,
  readProjectManager,
  readRelatesTo,
  readScore,
  readSubmission,
  type StageBuilder,
  type StageContext,
} from './stage-common.ts';
import { readDate, readMoney, readPeriod, readPriceOrRate, readQuantity, readText } from './values.ts';

/** 工程建设 and 政府采购: the stage fields of each stage, from the input format. */

function candidates(ctx: StageContext): Record<string, unknown>[] {
  const { p, book } = ctx;
  return (ctx.input.candidates ?? []).flatMap((c, i) => {
    const path = `candidates[${i}]`;
    const rank = parseRank(c.rank);
    if (rank === undefined) {
      p.reject(
        `${path}.rank`,
        'candidate.rank',
        'the rank (排序) must be 1, 2, 3 … or 第一名, 第二名 …',
        c.rank,
      );
      return [];
    }
    const lotCode = readText(c.lotCode);
    const price = readPriceOrRate(p, `${path}.bidPrice`, c.bidPrice);
    return [
      {
        rank,
        lotCode,
        bidder: book.ref(`${path}.name`, c.name, c.creditCode, { role: 'candidate', lotCode, rank }),
        bidPrice: price.money,
        otherBidPrice: readText(c.otherBidPrice) ?? price.other,
        period: readDuration(c.period),
        evaluation: readText(c.evaluation),
        score: readScore(p, `${path}.score`, c.score),
        projectManager: readProjectManager(c.projectManager),
        certificates: c.certificates?.map((x) => ({ name: x.name.trim(), number: readText(x.number) })),
        qualifications: readText(c.qualifications),
        quality: readText(c.quality),
      },
    ];
  });
}

function contract(ctx: StageContext, domain: Domain): Record<string, unknown> | undefined {
  const c = ctx.input.contract;
  if (!c) return undefined;
  const { p, book } = ctx;
  const lotCode = readText(c.lotCode);
  const amount = readPriceOrRate(p, 'contract.amount', c.amount);
  // 甲方 is the 招标人 / 采购人; 乙方 the 中标人, or in a 采购合同 the 供应商 (party.ts).
  const roleA = domain === 'procurement' ? 'buyer' : 'tenderer';
  const roleB = domain === 'procurement' ? 'supplier' : 'winner';
  return {
    name: readText(c.name),
    code: readText(c.code),
    lotCode,
    partyA: c.partyA ? book.ref('contract.partyA', c.partyA, undefined, { role: roleA, lotCode }) : undefined,
    partyB: c.partyB ? book.ref('contract.partyB', c.partyB, undefined, { role: roleB, lotCode }) : undefined,
    amount: amount.money,
    otherAmount: readText(c.otherAmount) ?? amount.other,
    signedAt: readDate(p, 'contract.signedAt', c.signedAt),
    term: readDuration(c.term),
    startsAt: readDate(p, 'contract.startsAt', c.startsAt),
    endsAt: readDate(p, 'contract.endsAt', c.endsAt, { endOfDay: true }),
  };
}

function objection(ctx: StageContext): Record<string, unknown> | undefined {
  const o = ctx.input.objection;
  if (!o) return undefined;
  return {
    channel: o.channel.trim(),
    deadline: readDate(ctx.p, 'objection.deadline', o.deadline, { endOfDay: true }),
    contact: readText(o.contact),
  };
}

/** A change notice names its kind; when the feed does not, the title tells (澄清 → clarification). */
function changeKind(ctx: StageContext): 'change' | 'clarification' {
  if (ctx.input.changeKind) return ctx.input.changeKind;
  const kind = ctx.input.title.includes('澄清') ? 'clarification' : 'change';
  ctx.p.warn(
    'changeKind',
    'value-inferred',
    `changeKind not given; read as '${kind}' from the title`,
    ctx.input.title,
  );
  return kind;
}

export const constructionStages: Record<string, StageBuilder> = {
  'tender-announcement': (ctx) => ({
    fields: {
      ...readCallForBids(ctx),
      tenderMethod: readMethod(ctx.p, 'method', ctx.input.method, constructionTenderMethods),
    },
    used: callForBidsInputs,
  }),
  prequalification: (ctx) => ({
    fields: {
      ...readCallForBids(ctx),
      tenderMethod: readMethod(ctx.p, 'method', ctx.input.method, constructionTenderMethods),
    },
    used: callForBidsInputs,
  }),
  change: (ctx) => ({
    fields: {
      changeKind: changeKind(ctx),
      relatesTo: readRelatesTo(ctx),
      content: readText(ctx.input.content),
      submission: readSubmission(ctx),
    },
    used: ['changeKind', 'relatesTo', 'content', 'submission'],
  }),
  candidates: (ctx) => ({
    fields: {
      candidates: candidates(ctx),
      objection: objection(ctx),
      publicityPeriod: readPeriod(ctx.p, 'publicityPeriod', ctx.input.publicityPeriod),
    },
    used: ['candidates', 'objection', 'publicityPeriod'],
  }),
  result: (ctx) => ({
    fields: {
      awards: (ctx.input.awards ?? []).map((a, i) => {
        const path = `awards[${i}]`;
        const lotCode = readText(a.lotCode);
        const price = readPriceOrRate(ctx.p, `${path}.price`, a.price);
        if (a.items)
          ctx.p.warn(
            `${path}.items`,
            'field-not-in-stage',
            'a construction result has no item list; left out',
          );
        return {
          lotCode,
          winner: ctx.book.ref(`${path}.name`, a.name, a.creditCode, { role: 'winner', lotCode }),
          price: price.money,
          otherPrice: readText(a.otherPrice) ?? price.other,
          awardedAt: readDate(ctx.p, `${path}.awardedAt`, a.awardedAt),
          projectManager: readProjectManager(a.projectManager, { p: ctx.p, path: `${path}.projectManager` }),
        };
      }),
    },
    used: ['awards'],
  }),
  contract: (ctx) => ({ fields: { contract: contract(ctx, 'construction') }, used: ['contract'] }),
  performance: (ctx) => ({
    fields: {
      contract: contract(ctx, 'construction'),
      status: ctx.input.status,
      changes: (ctx.input.changes ?? []).map((c, i) => ({
        changedAt: readDate(ctx.p, `changes[${i}].changedAt`, c.changedAt),
        description: c.description.trim(),
        amountAfter: readMoney(ctx.p, `changes[${i}].amountAfter`, c.amountAfter),
      })),
      completedAt: readDate(ctx.p, 'completedAt', ctx.input.completedAt),
      settlementAmount: readMoney(ctx.p, 'settlementAmount', ctx.input.settlementAmount),
    },
    used: ['contract', 'status', 'changes', 'completedAt', 'settlementAmount'],
  }),
};

function procurementAwards(ctx: StageContext): Record<string, unknown>[] {
  const { p, book } = ctx;
  return (ctx.input.awards ?? []).map((a, i) => {
    const path = `awards[${i}]`;
    const lotCode = readText(a.lotCode);
    const price = readPriceOrRate(p, `${path}.price`, a.price);
    if (a.awardedAt)
      p.warn(
        `${path}.awardedAt`,
        'field-not-in-stage',
        'a procurement award has no date of its own; left out',
      );
    return {
      lotCode,
      supplier: book.ref(`${path}.name`, a.name, a.creditCode, { role: 'winner', lotCode }),
      amount: price.money,
      otherAmount: readText(a.otherPrice) ?? price.other,
      items: a.items?.map((item, j) => ({
        name: item.name.trim(),
        brand: readText(item.brand),
        model: readText(item.model),
        quantity: readQuantity(p, `${path}.items[${j}].quantity`, item.quantity, 'number'),
        unit: readText(item.unit),
        unitPrice: readMoney(p, `${path}.items[${j}].unitPrice`, item.unitPrice),
      })),
    };
  });
}

const procurementMethod = (ctx: StageContext) =>
  readMethod(ctx.p, 'method', ctx.input.method, procurementMethodWords);

export const procurementStages: Record<string, StageBuilder> = {
  'tender-announcement': (ctx) => ({
    fields: {
      ...readCallForBids(ctx),
      method: procurementMethod(ctx),
      requirements: readText(ctx.input.requirements),
    },
    used: [...callForBidsInputs, 'requirements'],
  }),
  correction: (ctx) => ({
    fields: {
      relatesTo: readRelatesTo(ctx),
      corrections: ctx.input.corrections?.map((c) => ({
        item: c.item.trim(),
        before: c.before,
        after: c.after.trim(),
      })),
      content: readText(ctx.input.content),
      postponed: ctx.input.postponed,
      submission: readSubmission(ctx),
    },
    used: ['relatesTo', 'corrections', 'content', 'postponed', 'submission'],
  }),
  result: (ctx) => ({
    fields: {
      method: procurementMethod(ctx),
      awards: procurementAwards(ctx),
      reviewPanel: ctx.input.reviewPanel?.map((name) => name.trim()),
      publicityPeriod: readPeriod(ctx.p, 'publicityPeriod', ctx.input.publicityPeriod),
    },
    used: ['method', 'awards', 'reviewPanel', 'publicityPeriod'],
  }),
  contract: (ctx) => ({
    fields: { contract: contract(ctx, 'procurement'), method: procurementMethod(ctx) },
    used: ['contract', 'method'],
  }),
  termination: (ctx) => ({
    fields: {
      relatesTo: readRelatesTo(ctx),
      reason: readText(ctx.input.reason),
      terminatedAt: readDate(ctx.p, 'terminatedAt', ctx.input.terminatedAt),
    },
    used: ['relatesTo', 'reason', 'terminatedAt'],
  }),
};
