/**
 * The labels centres print before a value (`项目编号：`, `采购单位`, `中标（成交）金额`), mapped to
 * what the extractor fills. Labels are compared in their {@link labelKey} form, so full-width
 * brackets, spaces, numbering and a trailing colon do not matter.
 */

/** Who a contextual label (名称, 地址, 联系方式) belongs to, from the heading above it. */
export type Entity = 'buyer' | 'tenderer' | 'agency' | 'winner' | 'transferor' | 'transferee' | 'project';

export type Field =
  | 'title'
  | 'projectCode'
  | 'projectName'
  | 'lotCode'
  | 'region'
  | 'publishedAt'
  | 'publisher'
  | 'platform'
  | 'method'
  | 'budget'
  | 'ceilingPrice'
  | 'totalAward'
  | 'awardedAt'
  | `${Entity}.${'name' | 'address' | 'contact' | 'creditCode'}`
  | 'winner.price'
  | 'reviewPanel'
  | 'publicityPeriod'
  | 'deadline'
  | 'openingAt'
  | 'openingPlace'
  | 'relatesTo.title'
  | 'correction.item'
  | 'correction.content'
  | 'correction.before'
  | 'correction.after'
  | 'correctedAt'
  | 'parcel.number'
  | 'parcel.location'
  | 'parcel.area'
  | 'parcel.use'
  | 'parcel.termYears'
  | 'parcel.plotRatio'
  | 'startingPrice'
  | 'deposit'
  | 'dealPrice'
  | 'dealAt'
  | 'listingPrice'
  | 'target.name'
  | 'valuation.agency'
  | 'valuation.value'
  | 'audit.agency'
  | 'contract.name'
  | 'contract.code'
  | 'contract.partyA'
  | 'contract.partyB'
  | 'contract.amount'
  | 'contract.signedAt'
  | 'approval.authority'
  | 'approval.documentNumber'
  | 'approval.approvedAt'
  | 'approval.holder'
  | 'approval.licenceNumber'
  | 'decision.decidedBy'
  | 'decision.approvedBy';

const NUMBERING =
  /^(?:[一二三四五六七八九十]{1,3}[、.．]|[(][一二三四五六七八九十\d]{1,3}[)]|\d{1,2}(?:[.、](?!\d)|[)])|[①-⑳])/u;

/** label → field, priority. A higher priority wins; on a tie the first on the page wins. */
const LABELS: Record<string, readonly [Field, number]> = {};
const define = (field: Field, priority: number, ...labels: string[]): void => {
  for (const label of labels) LABELS[labelKey(label)] = [field, priority];
};

define('title', 2, '公告标题', '公告名称');
define(
  'projectCode',
  2,
  '项目编号',
  '招标编号',
  '采购项目编号',
  '招标项目编号',
  '项目代码',
  '工程编号',
  '交易编号',
  '项目编码',
  '采购编号',
);
define('projectCode', 1, '原公告的采购项目编号', '原项目编号');
define('projectName', 2, '项目名称', '采购项目名称', '招标项目名称', '工程名称');
define('projectName', 1, '原公告的采购项目名称', '原项目名称');
define('lotCode', 2, '标段编号', '标段(包)编号', '包号', '包组编号', '标包编号');
define('region', 2, '行政区域', '行政区划', '所属地区', '项目所在地区', '所属区域', '地区');
define(
  'publishedAt',
  2,
  '公告日期',
  '发布时间',
  '发布日期',
  '公告时间',
  '信息发布时间',
  '公告发布时间',
  '公示日期',
);
define('publisher', 2, '信息发布主体', '发布单位', '发布机构');
define('platform', 2, '交易平台', '交易中心', '交易场所');
define('method', 2, '采购方式', '招标方式', '出让方式', '交易方式', '供地方式');
define('budget', 2, '预算金额', '采购预算', '项目预算', '预算金额(元)', '采购预算金额');
define('ceilingPrice', 2, '最高限价', '招标控制价', '最高投标限价', '采购最高限价');
define('totalAward', 2, '总中标金额', '中标总金额', '成交总金额', '总成交金额');
define('awardedAt', 2, '中标日期', '定标日期', '成交日期', '确认日期');
define('buyer.name', 2, '采购人', '采购单位', '采购人名称', '采购单位名称');
define('buyer.address', 2, '采购人地址', '采购单位地址');
define('buyer.contact', 2, '采购人联系方式', '采购单位联系方式', '采购人联系电话');
define('tenderer.name', 2, '招标人', '招标单位', '建设单位', '招标人名称');
define('tenderer.address', 2, '招标人地址', '招标单位地址');
define('tenderer.contact', 2, '招标人联系方式', '招标人联系电话');
define(
  'agency.name',
  2,
  '代理机构',
  '代理机构名称',
  '采购代理机构',
  '招标代理机构',
  '采购代理机构名称',
  '招标代理机构名称',
  '招标代理',
);
define('agency.address', 2, '代理机构地址', '采购代理机构地址', '招标代理机构地址');
define(
  'agency.contact',
  2,
  '代理机构联系方式',
  '采购代理机构联系方式',
  '招标代理机构联系方式',
  '代理机构联系电话',
);
define(
  'winner.name',
  2,
  '中标人',
  '中标单位',
  '中标供应商',
  '成交供应商',
  '中标(成交)供应商',
  '中标供应商名称',
  '成交供应商名称',
  '中标人名称',
  '第一中标候选人',
);
define('winner.address', 2, '中标供应商地址', '成交供应商地址', '中标人地址');
define('winner.creditCode', 2, '中标人统一社会信用代码');
define(
  'winner.price',
  2,
  '中标金额',
  '中标价',
  '中标价格',
  '中标(成交)金额',
  '成交金额',
  '中标报价',
  '中标价(元)',
  '中标金额(元)',
  '中标金额(万元)',
);
define('transferor.name', 2, '转让方', '转让方名称', '出让人', '出让方');
define('transferee.name', 2, '受让方', '受让方名称', '受让人', '竞得人', '竞得单位', '买受人');
define('reviewPanel', 2, '评审委员会成员名单', '评标委员会成员名单', '评标委员会成员');
// ccgp's summary table lists its whole expert pool, cut off mid-name; the body's panel is the real one.
define('reviewPanel', 1, '评审专家名单');
define('publicityPeriod', 2, '公告期限', '公示期', '公示期限', '公示时间', '公示期间');
define(
  'deadline',
  2,
  '投标截止时间',
  '递交截止时间',
  '响应文件提交截止时间',
  '投标文件递交截止时间',
  '提交投标文件截止时间',
);
define('openingAt', 2, '开标时间', '开启时间');
define('openingPlace', 2, '开标地点', '开启地点');
define('relatesTo.title', 2, '原公告名称', '原公告标题', '原招标公告名称');
define('correction.item', 2, '更正事项', '变更事项', '澄清事项');
define('correction.content', 2, '更正内容', '变更内容', '澄清内容', '更正信息');
define('correction.before', 2, '更正前', '原内容', '变更前');
define('correction.after', 2, '更正后', '变更后');
define('correctedAt', 2, '更正日期', '变更日期');
define('parcel.number', 2, '宗地编号', '地块编号', '土地编号');
define('parcel.location', 2, '宗地坐落', '土地坐落', '土地位置', '宗地位置', '坐落');
define('parcel.area', 2, '宗地面积', '土地面积', '出让面积', '用地面积');
define('parcel.use', 2, '土地用途', '规划用途', '用途');
define('parcel.termYears', 2, '出让年限', '使用年限', '土地使用年限');
define('parcel.plotRatio', 2, '容积率');
define('startingPrice', 2, '起始价', '起始价格', '挂牌起始价', '起拍价');
define('deposit', 2, '保证金', '竞买保证金', '交易保证金');
define('dealPrice', 2, '成交价', '成交价格', '成交价款', '成交总价');
define('dealAt', 2, '成交时间', '成交日期', '签约日期');
define('listingPrice', 2, '挂牌价格', '挂牌价', '转让底价', '转让价格', '挂牌底价');
define('target.name', 2, '标的名称', '转让标的', '项目标的');
define('valuation.agency', 2, '评估机构', '资产评估机构');
define('valuation.value', 2, '评估值', '评估价值', '资产评估值');
define('audit.agency', 2, '审计机构');
define('contract.name', 2, '合同名称');
define('contract.code', 2, '合同编号');
define('contract.partyA', 2, '甲方', '合同甲方', '采购人(甲方)', '发包人');
define('contract.partyB', 2, '乙方', '合同乙方', '供应商(乙方)', '承包人');
define('contract.amount', 2, '合同金额', '合同价', '合同价款', '签约合同价');
define('contract.signedAt', 2, '合同签订日期', '签订日期', '签约时间', '合同签订时间');
define('approval.authority', 2, '审批机关', '登记管理机关', '发证机关');
define('approval.documentNumber', 2, '批准文号', '批复文号', '文号');
define('approval.approvedAt', 2, '批准日期', '审批日期', '批准时间', '批复日期');
define('approval.holder', 2, '采矿权人', '探矿权人', '矿业权人');
define('approval.licenceNumber', 2, '许可证号', '许可证编号');
define('decision.decidedBy', 2, '决策机构', '内部决策机构');
define('decision.approvedBy', 2, '批准单位', '批准机构', '国资监管机构');

/** Labels whose owner is the section they sit in: `1.采购人信息` / `名称：…`. */
const CONTEXTUAL: Record<string, 'name' | 'address' | 'contact'> = {
  名称: 'name',
  单位名称: 'name',
  供应商名称: 'name',
  地址: 'address',
  单位地址: 'address',
  供应商地址: 'address',
  联系方式: 'contact',
  联系电话: 'contact',
  电话: 'contact',
  联系人: 'contact',
  项目联系人: 'contact',
  项目联系电话: 'contact',
};

/** The comparison form of a label: half-width, no spaces, numbering or trailing colon, 【】 removed. */
export function labelKey(label: string): string {
  return label
    .normalize('NFKC')
    .replace(/[\s\u00a0\u3000]+/gu, '')
    .replace(NUMBERING, '')
    .replace(/[【】]/gu, '')
    .replace(/[:：]+$/u, '');
}

/** The unit a label states for bare numbers after it: 报价（万元） → 'wanyuan'. */
export function labelUnit(key: string): 'yuan' | 'wanyuan' | undefined {
  if (/\(万元\)/.test(key)) return 'wanyuan';
  if (/\(元\)/.test(key)) return 'yuan';
  return undefined;
}

function entityOf(heading: string): Entity | undefined {
  const h = labelKey(heading);
  if (/采购人|采购单位/.test(h)) return 'buyer';
  if (/招标人|招标单位|建设单位/.test(h)) return 'tenderer';
  if (/代理/.test(h)) return 'agency';
  if (/中标|成交/.test(h)) return 'winner';
  if (/转让方/.test(h)) return 'transferor';
  if (/受让方|竞得/.test(h)) return 'transferee';
  if (/联系/.test(h)) return 'project';
  return undefined;
}

/** The field a label names, read in the context of the heading above it; undefined for labels we do not use. */
export function fieldOf(label: string, heading: string): { field: Field; priority: number } | undefined {
  const key = labelKey(label);
  const direct = LABELS[key] ?? LABELS[key.replace(/\((元|万元)\)$/u, '')];
  if (direct) return { field: direct[0], priority: direct[1] };
  const attribute = CONTEXTUAL[key];
  const entity = attribute ? entityOf(heading) : undefined;
  if (attribute && entity) return { field: `${entity}.${attribute}`, priority: 1 };
  return undefined;
}
