import { alertId, type CreditRecord, creditContentHash, noticeSchema } from '@ggzy/domain';
import { codes, creditRecord as fixtureRecord, procurementFixtures } from '@ggzy/domain/fixtures';
import { historiesFrom } from '@ggzy/ledger';
import { buildSubjectIndex } from '@ggzy/matching';
import { describe, expect, it } from 'vitest';
import { buildAlert, matchNoticeParties, principalRole } from './alerts.ts';
import { planCreditVersions } from './credit-plan.ts';

const record = fixtureRecord as CreditRecord;

describe('alert content', () => {
  it('names the role that matters most when a party holds several', () => {
    expect(principalRole({ roles: [{ role: 'candidate', rank: 1 }, { role: 'winner' }] })).toBe('winner');
    expect(principalRole({ roles: [{ role: 'tenderer' }, { role: 'buyer' }] })).toBe('buyer');
  });
});

describe('matching a notice', () => {
  const notice = noticeSchema.parse(procurementFixtures.result);
  const index = buildSubjectIndex([record]);

  it('finds the listed supplier with certain evidence, and builds a valid alert', () => {
    const hits = matchNoticeParties(index, notice, () => true);
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ partyKey: `cc:${codes.supplier}`, hit: { level: 'certain' } });
    const alert = buildAlert({ id: notice.id, projectKey: 'p-1' }, hits[0]!, '2024-06-04T10:00:00+08:00');
    expect(alert).toMatchObject({
      status: 'open',
      creditRecordId: record.id,
      partyRef: { noticeId: notice.id },
    });
    expect(alert.id).toBe(alertId(`cc:${codes.supplier}`, record.id, 'p-1'));
  });

  it('drops hits on records the date rule says are not active', () => {
    expect(matchNoticeParties(index, notice, () => false)).toEqual([]);
  });
});

describe('credit versions', () => {
  const event = (offset: string, data: CreditRecord) => ({
    event: {
      id: `e${offset}`,
      type: 'credit-record' as const,
      schemaVersion: 1 as const,
      source: data.source,
      occurredAt: data.decisionDate,
      receivedAt: '2024-03-16T09:00:00+08:00',
      key: codes.supplier,
      data,
      rawHash: `sha256:${'0'.repeat(64)}`,
    },
    position: { topic: 'ggzy.credit.v1', partition: 0, offset },
  });
  const withdrawn: CreditRecord = {
    ...record,
    withdrawal: { withdrawnAt: '2024-09-01T00:00:00+08:00', reason: '信用修复', authority: '深圳市财政局' },
  };

  it('makes a withdrawal a new version, a re-send a duplicate, a replay nothing', () => {
    const plan = planCreditVersions(
      [event('0', record), event('1', record), event('2', withdrawn)],
      new Map(),
      new Set(['ggzy.credit.v1/0/1']),
    );
    expect(plan.versions.map((v) => [v.position.offset, v.version])).toEqual([
      ['0', 1],
      ['2', 2],
    ]);
    expect(plan.replays).toHaveLength(1);
    const again = planCreditVersions(
      [event('3', withdrawn)],
      historiesFrom([{ id: record.id, version: 2, contentHash: creditContentHash(withdrawn) }]),
      new Set(),
    );
    expect(again.duplicates.map((d) => d.version)).toEqual([2]);
  });
});
