import { noticeSchema } from '@ggzy/domain';
import { allFixtures, constructionFixtures, procurementFixtures } from '@ggzy/domain/fixtures';
import { describe, expect, it } from 'vitest';
import { type DataSpecEnvelope, envelopeXml, toEnvelope } from '../envelope.ts';
import { DataKeyLedger, holdReasons } from '../sending.ts';
import { toDataSpec } from '../to-dataspec.ts';
import type { DataSetSpec, DataSpecMessage } from '../types.ts';
import { v4DataSets } from '../v4-catalogue.ts';
import {
  dataSpecTestContext as context,
  dataSpecTestPlatform as platform,
  tenderProjectCode,
  withNationalCodes,
} from './notices.ts';
import { DataSpecReceiverDouble, type ReceiverOptions } from './receiver.ts';

const TIMESTAMP = '20240710093000';
const receiver = (options: Partial<ReceiverOptions> = {}) =>
  new DataSpecReceiverDouble({
    systemNo: platform.systemNo,
    tenderProjects: [tenderProjectCode],
    ...options,
  });
const envelopeOf = (m: DataSpecMessage) => toEnvelope(m, platform, TIMESTAMP);
const refusal = (reply: { STATUS: string; MSG?: string }) => (reply.STATUS === '1' ? 'accepted' : reply.MSG);

/** A 551 as a platform feed sends it: nothing held. */
const announcement = toDataSpec(withNationalCodes(procurementFixtures['tender-announcement']), {
  context,
  version: 1,
}).find((m) => m.dataNo === '551');
/** A 513 made whole: the two fields the model lacks filled in, as a richer feed would. */
const [award] = toDataSpec(withNationalCodes(constructionFixtures.result), { context, version: 1 }).map(
  (m) => ({
    ...m,
    record: { ...m.record, BIDDER_PROPERTY: '1', PROJECT_LEAD_ID: '440301198001010011' },
  }),
);

/** Edits one part of an envelope. */
function edit(
  envelope: DataSpecEnvelope,
  title: Record<string, string | undefined> = {},
  context: Record<string, string> = {},
): DataSpecEnvelope {
  const TITLE = { ...envelope.TITLE, ...title } as DataSpecEnvelope['TITLE'];
  for (const [k, v] of Object.entries(title))
    if (v === undefined) delete (TITLE as unknown as Record<string, unknown>)[k];
  return envelope.CONTEXT ? { TITLE, CONTEXT: { ...envelope.CONTEXT, ...context } } : { TITLE };
}

describe('the receiver double: envelope', () => {
  const good = envelopeOf(announcement!);

  it('takes a whole message, in the XML form and the JSON form', () => {
    const r = receiver();
    expect(r.upload(envelopeXml(good))).toEqual({ STATUS: '1' });
    expect(r.stored('551', good.TITLE.DATA_KEY)).toEqual(good.CONTEXT);
    expect(receiver().receive(good)).toEqual({ STATUS: '1' });
  });

  it('refuses a broken TITLE with the receiver’s message', () => {
    const cases: [Record<string, string | undefined>, string][] = [
      [{ DATA_EN: 'WIN_RESULT_ANNO' }, 'DATA_EN与DATA_NO不匹配'],
      [{ DATA_CN: undefined }, 'DATA_CN不能为空'],
      [{ DATA_TYPE: '4' }, 'DATA_TYPE不正确'],
      [{ DATA_KEY: good.TITLE.DATA_KEY.slice(0, 21) }, 'DATA_KEY长度有误'],
      [{ DATA_KEY: `8888${good.TITLE.DATA_KEY.slice(4)}` }, 'DATA_KEY中有SYSTEM_NO不等于9120'],
      [{ DATA_KEY: `9120553${good.TITLE.DATA_KEY.slice(7)}` }, 'DATA_KEY有DATA_NO不等于551'],
      [{ CA_KEY: '' }, 'CA_KEY不能为空'],
      [{ ROUTE_WAY: undefined }, 'ROUTE_WAY不能为空'],
    ];
    expect(cases.map(([title]) => refusal(receiver().receive(edit(good, title))))).toEqual(
      cases.map(([, m]) => m),
    );
  });

  it('refuses the platform fields of the wrong length or form', () => {
    const construction = envelopeOf(award!);
    expect(refusal(receiver().receive(edit(good, {}, { PLATFORM_CODE: '91350000MA347WHE4' })))).toBe(
      '交易系统标识码长度不正确',
    );
    expect(refusal(receiver().receive(edit(good, {}, { DATA_TIMESTAMP: '20240231093000' })))).toBe(
      '[DATA_TIMESTAMP]日期格式不正确',
    );
    // TRADE_PLAT is checked for the construction data sets only.
    expect(refusal(receiver().receive(edit(good, {}, { TRADE_PLAT: '123' })))).toBe('accepted');
    expect(refusal(receiver().receive(edit(construction, {}, { TRADE_PLAT: '123' })))).toBe(
      '电子招标投标交易平台或发布工具标识码长度不正确',
    );
    expect(refusal(receiver({ platformCodes: ['91440300279356230K'] }).receive(good))).toBe(
      '交易系统标识码[PLATFORM_CODE]填写无效',
    );
  });

  it('keeps a DATA_KEY registry: no insert of a key it holds, no update or delete of one it does not', () => {
    const r = receiver();
    const update = edit(good, { DATA_TYPE: '2', ROUTE_WAY: undefined });
    const remove: DataSpecEnvelope = { TITLE: { ...update.TITLE, DATA_TYPE: '3' } };
    expect([r.receive(update), r.receive(remove)].map(refusal)).toEqual([
      `DATA_KEY为${good.TITLE.DATA_KEY}不存在`,
      `DATA_KEY为${good.TITLE.DATA_KEY}不存在`,
    ]);
    expect(
      [r.receive(good), r.receive(good), r.receive(update), r.receive(remove), r.receive(remove)].map(
        refusal,
      ),
    ).toEqual([
      'accepted',
      `DATA_KEY为${good.TITLE.DATA_KEY}已存在`,
      'accepted',
      'accepted',
      `DATA_KEY为${good.TITLE.DATA_KEY}不存在`,
    ]);
    expect(r.count()).toBe(0);
  });
});

describe('the receiver double: fields and tables', () => {
  const good = envelopeOf(award!);

  it('checks NotNull, FixedLength per ";" code, NumberMatch, EnumMatch, DomainMatch and AreaCodeMatch', () => {
    const cases: [Record<string, string>, string][] = [
      [{ NOTICE_NAME: '' }, '字段NOTICE_NAME不能为空'],
      [{ BID_SECTION_CODE: `${tenderProjectCode}001;${tenderProjectCode}02` }, '[BID_SECTION_CODE]长度有误'],
      [{ BID_AMOUNT: '123456789012345' }, '[BID_AMOUNT整数部分超出范围]'],
      [{ PRICE_FORM_CODE: '4' }, '[PRICE_FORM_CODE]值不在范围内'],
      [{ BIDDER_CODE_TYPE: '7' }, '外键值不匹配,[BIDDER_CODE_TYPE]字段的值域中不存在7'],
      [{ REGION_CODE: '449999' }, '[REGION_CODE]的行政区划码有误'],
    ];
    const r = () => receiver({ domains: { '2001': ['1', '2'] } });
    expect(cases.map(([fields]) => refusal(r().receive(edit(good, {}, fields))))).toEqual(
      cases.map(([, m]) => m),
    );
    expect(refusal(r().receive(good))).toBe('accepted');
  });

  it('refuses a child whose parent project was never reported', () => {
    expect(refusal(receiver({ tenderProjects: [] }).receive(good))).toBe('招标项目数据未上报，请先上报');
  });

  it('refuses an insert that repeats a stored record’s duplicate-check fields', () => {
    const r = receiver();
    const twin = edit(
      good,
      { DATA_KEY: `${good.TITLE.DATA_KEY.slice(0, 21)}X` },
      { BID_SECTION_CODE: `${tenderProjectCode}002` },
    );
    expect([r.receive(good), r.receive(twin)].map(refusal)).toEqual([
      'accepted',
      `[WIN_RESULT_ANNO]存在重复数据，重复DATA_KEY:${good.TITLE.DATA_KEY}，请确认！`,
    ]);
  });

  it('refuses an award over 30亿元 unless the tender project is listed', () => {
    const big = edit(good, {}, { BID_AMOUNT: '3000000000.01', PRICE_UNIT: '0', PRICE_FORM_CODE: '1' });
    expect(refusal(receiver().receive(big))).toBe('中标金额超过30亿元人民币，请联系客服人员');
    expect(refusal(receiver({ largeAwardProjects: [tenderProjectCode] }).receive(big))).toBe('accepted');
    expect(refusal(receiver().receive(edit(big, {}, { BID_AMOUNT: '300000', PRICE_UNIT: '1' })))).toBe(
      'accepted',
    );
  });

  it('checks UniqueValue on inserts and CannotModify on updates', () => {
    const spec = (base: DataSetSpec): DataSetSpec => ({
      ...base,
      fields: base.fields.map((f) =>
        f.name === 'URL'
          ? {
              ...f,
              validators: [
                ...f.validators,
                { ValidatorName: 'UniqueValue' },
                { ValidatorName: 'CannotModify' },
              ],
            }
          : f,
      ),
    });
    const base = toDataSpec(withNationalCodes(procurementFixtures['tender-announcement']), {
      context,
      version: 1,
    }).find((m) => m.dataNo === '551')!;
    const r = receiver({ dataSets: { '551': spec(v4DataSets['551']!) } });
    const insert = envelopeOf(base);
    const other = edit(
      insert,
      { DATA_KEY: `${insert.TITLE.DATA_KEY.slice(0, 21)}X` },
      { BULLETIN_TITLE: '另一公告' },
    );
    const update = edit(
      insert,
      { DATA_TYPE: '2', ROUTE_WAY: undefined },
      { URL: 'https://www.szggzy.com/other' },
    );
    expect([r.receive(insert), r.receive(other), r.receive(update)].map(refusal)).toEqual([
      'accepted',
      '[URL]在系统中已存在',
      '[URL]不能修改',
    ]);
  });
});

describe('ggzy and the receiver agree', () => {
  it.each([
    ['reported', [tenderProjectCode]],
    ['not reported', []],
  ])(
    'takes every message ggzy lets go and refuses every one it holds, the fixtures of five domains (parent %s)',
    (_, parents) => {
      const r = receiver({ tenderProjects: parents });
      const ledger = new DataKeyLedger({ reportedTenderProjects: parents });
      const outcomes: string[] = [];
      for (const draft of allFixtures) {
        for (const message of toDataSpec(withNationalCodes(draft), { context, version: 1 })) {
          const decision = ledger.decide(message);
          // What ggzy sends carries the DATA_TYPE the ledger chose (the second announcement of a
          // tender project updates its 501); a held message is offered as it was made.
          const reply = r.receive(envelopeOf(decision.outcome === 'send' ? decision.message : message));
          outcomes.push(
            `${message.dataNo} ${decision.outcome} ${reply.STATUS === '1' ? 'accepted' : 'refused'}`,
          );
        }
      }
      expect(outcomes.filter((o) => o.endsWith('send refused') || o.endsWith('hold accepted'))).toEqual([]);
      expect(outcomes.filter((o) => o.includes('send')).length).toBeGreaterThan(0);
    },
  );

  it('takes a whole 513 and its correction and withdrawal, with the DATA_TYPE the ledger chose', () => {
    const r = receiver();
    const ledger = new DataKeyLedger({ reportedTenderProjects: [tenderProjectCode] });
    // The first version came without the winner's 企业性质 and the 项目负责人's ID: held.
    const partial = (m: DataSpecMessage) => {
      const { BIDDER_PROPERTY: _p, PROJECT_LEAD_ID: _id, ...record } = m.record;
      return { ...m, record };
    };
    const notice = withNationalCodes(constructionFixtures.result);
    const versions = [
      ...toDataSpec(notice, { context, version: 1 }).map(partial),
      ...toDataSpec(notice, { context, version: 2 }),
      ...toDataSpec(notice, { context, version: 3 }),
      ...toDataSpec(notice, { context, version: 4, withdrawn: true }),
    ];
    const replies = versions.map((m) => {
      const d = ledger.decide(m);
      return d.outcome === 'send'
        ? `${d.message.messageType} ${refusal(r.receive(envelopeOf(d.message)))}`
        : d.outcome;
    });
    expect(replies).toEqual(['hold', 'insert accepted', 'update accepted', 'delete accepted']);
    expect(holdReasons(versions[0]!).map((h) => h.field)).toEqual(['BIDDER_PROPERTY', 'PROJECT_LEAD_ID']);
    expect(noticeSchema.safeParse(notice).success).toBe(true);
  });
});
