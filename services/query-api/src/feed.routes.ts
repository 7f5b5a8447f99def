import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { sendProblem } from '@ggzy/runtime';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { callerOf, refuseWithout } from './callers.ts';
import { problemResponses } from './problems.ts';
import { shanghaiTime } from './sql.ts';

const o = schema.exchangeOutbox;
const feedChannels = ['ocds', 'dataspec'] as const;

/**
 * The pull feed cursor: the outbox sequence of the last item a page showed, with its channel.
 * Opaque to callers (base64url), but only a position: it survives restarts of either side, and
 * the outbox writer makes sequences visible in commit order, so resuming after n never skips a
 * row that appears later below n.
 */
export function encodeFeedCursor(channel: string, sequence: string): string {
  return Buffer.from(JSON.stringify(['feed', channel, sequence]), 'utf8').toString('base64url');
}

export function decodeFeedCursor(cursor: string): { channel: string; sequence: string } | undefined {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return undefined;
  try {
    const packed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(packed) || packed.length !== 3) return undefined;
    const [tag, channel, sequence] = packed as unknown[];
    if (tag !== 'feed' || typeof channel !== 'string' || typeof sequence !== 'string') return undefined;
    if (!/^(0|[1-9]\d{0,18})$/.test(sequence)) return undefined;
    return { channel, sequence };
  } catch {
    return undefined;
  }
}

const feedItemSchema = z.object({
  /** The same key the push channel sends as Idempotency-Key. */
  id: z.string(),
  noticeId: z.string(),
  version: z.number().int(),
  projectKey: z.string(),
  domain: z.string(),
  stage: z.string(),
  publishedAt: z.string(),
  /** The OCDS release, or `{ messages }` of the data spec. */
  payload: z.unknown(),
});

const feedPageSchema = z
  .object({
    channel: z.enum(feedChannels),
    items: z.array(feedItemSchema),
    /** Where to continue: pass it back as `cursor`. Given on every page, empty ones too (poll with it). */
    cursor: z.string(),
    /** Whether more items are there right now. */
    more: z.boolean(),
  })
  .meta({ id: 'FeedPage' });

/**
 * GET /v1/feed: every record published to the national platform, in publication (outbox)
 * order, page by page. A receiver keeps the last cursor and resumes exactly there — after its
 * own outage or ours.
 */
export async function feedRoutes(
  app: FastifyInstance,
  options: { db: Database; maxPageSize: number; defaultPageSize: number },
): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/feed',
    {
      schema: {
        summary: 'Releases for the national platform, in publication order, resumable by cursor',
        tags: ['exchange'],
        querystring: z.object({
          cursor: z
            .string()
            .max(200)
            .optional()
            .describe('the cursor of the previous page; none: from the start'),
          limit: z.coerce.number().int().min(1).max(options.maxPageSize).default(options.defaultPageSize),
          channel: z.enum(feedChannels).default('ocds'),
        }),
        response: { 200: feedPageSchema, ...problemResponses },
      },
      // What goes to the national platform, before anyone's review: the platform's key (or an
      // administrator's), not the public's.
      preHandler: async (request, reply) =>
        refuseWithout(callerOf(request), 'exchangeFeed', reply, 'the exchange feed'),
    },
    async (request, reply) => {
      const { limit, channel } = request.query;
      let after = '0';
      if (request.query.cursor) {
        const decoded = decodeFeedCursor(request.query.cursor);
        if (!decoded || decoded.channel !== channel) {
          return sendProblem(reply, 'GGZY_BAD_REQUEST', 'cursor: not a cursor of this feed and channel');
        }
        after = decoded.sequence;
      }
      const rows = await options.db
        .select({
          sequence: sql<string>`${o.sequence}::text`,
          id: o.idempotencyKey,
          noticeId: o.noticeId,
          version: o.version,
          projectKey: o.projectKey,
          domain: o.domain,
          stage: o.stage,
          publishedAt: shanghaiTime(o.publishedAt),
          payload: o.payload,
        })
        .from(o)
        .where(and(eq(o.channel, channel), gt(o.sequence, BigInt(after))))
        .orderBy(asc(o.sequence))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1)?.sequence ?? after;
      return {
        channel,
        items: page.map(({ sequence: _sequence, ...item }) => item),
        cursor: encodeFeedCursor(channel, last),
        more: rows.length > limit,
      };
    },
  );
}
