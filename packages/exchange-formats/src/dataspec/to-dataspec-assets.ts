import { derivedId, type Notice, partiesWithRole, projectKey } from '@ggzy/domain';
import {
  amountText,
  type BuiltRecord,
  type DataSpecContext,
  date,
  dateTime,
  moneyFields,
  record,
  subjectCode,
} from './context.ts';

/**
 * Land, mining and property records (600 → 601, 651 → 653, 700 → 701: each announcement before
 * the results that follow it): the data-spec channel is the only one these domains go to
 * (docs/exchange-formats.md). Amounts are in 元 (PRICE_UNIT 0); 653 has no unit field and its
 * 成交价 is read as 元 by packages/normalize, so 元 it is.
 */
export function assetRecords(notice: Notice, ctx: DataSpecContext): BuiltRecord[] {
  const p = notice.project;
  const agency = {
    TRA_PLACE_CODE: notice.platform?.region ?? p.region,
    TRA_AGENCY_NAME: notice.platform?.name,
    TRA_AGENCY_CODE: notice.platform?.creditCode ?? ctx.tradingCentreCode,
  };
  const partyOf = (nameKey: string | undefined) => notice.parties.find((party) => party.nameKey === nameKey);
  if (notice.domain === 'land' && notice.stage === 'transfer-announcement') {
    const transferor = partiesWithRole(notice.parties, 'transferor')[0];
    const method = notice.method;
    const deadline = notice.applicationDeadline ?? notice.listingPeriod?.until;
    return [
      {
        dataNo: '600',
        identity: [],
        // One 出让公告 per project: a second announcement (挂牌 again) or a correction updates it.
        subject: `land-announcement:${projectKey(p)}`,
        record: record({
          // 项目编号ID: the id 601 DEAL_ANNOUNCEMENT_GUID cites, from the project.
          ANNOUNCEMENT_GUID: derivedId('project', [projectKey(p)]),
          LAND_PROJECT_NAME: p.projectName ?? notice.title,
          UNIFIED_DEAL_CODE: p.unifiedDealCode,
          ANNOUNCEMENT_TITLE: notice.title,
          ANNOUNCEMENT_CONNECT: notice.body ?? parcelText(notice.parcels),
          LAND_DISTRICT: p.region,
          TRA_PLACE_CODE: agency.TRA_PLACE_CODE,
          TRA_AGENCY_NAME: agency.TRA_AGENCY_NAME,
          TRA_AGENCY_CODE: agency.TRA_AGENCY_CODE,
          URL: notice.sourceUrl,
          END_DATE: date(deadline),
          CREATE_TIME: date(notice.formedAt ?? notice.publishedAt),
          PUBLISHING_TIME: date(notice.publishedAt),
          SUPPLY_TYPE: method && ctx.codes[`SUPPLY_TYPE.${method}`],
          ANNOUNCEMENT_UNIT: notice.publisher?.name ?? transferor?.name,
          // 公告期: from publication to the end of 竞买申请 (or of the 挂牌期).
          ANNOUNCEMENT_START_TIME: date(notice.publishedAt),
          ANNOUNCEMENT_DEADLINE: date(deadline),
          FIELD_NUM: notice.parcels.length,
          LISTING_START_TIME: dateTime(notice.listingPeriod?.from),
          LISTING_DEADLINE: dateTime(notice.listingPeriod?.until),
          LISTING_TYPE:
            method === 'tender' || method === 'auction' || method === 'listing'
              ? ctx.codes[`LISTING_TYPE.${method}`]
              : undefined,
          ANNOUNCEMENT_TYPE: ctx.codes['NOTICE_NATURE.normal'],
          LIAISON_UNIT: transferor?.name,
          UNIT_ADDRESS: transferor?.address,
          CONTACT_PERSON: transferor?.contact,
          CONTACT_NUMBER: transferor?.phone,
          EMAIL: transferor?.email,
          ANNOUNCEMENT_CODE: p.projectCode,
        }),
      },
    ];
  }
  if (
    notice.domain === 'mining' &&
    notice.stage === 'transfer-announcement' &&
    notice.rightKind !== 'exploration'
  ) {
    return notice.tracts.map((tract) => ({
      dataNo: '651',
      identity: [tract.name],
      subject: `mining-announcement:${projectKey(p)}`,
      record: record({
        NA_APP_NAME: tract.name,
        PUBLISHING_TIME: dateTime(notice.publishedAt),
        UNIFIED_DEAL_CODE: p.unifiedDealCode,
        URL: notice.sourceUrl,
        IN_BUY_KIND: notice.method && ctx.codes[`IN_BUY_KIND.${notice.method}`],
        IN_MINE_COME: mineralCode(tract.mineral, ctx),
        QT_PLAN_YEARS: tract.termYears,
        QT_TOTAL_AREA: tract.areaKm2,
        NA_GEOGRAPHY_POSITION: tract.location,
        REGION_CODE: p.region,
        ...agency,
        NA_AREA_COORDINATE: tract.coordinates,
      }),
    }));
  }
  if (notice.domain === 'property' && notice.stage === 'listing') {
    const transferor = partiesWithRole(notice.parties, 'transferor')[0];
    const subject = subjectCode(transferor, ctx);
    const period = notice.listingPeriod;
    return [
      {
        dataNo: '700',
        identity: [],
        subject: `property-listing:${projectKey(p)}`,
        record: record({
          PROJECT_NAME: p.projectName ?? notice.target?.name ?? notice.title,
          PROJECT_CODE: p.projectCode,
          BID_CODE: notice.target?.code,
          BID_NAME: notice.target?.name,
          UNIFIED_DEAL_CODE: p.unifiedDealCode,
          PROJECT_TYPE: notice.target?.kind && ctx.codes[`ASSET_TYPE.${notice.target.kind}`],
          REGION_CODE: p.region,
          ...agency,
          SELLER_NAME: transferor?.name,
          SELLER_CODE: subject.code,
          SELLER_TYPE: subject.type,
          SELLER_ROLE: transferor && ctx.codes['SUBJECT_ROLE.transferor'],
          PRICE_FORM_CODE:
            ctx.codes[notice.listingPrice ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
          ...moneyFields(notice.listingPrice, {
            amount: 'PROJECT_PRICE',
            currency: 'CURRENCY_CODE',
            unit: 'PRICE_UNIT',
          }),
          PUBLISH_DURATION: period?.from && period.until ? daysBetween(period.from, period.until) : undefined,
          PUBLISH_DATE: date(period?.from ?? notice.publishedAt),
          POST_PONE: ctx.propertyListing?.autoExtend,
          PRE_EXCHANGE_TYPE: notice.method && ctx.codes[`EXCHANGE_TYPE.${notice.method}`],
          TRANSFER_NOTES: notice.transfereeQualifications ?? notice.body,
          PROJECT_URL: notice.sourceUrl,
        }),
      },
    ];
  }
  if (notice.domain === 'land' && notice.stage === 'deal-publicity') {
    return notice.deals.map((deal) => {
      const transferee = partyOf(deal.transferee?.nameKey) ?? deal.transferee;
      const subject = subjectCode(transferee, ctx);
      return {
        dataNo: '601',
        identity: [deal.parcelNumber],
        record: record({
          // 成交宗地标示 and 项目编号ID: stable ids from the project and parcel, so an update finds its insert.
          DEAL_LAND_CODE: derivedId('land', [projectKey(p), deal.parcelNumber]),
          DEAL_ANNOUNCEMENT_GUID: derivedId('project', [projectKey(p)]),
          UNIFIED_DEAL_CODE: p.unifiedDealCode,
          RELATE_CODE: ctx.codes['RELATE_CODE.land'],
          LAND_PROJECT_NAME: p.projectName ?? notice.title,
          REGION_CODE: p.region,
          ...agency,
          LAND_CODE: deal.parcelNumber,
          LAND_AREA: deal.areaM2,
          LAND_USAGE: deal.use,
          LEND_AGE_LIMIT: deal.termYears,
          LAND_POSITION: deal.location,
          ...moneyFields(deal.dealPrice, {
            amount: 'DEAL_PRICE',
            currency: 'CURRENCY_CODE',
            unit: 'PRICE_UNIT',
          }),
          LENDING_NAME: deal.transferee?.name,
          LENDING_TYPE: subject.type,
          LENDING_CODE: subject.code,
          LAND_URL: notice.sourceUrl,
          ANNOUNCEMENT_TITLE: notice.title,
          ANNOUNCEMENT_CONNECT:
            notice.body ?? `${deal.parcelNumber}宗地由${deal.transferee?.name ?? ''}竞得。`,
          PUBLISHING_TIME: dateTime(notice.publishedAt),
        }),
      };
    });
  }
  // 653 is the 采矿权 table; a 探矿权 deal belongs to 652, which ggzy does not send yet.
  if (notice.domain === 'mining' && notice.stage === 'deal-publicity' && notice.rightKind !== 'exploration') {
    return notice.deals.map((deal) => {
      const transferee = partyOf(deal.transferee?.nameKey);
      const subject = subjectCode(transferee ?? deal.transferee, ctx);
      return {
        dataNo: '653',
        identity: [deal.tractName],
        record: record({
          NA_APP_NAME: deal.tractName,
          PUBLISHING_TIME: dateTime(notice.publishedAt),
          UNIFIED_DEAL_CODE: p.unifiedDealCode,
          IN_BUY_KIND: notice.method && ctx.codes[`IN_BUY_KIND.${notice.method}`],
          QT_TOTAL_AREA: deal.areaKm2,
          REGION_CODE: p.region,
          ...agency,
          NA_PUBLIC_BIDDER: deal.transferee?.name,
          BIDDER_TYPE: subject.type,
          BIDDER_CODE: subject.code,
          BIDDER_ROLE: ctx.codes['SUBJECT_ROLE.transferee'],
          // 653 has neither currency nor unit field: the 成交价 is sent in 元.
          QT_PUBLIC_PRICE: deal.dealPrice && amountText(deal.dealPrice),
          NA_REG_ADDRESS: transferee?.address,
          DT_BUY_DATE: date(deal.dealAt),
          QT_PLAN_YEARS: deal.termYears,
          NA_GEOGRAPHY_POSITION: deal.location,
          NA_TD_ADDRESS: deal.dealPlace,
          IN_COST_STYLE: deal.payment?.method && ctx.codes[`IN_COST_STYLE.${deal.payment.method}`],
          DT_COST_DATE: date(deal.payment?.dueAt),
          NA_AREA_COORDINATE: deal.coordinates,
          URL: notice.sourceUrl,
        }),
      };
    });
  }
  if (notice.domain === 'property' && notice.stage === 'deal') {
    const transferee = partyOf(notice.transferee?.nameKey);
    const subject = subjectCode(transferee ?? notice.transferee, ctx);
    const valuation = notice.appraisals.find((a) => a.kind === 'valuation') ?? notice.appraisals[0];
    return [
      {
        dataNo: '701',
        identity: [],
        record: record({
          PROJECT_NAME: p.projectName ?? notice.target?.name ?? notice.title,
          PROJECT_CODE: p.projectCode,
          BID_CODE: notice.target?.code,
          BID_NAME: notice.target?.name,
          UNIFIED_DEAL_CODE: p.unifiedDealCode,
          REGION_CODE: p.region,
          ...agency,
          EXCHANGE_TYPE: notice.method && ctx.codes[`EXCHANGE_TYPE.${notice.method}`],
          // SELLER_* of 701 are the 受让方 (the buyer), as the spec's Chinese names say.
          SELLER_NAME: notice.transferee?.name,
          SELLER_CODE: subject.code,
          SELLER_TYPE: subject.type,
          SELLER_ROLE: ctx.codes['SUBJECT_ROLE.transferee'],
          ...moneyFields(valuation?.value, { amount: 'OBJECT_EVALUATE_VALUE', currency: 'CURRENCY_CODE' }),
          PRICE_FORM_CODE: ctx.codes[notice.dealPrice ? 'PRICE_FORM_CODE.amount' : 'PRICE_FORM_CODE.other'],
          ...moneyFields(notice.dealPrice, {
            amount: 'TRADE_VALUE',
            currency: 'CURRENCY_CODE',
            unit: 'PRICE_UNIT',
          }),
          TRADE_DATE: date(notice.dealAt),
          PROJECT_URL: notice.sourceUrl,
        }),
      },
    ];
  }
  return [];
}

/** 公示内容 when the notice gives no body: its parcels, as the announcement lists them. */
function parcelText(parcels: readonly { parcelNumber: string; location?: string; use?: string }[]): string {
  return parcels
    .map((parcel) =>
      [`宗地编号${parcel.parcelNumber}`, parcel.location, parcel.use].filter(Boolean).join('，'),
    )
    .join('；');
}

/** 矿种 code (Domain 8001) of a mineral, from the deployment's table; a trailing 矿 is ignored. */
function mineralCode(mineral: string | undefined, ctx: DataSpecContext): string | undefined {
  if (mineral === undefined) return undefined;
  const table = ctx.minerals ?? {};
  return table[mineral] ?? table[mineral.replace(/矿$/u, '')];
}

/** 挂牌期间 in days: calendar days from the first day to the last, both counted. */
function daysBetween(from: string, until: string): number | undefined {
  const days = Math.round((Date.parse(until) - Date.parse(from)) / 86_400_000) + 1;
  return Number.isFinite(days) && days > 0 ? days : undefined;
}
