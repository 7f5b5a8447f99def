import type { NoticeInput } from '@ggzy/domain';

type AmountKind =
  | 'budget'
  | 'ceiling-price'
  | 'estimate'
  | 'deposit'
  | 'document-fee'
  | 'agency-fee'
  | 'performance-bond'
  | 'other';

/** Label words → amount kind, most specific first (履约保证金 before 保证金). */
const LABELS: readonly (readonly [RegExp, AmountKind, string?])[] = [
  [/履约(保证金|担保)/, 'performance-bond'],
  [/最高(投标)?限价|控制价|拦标价/, 'ceiling-price', 'ceilingPrice'],
  [/预算/, 'budget', 'budget'],
  [/估算价/, 'estimate'],
  [/保证金/, 'deposit', 'deposit'],
  [/文件(售价|费)|标书费/, 'document-fee'],
  [/代理(服务)?费/, 'agency-fee'],
];

/**
 * The kind of a labelled amount (其他金额), and the stage field that holds it when it is one of
 * the notice's main figures (a budget on an announcement, a deposit on a property listing).
 */
export function amountKind(label: string): { kind: AmountKind; field?: string } {
  for (const [pattern, kind, field] of LABELS) {
    if (pattern.test(label)) return field === undefined ? { kind } : { kind, field };
  }
  return { kind: 'other' };
}

/** Top-level money fields of the input; on a stage without the field they go to amounts. */
export const moneyFieldsOutsideStage: readonly {
  field: keyof NoticeInput;
  kind: AmountKind;
  label: string;
}[] = [
  { field: 'budget', kind: 'budget', label: '预算金额' },
  { field: 'ceilingPrice', kind: 'ceiling-price', label: '最高限价' },
  { field: 'deposit', kind: 'deposit', label: '保证金' },
  { field: 'listingPrice', kind: 'other', label: '挂牌价格' },
  { field: 'dealPrice', kind: 'other', label: '成交价格' },
  { field: 'settlementAmount', kind: 'other', label: '结算金额' },
];
