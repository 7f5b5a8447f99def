import { type Money, type Notice, partyKey } from '@ggzy/domain';

/**
 * The awards a notice gives a party: 中标 (construction results), 成交 (procurement results),
 * 竞得/受让 (land, mining and property deals), with the amount where the notice states one in
 * money (a 下浮率 or other non-money result has none).
 */
export interface Award {
  lotCode?: string;
  /** What the notice calls it: the award, deal or parcel. */
  label?: string;
  amount?: Money;
  /** The result as published when it is not money (费率, 下浮率 …). */
  otherAmount?: string;
}

interface Ref {
  nameKey: string;
  creditCode?: string;
}

/** Awards of `notice` to the party stored under `key`. */
export function awardsTo(notice: Notice, key: string): Award[] {
  // Award entries point at parties by name key; the party list tells which name keys are ours.
  const nameKeys = new Set(notice.parties.filter((p) => partyKey(p) === key).map((p) => p.nameKey));
  const ours = (ref: Ref | undefined): boolean =>
    ref !== undefined &&
    (nameKeys.has(ref.nameKey) || (ref.creditCode !== undefined && key === `cc:${ref.creditCode}`));
  const out: Award[] = [];
  const push = (award: Award) =>
    out.push(Object.fromEntries(Object.entries(award).filter(([, v]) => v !== undefined)));
  switch (notice.stage) {
    case 'result':
      if (notice.domain === 'construction') {
        for (const a of notice.awards) {
          if (ours(a.winner)) push({ lotCode: a.lotCode, amount: a.price, otherAmount: a.otherPrice });
        }
      } else if (notice.domain === 'procurement') {
        for (const a of notice.awards) {
          if (ours(a.supplier)) push({ lotCode: a.lotCode, amount: a.amount, otherAmount: a.otherAmount });
        }
      }
      break;
    case 'deal-publicity':
      if (notice.domain === 'land') {
        for (const d of notice.deals)
          if (ours(d.transferee)) push({ label: d.parcelNumber, amount: d.dealPrice });
      } else if (notice.domain === 'mining') {
        for (const d of notice.deals)
          if (ours(d.transferee)) push({ label: d.tractName, amount: d.dealPrice });
      }
      break;
    case 'deal':
      if (notice.domain === 'property' && ours(notice.transferee)) {
        push({ label: notice.target?.name, amount: notice.dealPrice });
      }
      break;
  }
  return out;
}

/** Sums per currency, in fen; amounts not stated in money are not counted. */
export function totalsByCurrency(awards: readonly Award[]): { currency: string; fen: number }[] {
  const sums = new Map<string, bigint>();
  for (const { amount } of awards) {
    if (amount) sums.set(amount.currency, (sums.get(amount.currency) ?? 0n) + BigInt(amount.fen));
  }
  return [...sums]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, fen]) => ({ currency, fen: Number(fen) }));
}
