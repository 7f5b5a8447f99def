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

  it('lets every whole record go: the model and the context hold every NotNull field of every data set sent', () => {
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
      '550',
      '551',
      '553',
      '554',
      '600',
      '601',
      '651',
      '653',
      '700',
      '701',
    ]);
  });

  it('holds a 550, 651 and 700 until the deployment declares what the model lacks, saying what to configure', () => {
    const bare = { ...context, purchaseProject: undefined, minerals: undefined, propertyListing: undefined };
    const held = allFixtures
      .map(withNationalCodes)
      .flatMap((n) => toDataSpec(n, { context: bare, version: 1 }))
      .filter((m) => ['550', '651', '700'].includes(m.dataNo))
      .flatMap((m) => holdReasons(m).map((r) => `${m.dataNo} ${r.field}: ${r.action}`));
    expect(held).toEqual([
      '550 RELATE_CODE: ggzy’s notice model has no 项目类别关联代码: declare it for the deployment (context purchaseProject.relateCode, 0 or 1)',
      '550 TENDER_PROJECT_TYPE: ggzy’s notice model has no 采购项目类型: declare it for the deployment (context purchaseProject.type, Domain 10)',
      '651 IN_MINE_COME: the feed must send the tract’s 矿种 (tracts[].mineral), and the context its code: minerals.<矿种> (Domain 8001)',
      '700 POST_PONE: ggzy’s notice model has no 是否自动延期: declare it for the deployment (context propertyListing.autoExtend, T or F)',
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

  it('holds an insert whose UniqueValue another record holds, and an update that changes a CannotModify field', () => {
    const announcement = withNationalCodes(allFixtures[0]!);
    const [project] = messagesOf(announcement);
    expect(project!.dataNo).toBe('501');
    // Another tender project (another code, so another DATA_KEY) with the same 招标项目名称.
    const namesake: DataSpecMessage = {
      ...project!,
      recordKey: 'F00000000000001',
      record: {
        ...project!.record,
        TENDER_PROJECT_CODE: 'E4403090200000999001',
        PROJECT_CODE: 'E4403090200000999',
      },
    };
    const ledger = new DataKeyLedger();
    const first = ledger.decide(project!);
    const second = ledger.decide(namesake);
    expect([first.outcome, second.outcome]).toEqual(['send', 'hold']);
    expect(second.outcome === 'hold' && second.reasons.map((r) => `${r.field} ${r.validator}`)).toEqual([
      'TENDER_PROJECT_NAME UniqueValue',
    ]);
    // What the receiver held before the run counts too (the push reads it from the registry).
    const taken = new DataKeyLedger({
      holdings: { uniqueTaken: (_, field) => field === 'TENDER_PROJECT_CODE' },
    });
    const held = taken.decide(project!);
    expect(held.outcome === 'hold' && held.reasons.map((r) => r.field)).toEqual(['TENDER_PROJECT_CODE']);
    // 550 PURCHASE_PROJECT_CODE is fixed at the insert: an update that changes it is held.
    const call = withNationalCodes(allFixtures.find((f) => f.domain === 'procurement')!);
    const [purchase] = messagesOf(call);
    const changed = { ...purchase!, version: 2, messageType: 'update' as const };
    changed.record = { ...purchase!.record, PURCHASE_PROJECT_CODE: 'LHCG2024-999' };
    const fixed = new DataKeyLedger({
      holdings: { fixedValues: () => ({ PURCHASE_PROJECT_CODE: purchase!.record.PURCHASE_PROJECT_CODE! }) },
    });
    const update = fixed.decide(changed);
    expect(update.outcome === 'hold' && update.reasons.map((r) => `${r.field} ${r.validator}`)).toEqual([
      'PURCHASE_PROJECT_CODE CannotModify',
    ]);
    expect(fixed.decide({ ...purchase!, version: 2 }).outcome).toBe('send');
  });
});
