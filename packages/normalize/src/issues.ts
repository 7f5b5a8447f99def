import type { Rejection } from '@ggzy/domain';
import type { z } from 'zod';
import { formatPath, rejection } from './result.ts';

/** The value at a zod issue's path in the record, for the report. */
function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * zod issues as rejections, one per problem: an unknown key is reported at its own path (so a
 * typo such as `projectcode` points at itself), a missing value has rule `required`, anything
 * else rule `schema` (input shape) or the given rule (the canonical gate).
 */
export function issuesToRejections(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  options: { rule: string; mapPath?: (path: readonly PropertyKey[]) => string } = { rule: 'schema' },
): Rejection[] {
  const show = options.mapPath ?? formatPath;
  const out: Rejection[] = [];
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        out.push(
          rejection(
            show(path),
            'schema.unknown-field',
            `unknown field '${key}': not in input format v1 (a typo?)`,
            valueAt(root, path),
          ),
        );
      }
      continue;
    }
    const value = valueAt(root, issue.path);
    const missing = issue.code === 'invalid_type' && value === undefined;
    out.push(rejection(show(issue.path), missing ? 'required' : options.rule, issue.message, value));
  }
  return out;
}

/**
 * The input path a canonical path came from, where the builder renamed or moved it, so that a
 * canonical-gate problem points at the field the feed sent.
 */
export function canonicalToInputPath(domain: string, path: readonly PropertyKey[]): string {
  const [head, ...rest] = path;
  if (head === 'project' && rest.length > 0) return canonicalToInputPath(domain, rest);
  if (head === 'tenderMethod') return 'method';
  if ((head === 'deals' || head === 'results') && typeof rest[0] === 'number') {
    const list = domain === 'mining' ? 'tracts' : 'parcels';
    return formatPath([list, rest[0], ...renameLeaf(rest.slice(1))]);
  }
  if ((head === 'candidates' || head === 'awards') && typeof rest[0] === 'number') {
    const leaf = rest.slice(1);
    // A procurement award's amount was sent as the award's price.
    if (head === 'awards' && leaf[0] === 'amount') return formatPath([head, rest[0], 'price']);
    if (head === 'awards' && leaf[0] === 'otherAmount') return formatPath([head, rest[0], 'otherPrice']);
    return formatPath([head, rest[0], ...renameLeaf(leaf)]);
  }
  return formatPath([head ?? '', ...renameLeaf(rest)]);
}

const LEAF_RENAMES: Record<string, string> = {
  areaM2: 'area',
  areaKm2: 'area',
  totalAreaM2: 'totalArea',
  tractName: 'name',
};

function renameLeaf(path: readonly PropertyKey[]): PropertyKey[] {
  const [first, ...rest] = path;
  if (first === undefined) return [];
  // A party reference in a stage field is filled from the name the feed sent.
  if (first === 'bidder' || first === 'winner' || first === 'supplier') return ['name'];
  if (typeof first === 'string' && LEAF_RENAMES[first]) return [LEAF_RENAMES[first], ...rest];
  return [first, ...rest];
}

/** True when `path` is `outer` or lies inside it. */
export function isWithin(path: string, outer: string): boolean {
  return path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);
}
