import { type Notice, noticeSchema } from '@ggzy/domain';
import { allFixtures, constructionFixtures } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { DataKeyLedger, holdReasons } from './sending.ts';
import { dataSpecTestContext as context, tenderProjectCode, withNationalCodes } from './testing/notices.ts';
import { toDataSpec } from './to-dataspec.ts';
import type { DataSpecMessage } from './types.ts';

const messagesOf = (notice: Notice, version = 1, withdrawn = false) =>
  toDataSpec(notice, { context, version, withdrawn });

/** A result as a scraped page gives it: no national codes, no agency. */
const scrapedResult = noticeSchema.parse(constructionFixtures.result);
const fedResult = withNationalCodes(constructionFixtures.result);

describe('holdReasons', () => {
  it('holds a record with empty NotNull fields, saying where each would come from', () => {
    const [message] = messagesOf(scrapedResult);
    const reasons = holdReasons(message!);
    const byField = Object.fromEntries(reasons.map((r) => [r.field, r.action]));
    expect(byField.TENDER_PROJECT_CODE).toBe(
      'the feed must send project.tenderProjectCode (招标项目编号, 20 characters)',
    );
    expect(byField.TENDER_AGENCY_CODE).toMatch(/招标代理机构 with its credit code/);
    expect(byField.BIDDER_PROPERTY).toMatch(/winner’s 企业性质 \(parties\[\]\.ownership\)/);
    expect(byField.PROJECT_LEAD_ID).toMatch(/projectManager\.personId/);
    expect(reasons.every((r) => r.action.length > 0)).toBe(true);
  });

  it('lets every whole record go: the model and the context hold every NotNull field of 501, 503, 513 and 653', () => {
    const reasons = allFixtures
      .map(withNationalCodes)
      .flatMap((n) => messagesOf(n))
      .map((m) => [m.dataNo, holdReasons(m).map((r) => r.field)] as const);
    expect(Object.fromEntries(reasons.filter(([, fields]) => fields.length > 0))).toEqual({});
    expect(reasons.map(([dataNo]) => dataNo)).toEqual([
      '501',
      '503',
      '501',
      '503',
      '511',
      '513',
      '551',
      '553',
      '554',
      '601',
      '653',
      '701',
    ]);
  });

  it('holds a 653 whose tract lacks the 出让年限 and 区域坐标, naming the feed fields', () => {
    const mining = allFixtures
      .map(withNationalCodes)
      .find((n) => n.domain === 'mining' && n.stage === 'deal-publicity')!;
    const bare = structuredClone(mining) as typeof mining & {
      deals: { termYears?: number; coordinates?: string }[];
    };
    for (const deal of bare.deals) {
      delete deal.termYears;
      delete deal.coordinates;
    }
    const [message] = messagesOf(bare);
    expect(holdReasons(message!).map((r) => [r.field, r.action])).toEqual([
      ['QT_PLAN_YEARS', 'the feed must send the tract’s 出让年限 (tracts[].termYears)'],
      ['NA_AREA_COORDINATE', 'the feed must send the tract’s 区域坐标 (tracts[].coordinates)'],
    ]);
  });

  it('fills the winner’s 注册所在地 from its credit code when the notice gives no region', () => {
    const d = structuredClone(constructionFixtures.result);
    const [message] = messagesOf(noticeSchema.parse(d));
    // 91440300MA5F3K2L57: registered in 440300 (深圳市).
    expect(message!.record.BIDDER_REGION_CODE).toBe('440300');
  });

  it('holds an award over 30亿元 unless the platform lists the tender project (BID_AMOUNT)', () => {
    const [base] = messagesOf(fedResult);
    const whole = { ...base!.record, BIDDER_PROPERTY: '1', PROJECT_LEAD_ID: '440301198001010011' };
    const withAmount = (BID_AMOUNT: string, PRICE_UNIT = '0'): DataSpecMessage => ({
      ...base!,
      record: { ...whole, BID_AMOUNT, PRICE_UNIT, PRICE_FORM_CODE: '1' },
    });
    const rule = (m: DataSpecMessage, listed?: string[]) =>
      holdReasons(m, listed ? { largeAwardProjects: listed } : {}).map((r) => r.validator);
    expect(rule(withAmount('3000000000'))).toEqual([]);
    expect(rule(withAmount('3000000000.01'))).toEqual(['BID_AMOUNT']);
    expect(rule(withAmount('300001', '1'))).toEqual(['BID_AMOUNT']);
    expect(rule(withAmount('3000000000.01'), [tenderProjectCode])).toEqual([]);
    expect(holdReasons(withAmount('4200000000'))[0]?.action).toContain(tenderProjectCode);
  });

  it('never holds a delete', () => {
    expect(messagesOf(scrapedResult, 2, true).map((m) => holdReasons(m))).toEqual([[]]);
  });
});

describe('DataKeyLedger', () => {
  const whole = (m: DataSpecMessage): DataSpecMessage => m;
  /** A first version the feed sent without the 项目负责人’s ID: held. */
  const partial = (m: DataSpecMessage): DataSpecMessage => {
    const { PROJECT_LEAD_ID: _id, ...record } = m.record;
    return { ...m, record };
  };

  it('holds a child of a tender project the receiver does not hold, until the parent is reported', () => {
    const [m] = messagesOf(fedResult, 1);
    const decide = (ledger: DataKeyLedger) => {
      const d = ledger.decide(whole(m!));
      return d.outcome === 'hold' ? d.reasons.map((r) => `${r.field} ${r.validator}`) : d.outcome;
    };
    expect(decide(new DataKeyLedger())).toEqual(['TENDER_PROJECT_CODE TenderProjectCodeMatch']);
    expect(decide(new DataKeyLedger({ reportedTenderProjects: [tenderProjectCode] }))).toBe('send');
  });

  it('sends a held record’s first whole version as its insert, then updates, then its delete', () => {
    const ledger = new DataKeyLedger({ reportedTenderProjects: [tenderProjectCode] });
    const [v1] = messagesOf(fedResult, 1);
    const [v2] = messagesOf(fedResult, 2);
    const [v3] = messagesOf(fedResult, 3);
    const [gone] = messagesOf(fedResult, 4, true);
    const decided = [
      ledger.decide(partial(v1!)),
      ledger.decide(whole(v2!)),
      ledger.decide(whole(v3!)),
      ledger.decide(gone!),
    ];
    expect(decided.map((d) => (d.outcome === 'send' ? `send ${d.message.messageType}` : d.outcome))).toEqual([
      'hold',
      'send insert',
      'send update',
      'send delete',
    ]);
  });

  it('skips the delete of a record the receiver never got', () => {
    const ledger = new DataKeyLedger({ reportedTenderProjects: [tenderProjectCode] });
    const [v1] = messagesOf(fedResult, 1);
    const [gone] = messagesOf(fedResult, 2, true);
    expect([ledger.decide(partial(v1!)).outcome, ledger.decide(gone!).outcome]).toEqual(['hold', 'skip']);
  });

  it('takes a later version of a record it has not seen for one sent before, unless told otherwise', () => {
    const [v2] = messagesOf(fedResult, 2);
    const sent = (ledger: DataKeyLedger) => {
      const d = ledger.decide(whole(v2!));
      return d.outcome === 'send' ? d.message.messageType : d.outcome;
    };
    const parents = [tenderProjectCode];
    expect(sent(new DataKeyLedger({ reportedTenderProjects: parents }))).toBe('update');
    expect(sent(new DataKeyLedger({ known: () => false, reportedTenderProjects: parents }))).toBe('insert');
  });
});
