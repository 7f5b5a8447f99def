/**
 * The OCDS merge routine (OCDS 1.1 "Merging": https://standard.open-contracting.org/1.1/en/schema/merging/):
 * the releases of one contracting process (one ocid), applied oldest first, make its compiled
 * release — the current state of the process — and optionally its versioned release.
 *
 * Rules, as the standard and its reference implementation (ocdsmerge) apply them:
 * - releases are sorted by `date` (a stable sort: equal dates keep publication order);
 * - `id`, `date` and `tag` of a release are `omitWhenMerged`; the compiled release gets
 *   `id` = `${ocid}-${latest date}`, `date` = the latest date and `tag` = ['compiled'];
 * - objects merge field by field, recursively; a later value replaces an earlier one;
 * - `null` removes the field (the standard's way for a publisher to retract a value);
 * - an array of objects merges by each object's `id` (identifier merge), keeping the order in
 *   which ids first appeared; two objects with one id in the same release: the last wins;
 * - an array of anything else, or one marked `wholeListMerge` in the schema, is replaced whole.
 */
import type { Release } from './types.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** Paths (field names joined with `.`, array levels left out) of arrays the schema marks `wholeListMerge`. */
export type MergeRules = { wholeListMerge: ReadonlySet<string> };

/**
 * The `wholeListMerge` paths of release-schema.json 1.1.5, as `mergeRulesFromSchema` reads them
 * from the official schema (ocds.test.ts checks the two agree).
 */
export const releaseMergeRules: MergeRules = {
  wholeListMerge: new Set(
    [
      'parties',
      'buyer',
      'tender.procuringEntity',
      'tender.tenderers',
      'awards.suppliers',
      'contracts.implementation.transactions.payer',
      'contracts.implementation.transactions.payee',
    ]
      .map((org) => `${org}.additionalIdentifiers`)
      .concat(
        ['tender.items', 'awards.items', 'contracts.items'].map((i) => `${i}.additionalClassifications`),
      ),
  ),
};

/** Reads the merge rules from a release schema: walks properties, items and `$ref`s to definitions. */
export function mergeRulesFromSchema(schema: unknown): MergeRules {
  const root = schema as SchemaNode;
  const found = new Set<string>();
  const walk = (node: SchemaNode, path: string[], seen: ReadonlySet<string>): void => {
    if (node.$ref !== undefined) {
      const name = node.$ref.replace('#/definitions/', '');
      const target = root.definitions?.[name];
      if (target && !seen.has(name)) walk(target, path, new Set([...seen, name]));
      return;
    }
    if (node.wholeListMerge === true) found.add(path.join('.'));
    for (const [key, child] of Object.entries(node.properties ?? {})) walk(child, [...path, key], seen);
    if (node.items && !Array.isArray(node.items)) walk(node.items, path, seen);
  };
  walk(root, [], new Set());
  return { wholeListMerge: found };
}

type SchemaNode = {
  $ref?: string;
  wholeListMerge?: boolean;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode | SchemaNode[];
  definitions?: Record<string, SchemaNode>;
};

const OMIT_WHEN_MERGED = new Set(['id', 'date', 'tag']);

/** Releases oldest first; the sort is stable, so releases of one date keep their given order. */
export function sortReleases<R extends { date: string }>(releases: readonly R[]): R[] {
  return releases
    .map((release, index) => ({ release, index, at: Date.parse(release.date) }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((entry) => entry.release);
}

/**
 * The compiled release of the releases of one ocid. Throws a TypeError when the releases are
 * empty or mix ocids: the caller groups releases by ocid, so either is a bug, not bad input.
 */
export function compileReleases(
  releases: readonly Release[],
  rules: MergeRules = releaseMergeRules,
): Release {
  const sorted = sortReleases(releases);
  const last = sorted.at(-1);
  if (last === undefined) throw new TypeError('compileReleases: no releases');
  if (sorted.some((r) => r.ocid !== last.ocid))
    throw new TypeError('compileReleases: releases of several ocids');
  let merged: JsonObject = {};
  for (const release of sorted)
    merged = mergeObject(merged, strip(release as unknown as JsonObject), [], rules);
  return {
    tag: ['compiled'],
    id: `${last.ocid}-${last.date}`,
    date: last.date,
    ...merged,
    ocid: last.ocid,
  } as unknown as Release;
}

function strip(release: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(release).filter(([key]) => !OMIT_WHEN_MERGED.has(key)));
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeObject(base: JsonObject, update: JsonObject, path: string[], rules: MergeRules): JsonObject {
  const out: JsonObject = { ...base };
  for (const [key, value] of Object.entries(update)) {
    const at = [...path, key];
    if (value === null) delete out[key];
    else out[key] = mergeValue(out[key], value, at, rules);
  }
  return out;
}

function mergeValue(base: Json | undefined, update: Json, path: string[], rules: MergeRules): Json {
  if (isObject(update)) return mergeObject(isObject(base) ? base : {}, update, path, rules);
  if (Array.isArray(update) && isIdentifierMerged(update, path, rules)) {
    return mergeById(Array.isArray(base) ? base : [], update as JsonObject[], path, rules);
  }
  return update;
}

function isIdentifierMerged(list: Json[], path: string[], rules: MergeRules): boolean {
  return list.length > 0 && list.every(isObject) && !rules.wholeListMerge.has(path.join('.'));
}

/** Identifier merge: objects match on `id` (compared as strings, since ids may be integers). */
function mergeById(base: Json[], update: JsonObject[], path: string[], rules: MergeRules): Json[] {
  const byId = new Map<string, JsonObject>();
  base.forEach((item, index) => {
    if (isObject(item)) byId.set(idOf(item, index), item);
  });
  update.forEach((item, index) => {
    const id = idOf(item, index);
    byId.set(id, mergeObject(byId.get(id) ?? {}, item, path, rules));
  });
  return [...byId.values()];
}

// An object without an id is keyed by its position, as ocdsmerge does; OCDS requires `id` on
// objects in arrays, so this only keeps malformed input from collapsing into one object.
function idOf(item: JsonObject, index: number): string {
  const id = item.id;
  return typeof id === 'string' || typeof id === 'number' ? `id:${id}` : `index:${index}`;
}
