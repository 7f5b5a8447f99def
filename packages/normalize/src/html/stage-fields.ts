import type { Domain, NoticeInput, Stage } from '@ggzy/domain';
import { dateOnly } from './dates.ts';
import type { Line } from './page.ts';
import type { PairIndex } from './pairs.ts';
import type { PartyList } from './parties.ts';
import { type DataTable, priceText } from './tables.ts';

type Fields = Partial<NoticeInput> & { parcelNumber?: string };
type Award = NonNullable<NoticeInput['awards']>[number];

export interface StageContext {
  pairs: PairIndex;
  tables: readonly DataTable[];
  parties: PartyList;
  lines: readonly Line[];
}

/** The stage's own fields (awards, candidates, parcels, corrections …) from pairs and data tables. */
export function stageFields(kind: { domain: Domain; stage: Stage }, context: StageContext): Fields {
  const { pairs } = context;
  const fields: Fields = {
    lotCode: pairs.best('lotCode'),
    budget: pairs.best('budget'),
    ceilingPrice: pairs.best('ceilingPrice'),
    publicityPeriod: period(pairs.best('publicityPeriod')),
    reviewPanel: names(pairs.best('reviewPanel')),
  };
  const total = pairs.all('totalAward')[0];
  const amounts: NonNullable<NoticeInput['amounts']> = total
    ? [{ label: total.label.replace(/[:：\s]/gu, ''), amount: total.value }]
    : [];
  const bids: { lotCode?: string; name: string; price?: string }[] = [];
  for (const table of context.tables) {
    if (table.kind === 'bids') {
      for (const row of table.rows) {
        const name = row.name!;
        const price = row.price === undefined ? undefined : priceText(row.price, table.priceUnit);
        context.parties.add(name, 'bidder', { lotCode: row.lot, creditCode: row.creditCode });
        bids.push({ ...(row.lot ? { lotCode: row.lot } : {}), name, ...(price ? { price } : {}) });
        // The canonical model has no per-bidder price outside construction candidates: a labelled amount keeps it.
        if (price)
          amounts.push({
            label: `投标报价(${name})`,
            amount: price,
            ...(row.lot ? { lotCode: row.lot } : {}),
          });
      }
    }
    if (table.kind === 'candidates') candidatesFrom(table, kind.domain, fields, context);
  }
  if (amounts.length > 0) fields.amounts = amounts;
  if (bids.length > 0) fields.extra = { bids };

  if (kind.stage === 'result' || kind.stage === 'deal-publicity' || kind.stage === 'supply-result') {
    const awards = awardsFrom(context, bids);
    if (awards.length > 0 && (kind.domain === 'construction' || kind.domain === 'procurement'))
      fields.awards = awards;
  }
  if (kind.stage === 'candidates') {
    // 提出异议的渠道和方式 is a sentence, not a label: the line that tells bidders how to object.
    const channel = context.lines.find((l) => /异议|质疑|投诉/u.test(l.text) && /提出|书面|向/u.test(l.text));
    if (channel) fields.objection = { channel: channel.text };
  }
  if (kind.stage === 'tender-announcement' || kind.stage === 'prequalification') {
    fields.submission = clean({
      deadline: pairs.best('deadline'),
      openingAt: pairs.best('openingAt'),
      openingPlace: pairs.best('openingPlace'),
    });
  }
  if (kind.stage === 'correction' || kind.stage === 'change') correctionFrom(context, fields);
  if (kind.stage === 'contract' || kind.stage === 'performance') {
    fields.contract = clean({
      name: pairs.best('contract.name'),
      code: pairs.best('contract.code'),
      partyA: pairs.best('contract.partyA'),
      partyB: pairs.best('contract.partyB'),
      amount: pairs.best('contract.amount'),
      signedAt: dateOnly(pairs.best('contract.signedAt')),
    });
  }
  if (kind.stage === 'approval-result') {
    fields.approval = clean({
      authority: pairs.best('approval.authority'),
      documentNumber: pairs.best('approval.documentNumber'),
      approvedAt: dateOnly(pairs.best('approval.approvedAt')),
      holder: pairs.best('approval.holder'),
      licenceNumber: pairs.best('approval.licenceNumber'),
    });
  }
  if (kind.stage === 'decision') {
    fields.decision = clean({
      decidedBy: pairs.best('decision.decidedBy'),
      approvedBy: pairs.best('decision.approvedBy'),
      documentNumber: pairs.best('approval.documentNumber'),
      approvedAt: dateOnly(pairs.best('approval.approvedAt')),
    });
  }
  if (kind.domain === 'land') landFrom(context, fields);
  if (kind.domain === 'property') propertyFrom(context, fields);
  if (kind.domain === 'mining') {
    const name = pairs.best('target.name') ?? pairs.best('projectName');
    if (name) {
      fields.tracts = [
        clean({
          name,
          startingPrice: pairs.best('startingPrice'),
          transferee: pairs.best('transferee.name'),
          dealPrice: pairs.best('dealPrice'),
          dealAt: pairs.best('dealAt'),
        }) as { name: string },
      ];
    }
  }
  return clean(fields);
}

function awardsFrom(context: StageContext, bids: readonly { lotCode?: string; name: string }[]): Award[] {
  const { pairs } = context;
  const names = pairs.all('winner.name').map((p) => p.value);
  const prices = pairs.all('winner.price');
  const items = context.tables.find((t) => t.kind === 'items');
  const distinct = [...new Set(names)];
  return distinct.map((name, i) => {
    const price = prices[i];
    const lots = [...new Set(bids.filter((b) => b.name === name && b.lotCode).map((b) => b.lotCode))];
    return clean({
      lotCode: lots.length === 1 ? lots[0] : undefined,
      name,
      price: price?.value,
      awardedAt: dateOnly(pairs.best('awardedAt')),
      items:
        distinct.length === 1 && items
          ? items.rows.map((r) =>
              clean({
                name: r.name ?? r.model ?? '',
                brand: r.brand,
                model: r.model,
                quantity: r.quantity,
                unit: r.unit,
                unitPrice: r.unitPrice,
              }),
            )
          : undefined,
    }) as Award;
  });
}

function candidatesFrom(table: DataTable, domain: Domain, fields: Fields, context: StageContext): void {
  const candidates: NonNullable<NoticeInput['candidates']> = [];
  table.rows.forEach((row, i) => {
    // Without a 排序 column the list is printed in rank order (候选中标供应商名单).
    const rank = Number.parseInt((row.rank ?? '').replace(/\D/gu, ''), 10) || i + 1;
    const name = row.name!;
    context.parties.add(name, 'candidate', { rank, lotCode: row.lot, creditCode: row.creditCode });
    if (domain !== 'construction') return;
    candidates.push(
      clean({
        rank,
        name,
        creditCode: row.creditCode,
        lotCode: row.lot,
        bidPrice: row.price === undefined ? undefined : priceText(row.price, table.priceUnit),
        period: row.period,
        evaluation: row.evaluation,
        score: row.score,
        quality: row.quality,
        projectManager: row.manager
          ? clean({
              name: row.manager,
              certificates: row.certificate ? [{ name: row.certificate }] : undefined,
            })
          : undefined,
      }) as NonNullable<NoticeInput['candidates']>[number],
    );
  });
  if (candidates.length > 0) fields.candidates = candidates;
}

function correctionFrom(context: StageContext, fields: Fields): void {
  const { pairs } = context;
  const relatedTitle = pairs.best('relatesTo.title');
  if (relatedTitle) fields.relatesTo = { title: relatedTitle };
  const table = context.tables.find((t) => t.kind === 'corrections');
  const corrections = table
    ? table.rows.map((r) =>
        clean({ item: r.item ?? r.name ?? '更正事项', before: r.before, after: r.after ?? '' }),
      )
    : [];
  const item = pairs.best('correction.item');
  const after = pairs.best('correction.after');
  if (after)
    corrections.push(clean({ item: item ?? '更正内容', before: pairs.best('correction.before'), after }));
  const usable = corrections.filter((c) => c.after !== '') as NonNullable<NoticeInput['corrections']>;
  if (usable.length > 0) fields.corrections = usable;
  const content = pairs.best('correction.content') ?? item;
  if (content) fields.content = content;
}

function landFrom(context: StageContext, fields: Fields): void {
  const { pairs } = context;
  const table = context.tables.find((t) => t.kind === 'parcels');
  const method = pairs.best('method');
  const rows = table
    ? table.rows.map((r) => ({
        parcelNumber: r.parcel,
        location: r.location,
        area: r.area && table.areaUnit && /^[\d,.]+$/u.test(r.area) ? `${r.area}${table.areaUnit}` : r.area,
        use: r.use,
        termYears: r.termYears,
        plotRatio: r.plotRatio,
        startingPrice: r.startingPrice ? priceText(r.startingPrice, table.priceUnit) : undefined,
        dealPrice: r.price ? priceText(r.price, table.priceUnit) : undefined,
        transferee: r.name,
      }))
    : [
        {
          parcelNumber: pairs.best('parcel.number'),
          location: pairs.best('parcel.location'),
          area: pairs.best('parcel.area'),
          use: pairs.best('parcel.use'),
          termYears: pairs.best('parcel.termYears'),
          plotRatio: pairs.best('parcel.plotRatio'),
          startingPrice: pairs.best('startingPrice'),
          dealPrice: pairs.best('dealPrice'),
          transferee: pairs.best('transferee.name'),
        },
      ];
  const parcels = rows
    .filter((r) => r.parcelNumber !== undefined)
    .map((r) => clean({ ...r, method, deposit: pairs.best('deposit'), dealAt: pairs.best('dealAt') }));
  for (const parcel of parcels) if (parcel.transferee) context.parties.add(parcel.transferee, 'transferee');
  if (parcels.length > 0) {
    fields.parcels = parcels as NonNullable<NoticeInput['parcels']>;
    fields.parcelNumber = parcels[0]!.parcelNumber;
  }
}

function propertyFrom(context: StageContext, fields: Fields): void {
  const { pairs } = context;
  const target = pairs.best('target.name') ?? pairs.best('projectName');
  if (target) fields.target = { name: target };
  fields.listingPrice = pairs.best('listingPrice');
  fields.dealPrice = pairs.best('dealPrice');
  fields.dealAt = dateOnly(pairs.best('dealAt'));
  fields.transferee = pairs.best('transferee.name');
  fields.deposit = pairs.best('deposit');
  const appraisals: NonNullable<NoticeInput['appraisals']> = [];
  const valuer = pairs.best('valuation.agency');
  const value = pairs.best('valuation.value');
  if (valuer || value) appraisals.push(clean({ kind: 'valuation' as const, agency: valuer, value }));
  const auditor = pairs.best('audit.agency');
  if (auditor) appraisals.push({ kind: 'audit', agency: auditor });
  if (appraisals.length > 0) fields.appraisals = appraisals;
  if (valuer) context.parties.add(valuer, 'evaluator', { evaluates: 'valuation' });
  if (auditor) context.parties.add(auditor, 'evaluator', { evaluates: 'audit' });
}

/** 公示期：2025年05月27日至2025年05月30日 → from, until and the text as printed. */
function period(text: string | undefined): NoticeInput['publicityPeriod'] {
  if (!text) return undefined;
  const [from, until] = text.split(/\s*(?:至|到|～|~)\s*/u);
  return clean({ from: from || undefined, until: until || undefined, text });
}

/** 张茂霞、彭安轩、陈卫红；→ the names. */
function names(text: string | undefined): string[] | undefined {
  if (!text) return undefined;
  const list = text.split(/[、,，;；\s]+/u).filter((n) => n.length >= 2);
  return list.length > 0 ? list : undefined;
}

/** Drops undefined and empty values, so the record carries only what the page printed. */
function clean<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(
      ([, v]) =>
        v !== undefined &&
        v !== '' &&
        !(typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0),
    ),
  ) as T;
}
