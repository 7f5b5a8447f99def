import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classify, historiesFrom, Ledger, RecentHistories } from './ledger.ts';
import { planBatch } from './plan.ts';

describe('classify', () => {
  it('accepts a new id, numbers new content, and names the version a resent content matches', () => {
    const known = historiesFrom([
      { id: 'n', version: 1, contentHash: 'a' },
      { id: 'n', version: 2, contentHash: 'b' },
    ]);
    expect(classify(undefined, 'a')).toEqual({ outcome: 'accepted', version: 1 });
    expect(classify(known.get('n'), 'b')).toEqual({ outcome: 'duplicate', version: 2 });
    // The case: the head is a later correction, and the original comes again.
    expect(classify(known.get('n'), 'a')).toEqual({ outcome: 'duplicate', version: 1 });
    expect(classify(known.get('n'), 'c')).toEqual({ outcome: 'new-version', version: 3 });
  });

  it('counts on within a batch: a record and its correction answer 1 and 2, then both duplicates', () => {
    const ledger = new Ledger();
    expect(['a', 'b', 'a', 'b'].map((hash) => ledger.record('n', hash))).toEqual([
      { outcome: 'accepted', version: 1 },
      { outcome: 'new-version', version: 2 },
      { outcome: 'duplicate', version: 1 },
      { outcome: 'duplicate', version: 2 },
    ]);
  });
});

describe('RecentHistories', () => {
  it('merges what this process published with what is stored, and forgets the oldest id first', () => {
    const recent = new RecentHistories(2);
    recent.remember('x', 1, 'a');
    recent.remember('y', 1, 'a');
    recent.remember('y', 2, 'b');
    recent.remember('z', 1, 'a');
    const stored = historiesFrom([{ id: 'y', version: 1, contentHash: 'a' }]);
    const merged = recent.merge(stored, ['x', 'y', 'z']);
    expect(merged.has('x')).toBe(false);
    expect(merged.get('y')).toEqual({
      latest: 2,
      versions: new Map([
        ['a', 1],
        ['b', 2],
      ]),
    });
    expect(merged.get('z')?.latest).toBe(1);
  });
});

/** Sends of records (id, content), each batch possibly resent later, split at random points. */
const sends = fc.array(
  fc.record({ id: fc.constantFrom('p', 'q', 'r'), content: fc.constantFrom('a', 'b', 'c', 'd') }),
  { minLength: 1, maxLength: 30 },
);

describe('the ledger rule (property)', () => {
  it('stores the distinct contents of each id in first-seen order, whatever is resent and when', () => {
    fc.assert(
      fc.property(sends, fc.array(fc.nat(), { maxLength: 20 }), fc.nat(), (records, resendPicks, cut) => {
        // The stream: the records, with earlier records resent at random later points.
        const stream = [...records];
        for (const pick of resendPicks) {
          const at = pick % (stream.length + 1);
          stream.splice(at, 0, stream[pick % Math.max(1, at)] ?? stream[0]!);
        }
        // Processed in two batches, the second starting from what the first stored.
        const split = cut % (stream.length + 1);
        const stored: { id: string; version: number; contentHash: string }[] = [];
        for (const batch of [stream.slice(0, split), stream.slice(split)]) {
          const ledger = new Ledger(historiesFrom(stored));
          for (const { id, content } of batch) {
            const verdict = ledger.record(id, content);
            if (verdict.outcome !== 'duplicate')
              stored.push({ id, version: verdict.version, contentHash: content });
          }
        }
        for (const id of ['p', 'q', 'r']) {
          const firstSeen = [...new Set(stream.filter((r) => r.id === id).map((r) => r.content))];
          const versions = stored.filter((row) => row.id === id);
          expect(versions.map((row) => row.contentHash)).toEqual(firstSeen);
          expect(versions.map((row) => row.version)).toEqual(firstSeen.map((_, i) => i + 1));
        }
      }),
    );
  });
});

describe('planBatch', () => {
  const at = (offset: number) => ({ topic: 't', partition: 0, offset: String(offset) });
  const describeEvent = (event: { id: string; hash: string }) => ({ id: event.id, contentHash: event.hash });

  it('skips projected positions and classifies the rest in log order', () => {
    const plan = planBatch(
      [
        { event: { id: 'n', hash: 'a' }, position: at(0) },
        { event: { id: 'n', hash: 'b' }, position: at(1) },
        { event: { id: 'n', hash: 'a' }, position: at(2) },
      ],
      describeEvent,
      // The replayed event was stored as version 1 when it was first projected.
      historiesFrom([{ id: 'n', version: 1, contentHash: 'a' }]),
      new Set(['t/0/0']),
    );
    expect(plan.items.map((item) => item.outcome)).toEqual(['replay', 'version', 'duplicate']);
    expect(plan.versions[0]?.version).toBe(2);
    expect(plan.duplicates[0]?.version).toBe(1);
  });

  it('is idempotent: replanning a batch whose positions were all projected adds nothing', () => {
    fc.assert(
      fc.property(sends, (records) => {
        const events = records.map((r, i) => ({ event: { id: r.id, hash: r.content }, position: at(i) }));
        const first = planBatch(events, describeEvent, new Map(), new Set());
        const projected = new Set(events.map((e) => `t/0/${e.position.offset}`));
        const again = planBatch(events, describeEvent, new Map(), projected);
        expect(again.versions).toHaveLength(0);
        expect(first.items).toHaveLength(events.length);
      }),
    );
  });
});
