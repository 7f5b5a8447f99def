import type { z } from 'zod';

/**
 * A zod schema compiled into a plain validating parser for the records that pass it: the same
 * parse (trimmed strings, stripped unknown keys of non-strict objects, defaults filled, keys in
 * the schema's order) and every check and refinement of the schema, run as zod runs them, but
 * without building issues. On anything that does not pass it returns {@link FAIL} and the caller
 * asks zod itself, which then gives the exact issues — so rejects read as they always did, and
 * the fast parser only ever answers for records zod accepts (property-tested against zod in
 * packages/generator/src/normalize-fast-schema.test.ts).
 *
 * Why: zod's parse of the input format and of the canonical notice was half of a normalize
 * (docs/performance.md, "Normalizing"); most of it is the bookkeeping of issues and payloads
 * for records that have none. The compiled parser walks the schema definition zod keeps
 * (`schema._zod.def`) once, at compile time; a kind of node it does not know is handed to that
 * node's own zod parser, so a schema change can cost speed but never correctness.
 */

/** What a compiled parser returns for a value zod would not accept as it is. */
export const FAIL: unique symbol = Symbol('fast-schema.fail');
export type Fail = typeof FAIL;

type Parse = (value: unknown) => unknown;

interface Payload {
  value: unknown;
  issues: unknown[];
}

/** The parts of zod's internals (`schema._zod`) the compiler reads. */
interface Internals {
  def: Def;
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
  propValues?: Record<string, Set<unknown>>;
  check?: (payload: Payload) => unknown;
  run: (payload: Payload, ctx: { async: false }) => Payload | Promise<Payload>;
}

interface Def {
  type: string;
  checks?: Node[];
  coerce?: boolean;
  values?: unknown[];
  innerType?: Node;
  element?: Node;
  shape?: Record<string, Node>;
  catchall?: Node;
  options?: Node[];
  discriminator?: string;
  unionFallback?: boolean;
  inclusive?: boolean;
  defaultValue?: unknown;
  when?: (payload: Payload) => boolean;
}

interface Node {
  _zod: Internals;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A node the compiler does not mirror: zod's own parser for it, issues reduced to FAIL. */
function delegate(node: Node): Parse {
  const ctx = { async: false } as const;
  return (value) => {
    const result = node._zod.run({ value, issues: [] }, ctx);
    if (result instanceof Promise || result.issues.length > 0) return FAIL;
    return result.value;
  };
}

/** The checks zod runs after a node's parse: the node itself when it is a check (string formats), then `def.checks`. */
function checksOf(node: Node): Node[] {
  const own = node._zod.traits.has('$ZodCheck') ? [node] : [];
  return [...own, ...(node._zod.def.checks ?? [])];
}

type Step = (value: unknown) => unknown;

/** One check as a step from value to value (or FAIL): plain string tests inline, the rest through zod's own check. */
function stepOf(check: Node): Step {
  const internals = check._zod;
  const def = internals.def as Def & { tx?: (v: unknown) => unknown; minimum?: number; pattern?: RegExp };
  const when = def.when;
  const run = internals.check;
  if (run === undefined) return (v) => v;
  if (internals.traits.has('$ZodCheckOverwrite') && !when && def.tx) {
    const tx = def.tx;
    return (v) => tx(v);
  }
  const generic: Step = (v) => {
    const payload: Payload = { value: v, issues: [] };
    if (when && !when(payload)) return v;
    const result = run(payload);
    if (result instanceof Promise || payload.issues.length > 0) return FAIL;
    return payload.value;
  };
  const refinement = (def as { fn?: (v: unknown) => unknown }).fn;
  if (
    internals.traits.has('$ZodCustom') &&
    def.type === 'custom' &&
    !when &&
    typeof refinement === 'function'
  ) {
    // `.refine(fn)`: zod passes a value whose fn answers truthy (and not a promise), and leaves it as it is.
    return (v) => {
      const result = refinement(v);
      return result instanceof Promise || !result ? FAIL : v;
    };
  }
  if (internals.traits.has('$ZodCheckMinLength') && typeof def.minimum === 'number') {
    // zod counts code points only when the UTF-16 length is between the minimum and twice it.
    const minimum = def.minimum;
    return (v) => {
      if (typeof v !== 'string') return generic(v);
      if (v.length < minimum) return FAIL;
      return v.length >= minimum * 2 ? v : generic(v);
    };
  }
  const isoFormat =
    internals.traits.has('$ZodISODateTime') ||
    internals.traits.has('$ZodISODate') ||
    internals.traits.has('$ZodISOTime');
  if ((internals.traits.has('$ZodCheckRegex') || isoFormat) && !when && def.pattern) {
    // a regex check, or an ISO date/time format, whose check is its pattern (zod's $ZodCheckStringFormat)
    const pattern = def.pattern;
    return (v) => {
      pattern.lastIndex = 0;
      return pattern.test(v as string) ? v : FAIL;
    };
  }
  return generic;
}

/** Whether compiled parsers run every check of the schema, or only those of its shape (see {@link compileShape}). */
interface Mode {
  checks: boolean;
  /** the node whose own checks the shape parser leaves out (the schema it was asked for) */
  root?: Node;
}

function checksIn(node: Node, mode: Mode): Node[] {
  const checks = checksOf(node);
  if (mode.checks) return checks;
  if (node === mode.root) return checks.filter((check) => check._zod.traits.has('$ZodCheckOverwrite'));
  if (node._zod.def.type === 'string') return checks.filter(keptOnStrings);
  return checks;
}

/**
 * The checks a shape parser leaves out: those of strings (formats, patterns, refinements such as
 * a credit code's check character) but their lengths and transforms (`.trim()`), and the root's
 * own refinements (`noticeSchema`'s rules across parts, which the normalizer checks itself).
 * Those are what the domain's parsers made true of every value a builder writes; the rest
 * (numbers' bounds, lengths, an object's own refinements) is cheap and still runs, and a draft
 * that breaks one is handed to the full check.
 */
const KEPT_ON_STRINGS = [
  '$ZodCheckOverwrite',
  '$ZodCheckMinLength',
  '$ZodCheckMaxLength',
  '$ZodCheckLengthEquals',
];
const keptOnStrings = (check: Node): boolean => KEPT_ON_STRINGS.some((trait) => check._zod.traits.has(trait));

function withChecks(node: Node, parse: Parse, mode: Mode): Parse {
  const checks = checksIn(node, mode);
  if (checks.length === 0) return parse;
  const steps = checks.map(stepOf);
  if (steps.length === 1) {
    const only = steps[0]!;
    return (value) => {
      const parsed = parse(value);
      return parsed === FAIL ? FAIL : only(parsed);
    };
  }
  return (value) => {
    let v = parse(value);
    for (let i = 0; i < steps.length && v !== FAIL; i++) v = steps[i]!(v);
    return v;
  };
}

interface Field {
  key: string;
  parse: Parse;
  optin: 'optional' | 'defaulted' | undefined;
  optout: 'optional' | undefined;
  /** a plain `.optional()` without checks: an absent key is skipped without calling its parser */
  skippable: boolean;
}

function compileObject(node: Node, compile: (node: Node) => Parse, mode: Mode): Parse {
  const def = node._zod.def;
  const shape = def.shape ?? {};
  if (Object.getOwnPropertySymbols(shape).length > 0) return delegate(node);
  const catchall = def.catchall;
  const strict = catchall !== undefined && catchall._zod.def.type === 'never';
  if (catchall !== undefined && !strict) return delegate(node);
  const keys = Object.keys(shape);
  const keySet = new Set(keys);
  const fields: Field[] = keys
    .filter((key) => key !== '__proto__')
    .map((key) => {
      const field = shape[key]!;
      const skippable =
        field._zod.def.type === 'optional' &&
        checksIn(field, mode).length === 0 &&
        field._zod.def.innerType?._zod.optin !== 'defaulted';
      return {
        key,
        parse: compile(field),
        optin: field._zod.optin,
        optout: field._zod.optout,
        skippable,
      };
    });
  // The indices of the fields parsed whatever the record holds, and where each key's field is.
  const always = fields.flatMap((field, i) => (field.skippable ? [] : [i]));
  const fieldIndex = new Map(fields.map((field, i) => [field.key, i]));
  // `key in value` reads the prototype too: the shortcut below is only for keys no plain object inherits.
  const inherits = fields.some((field) => field.skippable && field.key in Object.prototype);

  // As zod's compiled object parser ($ZodObjectJIT): keys in shape order; an absent optional key
  // stays absent; a present one keeps even an undefined value; a default fills an absent key.
  const parseField = (
    value: Record<string, unknown>,
    out: Record<string, unknown>,
    field: Field,
  ): boolean => {
    const { key, parse, optin, optout } = field;
    const result = parse(value[key]);
    if (optin !== undefined && optout === 'optional') {
      const present = key in value;
      if (result === FAIL) return !present;
      if (optin === 'optional' ? present : result !== undefined || present) out[key] = result;
    } else if (optin === undefined) {
      if (result === FAIL || !(key in value)) return false;
      out[key] = result;
    } else {
      if (result === FAIL) return false;
      if (optin === 'defaulted' || result !== undefined || key in value) out[key] = result;
    }
    return true;
  };

  const everyField = (value: Record<string, unknown>): unknown => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      if (field.skippable && value[field.key] === undefined && !(field.key in value)) continue;
      if (!parseField(value, out, field)) return FAIL;
    }
    if (strict) for (const key in value) if (!keySet.has(key)) return FAIL;
    return out;
  };

  // A record names a few of a wide schema's optional keys (an input record 15 of 100): for a
  // plain object, walk its own keys to find the optional fields it has, then parse the fields in
  // shape order. (Own keys of a JSON or literal object are enumerable; for…in finds them all.)
  const presentFields = (value: Record<string, unknown>): unknown => {
    const present: number[] = [];
    for (const key in value) {
      const i = fieldIndex.get(key);
      if (i === undefined) {
        if (strict && !keySet.has(key)) return FAIL;
        continue;
      }
      if (fields[i]!.skippable) {
        // insertion into the sorted list: a record has few keys
        let at = present.length;
        present.push(i);
        while (at > 0 && present[at - 1]! > i) {
          present[at] = present[at - 1]!;
          at--;
        }
        present[at] = i;
      }
    }
    const out: Record<string, unknown> = {};
    let a = 0;
    let b = 0;
    while (a < always.length || b < present.length) {
      const i =
        b >= present.length || (a < always.length && always[a]! < present[b]!) ? always[a++]! : present[b++]!;
      if (!parseField(value, out, fields[i]!)) return FAIL;
    }
    return out;
  };

  return (value) => {
    if (!isObject(value)) return FAIL;
    if (!inherits && Object.getPrototypeOf(value) === Object.prototype) return presentFields(value);
    return everyField(value);
  };
}

function compileDiscriminated(node: Node, compile: (node: Node) => Parse): Parse {
  const def = node._zod.def;
  const discriminator = def.discriminator!;
  if (def.unionFallback) return delegate(node);
  const byValue = new Map<unknown, Parse>();
  for (const option of def.options ?? []) {
    const values = option._zod.propValues?.[discriminator];
    if (!values) return delegate(node);
    const parse = compile(option);
    for (const v of values) if (!byValue.has(v)) byValue.set(v, parse);
  }
  return (value) => {
    if (!isObject(value)) return FAIL;
    const parse = byValue.get(value[discriminator]);
    return parse === undefined ? FAIL : parse(value);
  };
}

/** The known node kinds, by zod's trait names (a subclass with other behaviour is delegated). */
const MIRRORED = new Set([
  '$ZodString',
  '$ZodStringFormat',
  '$ZodNumber',
  '$ZodNumberFormat',
  '$ZodBoolean',
  '$ZodLiteral',
  '$ZodEnum',
  '$ZodUnknown',
  '$ZodAny',
  '$ZodOptional',
  '$ZodNullable',
  '$ZodDefault',
  '$ZodArray',
  '$ZodObject',
  '$ZodObjectJIT',
  '$ZodUnion',
  '$ZodDiscriminatedUnion',
]);

function mirrored(node: Node): boolean {
  for (const trait of node._zod.traits) {
    // zod's classic wrappers (ZodString, _ZodString) add methods, not parsing
    if (!trait.startsWith('$Zod') || trait.startsWith('$ZodCheck') || trait === '$ZodType') continue;
    if (MIRRORED.has(trait)) continue;
    // string formats (url, ISO date-time, …) are strings whose format check runs as a check
    if (node._zod.def.type === 'string' && node._zod.traits.has('$ZodStringFormat')) continue;
    return false;
  }
  return true;
}

function compileNode(
  node: Node,
  compile: (node: Node) => Parse,
  mode: Mode,
  full: (node: Node) => Parse,
): Parse {
  const def = node._zod.def;
  if (!mirrored(node) || def.coerce) return delegate(node);
  switch (def.type) {
    case 'string':
      return withChecks(node, (v) => (typeof v === 'string' ? v : FAIL), mode);
    case 'number':
      return withChecks(node, (v) => (typeof v === 'number' && Number.isFinite(v) ? v : FAIL), mode);
    case 'boolean':
      return withChecks(node, (v) => (typeof v === 'boolean' ? v : FAIL), mode);
    case 'literal':
    case 'enum': {
      const values = node._zod.values;
      if (!values) return delegate(node);
      return withChecks(node, (v) => (values.has(v) ? v : FAIL), mode);
    }
    case 'unknown':
    case 'any':
      return withChecks(node, (v) => v, mode);
    case 'optional': {
      const innerNode = def.innerType!;
      const inner = compile(innerNode);
      const substitutes = innerNode._zod.optin === 'defaulted';
      return withChecks(node, (v) => (v === undefined && !substitutes ? undefined : inner(v)), mode);
    }
    case 'nullable': {
      const inner = compile(def.innerType!);
      return withChecks(node, (v) => (v === null ? null : inner(v)), mode);
    }
    case 'default': {
      const inner = compile(def.innerType!);
      // `defaultValue` is a getter that hands out a fresh copy each time.
      return withChecks(
        node,
        (v) => {
          if (v === undefined) return def.defaultValue;
          const result = inner(v);
          return result === undefined ? def.defaultValue : result;
        },
        mode,
      );
    }
    case 'array': {
      const element = compile(def.element!);
      return withChecks(
        node,
        (v) => {
          if (!Array.isArray(v)) return FAIL;
          const out = new Array<unknown>(v.length);
          for (let i = 0; i < v.length; i++) {
            const item = element(v[i]);
            if (item === FAIL) return FAIL;
            out[i] = item;
          }
          return out;
        },
        mode,
      );
    }
    case 'object':
      return withChecks(node, compileObject(node, compile, mode), mode);
    case 'union': {
      if (node._zod.traits.has('$ZodDiscriminatedUnion')) {
        return withChecks(node, compileDiscriminated(node, compile), mode);
      }
      if (def.inclusive === false) return delegate(node);
      // zod takes the first option that passes, checks and all: the options are compiled with
      // their checks in both modes, so the shape parser picks the option zod picks.
      const options = (def.options ?? []).map(full);
      return withChecks(
        node,
        (v) => {
          for (const option of options) {
            const result = option(v);
            if (result !== FAIL) return result;
          }
          return FAIL;
        },
        mode,
      );
    }
    default:
      return delegate(node);
  }
}

function compiler(mode: Mode, full: (node: Node) => Parse): (node: Node) => Parse {
  const compiled = new Map<Node, Parse>();
  const compile = (node: Node): Parse => {
    const known = compiled.get(node);
    if (known) return known;
    // A schema that refers to itself is parsed through a forward reference.
    let self: Parse | undefined;
    compiled.set(node, (v) => self!(v));
    self = compileNode(node, compile, mode, full);
    compiled.set(node, self);
    return self;
  };
  return compile;
}

const compileFull: (node: Node) => Parse = compiler({ checks: true }, (node) => compileFull(node));

/**
 * Compiles `schema`: the returned parser gives exactly what `schema.safeParse(value).data` would
 * for a value zod accepts, or {@link FAIL} (then ask zod, for its issues).
 */
export function compileSchema<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> | Fail {
  return compileFull(schema as unknown as Node) as (value: unknown) => z.output<S> | Fail;
}

/**
 * Compiles `schema` into its shape: the output zod would give (unknown keys of non-strict
 * objects stripped, defaults filled, strings trimmed, keys in the schema's order) without the
 * checks of strings and the root's refinements, which it does not run (see {@link checksIn}).
 * Types, enums, literals and strict objects still answer FAIL, and a plain union's options are
 * tried with their checks, so the option is the one zod takes. For a value zod accepts the
 * output is zod's; for one it rejects on a check it may be anything — so this is only for values
 * that are valid by construction (the normalizer's own drafts, property-tested in
 * packages/generator/src/normalize-fast-schema.test.ts).
 */
export function compileShape<S extends z.ZodType>(schema: S): (value: unknown) => z.output<S> | Fail {
  const root = schema as unknown as Node;
  return compiler({ checks: false, root }, compileFull)(root) as (value: unknown) => z.output<S> | Fail;
}
