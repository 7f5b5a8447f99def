/**
 * Every setting docs/exchange.md names (its Configuration table) is one the configuration knows,
 * with the default the table states: the docs cannot promise a variable ggzy ignores.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { envSchema, loadConfig } from '@ggzy/runtime';
import { describe, expect, it } from 'vitest';

const doc = readFileSync(fileURLToPath(new URL('../../docs/exchange.md', import.meta.url)), 'utf8');
const table = doc.slice(doc.indexOf('## Configuration'));
const rows = [...table.matchAll(/^\| `(GGZY_[A-Z0-9_]+)`\s*\| ([^|]+)\|/gmu)].map((m) => ({
  name: m[1]!,
  default: m[2]!.trim(),
}));

describe('docs/exchange.md Configuration', () => {
  it('names only settings the configuration knows', () => {
    expect(rows.length).toBeGreaterThan(10);
    const known = Object.keys(envSchema.shape);
    expect(rows.map((r) => r.name).filter((name) => !known.includes(name))).toEqual([]);
  });

  it('states the defaults the configuration applies', () => {
    const parsed = envSchema.parse({}) as Record<string, unknown>;
    for (const row of rows) {
      const numeric = /^`(\d+)`$/u.exec(row.default);
      if (numeric) expect(parsed[row.name], row.name).toBe(Number(numeric[1]));
      const word = /^`([a-z]+)`$/u.exec(row.default);
      if (word) expect(parsed[row.name], row.name).toBe(word[1]);
      if (row.default.startsWith('unset')) expect(parsed[row.name], row.name).toBeUndefined();
    }
    expect(loadConfig({}).exchange.backoff).toEqual({ baseMs: 500, capMs: 300_000 });
  });
});
