import {
  alertEventSchema,
  creditEventSchema,
  type Domain,
  dlqEntrySchema,
  domains,
  flagEventSchema,
  noticeEventSchema,
  rawRecordSchema,
} from '@ggzy/domain';
import { defineTopic, type TopicDef } from './topic.ts';

/**
 * Every topic ggzy uses, declared once: name, value schema, key and partition count. Producers and
 * consumers are typed from these entries; no handler spells a topic name.
 *
 * Partitions: 6 for the streams that carry the load (one project's records stay on one partition,
 * so order per project is kept while copies of a consumer share the rest); fewer where volume is
 * small. Raising a count later moves keys between partitions, so it is an operation to plan, not
 * a default to tune.
 */
const NOTICE_PARTITIONS = 6;

function noticeTopic<D extends Domain>(domain: D) {
  return defineTopic({
    name: `ggzy.notice.${domain}.v1` as const,
    schema: noticeEventSchema.refine((event) => event.data.domain === domain, {
      message: `a notice of another domain on the ${domain} topic`,
      path: ['data', 'domain'],
    }),
    /** The project key: all stages of one project in order on one partition. */
    key: (event) => event.key,
    partitions: NOTICE_PARTITIONS,
  });
}

export const topics = {
  /** Every record exactly as received (全程留痕), keyed by its notice id so re-sends stay in order. */
  raw: defineTopic({
    name: 'ggzy.raw.v1',
    schema: rawRecordSchema,
    key: (record) => record.id,
    partitions: 6,
  }),
  notice: {
    construction: noticeTopic('construction'),
    procurement: noticeTopic('procurement'),
    land: noticeTopic('land'),
    mining: noticeTopic('mining'),
    property: noticeTopic('property'),
  },
  /** Rejected records with their reasons and original bytes. */
  dlq: defineTopic({ name: 'ggzy.dlq.v1', schema: dlqEntrySchema, key: (entry) => entry.id, partitions: 3 }),
  /** Credit (blacklist) records, keyed by the subject so a subject's history stays in order. */
  credit: defineTopic({
    name: 'ggzy.credit.v1',
    schema: creditEventSchema,
    key: (event) => event.key,
    partitions: 3,
  }),
  /** Blacklist hits with their evidence, keyed by the project they concern. */
  alert: defineTopic({
    name: 'ggzy.alert.v1',
    schema: alertEventSchema,
    key: (event) => event.key,
    partitions: 3,
  }),
  /** Red flags (integrity indicators): each change of a flag with its evidence, keyed by its project. */
  flag: defineTopic({
    name: 'ggzy.flag.v1',
    schema: flagEventSchema,
    key: (event) => event.key,
    partitions: 3,
  }),
} as const;

/** A notice topic of any domain: its values are notice events. */
export type NoticeTopic = (typeof topics.notice)[Domain];

export const noticeTopics: readonly NoticeTopic[] = domains.map((domain) => topics.notice[domain]);

/** Every topic of the catalogue, for `ensureTopics` at start-up. */
export const allTopics: readonly TopicDef[] = [
  topics.raw,
  ...noticeTopics,
  topics.dlq,
  topics.credit,
  topics.alert,
  topics.flag,
];

/** One consumer group of a service: the suffix after the service's base group, its topics, its concurrency. */
export interface GroupDef<T extends TopicDef = TopicDef> {
  suffix: string;
  topics: readonly T[];
  /** Partitions handled at once (each in offset order); the embedded log ignores it. */
  concurrency: number;
}

function defineGroup<T extends TopicDef>(def: GroupDef<T>): GroupDef<T> {
  return def;
}

/** A service's consumer groups: its default base group name and each group's declaration. */
export interface ServiceGroups<Parts extends Record<string, GroupDef> = Record<string, GroupDef>> {
  base: string;
  groups: Parts;
}

/**
 * Every consumer group ggzy runs, declared once: the store, the blacklist and the exchange read
 * their topics through these entries (typed: a handler of `store.groups.notices` receives notice
 * events), and the lag gauges, backlogs and `ggzy start`'s readiness all read the same list.
 * A base group can be overridden (a replay, a test), and the suffixes stay.
 */
export const consumerGroups = {
  store: {
    base: 'ggzy-store',
    groups: {
      // One transaction per partition batch; partitions are independent (a project never spans
      // two), so several can be projected at once within the connection pool.
      notices: defineGroup({ suffix: '', topics: noticeTopics, concurrency: 4 }),
      raw: defineGroup({ suffix: '-raw', topics: [topics.raw], concurrency: 1 }),
      dlq: defineGroup({ suffix: '-dlq', topics: [topics.dlq], concurrency: 1 }),
    },
  },
  blacklist: {
    base: 'ggzy-blacklist',
    groups: {
      credit: defineGroup({ suffix: '-credit', topics: [topics.credit], concurrency: 1 }),
      notices: defineGroup({ suffix: '-notices', topics: noticeTopics, concurrency: 4 }),
    },
  },
  flags: {
    base: 'ggzy-flags',
    groups: {
      // Partitions are independent for project indicators; buyer indicators span partitions and
      // serialize on a per-buyer lock in the database (services/flags).
      notices: defineGroup({ suffix: '', topics: noticeTopics, concurrency: 4 }),
      // An alert re-evaluates its project: "winner listed on the blacklist on the award date".
      alerts: defineGroup({ suffix: '-alerts', topics: [topics.alert], concurrency: 1 }),
    },
  },
  exchange: {
    base: 'ggzy-exchange',
    groups: {
      notices: defineGroup({ suffix: '', topics: noticeTopics, concurrency: 1 }),
    },
  },
} as const satisfies Record<string, ServiceGroups>;

/** The concrete groups of a service under a base group name (default: the catalogue's). */
export function groupsOf(
  service: ServiceGroups,
  base: string = service.base,
): { group: string; topics: readonly TopicDef[] }[] {
  return Object.values(service.groups).map((def) => ({ group: `${base}${def.suffix}`, topics: def.topics }));
}

/** The concrete group name of one of a service's groups. */
export function groupName(def: GroupDef, base: string): string {
  return `${base}${def.suffix}`;
}

/** Records appended but not yet handled by any of a service's groups: 0 when it has caught up. */
export async function backlogOf(
  bus: { lag(group: string, topics: readonly TopicDef[]): Promise<{ total: number }> },
  service: ServiceGroups,
  base: string = service.base,
): Promise<number> {
  let total = 0;
  for (const entry of groupsOf(service, base)) total += (await bus.lag(entry.group, entry.topics)).total;
  return total;
}
