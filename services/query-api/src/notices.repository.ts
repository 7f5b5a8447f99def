import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { codePartyKey, titleBigrams, titleWords } from '@ggzy/domain';
import { and, asc, desc, eq, gte, lte, type SQL, sql } from 'drizzle-orm';
import { type CursorKey, encodeCursor, type SortOrder } from './cursor.ts';
import { type Change, diffJson } from './diff.ts';
import type { RegionRange } from './region-filter.ts';
import { cursorTime, shanghaiTime, shanghaiTimeMs } from './sql.ts';

const n = schema.notices;
const nv = schema.noticeVersions;
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

/**
 * For a common word, only the walk along the publication-time index: no bitmap, sequential or
 * parallel scan, and no JIT (its cost estimate is the whole index; the walk stops after a page).
 */
const WALK_PUBLICATION_INDEX = [
  'set local enable_bitmapscan = off',
  'set local enable_seqscan = off',
  'set local max_parallel_workers_per_gather = 0',
  'set local jit = off',
];

/** How many notices satisfy `condition`, counting no further than `cap`. */
async function countUpTo(db: Database, condition: SQL, cap: number): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(sql`(select 1 from ${n} where ${condition} limit ${cap}) as probe`);
  return Number(row?.n ?? 0);
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
  const wordConditions: SQL[] = [];
  if (search.q !== undefined) {
    for (const word of titleWords(search.q)) {
      wordConditions.push(sql`${n.titleBigrams} @> ${sql.param(titleBigrams(word))}::text[]`);
      wordConditions.push(sql`strpos(lower(${n.title}), lower(${word})) > 0`);
    }
    conditions.push(...wordConditions);
  }
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
  const select = (tx: Pick<Database, 'select'>) =>
    tx
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
  // A common word (国有建设 in one title of ten) matches so many titles that walking the
  // publication-time index until a page is full is fastest; a rare one, fetching its few
  // titles by the bigram index and sorting them. PostgreSQL misjudges which is which — it
  // multiplies the frequencies of a word's bigrams as if they were independent — so a cheap
  // probe decides, and for a common word every other plan is turned off for this query only.
  const dense =
    wordConditions.length > 0 &&
    search.sort !== 'relevance' &&
    (await countUpTo(db, and(...wordConditions)!, DENSE_MATCHES)) >= DENSE_MATCHES;
  const rows = dense
    ? await db.transaction(async (tx) => {
        for (const statement of WALK_PUBLICATION_INDEX) await tx.execute(sql.raw(statement));
        return select(tx);
      })
    : await select(db);
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

/** The current notice, every version it had, and what changed from each version to the next. */
export async function noticeDetail(db: Database, id: string) {
  const [current] = await db
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
    })
    .from(n)
    .where(eq(n.id, id));
  if (!current) return undefined;
  const versions = await db
    .select({
      version: nv.version,
      storedAt: shanghaiTimeMs(nv.storedAt),
      publishedAt: shanghaiTime(nv.publishedAt),
      contentHash: nv.contentHash,
      title: nv.title,
      notice: nv.notice,
    })
    .from(nv)
    .where(eq(nv.noticeId, id))
    .orderBy(asc(nv.version));
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
