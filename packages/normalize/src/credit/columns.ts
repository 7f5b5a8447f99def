import { type CreditListType, creditListTypes } from '@ggzy/domain';
import { headerKey } from '../mapping.ts';

/** The fields a column can fill: paths of the JSON credit input format (docs/credit-input.md). */
export type CreditColumnField =
  | 'recordId'
  | 'listType'
  | 'subject.name'
  | 'subject.kind'
  | 'subject.creditCode'
  | 'subject.organizationCode'
  | 'subject.maskedPersonId'
  | 'authority'
  | 'authorityRegion'
  | 'documentNumber'
  | 'reason'
  | 'basis'
  | 'penalty'
  | 'decisionDate'
  | 'publishedAt'
  | 'validFrom'
  | 'validUntil'
  | 'restrictedActions'
  | 'withdrawal.withdrawnAt'
  | 'withdrawal.reason'
  | 'withdrawal.authority'
  | 'withdrawal.documentNumber'
  | 'url';

/**
 * The default column table of credit-list exports: for each field, the headers that fill it, the
 * first being the name messages use. Headers compare after NFKC (full-width brackets match),
 * without spaces, a required-mark `*` or a `(必填)` note; English ones also without case, `_`,
 * `-` or `.`.
 */
const headers: Record<CreditColumnField, string> = {
  recordId:
    '记录编号 | 信用记录编号 | 黑名单编号 | 黑名单标识号 | 名单编号 | 信息编号 | 唯一标识 | 唯一标识码 | recordId | record id',
  listType: '名单类型 | 列入名单 | 名单名称 | 名单类别 | 信用类别 | 记录类型 | listType | list type',
  'subject.name':
    '主体名称 | 当事人名称 | 当事人 | 失信主体名称 | 行政相对人名称 | 企业名称 | 单位名称 | 供应商名称 | 被执行人名称 | 被处罚单位 | 被处罚人 | subject.name | subject name | name',
  'subject.kind': '主体类型 | 主体类别 | 当事人类型 | 行政相对人类别 | subject.kind | subject kind | kind',
  'subject.creditCode':
    '统一社会信用代码 | 社会信用代码 | 信用代码 | 主体代码 | subject.creditCode | credit code | creditCode | uscc',
  'subject.organizationCode':
    '组织机构代码 | 机构代码 | subject.organizationCode | organization code | organisation code | organizationCode',
  'subject.maskedPersonId':
    '身份证号码 | 身份证号 | 居民身份证号码 | 证件号码 | 证件号 | subject.maskedPersonId | maskedPersonId | person id | id number',
  authority:
    '处罚(认定)机关 | 处罚机关 | 认定机关 | 处罚(认定)单位 | 执法单位 | 执法机关 | 认定单位 | 决定机关 | 作出决定机关 | 处罚决定机关 | 列入机关 | 列入决定机关 | 实施机关 | 处罚单位 | 公布单位 | authority',
  authorityRegion:
    '所属地区 | 行政区划 | 行政区划代码 | 地区编码 | 所属地区代码 | 地区 | authorityRegion | authority region | region',
  documentNumber:
    '文号 | 决定书文号 | 处罚决定书文号 | 行政处罚决定书文号 | 处罚文号 | 决定文书号 | 认定文书号 | documentNumber | document number',
  reason:
    '违法失信行为 | 主要违法事实 | 违法事实 | 违法行为 | 失信行为 | 失信行为情形 | 列入原因 | 列入事由 | 处罚事由 | 违法行为类型 | reason',
  basis: '处罚依据 | 认定依据 | 法律依据 | 列入依据 | 处罚(认定)依据 | basis',
  penalty: '处罚结果 | 处罚内容 | 处理结果 | 处罚决定 | 处理决定 | 惩戒措施 | 处罚(认定)结果 | penalty',
  decisionDate:
    '处罚日期 | 决定日期 | 列入日期 | 处罚(认定)日期 | 处罚决定日期 | 认定日期 | 作出决定日期 | 列入时间 | 处罚时间 | decisionDate | decision date',
  publishedAt:
    '公示日期 | 公开日期 | 上网公开日期 | 发布日期 | 发布时间 | 公示时间 | 公开时间 | 信息公示日期 | publishedAt | published at',
  validFrom: '有效期起 | 有效期自 | 有效期开始 | 限制开始日期 | 公示开始日期 | validFrom | valid from',
  validUntil:
    '有效期至 | 有效期止 | 有效期截止 | 公示截止日期 | 公示截止期 | 限制截止日期 | 禁止截止日期 | validUntil | valid until',
  restrictedActions: '限制行为 | 禁止行为 | 限制内容 | 惩戒内容 | restrictedActions | restricted actions',
  'withdrawal.withdrawnAt': '移出日期 | 撤销日期 | 移出时间 | 撤销时间 | withdrawnAt | withdrawn at',
  'withdrawal.reason': '移出原因 | 撤销原因 | 撤销理由 | 移出理由 | withdrawal reason',
  'withdrawal.authority': '移出机关 | 撤销机关 | 移出决定机关 | 撤销决定机关 | withdrawal authority',
  'withdrawal.documentNumber': '移出文号 | 撤销文号 | withdrawal document number',
  url: '链接 | 详情链接 | 来源链接 | 网址 | url | source url',
};

export const creditColumns: readonly { field: CreditColumnField; headers: readonly string[] }[] =
  Object.entries(headers).map(([field, list]) => ({
    field: field as CreditColumnField,
    headers: list.split('|').map((header) => header.trim()),
  }));

/** The comparison form of a header (see `creditColumns`). */
export function creditColumnKey(header: string): string {
  return headerKey(header)
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((必填|选填|可选|非必填)\)$/, '')
    .toLowerCase()
    .replace(/[_\-.]/g, '');
}

const byKey = new Map<string, { field: CreditColumnField; rank: number }>(
  creditColumns.flatMap(({ field, headers }) =>
    headers.map((h, rank) => [creditColumnKey(h), { field, rank }] as const),
  ),
);

/**
 * The field a header fills, if it is one of the table's, and its rank among the field's headers:
 * when several columns fill one field, the better-ranked header's filled cell wins.
 */
export function creditColumnOf(header: string): { field: CreditColumnField; rank: number } | undefined {
  return byKey.get(creditColumnKey(header));
}

/** The name a message gives a field: its first header. */
export function creditColumnName(field: CreditColumnField): string {
  return headers[field].split('|')[0]!.trim();
}

/**
 * A list type as exports write it: an id (`procurement-serious-violation`), the label of
 * `creditListTypeLabels`, or a longer phrasing of it (列入政府采购严重违法失信行为记录名单).
 */
export function creditListTypeOf(label: string): CreditListType | undefined {
  const text = headerKey(label);
  if ((creditListTypes as readonly string[]).includes(text)) return text as CreditListType;
  if (/政府采购/.test(text) && /严重违法失信|不良行为/.test(text)) return 'procurement-serious-violation';
  if (/失信被执行人/.test(text)) return 'dishonest-judgment-debtor';
  if (/经营异常/.test(text)) return 'abnormal-operation';
  if (/严重违法失信/.test(text)) return 'serious-violation-enterprise';
  if (/招标投标|招投标/.test(text)) return 'tendering-violation';
  if (/^其[他它]/.test(text)) return 'other';
  return undefined;
}
