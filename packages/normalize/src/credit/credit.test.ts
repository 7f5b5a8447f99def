import { creditRecordId } from '@ggzy/domain';
import { describe, expect, it } from 'vitest';
import { applyWithdrawal, creditFrom302, creditFromJson, withdrawalsFrom303 } from './index.ts';

const context = { feed: 'ccgp-credit', centre: '中国政府采购网' };
const CODE = '91440300MA5G7Q1P0T';

const jinlong = {
  recordId: 'CG-2024-0315',
  listType: 'procurement-serious-violation',
  subject: { name: '深圳市金龙空调电器有限公司', creditCode: CODE },
  authority: '深圳市财政局',
  authorityRegion: '440300',
  documentNumber: '深财书〔2024〕112号',
  basis: '《中华人民共和国政府采购法》第七十七条第一款第（一）项',
  penalty: '列入不良行为记录名单，三年内禁止参加政府采购活动',
  decisionDate: '2024年3月15日',
};

describe('credit input (JSON)', () => {
  it('reads a record, derives its id and key, and gives a procurement entry its three years', () => {
    const [result] = creditFromJson({ ggzyCredit: 1, records: [jinlong] }, context);
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.record).toMatchObject({
      id: creditRecordId({ feed: 'ccgp-credit', recordId: 'CG-2024-0315' }),
      subject: { kind: 'organization', nameKey: '深圳市金龙空调电器有限公司', creditCode: CODE },
      decisionDate: '2024-03-15T00:00:00+08:00',
      validFrom: '2024-03-15T00:00:00+08:00',
      validUntil: '2027-03-14T00:00:00+08:00',
    });
  });

  it('rejects each bad record alone, with the path and rule', () => {
    const results = creditFromJson(
      [jinlong, { ...jinlong, recordId: 'x', listType: '黑名单', decisionDate: '某日' }],
      context,
    );
    expect(results[0]?.ok).toBe(true);
    expect(results[1]?.ok).toBe(false);
    if (results[1]?.ok !== false) return;
    expect(results[1].errors.map((e) => [e.path, e.rule])).toEqual([
      ['records[1].listType', 'credit.list-type'],
      ['records[1].decisionDate', 'datetime'],
    ]);
  });

  it('reads the optional publication date (公示日期) the 7-working-day rule needs', () => {
    const [dated, undated, before] = creditFromJson(
      [
        { ...jinlong, publishedAt: '2024年3月22日' },
        jinlong,
        { ...jinlong, recordId: 'CG-2024-0316', publishedAt: '2024-03-14' },
      ],
      context,
    );
    expect(dated?.ok && dated.record.publishedAt).toBe('2024-03-22T00:00:00+08:00');
    expect(undated?.ok && undated.record.publishedAt).toBeUndefined();
    expect(before?.ok).toBe(false);
    if (before?.ok !== false) return;
    expect(before.errors.map((e) => e.path)).toEqual(['publishedAt']);
  });

  it('refuses a whole person ID: credit lists are public', () => {
    const [result] = creditFromJson(
      [{ ...jinlong, subject: { kind: 'person', name: '张伟', maskedPersonId: '440303198001010015' } }],
      context,
    );
    expect(result?.ok).toBe(false);
  });
});

describe('data spec 302 / 303', () => {
  const row302 = {
    BLACKLIST_CODE: '0f6d2c1e-3b4a-4c5d-8e9f-0a1b2c3d4e5f',
    BODY_NAME: '深圳市金龙空调电器有限公司',
    BODY_CODE: CODE,
    BODY_TYPE: '1',
    BODY_ROLE: '02',
    RECORD_REASON: '提供虚假材料谋取中标、成交',
    RECORD_DATE: '20240315000000',
    GOVERNMENT: '深圳市财政局',
    DOCUMENT_CODE: '深财书〔2024〕112号',
    REVOCATION_STATUS: '0',
    CONFINED_ACTION: '01',
    SCOPE: '1',
  };

  it('reads BLACK_LIST rows with the list type of the feed', () => {
    const [result] = creditFrom302([row302], { ...context, listType: 'procurement-serious-violation' });
    expect(result?.ok).toBe(true);
    if (!result?.ok) return;
    expect(result.record).toMatchObject({
      authority: '深圳市财政局',
      validUntil: '2027-03-14T00:00:00+08:00',
    });
  });

  it('refuses a revoked row without its withdrawal, and applies a 303 withdrawal as a new version', () => {
    const [revoked] = creditFrom302([{ ...row302, REVOCATION_STATUS: '1' }], {
      ...context,
      listType: 'procurement-serious-violation',
    });
    expect(revoked?.ok).toBe(false);
    const [listed] = creditFrom302([row302], { ...context, listType: 'procurement-serious-violation' });
    const [withdrawal] = withdrawalsFrom303(
      [
        {
          BODY_NAME: row302.BODY_NAME,
          BODY_CODE: CODE,
          BLACKLIST_CODE: row302.BLACKLIST_CODE,
          REVOCATIONEASONS: '信用修复',
          GOVERNMENT: '深圳市财政局',
          DOCUMENT_CODE: '深财书〔2024〕301号',
          ROPOSER: '深圳市金龙空调电器有限公司',
          APPLICATION_DATE: '20240902000000',
        },
      ],
      context,
    );
    expect(listed?.ok && withdrawal?.ok).toBe(true);
    if (!listed?.ok || !withdrawal?.ok) return;
    expect(withdrawal.creditRecordId).toBe(listed.record.id);
    expect(applyWithdrawal(listed.record, withdrawal.withdrawal).withdrawal?.withdrawnAt).toBe(
      '2024-09-02T00:00:00+08:00',
    );
  });
});
