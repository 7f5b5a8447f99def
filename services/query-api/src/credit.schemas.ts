import { alertStatuses, checkRegionCode, creditListTypes, matchLevels } from '@ggzy/domain';
import { z } from 'zod';

/** Shapes of the credit and alert routes (also what /openapi.json publishes). */

/**
 * An instant: ISO 8601 with an offset, or a date, in year 0001 or later (PostgreSQL has no year
 * 0: `publishedFrom=0000-01-01` was a 500). The one parameter shape of every route's time bound.
 */
export const instantParam = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .refine((value) => Number(value.slice(0, 4)) >= 1, 'the year must be 0001 or later');

/** A six-digit GB/T 2260 code; as a filter, a province or city covers what is inside it. */
export const regionParam = z
  .string()
  .refine((code) => checkRegionCode(code).ok, 'not a current GB/T 2260 region code');

export const creditRecordStatuses = ['active', 'not-yet-valid', 'expired', 'withdrawn'] as const;
export const alertDirections = ['notice', 'record'] as const;
export const alertEventKinds = ['raised', 'sighted', 'confirmed', 'dismissed', 'closed'] as const;

const dateTime = z.string().describe('ISO 8601, Asia/Shanghai offset');

const creditRecordViewSchema = z
  .object({
    id: z.string().describe('c_ and 32 hex digits'),
    listType: z.enum(creditListTypes),
    listLabel: z.string().describe('the list in Chinese, e.g. 政府采购严重违法失信行为记录'),
    subject: z.object({
      kind: z.enum(['organization', 'person']),
      name: z.string(),
      nameKey: z.string(),
      creditCode: z.string().optional(),
      organizationCode: z.string().optional(),
      maskedPersonId: z.string().optional().describe('credit lists carry masked IDs only'),
    }),
    authority: z.string().describe('执法/认定单位'),
    authorityRegion: z.string().optional().describe('display only: an entry counts everywhere'),
    documentNumber: z.string().optional(),
    reason: z.string().optional().describe('违法失信行为'),
    basis: z.string().optional().describe('处罚依据'),
    penalty: z.string().describe('处罚结果'),
    decisionDate: dateTime,
    publishedAt: dateTime
      .optional()
      .describe('公示(上网公开)日期; the 7-working-day rule runs from decisionDate to it'),
    validFrom: dateTime,
    validUntil: dateTime.optional().describe('last restricted day, inclusive; absent: until withdrawn'),
    restrictedActions: z.array(z.string()),
    withdrawal: z
      .object({
        withdrawnAt: dateTime,
        reason: z.string(),
        authority: z.string(),
        documentNumber: z.string().optional(),
      })
      .optional()
      .describe('撤销/移出: restricts no more from withdrawnAt on'),
    source: z.object({
      centre: z.string(),
      feed: z.string(),
      recordId: z.string(),
      url: z.string().optional(),
    }),
  })
  .meta({ id: 'CreditRecord' });

const statusSchema = z
  .enum(creditRecordStatuses)
  .describe('on the date asked about: active, not-yet-valid, expired, or withdrawn');

const evidenceSchema = z.object({
  field: z.string().describe('what was compared: creditCode, organizationCode, nameKey, personId …'),
  ours: z.string().optional().describe('the value asked about (or the notice party’s)'),
  theirs: z.string().optional().describe("the credit record's value"),
  outcome: z.enum(['match', 'differ', 'partial']),
});

const creditHitSchema = z
  .object({
    recordId: z.string(),
    level: z.enum(matchLevels).describe('certain (a code agrees), probable, review (a person must check)'),
    score: z.number().describe('0..1'),
    reason: z.string(),
    evidence: z.array(evidenceSchema),
    active: z.boolean().describe('whether the record restricted the party on the date asked about'),
    status: statusSchema,
    record: creditRecordViewSchema,
  })
  .meta({ id: 'CreditHit' });

export const creditCheckSchema = z
  .object({
    on: z.string().describe('the instant checked'),
    listed: z
      .boolean()
      .describe(
        '列入名单: at least one certain or probable hit restricted the party then; review-level hits ' +
          '(namesakes, a person by name alone) are similar records for a person to check and do not count',
      ),
    hits: z.array(creditHitSchema).describe('records restricting the party on that date, strongest first'),
    inactive: z
      .array(creditHitSchema)
      .describe('records naming the party that did not restrict it then (not yet valid, expired, withdrawn)'),
  })
  .meta({ id: 'CreditCheck' });

const creditRecordItemSchema = creditRecordViewSchema
  .extend({ version: z.number().int(), status: statusSchema })
  .meta({ id: 'CreditRecordItem' });

export const creditRecordPageSchema = z.object({
  items: z.array(creditRecordItemSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

/** One difference between two versions (diff.ts); as notices' `changeSchema`, kept here so the two files need not import each other. */
const changeSchema = z.object({
  path: z.string().describe('JSON path into the credit record, e.g. $.withdrawal.withdrawnAt'),
  op: z.enum(['added', 'removed', 'changed']),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});

export const creditRecordDetailSchema = z
  .object({
    id: z.string(),
    version: z.number().int(),
    status: statusSchema.describe('now'),
    record: creditRecordViewSchema.describe('the current version'),
    versions: z.array(
      z.object({
        version: z.number().int(),
        contentHash: z.string(),
        receivedAt: z.string(),
        storedAt: z.string(),
        record: creditRecordViewSchema,
      }),
    ),
    changes: z.array(
      z.object({
        fromVersion: z.number().int(),
        toVersion: z.number().int(),
        changes: z.array(changeSchema),
      }),
    ),
  })
  .meta({ id: 'CreditRecordDetail' });

const alertSchema = z
  .object({
    id: z.string(),
    status: z.enum(alertStatuses),
    matchLevel: z.enum(matchLevels),
    score: z.number(),
    direction: z
      .enum(alertDirections)
      .describe('notice: a notice named a listed party; record: a new record hit an open project'),
    region: z.string().describe('region of the notice'),
    raisedAt: dateTime,
    party: z.object({
      id: z.string().describe('the party profile id: cc:<credit code> or nk:<name key>'),
      name: z.string(),
      role: z.string().describe('its role in the notice that raised the alert'),
      creditCode: z.string().optional(),
    }),
    noticeId: z.string(),
    noticeTitle: z.string().nullable(),
    projectKey: z.string(),
    evidence: z.array(evidenceSchema),
    review: z.object({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
    closure: z
      .object({ at: z.string(), cause: z.enum(['withdrawn', 'expired']), reason: z.string() })
      .nullable()
      .describe(
        'when and why the record stopped restricting the party (withdrawn, expired); null while it does',
      ),
    record: creditRecordViewSchema,
  })
  .meta({ id: 'Alert' });

export const alertPageSchema = z.object({
  items: z.array(alertSchema),
  nextCursor: z.string().nullable().describe('pass as `cursor` for the next page; null on the last page'),
});

export const alertDetailSchema = alertSchema
  .extend({
    events: z.array(
      z.object({
        seq: z.number().int(),
        kind: z.enum(alertEventKinds),
        actor: z.string().describe('who: the matcher, or the reviewing key'),
        at: z.string(),
        reason: z.string(),
        noticeId: z.string().nullable(),
        role: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'AlertDetail' });

export const partyCreditSchema = creditCheckSchema
  .extend({
    alerts: z
      .array(alertSchema)
      .describe("the party's alerts the caller may see (public and platform: confirmed ones only)"),
  })
  .meta({ id: 'PartyCredit' });
