/**
 * Every PostgreSQL advisory lock key ggzy takes is its own. Two uses of one key wait on each other:
 * the embedded server's tenant lock (held shared for a process's life) once shared its key with the
 * audit chain's append (migration 0016), and every audited request of the default mode waited for
 * ever (issue #18's listed-winner test hung on it). Single-key locks (one bigint) and the first key
 * of two-key locks (two ints) are separate spaces in pg_locks, so each is checked on its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.') || entry.name === 'dist') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    if (entry.name.endsWith('.test.ts')) return [];
    return /\.(ts|sql)$/.test(entry.name) ? [path] : [];
  });
}

const files = ['packages', 'services'].flatMap((folder) => sourceFiles(join(root, folder)));

interface Use {
  key: string;
  where: string;
}

/** Single-key locks: `*_LOCK = n` constants and `pg_advisory*lock(n)` literals. */
const SINGLE = [
  /\b[A-Z_]+_LOCK\s*=\s*([0-9_]+)\s*;/g,
  /pg_(?:try_)?advisory_(?:xact_)?lock(?:_shared)?\(\s*([0-9_]+)\s*\)/g,
];
/** Two-key locks' first key: `*_LOCK_CLASS = n` constants and `pg_advisory*lock(n, …)` literals. */
const CLASS = [
  /\b[A-Z_]+_LOCK_CLASS\s*=\s*([0-9_]+)\s*;/g,
  /pg_(?:try_)?advisory_(?:xact_)?lock(?:_shared)?\(\s*([0-9_]+)\s*,/g,
];

function uses(patterns: readonly RegExp[]): Use[] {
  return files.flatMap((file) => {
    const text = readFileSync(file, 'utf8');
    return patterns.flatMap((pattern) =>
      [...text.matchAll(pattern)].map((match) => ({
        key: match[1]!.replaceAll('_', ''),
        where: `${relative(root, file)}:${text.slice(0, match.index).split('\n').length}`,
      })),
    );
  });
}

function clashes(found: readonly Use[]): Record<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const use of found) byKey.set(use.key, [...(byKey.get(use.key) ?? []), use.where]);
  return Object.fromEntries([...byKey].filter(([, where]) => where.length > 1));
}

describe('advisory lock keys', () => {
  it('finds the known locks (the scan still reads them)', () => {
    const single = uses(SINGLE).map((u) => u.key);
    expect(single).toEqual(expect.arrayContaining(['7424770611', '7424770612', '7424770620']));
    expect(uses(CLASS).map((u) => u.key)).toEqual(
      expect.arrayContaining(['72431906', '72431907', '72431908']),
    );
  });

  it('gives each single-key lock its own key', () => {
    expect(clashes(uses(SINGLE))).toEqual({});
  });

  it('gives each two-key lock its own first key', () => {
    expect(clashes(uses(CLASS))).toEqual({});
  });
});
