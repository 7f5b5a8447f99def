import { landMethodWords, miningMethodWords, propertyMethodWords, readMethod } from './methods.ts';
import { parsePlotRatio } from './quantity.ts';
import type { StageBuilder, StageContext } from './stage-common.ts';
import { type Problems, readDate, readMoney, readPeriod, readQuantity, readText } from './values.ts';

/** 土地, 矿业权 and 国有产权: the stage fields of each stage, from the input format. */

/** 计划年度: 2024, `2024`, `2024年度`. */
function planYear(p: Problems, value: string | number): number | undefined {
  const year = typeof value === 'number' ? value : Number(/^\s*(\d{4})/.exec(value.normalize('NFKC'))?.[1]);
  if (Number.isInteger(year)) return year;
  p.reject('plan.year', 'plan.year', 'the plan year (计划年度) must be a four-digit year', value);
  return undefined;
}

function parcels(ctx: StageContext) {
  return ctx.input.parcels ?? [];
}

/** One parcel's deal, for 成交公示 and 供应结果. */
function landDeal(ctx: StageContext, i: number): Record<string, unknown> {
  const { p, book } = ctx;
  const x = parcels(ctx)[i]!;
  const path = `parcels[${i}]`;
  return {
    parcelNumber: x.parcelNumber.trim(),
    location: readText(x.location),
    areaM2: readQuantity(p, `${path}.area`, x.area, 'area-m2'),
    use: readText(x.use),
    termYears: readQuantity(p, `${path}.termYears`, x.termYears, 'years'),
    method: readMethod(p, `${path}.method`, x.method ?? ctx.input.method, landMethodWords),
    transferee: x.transferee
      ? book.ref(
          `${path}.transferee`,
          x.transferee,
          x.transfereeCreditCode,
          { role: 'transferee' },
          `${path}.transfereeCreditCode`,
        )
      : undefined,
    dealPrice: readMoney(p, `${path}.dealPrice`, x.dealPrice),
    dealAt: readDate(p, `${path}.dealAt`, x.dealAt),
  };
}

export const landStages: Record<string, StageBuilder> = {
  'supply-plan': ({ input, p }) => ({
    fields: {
      plan: input.plan && {
        year: planYear(p, input.plan.year),
        totalAreaM2: readQuantity(p, 'plan.totalArea', input.plan.totalArea, 'area-m2'),
        byUse: input.plan.byUse?.map((u, i) => ({
          use: u.use.trim(),
          areaM2: readQuantity(p, `plan.byUse[${i}].area`, u.area, 'area-m2'),
          parcels: u.parcels,
        })),
        approvedBy: readText(input.plan.approvedBy),
      },
    },
    used: ['plan'],
  }),
  'transfer-announcement': (ctx) => {
    const { input, p } = ctx;
    return {
      fields: {
        method: readMethod(p, 'method', input.method, landMethodWords),
        parcels: parcels(ctx).map((x, i) => {
          const path = `parcels[${i}]`;
          return {
            parcelNumber: x.parcelNumber.trim(),
            location: readText(x.location),
            areaM2: readQuantity(p, `${path}.area`, x.area, 'area-m2'),
            use: readText(x.use),
            termYears: readQuantity(p, `${path}.termYears`, x.termYears, 'years'),
            plotRatio: x.plotRatio === undefined ? undefined : parsePlotRatio(x.plotRatio),
            planningConditions: readText(x.planningConditions),
            startingPrice: readMoney(p, `${path}.startingPrice`, x.startingPrice),
            deposit: readMoney(p, `${path}.deposit`, x.deposit),
            increment: readMoney(p, `${path}.increment`, x.increment),
          };
        }),
        applicationDeadline: readDate(p, 'applicationDeadline', input.applicationDeadline, {
          endOfDay: true,
        }),
        listingPeriod: readPeriod(p, 'listingPeriod', input.listingPeriod),
      },
      used: ['method', 'parcels', 'applicationDeadline', 'listingPeriod'],
    };
  },
  'deal-publicity': (ctx) => ({
    fields: {
      deals: parcels(ctx).map((_, i) => landDeal(ctx, i)),
      publicityPeriod: readPeriod(ctx.p, 'publicityPeriod', ctx.input.publicityPeriod),
    },
    used: ['parcels', 'publicityPeriod', 'method'],
  }),
  'supply-result': (ctx) => ({
    fields: {
      results: parcels(ctx).map((x, i) => ({
        ...landDeal(ctx, i),
        supervisionNumber: readText(x.supervisionNumber),
        contractSignedAt: readDate(ctx.p, `parcels[${i}].contractSignedAt`, x.contractSignedAt),
      })),
    },
    used: ['parcels', 'method'],
  }),
};

const miningMethod = (ctx: StageContext) => readMethod(ctx.p, 'method', ctx.input.method, miningMethodWords);

export const miningStages: Record<string, StageBuilder> = {
  'transfer-announcement': (ctx) => {
    const { input, p } = ctx;
    return {
      fields: {
        rightKind: input.rightKind,
        method: miningMethod(ctx),
        tracts: (input.tracts ?? []).map((t, i) => ({
          name: t.name.trim(),
          mineral: readText(t.mineral),
          areaKm2: readQuantity(p, `tracts[${i}].area`, t.area, 'area-km2'),
          location: readText(t.location),
          coordinates: readText(t.coordinates),
          termYears: readQuantity(p, `tracts[${i}].termYears`, t.termYears, 'years'),
          reserves: readText(t.reserves),
          startingPrice: readMoney(p, `tracts[${i}].startingPrice`, t.startingPrice),
          deposit: readMoney(p, `tracts[${i}].deposit`, t.deposit),
        })),
        listingPeriod: readPeriod(p, 'listingPeriod', input.listingPeriod),
      },
      used: ['rightKind', 'method', 'tracts', 'listingPeriod'],
    };
  },
  'deal-publicity': (ctx) => {
    const { input, p, book } = ctx;
    return {
      fields: {
        rightKind: input.rightKind,
        method: miningMethod(ctx),
        deals: (input.tracts ?? []).map((t, i) => ({
          tractName: t.name.trim(),
          mineral: readText(t.mineral),
          areaKm2: readQuantity(p, `tracts[${i}].area`, t.area, 'area-km2'),
          transferee: t.transferee
            ? book.ref(
                `tracts[${i}].transferee`,
                t.transferee,
                t.transfereeCreditCode,
                { role: 'transferee' },
                `tracts[${i}].transfereeCreditCode`,
              )
            : undefined,
          dealPrice: readMoney(p, `tracts[${i}].dealPrice`, t.dealPrice),
          dealAt: readDate(p, `tracts[${i}].dealAt`, t.dealAt),
          location: readText(t.location),
          coordinates: readText(t.coordinates),
          termYears: readQuantity(p, `tracts[${i}].termYears`, t.termYears, 'years'),
          dealPlace: readText(t.dealPlace),
          payment:
            t.paymentMethod !== undefined || t.paymentDueAt !== undefined
              ? {
                  method: t.paymentMethod,
                  dueAt: readDate(p, `tracts[${i}].paymentDueAt`, t.paymentDueAt),
                }
              : undefined,
        })),
        publicityPeriod: readPeriod(p, 'publicityPeriod', input.publicityPeriod),
      },
      used: ['rightKind', 'method', 'tracts', 'publicityPeriod'],
    };
  },
  'approval-result': ({ input, p, book }) => {
    const a = input.approval;
    return {
      fields: {
        approval: a && {
          rightKind: input.rightKind,
          authority: readText(a.authority),
          documentNumber: readText(a.documentNumber),
          approvedAt: readDate(p, 'approval.approvedAt', a.approvedAt),
          // 矿业权人: the one the right was granted to.
          holder: a.holder
            ? book.ref(
                'approval.holder',
                a.holder,
                a.holderCreditCode,
                { role: 'transferee' },
                'approval.holderCreditCode',
              )
            : undefined,
          licenceNumber: readText(a.licenceNumber),
          tractName: readText(a.tractName),
          mineral: readText(a.mineral),
          areaKm2: readQuantity(p, 'approval.area', a.area, 'area-km2'),
          validity: readPeriod(p, 'approval.validity', a.validity),
        },
      },
      used: ['approval', 'rightKind'],
    };
  },
};

function target(ctx: StageContext): Record<string, unknown> | undefined {
  const t = ctx.input.target;
  if (!t) return undefined;
  return {
    name: t.name.trim(),
    code: readText(t.code),
    kind: t.kind,
    sharePercent: readQuantity(ctx.p, 'target.sharePercent', t.sharePercent, 'percent'),
  };
}

function appraisals(ctx: StageContext): Record<string, unknown>[] {
  const { p, book } = ctx;
  return (ctx.input.appraisals ?? []).map((a, i) => ({
    kind: a.kind,
    agency: a.agency
      ? book.ref(`appraisals[${i}].agency`, a.agency, undefined, { role: 'evaluator', evaluates: a.kind })
      : undefined,
    reportNumber: readText(a.reportNumber),
    value: readMoney(p, `appraisals[${i}].value`, a.value),
    baseDate: readDate(p, `appraisals[${i}].baseDate`, a.baseDate),
  }));
}

const propertyMethod = (ctx: StageContext) =>
  readMethod(ctx.p, 'method', ctx.input.method, propertyMethodWords);

export const propertyStages: Record<string, StageBuilder> = {
  decision: (ctx) => {
    const d = ctx.input.decision;
    const { p } = ctx;
    return {
      fields: {
        target: target(ctx),
        decision: d && {
          decidedBy: readText(d.decidedBy),
          decidedAt: readDate(p, 'decision.decidedAt', d.decidedAt),
          approvedBy: readText(d.approvedBy),
          documentNumber: readText(d.documentNumber),
          approvedAt: readDate(p, 'decision.approvedAt', d.approvedAt),
        },
      },
      used: ['target', 'decision'],
    };
  },
  listing: (ctx) => {
    const { input, p } = ctx;
    return {
      fields: {
        target: target(ctx),
        listingPrice: readMoney(p, 'listingPrice', input.listingPrice),
        listingPeriod: readPeriod(p, 'listingPeriod', input.listingPeriod),
        method: propertyMethod(ctx),
        appraisals: appraisals(ctx),
        transfereeQualifications: readText(input.transfereeQualifications),
        deposit: readMoney(p, 'deposit', input.deposit),
      },
      used: [
        'target',
        'listingPrice',
        'listingPeriod',
        'method',
        'appraisals',
        'transfereeQualifications',
        'deposit',
      ],
    };
  },
  deal: (ctx) => {
    const { input, p, book } = ctx;
    return {
      fields: {
        target: target(ctx),
        method: propertyMethod(ctx),
        listingPrice: readMoney(p, 'listingPrice', input.listingPrice),
        dealPrice: readMoney(p, 'dealPrice', input.dealPrice),
        dealAt: readDate(p, 'dealAt', input.dealAt),
        transferee: input.transferee
          ? book.ref('transferee', input.transferee, undefined, { role: 'transferee' })
          : undefined,
        appraisals: appraisals(ctx),
      },
      used: ['target', 'method', 'listingPrice', 'dealPrice', 'dealAt', 'transferee', 'appraisals'],
    };
  },
};
