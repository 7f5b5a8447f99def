/**
 * Notices and settings for the data-spec tests: the domain fixtures (scraped pages) with the
 * national codes a platform feed adds, a context of test codes, and a sender.
 */
import { type Notice, type NoticeDraft, noticeSchema } from '@ggzy/domain';
import { codes, org } from '@ggzy/domain/fixtures';
import type { DataSpecContext } from '../context.ts';
import type { DataSpecPlatform } from '../envelope.ts';

/** The sender of the receiver's own test data (lishanling/GGZY DataV4Service.Test). */
export const dataSpecTestPlatform: DataSpecPlatform = {
  systemNo: '9120',
  platformCode: '91350000MA347WHE48',
  pubServicePlatCode: 'M35000007031234567',
  tradePlat: '12345678901',
  pubServicePlat: '10987654321',
  caKey: '88888888889999999999',
  routeWay: '0',
};

/**
 * Codes of tables the catalogue does not list. These are test values in the right shape (length),
 * not the national tables: a deployment configures its own (context.ts).
 */
export const dataSpecTestContext: DataSpecContext = {
  noticeMedia: '深圳公共资源交易平台',
  bulletinDuty: '陈晓东',
  examiner: '林海燕',
  operator: '深圳公共资源交易中心数据组',
  codes: {
    'NOTICE_NATURE.normal': '1',
    'BULLETIN_TYPE.tender-announcement': '1',
    'BULLETIN_TYPE.prequalification': '2',
    'BULLETIN_TYPE.result': '3',
    'PUBLICITY_TYPE.candidates': '1',
    'PRICE_FORM_CODE.amount': '1',
    'PRICE_FORM_CODE.other': '2',
    'SUBJECT_TYPE.creditCode': '1',
    'SUBJECT_TYPE.organizationCode': '2',
    'SUBJECT_ROLE.tenderer': '01',
    'SUBJECT_ROLE.agency': '02',
    'SUBJECT_ROLE.winner': '03',
    'SUBJECT_ROLE.transferee': '05',
    'SUBJECT_ROLE.buyer': '01',
    'RELATE_CODE.land': '1',
    'IN_BUY_KIND.listing': '3',
    'EXCHANGE_TYPE.online-bidding': '3',
    'ENTERPRISE_NATURE.private': '3',
    'ENTERPRISE_NATURE.state-owned': '1',
    'ENTERPRISE_NATURE.other': '9',
    'IN_COST_STYLE.lump-sum': '1',
    'IN_COST_STYLE.instalments': '2',
    'TENDER_MODE.open': '1',
    'TENDER_MODE.invited': '2',
    'TENDER_ORGANIZE_FORM.entrusted': '2',
    'TENDER_ORGANIZE_FORM.self': '1',
    'PURCHASE_MODE.open-tender': '1',
    'PURCHASE_MODE.invited-tender': '2',
    'PURCHASE_MODE.competitive-negotiation': '3',
    'PURCHASE_MODE.request-for-quotation': '4',
    'PURCHASE_MODE.single-source': '5',
    'PURCHASE_MODE.competitive-consultation': '6',
    'PURCHASE_MODE.framework-agreement': '7',
    'PURCHASE_ORGANIZE_FORM.entrusted': '2',
    'PURCHASE_ORGANIZE_FORM.self': '1',
    'SUBJECT_ROLE.transferor': '04',
    'SUPPLY_TYPE.tender': '1',
    'SUPPLY_TYPE.auction': '2',
    'SUPPLY_TYPE.listing': '3',
    'SUPPLY_TYPE.agreement': '4',
    'LISTING_TYPE.tender': '1',
    'LISTING_TYPE.auction': '2',
    'LISTING_TYPE.listing': '3',
    'ASSET_TYPE.equity': '1',
    'ASSET_TYPE.asset': '2',
    'ASSET_TYPE.other': '9',
    'IN_BUY_KIND.tender': '1',
    'IN_BUY_KIND.auction': '2',
    'EXCHANGE_TYPE.agreement': '1',
    'EXCHANGE_TYPE.auction': '2',
    'EXCHANGE_TYPE.tender': '4',
  },
  tradingCentreCode: '12440300MB2C93270X',
  tenderProject: {
    tradeSystemNo: 'SZJSGC000001',
    tradeSystemFee: '0',
    superviseDept: '深圳市住房和建设局',
    approveDept: '深圳市公共资源交易中心',
    type: 'A01',
    mandatory: '1',
  },
  purchaseProject: { type: 'B01', relateCode: '0' },
  minerals: { 建筑用花岗岩: '30201', 建筑用砂: '30301', 石灰岩: '20101', 萤石: '21301', 建筑用砂岩: '30302' },
  propertyListing: { autoExtend: 'T' },
};

/** The national codes a platform-fed notice carries and the domain fixtures (scraped pages) lack. */
export const tenderProjectCode = 'E4403090200000123001';
const national = {
  tenderProjectCode,
  lotCode: `${tenderProjectCode}001`,
  unifiedDealCode: `${tenderProjectCode}001Z4403000000000000`.slice(0, 40),
};

export function withNationalCodes(draft: NoticeDraft): Notice {
  const d = structuredClone(draft) as Record<string, unknown> & { project: Record<string, unknown> };
  Object.assign(d.project, national);
  if (d.domain === 'construction') d.consortiumAllowed = false;
  const parties = (d.parties as Record<string, unknown>[] | undefined) ?? [];
  // 513 and 553 name the 招标/采购代理机构 (NotNull): the result fixtures leave out the agency their announcement names.
  if (d.stage === 'result' && d.domain === 'construction') {
    parties.push(org('广州市粤建工程咨询有限公司', [{ role: 'agency' }], codes.agency));
  }
  // 501 names the 招标代理机构 (NotNull): the prequalification fixture leaves it out.
  if (d.stage === 'prequalification' && !parties.some((p) => JSON.stringify(p.roles).includes('agency'))) {
    parties.push(org('广州市粤建工程咨询有限公司', [{ role: 'agency' }], codes.agency));
  }
  if (d.stage === 'result' && d.domain === 'procurement') {
    parties.push(org('深圳交易集团有限公司龙华分公司', [{ role: 'agency' }], codes.platform));
  }
  // 600 names the 出让人 with its phone (LIAISON_UNIT, CONTACT_NUMBER): the scraped page gives it in prose.
  if (d.domain === 'land' && d.stage === 'transfer-announcement') {
    parties.push(org('深圳市规划和自然资源局', [{ role: 'transferor' }]));
  }
  d.parties = parties.map((p) => ({
    ...p,
    address: '深圳市龙华区民治街道民康路101号',
    contact: '刘工 0755-23336666',
    phone: '0755-23336666',
    email: 'zbb@example.com.cn',
    ...(p.kind === 'person' ? {} : { ownership: 'private' }),
    region: '440309',
  }));
  if (Array.isArray(d.awards)) {
    d.awards = d.awards.map((a) =>
      a.winner ? { ...a, projectManager: { name: '王建国', personId: '440304198001011239' } } : a,
    );
  }
  if (d.domain === 'land' && Array.isArray(d.deals)) {
    d.deals = d.deals.map((deal) => ({
      ...deal,
      areaM2: 28_561.37,
      use: '二类居住用地',
      termYears: 70,
      location: '龙华区民治街道',
    }));
  }
  // 651 asks for the tract's 地理位置 and 区域坐标 (NotNull), which the page gives as an attachment.
  if (d.domain === 'mining' && Array.isArray(d.tracts))
    d.tracts = d.tracts.map((tract) => ({
      ...tract,
      location: '贵州省遵义市凤冈县进化镇',
      coordinates: '1,3085200.00,36412300.00;2,3085200.00,36412700.00;3,3084800.00,36412700.00',
    }));
  // 700 TRANSFER_NOTES (转让说明事项, NotNull): the listing's 受让方资格条件.
  if (d.domain === 'property' && d.stage === 'listing')
    d.transfereeQualifications ??= '意向受让方应为依法设立并有效存续的企业法人，具有良好的财务状况和支付能力';
  // The deal publicity repeats the 挂牌 method of its announcement (653 IN_BUY_KIND is NotNull).
  if (d.domain === 'mining') d.method ??= 'listing';
  if (d.domain === 'mining' && Array.isArray(d.deals))
    d.deals = d.deals.map((deal) => ({
      ...deal,
      areaKm2: 0.1523,
      termYears: 10,
      location: '贵州省遵义市凤冈县进化镇',
      coordinates: '1,3085200.00,36412300.00;2,3085200.00,36412700.00;3,3084800.00,36412700.00',
      dealPlace: '贵州省公共资源交易中心',
      payment: { method: 'lump-sum', dueAt: '2025-03-31T00:00:00+08:00' },
    }));
  if (d.platform && typeof d.platform === 'object')
    d.platform = { creditCode: '91440300279356230K', ...d.platform };
  return noticeSchema.parse(d);
}
