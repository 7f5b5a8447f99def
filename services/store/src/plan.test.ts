import type { NoticeEvent } from '@ggzy/domain';
import { canonicalJson, noticeContentHash, noticeSchema } from '@ggzy/domain';
import { constructionFixtures } from '@ggzy/domain/fixtures';
import { historiesFrom } from '@ggzy/ledger';
import { describe, expect, it } from 'vitest';
import { amountYuan, type PositionedEvent, partyRoleRows, planVersions } from './plan.ts';

const base = noticeSchema.parse(constructionFixtures.result);

function event(offset: number, patch: Partial<typeof base> = {}): PositionedEvent {
  const data = { ...base, ...patch } as NoticeEvent['data'];
  return {
    event: {
      id: `e${offset}`,
      type: 'notice',
      schemaVersion: 1,
      source: { centre: '深圳市公共资源交易中心', feed: 'sz', recordId: 'LHACG2025000057' },
      occurredAt: '2025-05-27T20:20:00+08:00',
      receivedAt: '2025-05-28T09:00:00+08:00',
      key: '440309:LHACG2025000057',
      data,
      rawHash: `sha256:${'0'.repeat(64)}`,
    },
    position: { topic: 'ggzy.notice.construction.v1', partition: 2, offset: String(offset) },
  };
}

describe('canonicalJson', () => {
  it('ignores key order and undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe(canonicalJson({ a: [{ d: 2 }], b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });
});

describe('planVersions', () => {
  it('numbers new content 1, 2, 3 and drops exact re-sends as duplicates', () => {
    const corrected = { title: `${base.title}（更正）` };
    const plan = planVersions(
      [event(0), event(1), event(2, corrected), event(3, corrected)],
      new Map(),
      new Set(),
    );
    expect(plan.versions.map((v) => [v.position.offset, v.version])).toEqual([
      ['0', 1],
      ['2', 2],
    ]);
    expect(plan.duplicates.map((d) => d.position.offset)).toEqual(['1', '3']);
  });

  it('continues from the stored head and skips positions already projected', () => {
    const known = historiesFrom([{ id: base.id, version: 4, contentHash: noticeContentHash(base) }]);
    const plan = planVersions(
      [event(10), event(11, { title: '新标题' }), event(12, { title: '新标题' })],
      known,
      new Set(['ggzy.notice.construction.v1/2/11']),
    );
    expect(plan.duplicates.map((d) => d.position.offset)).toEqual(['10']);
    expect(plan.replays.map((d) => d.position.offset)).toEqual(['11']);
    expect(plan.versions.map((v) => v.version)).toEqual([5]);
  });

  it('treats an older content sent again after a correction as a duplicate of its version (a resend)', () => {
    const plan = planVersions([event(0), event(1, { title: '更正后标题' }), event(2)], new Map(), new Set());
    expect(plan.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(plan.duplicates.map((d) => [d.position.offset, d.version])).toEqual([['2', 1]]);
  });

  it('is a no-op on a full replay', () => {
    const events = [event(0), event(1, { title: 'x' })];
    const first = planVersions(events, new Map(), new Set());
    const projected = new Set(
      events.map((e) => `${e.position.topic}/${e.position.partition}/${e.position.offset}`),
    );
    const known = historiesFrom(
      first.versions.map((v) => ({ id: base.id, version: v.version, contentHash: v.contentHash })),
    );
    const replay = planVersions(events, known, projected);
    expect(replay.versions).toHaveLength(0);
    expect(replay.replays).toHaveLength(2);
  });
});

describe('partyRoleRows', () => {
  it('lists each party role once, keyed by credit code where known', () => {
    const rows = partyRoleRows(base);
    expect(rows.length).toBeGreaterThan(0);
    const keys = rows.map((r) => `${r.partyKey}|${r.role}|${r.lotCode}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const party of base.parties) {
      const expected = party.identifiers.creditCode
        ? `cc:${party.identifiers.creditCode}`
        : `nk:${party.nameKey}`;
      expect(rows.some((r) => r.partyKey === expected)).toBe(true);
    }
  });
});

describe('amountYuan', () => {
  it('is the headline amount as an exact decimal, or null', () => {
    expect(amountYuan(base)).toBe('32987600.00');
    expect(amountYuan(noticeSchema.parse(constructionFixtures.change))).toBeNull();
    expect(amountYuan({ ...base, awards: [] } as NoticeEvent['data'])).toBeNull();
  });
});
