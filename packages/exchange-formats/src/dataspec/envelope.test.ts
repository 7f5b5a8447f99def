import { type Notice, noticeSchema } from '@ggzy/domain';
import { codes, constructionFixtures, org, procurementFixtures, ref } from '@ggzy/domain/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataSpecContext } from './context.ts';
import {
  DATA_KEY_LENGTH,
  type DataSpecEnvelope,
  envelopeXml,
  parseEnvelopeXml,
  toEnvelope,
} from './envelope.ts';
import { dataSpecTestPlatform } from './testing/notices.ts';
import { toDataSpec } from './to-dataspec.ts';
import { v4DataSets } from './v4-catalogue.ts';
import { validateDataSpec } from './validate.ts';

const platform = dataSpecTestPlatform;
const timestamp = '20240710093000';
const context: DataSpecContext = {
  noticeMedia: '深圳公共资源交易平台',
  bulletinDuty: '陈晓东',
  examiner: '林海燕',
  operator: '深圳公共资源交易中心数据组',
  codes: { 'NOTICE_NATURE.normal': '1', 'BULLETIN_TYPE.result': '3', 'PRICE_FORM_CODE.amount': '1' },
};

const tenderProjectCode = 'E4403090200000123001';
const lot = (n: number) => `${tenderProjectCode}00${n}`;
const dealCode = (n: number) => `${lot(n)}Z440300000000000`.padEnd(40, '0');

/** The school project tendered in two lots (施工 and 监理), as a platform feed sends it. */
function twoLots(draft: (typeof constructionFixtures)[keyof typeof constructionFixtures]): Notice {
  const d = structuredClone(draft) as Record<string, unknown> & { project: Record<string, unknown> };
  Object.assign(d.project, {
    tenderProjectCode,
    lots: [
      { lotCode: lot(1), lotName: '施工', unifiedDealCode: dealCode(1) },
      { lotCode: lot(2), lotName: '监理', unifiedDealCode: dealCode(2) },
    ],
  });
  if (Array.isArray(d.awards)) {
    const [first] = d.awards as Record<string, unknown>[];
    d.awards = [
      { ...first, lotCode: lot(1) },
      { ...first, lotCode: lot(2), price: { fen: 48_600_000, currency: 'CNY' } },
    ];
  }
  return noticeSchema.parse(d);
}

describe('toEnvelope', () => {
  const result = twoLots(constructionFixtures.result);
  const [first] = toDataSpec(result, { context, version: 1 });

  it('writes the TITLE the receiver checks and the five platform fields into the record', () => {
    const envelope = toEnvelope(first!, platform, timestamp);
    expect(envelope.TITLE).toEqual({
      DATA_KEY: expect.stringMatching(/^9120513[0-9A-F]{15}$/),
      DATA_NO: '513',
      DATA_EN: 'WIN_RESULT_ANNO',
      DATA_CN: '中标结果公告',
      DATA_TYPE: '1',
      ROUTE_WAY: '0',
      CA_KEY: platform.caKey,
    });
    expect(envelope.TITLE.DATA_KEY).toHaveLength(DATA_KEY_LENGTH);
    expect(envelope.CONTEXT).toMatchObject({
      ...first!.record,
      PLATFORM_CODE: platform.platformCode,
      PUB_SERVICE_PLAT_CODE: platform.pubServicePlatCode,
      DATA_TIMESTAMP: timestamp,
      TRADE_PLAT: platform.tradePlat,
      PUB_SERVICE_PLAT: platform.pubServicePlat,
    });
  });

  it('keeps the DATA_KEY of a record across versions; updates carry no ROUTE_WAY, deletes no CONTEXT', () => {
    const keys = (version: number, withdrawn = false) =>
      toDataSpec(result, { context, version, withdrawn }).map(
        (m) => toEnvelope(m, platform, timestamp).TITLE,
      );
    const inserted = keys(1);
    const updated = keys(2);
    const deleted = toDataSpec(result, { context, version: 3, withdrawn: true }).map((m) =>
      toEnvelope(m, platform, timestamp),
    );
    expect(updated.map((t) => t.DATA_KEY)).toEqual(inserted.map((t) => t.DATA_KEY));
    expect(updated.map((t) => [t.DATA_TYPE, t.ROUTE_WAY])).toEqual([
      ['2', undefined],
      ['2', undefined],
    ]);
    expect(deleted.map((e) => [e.TITLE.DATA_TYPE, e.TITLE.DATA_KEY, e.CONTEXT])).toEqual(
      inserted.map((t) => ['3', t.DATA_KEY, undefined]),
    );
    // Four-digit data sets would keep 14 characters of the record key: the length is always 22.
    expect(toEnvelope({ ...first!, dataNo: '9403' }, platform, timestamp).TITLE.DATA_KEY).toHaveLength(22);
  });
});

describe('one message per award, told apart by the receiver’s duplicate check', () => {
  it('gives each lot’s 513 its own DATA_KEY and duplicate-check values, within the field lengths', () => {
    const messages = toDataSpec(twoLots(constructionFixtures.result), { context, version: 1 });
    expect(messages.map((m) => m.record.BID_SECTION_CODE)).toEqual([lot(1), lot(2)]);
    expect(new Set(messages.map((m) => m.recordKey)).size).toBe(2);
    const repeatCols = v4DataSets['513']!.repeatCols;
    const tuples = messages.map((m) => JSON.stringify(repeatCols.map((c) => m.record[c])));
    expect(new Set(tuples).size).toBe(2);
    expect(messages[1]!.record.NOTICE_NAME).toBe(
      `${constructionFixtures.result.title}（标段（包）${lot(2)}）`,
    );
    for (const m of messages)
      expect(validateDataSpec('513', m.record).filter((p) => p.field === 'NOTICE_NAME')).toEqual([]);
  });

  it('names the winner too when one lot has two awards', () => {
    const d = structuredClone(procurementFixtures.result) as Record<string, unknown>;
    const [award] = d.awards as Record<string, unknown>[];
    const second = '深圳市华鼎建筑工程有限公司';
    d.parties = [
      ...(d.parties as unknown[]),
      org(second, [{ role: 'winner', lotCode: 'A' }], codes.builder2),
    ];
    d.awards = [award, { ...award, supplier: ref(second, codes.builder2) }];
    const messages = toDataSpec(noticeSchema.parse(d), { context, version: 1 });
    expect(messages.map((m) => m.dataNo)).toEqual(['553', '553']);
    expect(new Set(messages.map((m) => m.recordKey)).size).toBe(2);
    expect(messages[1]!.record.PURCHASE_PROJECT_NAME).toMatch(/（标段（包）A 深圳市华鼎建筑工程有限公司）$/);
  });

  it('joins the lots of an announcement with ";", each code checked for its own length', () => {
    const [project, announcement] = toDataSpec(twoLots(constructionFixtures['tender-announcement']), {
      context,
      version: 1,
    });
    // The tender project's 501 has no lot list: its lots are 502s.
    expect(project!.dataNo).toBe('501');
    expect(project!.record.UNIFIED_DEAL_CODE).toBeUndefined();
    expect(announcement!.record).toMatchObject({
      NOTICE_BID_NUM: '2',
      BID_SECTION_CODES: `${lot(1)};${lot(2)}`,
      UNIFIED_DEAL_CODES: `${dealCode(1)};${dealCode(2)}`,
    });
    const lengthProblems = (record: Record<string, string>) =>
      validateDataSpec('503', record)
        .filter((p) => p.validator === 'LengthMatch')
        .map((p) => p.field);
    expect(lengthProblems(announcement!.record)).toEqual([]);
    expect(lengthProblems({ ...announcement!.record, BID_SECTION_CODES: `${lot(1)},${lot(2)}` })).toEqual([
      'BID_SECTION_CODES',
    ]);
    expect(lengthProblems({ ...announcement!.record, BID_SECTION_CODES: `${lot(1)};E44` })).toEqual([
      'BID_SECTION_CODES',
    ]);
  });
});

describe('the XML form', () => {
  const [message] = toDataSpec(twoLots(constructionFixtures.result), { context, version: 1 });

  it('is <DES><CONTEXT/><TITLE/></DES> and reads back to the same envelope', () => {
    const envelope = toEnvelope(
      { ...message!, record: { ...message!.record, NOTICE_NAME: '龙华区<学校>建设工程 & 监理（第2次）' } },
      platform,
      timestamp,
    );
    const xml = envelopeXml(envelope);
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><DES><CONTEXT><TENDER_PROJECT_CODE>/);
    expect(xml).toContain('<NOTICE_NAME>龙华区&lt;学校&gt;建设工程 &amp; 监理（第2次）</NOTICE_NAME>');
    expect(xml).toContain('<TITLE><DATA_KEY>9120513');
    expect(parseEnvelopeXml(xml)).toEqual({ ok: true, envelope });
  });

  it('writes line ends as \\n, so the JSON and XML forms hold the same text', () => {
    const notice = twoLots(constructionFixtures.result);
    const [m] = toDataSpec(
      { ...notice, body: '第一标段：深圳市XX建设工程有限公司\r\n第二标段：同上\r' },
      { context, version: 1 },
    );
    expect(m!.record.NOTICE_CONTENT).toBe('第一标段：深圳市XX建设工程有限公司\n第二标段：同上\n');
    const envelope = toEnvelope(m!, platform, timestamp);
    expect(parseEnvelopeXml(envelopeXml(envelope))).toEqual({ ok: true, envelope });
  });

  it('carries a delete as a TITLE alone', () => {
    const envelope = toEnvelope({ ...message!, messageType: 'delete' }, platform, timestamp);
    const xml = envelopeXml(envelope);
    expect(xml).not.toContain('<CONTEXT>');
    expect(parseEnvelopeXml(xml)).toEqual({ ok: true, envelope });
  });

  it('refuses what is not an envelope', () => {
    expect(parseEnvelopeXml('<DES><CONTEXT><URL>x</URL></CONTEXT></DES>')).toEqual({
      ok: false,
      reason: 'XML中缺少title节点',
    });
    expect(parseEnvelopeXml('<DES><TITLE>').ok).toBe(false);
  });

  it('round-trips any text a record may hold (property)', () => {
    // XML 1.0 carries no control characters but tab and newline (a carriage return is read as a
    // newline: record() writes line ends as \n), no lone surrogates, no U+FFFE/U+FFFF.
    const text = fc.string({ unit: 'binary', maxLength: 40 }).map((s) =>
      // biome-ignore lint/suspicious/noControlCharactersInRegex: the characters XML 1.0 cannot carry
      s.replace(/[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/g, ''),
    );
    fc.assert(
      fc.property(text, text, (name, content) => {
        const envelope: DataSpecEnvelope = toEnvelope(
          { ...message!, record: { ...message!.record, NOTICE_NAME: name, NOTICE_CONTENT: content } },
          platform,
          timestamp,
        );
        const parsed = parseEnvelopeXml(envelopeXml(envelope));
        expect(parsed).toEqual({ ok: true, envelope });
      }),
    );
  });
});
