import fc from 'fast-check';
import { Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { partitionForKey } from './partitioner.ts';

// kafkajs' DefaultPartitioner is the Java client's murmur2 partitioner; ours must agree with it
// for every key, or records of one project could land on two partitions.
const reference = Partitioners.DefaultPartitioner();

function referencePartition(key: string, partitions: number): number {
  return reference({
    topic: 't',
    partitionMetadata: Array.from({ length: partitions }, (_, partitionId) => ({
      partitionId,
      leader: 1,
      partitionErrorCode: 0,
      replicas: [1],
      isr: [1],
    })),
    message: { key, value: null },
  });
}

describe('partitionForKey', () => {
  it('agrees with the Java-compatible default partitioner for project keys', () => {
    for (const key of ['440309:LHACG2025000057', '110000:BJ-2024-0001', '交易中心/招标项目', '']) {
      for (const partitions of [1, 3, 6, 12]) {
        expect(partitionForKey(key, partitions)).toBe(referencePartition(key, partitions));
      }
    }
  });

  it('agrees for arbitrary unicode keys and partition counts', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 60 }),
        fc.integer({ min: 1, max: 64 }),
        (key, partitions) => {
          expect(partitionForKey(key, partitions)).toBe(referencePartition(key, partitions));
        },
      ),
      { numRuns: 300 },
    );
  });
});
