import { describe, expect, it } from 'vitest';
import { clusterId } from './broker.ts';

describe('clusterId', () => {
  it('is a 22-character URL-safe base64 id that never starts with a dash', () => {
    for (let i = 0; i < 5_000; i += 1) {
      const id = clusterId();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    }
  });
});
