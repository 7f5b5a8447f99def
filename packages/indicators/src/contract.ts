import { dayNumber, shanghaiDay } from '@ggzy/domain';
import { z } from 'zod';
import { evidenceOf, type Flag, type ProjectIndicator, ratio } from './indicator.ts';

const aboveAwardParams = z.object({
  /** Flag a contract amount more than this share above the award. */
  maxIncrease: z.number().nonnegative().default(0.1),
});

/**
 * 合同金额超出中标金额: the contract, or a contract change (合同变更 amountAfter), more than 10 %
 * above the awarded price. The 10 % is the procurement law's ceiling on supplementary contracts.
 */
export const contractAboveAward: ProjectIndicator<z.infer<typeof aboveAwardParams>> = {
  id: 'contract-above-award',
  scope: 'project',
  title: { zh: '合同金额超出中标金额', en: 'Contract amount exceeding the award by more than a threshold' },
  description: {
    zh: '合同金额或合同变更后金额高于中标(成交)金额超过10%(默认)。合同应当按照中标结果订立，不得背离实质性内容；政府采购追加金额不得超过原合同金额的10%。',
    en: 'The contract amount, or the amount after a contract change, exceeds the awarded price by more than 10 % (default). A contract must follow the award; procurement law caps additions at 10 % of the original contract.',
  },
  sources: [
    {
      kind: 'ocp-guide',
      title: 'Contract amendments increase the contract value significantly after award',
    },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法',
      article: '第四十六条',
      text: '招标人和中标人应当按照招标文件和中标人的投标文件订立书面合同。招标人和中标人不得再行订立背离合同实质性内容的其他协议。',
    },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法',
      article: '第四十九条',
      text: '政府采购合同履行中，采购人需追加与合同标的相同的货物、工程或者服务的，……所有补充合同的采购金额不得超过原合同采购金额的百分之十。',
    },
  ],
  inputs: ['awards[].price', 'awards[].amount', 'contract.amount', 'changes[].amountAfter'],
  domains: ['construction', 'procurement'],
  params: aboveAwardParams,
  evaluate(project, params) {
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      const award = lot.award;
      if (!award?.price || award.price.fen <= 0) continue;
      const price = award.price;
      const over = lot.contractAmounts.filter(
        (c) => c.amount.currency === price.currency && c.amount.fen > price.fen * (1 + params.maxIncrease),
      );
      const highest = over.reduce<(typeof over)[number] | undefined>(
        (top, c) => (!top || c.amount.fen > top.amount.fen ? c : top),
        undefined,
      );
      if (!highest) continue;
      flags.push({
        indicator: 'contract-above-award',
        projectKeys: [project.key],
        ...(lot.lotCode !== undefined ? { lotCode: lot.lotCode } : {}),
        notices: [...new Set([award.notice, ...over.map((c) => c.notice)])].map((n) =>
          evidenceOf(n, project.key),
        ),
        values: {
          awardPrice: price,
          contractAmount: highest.amount,
          amountKind: highest.kind,
          increase: ratio(highest.amount.fen - price.fen, price.fen),
        },
      });
    }
    return flags;
  },
};

const lateContractParams = z.object({
  /** Flag a contract signed more than this many calendar days after the award. */
  maxDays: z.number().int().positive().default(30),
});

/**
 * 合同签订超期. The law counts from the 中标通知书; notices rarely print its date, so the award
 * date stands in for it (awardedAt, else the result's 信息形成日期): the notification goes out
 * with or after the decision, so the days counted are never fewer than the law's.
 */
export const lateContract: ProjectIndicator<z.infer<typeof lateContractParams>> = {
  id: 'late-contract',
  scope: 'project',
  title: { zh: '合同签订超过法定期限', en: 'Contract signed long after the award' },
  description: {
    zh: '合同签订日期晚于中标(成交)日期30日(默认)以上。法律要求自中标(成交)通知书发出之日起三十日内订立合同；拖延签约可能意味着合同内容被重新谈判。',
    en: 'The contract was signed more than 30 days (default) after the award. The law requires the contract within thirty days of the award notification; a delay may mean its terms were renegotiated.',
  },
  sources: [
    { kind: 'ocp-guide', title: 'Long delay between award and contract signature' },
    {
      kind: 'rule',
      law: '中华人民共和国招标投标法',
      article: '第四十六条',
      text: '招标人和中标人应当自中标通知书发出之日起三十日内，按照招标文件和中标人的投标文件订立书面合同。',
    },
    {
      kind: 'rule',
      law: '中华人民共和国政府采购法',
      article: '第四十六条',
      text: '采购人与中标、成交供应商应当在中标、成交通知书发出之日起三十日内，按照采购文件确定的事项签订政府采购合同。',
    },
  ],
  inputs: ['awards[].awardedAt', 'formedAt', 'publishedAt', 'contract.signedAt'],
  domains: ['construction', 'procurement'],
  params: lateContractParams,
  evaluate(project, params) {
    const flags: Flag[] = [];
    for (const lot of project.lots) {
      const signing = lot.signings[0];
      if (!lot.award || !signing) continue;
      const days = dayNumber(shanghaiDay(signing.at)) - dayNumber(shanghaiDay(lot.award.at));
      if (days <= params.maxDays) continue;
      flags.push({
        indicator: 'late-contract',
        projectKeys: [project.key],
        ...(lot.lotCode !== undefined ? { lotCode: lot.lotCode } : {}),
        notices: [lot.award.notice, signing.notice].map((n) => evidenceOf(n, project.key)),
        values: { awardedAt: lot.award.at, signedAt: signing.at, days, maxDays: params.maxDays },
      });
    }
    return flags;
  },
};
