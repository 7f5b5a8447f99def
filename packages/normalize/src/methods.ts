import type { Problems } from './values.ts';

/**
 * 招标方式 / 采购方式 / 出让方式 / 交易方式 as published → the canonical ids of each domain.
 * Keywords are tried in order, so the more specific come first (单一来源 before 招标); the
 * canonical id itself is accepted too.
 */
type MethodTable<Id extends string> = readonly (readonly [keyword: string, id: Id])[];

export const constructionTenderMethods: MethodTable<'open' | 'invited'> = [
  ['公开招标', 'open'],
  ['邀请招标', 'invited'],
];

export const procurementMethodWords: MethodTable<
  | 'open-tender'
  | 'invited-tender'
  | 'competitive-negotiation'
  | 'competitive-consultation'
  | 'request-for-quotation'
  | 'single-source'
  | 'framework-agreement'
> = [
  ['竞争性谈判', 'competitive-negotiation'],
  ['竞争性磋商', 'competitive-consultation'],
  ['单一来源', 'single-source'],
  ['框架协议', 'framework-agreement'],
  ['询价', 'request-for-quotation'],
  ['邀请招标', 'invited-tender'],
  ['公开招标', 'open-tender'],
];

export const landMethodWords: MethodTable<'tender' | 'auction' | 'listing' | 'agreement' | 'allocation'> = [
  ['挂牌', 'listing'],
  ['拍卖', 'auction'],
  ['招标', 'tender'],
  ['协议', 'agreement'],
  ['划拨', 'allocation'],
];

export const miningMethodWords: MethodTable<'tender' | 'auction' | 'listing' | 'agreement'> = [
  ['挂牌', 'listing'],
  ['拍卖', 'auction'],
  ['招标', 'tender'],
  ['协议', 'agreement'],
];

export const propertyMethodWords: MethodTable<
  'agreement' | 'auction' | 'online-bidding' | 'tender' | 'dynamic-quotation' | 'other'
> = [
  ['网络竞价', 'online-bidding'],
  ['动态报价', 'dynamic-quotation'],
  ['协议', 'agreement'],
  ['拍卖', 'auction'],
  ['招投标', 'tender'],
  ['招标', 'tender'],
  ['其他', 'other'],
];

/** Reads a method; an unknown one is left out with a `method-unknown` warning (the field is optional). */
export function readMethod<Id extends string>(
  p: Problems,
  path: string,
  text: string | undefined,
  table: MethodTable<Id>,
): Id | undefined {
  if (text === undefined) return undefined;
  const s = text.trim();
  const exact = table.find(([, id]) => id === s);
  if (exact) return exact[1];
  const hit = table.find(([word]) => s.includes(word));
  if (hit) return hit[1];
  const known = [...new Set(table.map(([word]) => word))].join(', ');
  p.warn(path, 'method-unknown', `'${s}' is not a method we know here (${known}); left out`, text);
  return undefined;
}
