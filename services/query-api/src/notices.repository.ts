import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { codePartyKey, titleBigrams, titleWords } from '@ggzy/domain';
import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { type CursorKey, encodeCursor, type SortOrder } from './cursor.ts';
import { type Change, diffJson } from './diff.ts';
import type { RegionRange } from './region-filter.ts';
import { cursorTime, shanghaiTime, shanghaiTimeMs } from './sql.ts';

const n = schema.notices;
const np = schema.noticeParties;
const p = schema.parties;

export type PartyFilter = { creditCode: string } | { nameKey: string };

export interface NoticeSearch {
  domain?: string;
  stage?: string;
  region?: RegionRange;
  /** Inclusive bounds, as timestamps PostgreSQL reads (ISO 8601 with offset). */
  publishedFrom?: string;
  publishedTo?: string;
  party?: PartyFilter;
  q?: string;
  /** Inclusive bounds on `amount_yuan`, exact decimals in yuan. */
  amountMin?: string;
  amountMax?: string;
  sort: SortOrder;
  after?: CursorKey;
  limit: number;
}

/** The parties of the current version of each notice, for "notices naming this party". */
function partyCondition(party: PartyFilter): SQL {
  const keys =
    'creditCode' in party
      ? sql`${np.partyKey} = ${codePartyKey(party.creditCode)}`
      : // Every spelling of the name (and the credit-coded parties bearing it) shares its name key.
        sql`${np.partyKey} in (select ${p.partyKey} from ${p} where ${p.nameKey} = ${party.nameKey})`;
  return sql`(${n.id}, ${n.version}) in (select ${np.noticeId}, ${np.version} from ${np} where ${keys})`;
}

/** Titles matching a search's words beyond which it counts as common (see searchNotices). */
const DENSE_MATCHES = 2_000;

/** How many notices satisfy `condition`, counting no further than `cap`. */
async function countUpTo(db: Database, condition: SQL, cap: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`(select 1 from ${n} where ${condition} limit ${cap}) as probe`);
  return Number(row?.n ?? 0);
}

/**
 * Whether the words of a search are common, by words (sorted, joined): what the probe found, kept
 * for the process — a word's frequency among a million titles moves slowly, and the answer only
 * picks a plan (both plans return the same rows). The oldest half is dropped when it is full.
 */
const denseWords = new Map<string, boolean>();
const DENSE_WORDS_KEPT = 20_000;

async function isDense(db: Database, words: readonly string[], condition: SQL): Promise<boolean> {
  const key = [...words].sort().join(' ');
  const known = denseWords.get(key);
  if (known !== undefined) return known;
  const dense = (await countUpTo(db, condition, DENSE_MATCHES)) >= DENSE_MATCHES;
  if (denseWords.size >= DENSE_WORDS_KEPT) {
    let drop = DENSE_WORDS_KEPT / 2;
    for (const word of denseWords.keys()) {
      if (drop-- <= 0) break;
      denseWords.delete(word);
    }
  }
  denseWords.set(key, dense);
  return dense;
}

export async function searchNotices(db: Database, search: NoticeSearch) {
  const rank =
    search.q === undefined ? sql<number>`0::real` : sql<number>`similarity(${n.title}, ${search.q})`;
  const conditions: SQL[] = [];
  if (search.domain) conditions.push(eq(n.domain, search.domain));
  if (search.stage) conditions.push(eq(n.stage, search.stage));
  if (search.region) {
    const { low, high } = search.region;
    // A range on the code prefix: the (region, published_at) btree index serves it.
    conditions.push(low === high ? eq(n.region, low) : sql`${n.region} between ${low} and ${high}`);
  }
  if (search.publishedFrom) conditions.push(gte(n.publishedAt, search.publishedFrom));
  if (search.publishedTo) conditions.push(lte(n.publishedAt, search.publishedTo));
  if (search.party) conditions.push(partyCondition(search.party));
  // Each word: the title holds all its bigrams (GIN index on title_bigrams, packages/domain
  // titleBigrams), and then the word itself, as written but for case. Similarity only ranks.
  const words = search.q === undefined ? [] : titleWords(search.q);
  const bigramConditions = words.map(
    (word) => sql`${n.titleBigrams} @> ${sql.param(titleBigrams(word))}::text[]`,
  );
  const wordConditions = words.map((word) => sql`strpos(lower(${n.title}), lower(${word})) > 0`);
  // A common word (国有建设 in one title of ten) matches so many titles that walking the
  // publication-time index until a page is full is fastest; a rare one, fetching its few
  // titles by the bigram index and sorting them. PostgreSQL misjudges which is which — it
  // multiplies the frequencies of a word's bigrams as if they were independent — so a probe
  // decides (kept per word, isDense), and for a common word the query leaves out the bigram
  // condition: with the title test alone, the walk is the plan PostgreSQL picks by itself.
  const dense =
    words.length > 0 &&
    search.sort !== 'relevance' &&
    (await isDense(db, words, and(...bigramConditions, ...wordConditions)!));
  if (!dense) conditions.push(...bigramConditions);
  conditions.push(...wordConditions);
  // Compared as numeric, never as floats. A notice without a headline amount (null) never
  // matches a bound.
  if (search.amountMin !== undefined) conditions.push(sql`${n.amountYuan} >= ${search.amountMin}::numeric`);
  if (search.amountMax !== undefined) conditions.push(sql`${n.amountYuan} <= ${search.amountMax}::numeric`);
  const after = search.after;
  if (after) {
    if (after.sort === 'asc')
      conditions.push(sql`(${n.publishedAt}, ${n.id}) > (${after.at}::timestamptz, ${after.id})`);
    else if (after.sort === 'desc') {
      conditions.push(sql`(${n.publishedAt}, ${n.id}) < (${after.at}::timestamptz, ${after.id})`);
    } else {
      conditions.push(
        sql`(${rank}, ${n.publishedAt}, ${n.id}) < (${after.rank}::real, ${after.at}::timestamptz, ${after.id})`,
      );
    }
  }
  const order =
    search.sort === 'asc'
      ? [asc(n.publishedAt), asc(n.id)]
      : search.sort === 'desc'
        ? [desc(n.publishedAt), desc(n.id)]
        : [sql`${rank} desc`, desc(n.publishedAt), desc(n.id)];
  const rows = await db
    .select({
      id: n.id,
      version: n.version,
      domain: n.domain,
      stage: n.stage,
      title: n.title,
      projectKey: n.projectKey,
      projectCode: sql<string | null>`${n.notice}->'project'->>'projectCode'`,
      projectName: sql<string | null>`${n.notice}->'project'->>'projectName'`,
      region: n.region,
      publishedAt: shanghaiTime(n.publishedAt),
      missingFields: n.missingFields,
      amountYuan: n.amountYuan,
      cursorAt: cursorTime(n.publishedAt),
      rank,
    })
    .from(n)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(...order)
    .limit(search.limit + 1);
  const page = rows.slice(0, search.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > search.limit && last
      ? encodeCursor({
          sort: search.sort,
          at: last.cursorAt,
          id: last.id,
          ...(search.sort === 'relevance' ? { rank: Number(last.rank) } : {}),
        })
      : null;
  return {
    items: page.map(({ cursorAt: _cursorAt, rank: score, amountYuan, ...item }) => ({
      ...item,
      amountYuan: amountYuan === null ? null : Number(amountYuan),
      ...(search.q === undefined ? {} : { score: Number(score) }),
    })),
    nextCursor,
  };
}

export interface VersionChanges {
  fromVersion: number;
  toVersion: number;
  changes: Change[];
}

/** A stored version as the lookup reads it: its notice only when there is a change to show. */
interface StoredVersion {
  version: number;
  storedAt: string;
  publishedAt: string;
  contentHash: string;
  title: string;
  notice: unknown;
}

/**
 * The lookup's one statement, built once and prepared on each connection (drizzle `prepare`):
 * the current notice and, aggregated beside it, every version — with its notice only when the
 * notice has more than one (for the changes). One round trip instead of two, no query building
 * per request.
 */
function noticeDetailStatement(db: Database) {
  return db
    .select({
      id: n.id,
      version: n.version,
      contentHash: n.contentHash,
      domain: n.domain,
      stage: n.stage,
      title: n.title,
      projectKey: n.projectKey,
      region: n.region,
      publishedAt: shanghaiTime(n.publishedAt),
      formedAt: sql<
        string | null
      >`case when ${n.formedAt} is null then null else ${shanghaiTime(n.formedAt)} end`,
      receivedAt: shanghaiTimeMs(n.receivedAt),
      source: n.source,
      missingFields: n.missingFields,
      notice: n.notice,
      // Written out with aliases: inside a one-table select drizzle leaves columns unqualified.
      versions: sql<StoredVersion[]>`(select coalesce(json_agg(json_build_object(
          'version', v.version, 'storedAt', ${shanghaiTimeMs(sql`v.stored_at`)},
          'publishedAt', ${shanghaiTime(sql`v.published_at`)}, 'contentHash', v.content_hash,
          'title', v.title, 'notice', case when notices.version > 1 then v.notice end
        ) order by v.version), '[]'::json) from notice_versions v where v.notice_id = notices.id)`,
    })
    .from(n)
    .where(eq(n.id, sql.placeholder('id')))
    .prepare('notice_detail');
}

const detailStatements = new WeakMap<Database, ReturnType<typeof noticeDetailStatement>>();

/** The current notice, every version it had, and what changed from each version to the next. */
export async function noticeDetail(db: Database, id: string) {
  let statement = detailStatements.get(db);
  if (!statement) {
    statement = noticeDetailStatement(db);
    detailStatements.set(db, statement);
  }
  const [row] = await statement.execute({ id });
  if (!row) return undefined;
  const { versions, ...current } = row;
  const changes: VersionChanges[] = [];
  for (let i = 1; i < versions.length; i++) {
    const before = versions[i - 1]!;
    const after = versions[i]!;
    changes.push({
      fromVersion: before.version,
      toVersion: after.version,
      changes: diffJson(before.notice, after.notice),
    });
  }
  return {
    ...current,
    versions: versions.map(({ notice: _notice, ...version }) => version),
    changes,
  };
}
