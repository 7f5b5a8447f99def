/**
 * One clock (packages/domain/src/clock.ts): every instant ggzy writes carries +08:00. A
 * `toISOString()` writes UTC (`…Z`), and a `+ 8 * 3_600_000` is a private Shanghai clock; both
 * belong in the clock module only. Tests may write what they like.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const CLOCK = 'packages/domain/src/clock.ts';

const sources = execFileSync('git', ['ls-files', '-z', 'services/*/src/**', 'packages/*/src/**'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter((file) => /\.(ts|js|mjs)$/.test(file) && !/\.test\.ts$/.test(file) && file !== CLOCK);

const UTC_STAMPS: readonly [string, RegExp][] = [
  ['toISOString()', /\.toISOString\(\)/],
  ["replace('Z', …)", /\.replace\(\s*['"]Z['"]/],
  [
    'an 8-hour offset in milliseconds',
    /\b8\s*\*\s*(3_?600_?000|3_?600\s*\*\s*1_?000|60\s*\*\s*60\s*\*\s*1_?000)\b/,
  ],
];

describe('one clock', () => {
  it('finds the sources (git lists them)', () => {
    expect(sources.length).toBeGreaterThan(100);
    expect(sources).toContain('services/ingest/src/ingestor.ts');
  });

  it('no source outside the clock module writes a UTC stamp or keeps a Shanghai clock of its own', () => {
    const found = sources.flatMap((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return UTC_STAMPS.filter(([, pattern]) => pattern.test(text)).map(([what]) => `${file}: ${what}`);
    });
    expect(found).toEqual([]);
  });
});
