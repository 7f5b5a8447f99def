import {
  alertEventSchema,
  creditEventSchema,
  type Domain,
  dlqEntrySchema,
  domains,
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
} as const;

export const noticeTopics: readonly TopicDef[] = domains.map((domain) => topics.notice[domain]);

/** Every topic of the catalogue, for `ensureTopics` at start-up. */
export const allTopics: readonly TopicDef[] = [
  topics.raw,
  ...noticeTopics,
  topics.dlq,
  topics.credit,
  topics.alert,
];
