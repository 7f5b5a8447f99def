import { noticeInputSchema } from '@ggzy/domain';
import { z } from 'zod';

/**
 * A per-source column mapping for CSV and XLSX exports (docs/mappings.md): which column feeds
 * which input-format field, by configuration rather than code. Column headers are matched after
 * trimming and NFKC (full-width brackets in `中标金额（万元）` match either way).
 */

/** An input-format path: `title`, `awards[0].price`, `publicityPeriod.from`. */
const inputPath = z
  .string()
  .regex(/^[A-Za-z]+(\[\d+\])?(\.[A-Za-z]+(\[\d+\])?)*$/, 'an input-format path such as awards[0].price');

const columnTarget = z.union([
  inputPath,
  z.strictObject({
    to: inputPath,
    /** the unit of a bare number in this column (中标金额（万元）): appended before reading */
    unit: z.enum(['元', '万元']).optional(),
    /** split the cell into a list on this separator (评审专家: 张三、李四) */
    split: z.string().min(1).optional(),
    /** read the cell as a number (排序) or a yes/no (是否允许联合体投标: 是/否) instead of text */
    as: z.enum(['text', 'number', 'boolean']).default('text'),
  }),
]);
export type ColumnTarget = z.infer<typeof columnTarget>;

/** One party per row from a group of columns, emitted only when its name cell is filled. */
const partyColumns = z.strictObject({
  /** header of the name column */
  name: z.string().min(1),
  /** role ids or the Chinese role terms (中标人, 招标人, 代理机构 …): constants, not columns */
  roles: z.array(z.string().min(1)).min(1),
  creditCode: z.string().min(1).optional(),
  organizationCode: z.string().min(1).optional(),
  lotCode: z.string().min(1).optional(),
  rank: z.string().min(1).optional(),
  region: z.string().min(1).optional(),
  address: z.string().min(1).optional(),
  contact: z.string().min(1).optional(),
});

const inputFields = new Set(Object.keys(noticeInputSchema.shape));

export const mappingSchema = z
  .strictObject({
    ggzyMapping: z.literal(1),
    /** the source this mapping reads, e.g. `sz-procurement-result-export` */
    name: z.string().min(1),
    description: z.string().optional(),
    /** the text encoding of CSV files; GB18030 covers GBK and GB2312 exports */
    encoding: z.enum(['utf-8', 'gb18030']).default('utf-8'),
    delimiter: z.string().length(1).default(','),
    /** XLSX: the worksheet by name or 1-based position; the first by default */
    sheet: z.union([z.string().min(1), z.number().int().min(1)]).optional(),
    /** the 1-based row holding the headers; rows above it (a report title) are skipped */
    headerRow: z.number().int().min(1).default(1),
    /** headers whose values, joined by `:`, make the record id: stable across re-exports, unlike a row number */
    recordId: z.array(z.string().min(1)).min(1),
    /** input fields set on every record: domain, stage, region, platform, ggzyInput … */
    constants: z.record(inputPath, z.json()).default({}),
    /** header → the input field(s) its cells fill */
    columns: z.record(z.string().min(1), z.union([columnTarget, z.array(columnTarget).min(1)])).default({}),
    parties: z.array(partyColumns).default([]),
  })
  .superRefine((mapping, ctx) => {
    const targets = [
      ...Object.keys(mapping.constants).map((path) => ({ path, at: ['constants', path] })),
      ...Object.entries(mapping.columns).flatMap(([header, t]) =>
        (Array.isArray(t) ? t : [t]).map((x) => ({
          path: typeof x === 'string' ? x : x.to,
          at: ['columns', header],
        })),
      ),
    ];
    for (const { path, at } of targets) {
      const field = /^[A-Za-z]+/.exec(path)?.[0] ?? '';
      if (!inputFields.has(field)) {
        ctx.addIssue({ code: 'custom', path: at, message: `'${field}' is not a field of input format v1` });
      }
      if (field === 'parties' && mapping.parties.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: at,
          message: 'set parties either through columns or through the parties list, not both',
        });
      }
    }
  });
export type Mapping = z.infer<typeof mappingSchema>;
export type MappingInput = z.input<typeof mappingSchema>;

/** Parses a mapping file's JSON; problems come back as messages with their paths, not thrown. */
export function parseMapping(
  json: unknown,
): { ok: true; mapping: Mapping } | { ok: false; problems: string[] } {
  const parsed = mappingSchema.safeParse(json);
  if (parsed.success) return { ok: true, mapping: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(mapping)'}: ${i.message}`),
  };
}

/** Header comparison form: trimmed, NFKC (full-width brackets and digits), no inner spaces. */
export function headerKey(header: string): string {
  return header
    .replace(/^\ufeff/, '')
    .normalize('NFKC')
    .replace(/\s+/g, '');
}
