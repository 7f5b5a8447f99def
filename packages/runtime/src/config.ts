import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { GgzyError } from './errors.ts';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const brokerList = z
  .string()
  .trim()
  .transform((value) =>
    value
      .split(',')
      .map((broker) => broker.trim())
      .filter((broker) => broker.length > 0),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port'))
      .min(1, 'at least one broker'),
  );

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

/** A platform identifier of exactly `length` characters, letters and digits (the receiver checks the length). */
const fixedCode = (length: number) =>
  z
    .string()
    .trim()
    .regex(new RegExp(`^[0-9A-Za-z]{${length}}$`), `exactly ${length} letters or digits`);

const codeText = z.string().trim().min(1).max(30);
const personText = z.string().max(200);

/**
 * The shape of exchange-formats `DataSpecContext`, with the forms the V4 catalogue gives each
 * declared value (TRADE_SYSTEM_NO 12 characters, TRADE_SYSTEM_FEE a number of at most 14 integer
 * and 6 decimal figures, a Domain 10 项目类型 3 characters, TRUE_OR_FALSE 0/1, CQ_TRUE_OR_FALSE T/F,
 * a Domain 8001 矿种 at most five digits).
 */
const dataSpecContextSchema = z.strictObject({
  noticeMedia: z.string().max(1000),
  bulletinDuty: personText,
  examiner: personText,
  operator: personText,
  codes: z.record(
    z
      .string()
      .regex(/^[A-Z_]+\.[A-Za-z-]+$/, 'a code key such as SUBJECT_ROLE.agency or SUBJECT_TYPE.creditCode'),
    codeText,
  ),
  tradingCentreCode: z.preprocess(emptyAsUndefined, fixedCode(18).optional()),
  tenderProject: z
    .strictObject({
      tradeSystemNo: fixedCode(12).optional(),
      tradeSystemFee: z
        .string()
        .regex(/^\d{1,14}(\.\d{1,6})?$/, 'an amount in 元: at most 14 integer and 6 decimal figures')
        .optional(),
      superviseDept: z.string().trim().min(1).max(200).optional(),
      approveDept: z.string().trim().min(1).max(200).optional(),
      type: fixedCode(3).optional(),
      mandatory: z.enum(['0', '1']).optional(),
    })
    .optional(),
  purchaseProject: z
    .strictObject({ type: fixedCode(3).optional(), relateCode: z.enum(['0', '1']).optional() })
    .optional(),
  minerals: z
    .record(z.string().min(1), z.string().regex(/^\d{1,5}$/, 'a 矿种 code of at most five digits'))
    .optional(),
  propertyListing: z.strictObject({ autoExtend: z.enum(['T', 'F']).optional() }).optional(),
});

/** The data-spec sender identifiers that come together: one set, all set. */
const dataSpecPlatformVariables = [
  'GGZY_DATASPEC_SYSTEM_NO',
  'GGZY_DATASPEC_PLATFORM_CODE',
  'GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE',
  'GGZY_DATASPEC_TRADE_PLAT',
  'GGZY_DATASPEC_PUB_SERVICE_PLAT',
  'GGZY_DATASPEC_CA_KEY',
] as const;

/**
 * An OCDS ocid prefix: `ocds-` and the six characters the OCDS registry assigns (lowercase letters
 * and digits, e.g. `ocds-213czf`; https://standard.open-contracting.org/1.1/en/schema/identifiers/#contracting-process-identifier-ocid).
 */
export const ocidPrefixSchema = z
  .string()
  .regex(
    /^ocds-[a-z0-9]{6}$/,
    'an ocid prefix is "ocds-" and the 6 lowercase letters or digits the OCDS registry assigned (e.g. ocds-213czf)',
  );

/**
 * The prefix used when none is configured: a placeholder of the registry's shape that no
 * registration holds, for development and tests. Pushing OCDS to a receiver needs a real one.
 */
export const PLACEHOLDER_OCID_PREFIX = 'ocds-000000';

/** The default largest record (`GGZY_INGEST_MAX_RECORD_BYTES`): 512 KiB, under Kafka's 1 MiB message once base64. */
export const DEFAULT_MAX_RECORD_BYTES = 512 * 1024;

/**
 * The process environment ggzy reads, parsed once at start-up. Nothing else reads
 * `process.env`. Documented in README.md ("Configuration").
 */
export const envSchema = z
  .object({
    /** PostgreSQL connection string. Unset: the embedded PostgreSQL server under GGZY_DATA_DIR. */
    DATABASE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    /** Comma-separated Kafka bootstrap brokers. Unset: the embedded log. */
    KAFKA_BROKERS: z.preprocess(emptyAsUndefined, brokerList.optional()),
    KAFKA_CLIENT_ID: z.string().min(1).default('ggzy'),
    /**
     * How long a send to Kafka may wait for the broker's acknowledgement before it fails
     * (retriable: a push is answered 503 with Retry-After). Under a typical feed's client timeout.
     */
    GGZY_PRODUCE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /**
     * How long a consumer group waits for a copy that stopped heartbeating before its partitions
     * move (kill -9, a lost host). The broker's group.min.session.timeout.ms must allow it.
     */
    GGZY_SESSION_TIMEOUT_MS: z.coerce.number().int().min(500).max(300_000).default(3_000),
    /** Prepended to every topic and consumer-group name; lets several installations share a cluster. */
    GGZY_TOPIC_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9._-]*$/, 'letters, digits, dot, underscore and dash only')
      .default(''),
    /** Where the embedded mode keeps its files. */
    GGZY_DATA_DIR: z.string().min(1).default('./data'),
    GGZY_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
    GGZY_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    /** Where every process serves /healthz, /readyz and /metrics (its own port; not the API's). */
    GGZY_OPS_HOST: z.string().min(1).default('127.0.0.1'),
    /** 0: a free port, printed at start (copies of a service on one host cannot share one). */
    GGZY_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
    /** How often each process reads its consumer groups' lag, keeps it for /metrics, and logs it. */
    GGZY_LAG_INTERVAL_MS: z.coerce.number().int().min(1_000).default(15_000),
    /** How long a graceful shutdown may take before the process exits anyway. */
    GGZY_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    LOG_LEVEL: z.enum(logLevels).default('info'),
    /**
     * The feeds allowed to push notices, as JSON: `[{"feed":"sz-longhua","centre":"深圳市公共资源交易中心",
     * "key":"…","regions":["440309"]}]`. Each API key identifies one feed; `regions` binds it to its
     * centre's regions, `sharedProjects` lets it publish into projects another feed opened
     * (docs/security.md). Unset in the embedded mode: a demo feed with a
     * random key, printed at start.
     */
    GGZY_FEEDS: z.preprocess(
      (value) => {
        if (value === undefined || value === '') return undefined;
        try {
          return JSON.parse(String(value));
        } catch {
          return value;
        }
      },
      z
        .array(
          z.object({
            feed: z.string().regex(/^[A-Za-z0-9._-]+$/, 'feed ids: letters, digits, dot, underscore, dash'),
            centre: z.string().min(1),
            key: z.string().min(16, 'API keys need at least 16 characters'),
            /** 行政区划代码 the centre publishes for (a province or city covers what is inside it); unset: any. */
            regions: z
              .array(z.string().regex(/^\d{6}$/, 'region codes are six digits'))
              .min(1)
              .optional(),
            /** Projects (`<region>:<code>`) this feed may publish into although another feed opened them. */
            sharedProjects: z.array(z.string().min(3)).optional(),
          }),
        )
        .optional(),
    ),
    /**
     * Query API keys and their roles, as JSON: `[{"key":"…","role":"regulator","name":"省市场监管局"}]`.
     * Roles: public, platform, regulator, admin. Callers without a key are public.
     */
    GGZY_API_KEYS: z.preprocess(
      (value) => {
        if (value === undefined || value === '') return undefined;
        try {
          return JSON.parse(String(value));
        } catch {
          return value;
        }
      },
      z
        .array(
          z.object({
            key: z.string().min(16, 'API keys need at least 16 characters'),
            role: z.enum(['public', 'platform', 'regulator', 'admin']),
            name: z.string().min(1),
          }),
        )
        .optional(),
    ),
    /** Where the exchange service pushes every record (the national platform's endpoint). Unset: no push; the pull feed still serves. */
    GGZY_EXCHANGE_URL: z.preprocess(emptyAsUndefined, z.url().optional()),
    /** Extra headers for the push, as a JSON object (e.g. the platform's Authorization). */
    GGZY_EXCHANGE_HEADERS: z.preprocess((value) => {
      if (value === undefined || value === '') return undefined;
      try {
        return JSON.parse(String(value));
      } catch {
        return value;
      }
    }, z.record(z.string(), z.string()).optional()),
    GGZY_EXCHANGE_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    /** Projects in delivery at once; each project's records go one at a time, in order. */
    GGZY_EXCHANGE_CONCURRENCY: z.coerce.number().int().positive().default(8),
    /** The window of the first retry of a failed delivery, in ms (full jitter, doubling per attempt). */
    GGZY_EXCHANGE_BACKOFF_BASE_MS: z.coerce.number().int().positive().default(500),
    /** The largest retry window, in ms. */
    GGZY_EXCHANGE_BACKOFF_CAP_MS: z.coerce.number().int().positive().default(300_000),
    /** Consecutive failed deliveries that open the circuit breaker. */
    GGZY_EXCHANGE_BREAKER_THRESHOLD: z.coerce.number().int().positive().default(5),
    /** How long the open breaker sends nothing before one probe, in ms. */
    GGZY_EXCHANGE_BREAKER_COOLDOWN_MS: z.coerce.number().int().positive().default(10_000),
    /** Which channel the push sends (docs/exchange.md): `ocds` releases or `dataspec` messages. */
    GGZY_EXCHANGE_CHANNEL: z.enum(['ocds', 'dataspec']).default('ocds'),
    /** The OCDS ocid prefix registered for this platform (ocds-xxxxxx). Unset: the placeholder, no OCDS push. */
    GGZY_OCDS_OCID_PREFIX: z.preprocess(emptyAsUndefined, ocidPrefixSchema.optional()),
    /**
     * The deployment's data-spec context (exchange-formats `DataSpecContext`: 公告发布媒体, 责任人,
     * code tables, and what it declares for every 招标项目, 采购项目 and 挂牌), as JSON. Unset: no
     * `dataspec` channel. Checked here: a misspelt key or a value of the wrong form would otherwise
     * hold every record that needs it.
     */
    GGZY_DATASPEC_CONTEXT: z.preprocess((value) => {
      if (value === undefined || value === '') return undefined;
      try {
        return JSON.parse(String(value));
      } catch {
        return value;
      }
    }, dataSpecContextSchema.optional()),
    /**
     * Who sends data-spec messages (公共资源交易平台系统数据规范 V4): the identifiers the receiving
     * platform issued. Unset: data-spec messages cannot be put in their envelope, and `ggzy export
     * dataspec` reports every record. Set one, set the five (ROUTE_WAY has a default).
     */
    /** SYSTEM_NO: the first four characters of every DATA_KEY. */
    GGZY_DATASPEC_SYSTEM_NO: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^[0-9A-Za-z]{4}$/, 'four letters or digits')
        .optional(),
    ),
    /** PLATFORM_CODE 交易系统标识码. */
    GGZY_DATASPEC_PLATFORM_CODE: z.preprocess(emptyAsUndefined, fixedCode(18).optional()),
    /** PUB_SERVICE_PLAT_CODE 交易服务系统标识码. */
    GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: z.preprocess(emptyAsUndefined, fixedCode(18).optional()),
    /** TRADE_PLAT 电子招标投标交易平台标识码. */
    GGZY_DATASPEC_TRADE_PLAT: z.preprocess(emptyAsUndefined, fixedCode(11).optional()),
    /** PUB_SERVICE_PLAT 电子招标投标公共服务平台标识码. */
    GGZY_DATASPEC_PUB_SERVICE_PLAT: z.preprocess(emptyAsUndefined, fixedCode(11).optional()),
    /** CA_KEY of the sender's certificate. */
    GGZY_DATASPEC_CA_KEY: z.preprocess(emptyAsUndefined, z.string().trim().min(1).optional()),
    /** ROUTE_WAY of inserts; the receiver's own samples send 0. */
    GGZY_DATASPEC_ROUTE_WAY: z.string().regex(/^\d+$/, 'a number').default('0'),
    /** How the data-spec push writes each message: `json` (the envelope as JSON) or `xml` (the <DES> form the provincial receiver parses). */
    GGZY_DATASPEC_FORM: z.enum(['json', 'xml']).default('json'),
    /** Largest push request body, in bytes (larger: 413). */
    GGZY_INGEST_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(16 * 1024 * 1024),
    /**
     * Largest single record, in bytes as received (a JSON line, a CSV row, an HTML page): larger
     * ones are refused one by one (`record.too-large`). Under Kafka's message size (1 MiB by
     * default): a record travels base64 on ggzy.raw.v1 (4/3 of its size) and decoded on its
     * notice topic. Raise it only with the broker's message.max.bytes.
     */
    GGZY_INGEST_MAX_RECORD_BYTES: z.coerce.number().int().min(1024).default(DEFAULT_MAX_RECORD_BYTES),
    /** Most records in one push request (more: 413). */
    GGZY_INGEST_MAX_BATCH: z.coerce.number().int().positive().default(5_000),
    /** Normalizing threads of the notice push; 0 normalizes on the main thread. Default: cores − 1 (1 to 4). */
    GGZY_INGEST_THREADS: z.coerce
      .number()
      .int()
      .min(0)
      .max(64)
      .default(() => Math.min(4, Math.max(1, availableParallelism() - 1))),
  })
  .superRefine((env, ctx) => {
    const keys = new Set<string>();
    for (const [index, feed] of (env.GGZY_FEEDS ?? []).entries()) {
      if (keys.has(feed.key))
        ctx.addIssue({
          code: 'custom',
          path: ['GGZY_FEEDS', index, 'key'],
          message: 'two feeds share one API key',
        });
      keys.add(feed.key);
    }
    if (env.GGZY_EXCHANGE_BACKOFF_CAP_MS < env.GGZY_EXCHANGE_BACKOFF_BASE_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['GGZY_EXCHANGE_BACKOFF_CAP_MS'],
        message: 'the largest retry window cannot be smaller than the first (GGZY_EXCHANGE_BACKOFF_BASE_MS)',
      });
    }
    if (env.GGZY_EXCHANGE_URL && env.GGZY_EXCHANGE_CHANNEL === 'ocds' && !env.GGZY_OCDS_OCID_PREFIX) {
      ctx.addIssue({
        code: 'custom',
        path: ['GGZY_OCDS_OCID_PREFIX'],
        message: `pushing OCDS (GGZY_EXCHANGE_URL) needs the ocid prefix registered for this platform; ${PLACEHOLDER_OCID_PREFIX} is only a placeholder`,
      });
    }
    if (env.GGZY_EXCHANGE_URL && env.GGZY_EXCHANGE_CHANNEL === 'dataspec' && !env.GGZY_DATASPEC_SYSTEM_NO) {
      ctx.addIssue({
        code: 'custom',
        path: ['GGZY_DATASPEC_SYSTEM_NO'],
        message:
          'pushing the data spec (GGZY_EXCHANGE_URL, GGZY_EXCHANGE_CHANNEL=dataspec) needs the sender the platform registered: GGZY_DATASPEC_SYSTEM_NO and the five other GGZY_DATASPEC_* codes',
      });
    }
    if (env.GGZY_EXCHANGE_CHANNEL === 'dataspec' && !env.GGZY_DATASPEC_CONTEXT) {
      ctx.addIssue({
        code: 'custom',
        path: ['GGZY_DATASPEC_CONTEXT'],
        message:
          'GGZY_EXCHANGE_CHANNEL=dataspec needs the data-spec context (the dataspec channel is off without it)',
      });
    }
    const platformSet = dataSpecPlatformVariables.filter((name) => env[name] !== undefined);
    if (platformSet.length > 0) {
      for (const name of dataSpecPlatformVariables) {
        if (env[name] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [name],
            message: `${platformSet[0]} is set but ${name} is not: the data-spec sender needs all of ${dataSpecPlatformVariables.join(', ')}`,
          });
      }
    }
    if (env.KAFKA_BROKERS && !env.DATABASE_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATABASE_URL'],
        message:
          'KAFKA_BROKERS is set but DATABASE_URL is not: the distributed mode needs both (unset both for the embedded mode)',
      });
    }
  });

export type Env = z.output<typeof envSchema>;

export type RunMode = 'embedded' | 'distributed';

export interface Config {
  mode: RunMode;
  /** PostgreSQL URL, or undefined for the embedded database. */
  databaseUrl: string | undefined;
  kafka:
    | {
        brokers: string[];
        clientId: string;
        produceTimeoutMs: number;
        sessionTimeoutMs: number;
        progressIntervalMs: number;
      }
    | undefined;
  topicPrefix: string;
  dataDir: string;
  http: { host: string; port: number };
  ops: { host: string; port: number; lagIntervalMs: number };
  shutdownTimeoutMs: number;
  logLevel: Env['LOG_LEVEL'];
  feeds: FeedConfig[] | undefined;
  apiKeys: ApiKeyConfig[];
  exchange: {
    url: string | undefined;
    headers: Record<string, string>;
    timeoutMs: number;
    concurrency: number;
    backoff: { baseMs: number; capMs: number };
    breaker: { failureThreshold: number; cooldownMs: number };
    /** The channel the push sends. */
    channel: 'ocds' | 'dataspec';
    ocidPrefix: string;
    /** The data-spec context as configured (JSON object), or undefined: no dataspec channel. */
    dataSpecContext: Record<string, unknown> | undefined;
    /** How the data-spec push writes each message. */
    dataSpecForm: 'json' | 'xml';
  };
  ingest: { maxBodyBytes: number; maxRecordBytes: number; maxBatch: number; threads: number };
  /** The data-spec sender (@ggzy/exchange-formats `DataSpecPlatform`), or undefined when not configured. */
  dataSpecPlatform: DataSpecPlatformConfig | undefined;
}

export interface DataSpecPlatformConfig {
  systemNo: string;
  platformCode: string;
  pubServicePlatCode: string;
  tradePlat: string;
  pubServicePlat: string;
  caKey: string;
  routeWay: string;
}

export interface ApiKeyConfig {
  key: string;
  role: 'public' | 'platform' | 'regulator' | 'admin';
  name: string;
}

export interface FeedConfig {
  feed: string;
  centre: string;
  key: string;
  /** 行政区划代码 the centre publishes for; unset: any (packages/domain `FeedScope`). */
  regions?: string[] | undefined;
  /** Project keys this feed may publish into though another feed opened them. */
  sharedProjects?: string[] | undefined;
}

/** Parses the environment into a Config, or throws GGZY_CONFIG_INVALID naming every bad variable. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`,
    );
    throw new GgzyError('GGZY_CONFIG_INVALID', `invalid configuration:\n  ${problems.join('\n  ')}`, {
      details: { problems },
    });
  }
  const env = parsed.data;
  return {
    mode: env.KAFKA_BROKERS ? 'distributed' : 'embedded',
    databaseUrl: env.DATABASE_URL,
    kafka: env.KAFKA_BROKERS
      ? {
          brokers: env.KAFKA_BROKERS,
          clientId: env.KAFKA_CLIENT_ID,
          produceTimeoutMs: env.GGZY_PRODUCE_TIMEOUT_MS,
          sessionTimeoutMs: env.GGZY_SESSION_TIMEOUT_MS,
          progressIntervalMs: env.GGZY_LAG_INTERVAL_MS,
        }
      : undefined,
    topicPrefix: env.GGZY_TOPIC_PREFIX,
    dataDir: env.GGZY_DATA_DIR,
    http: { host: env.GGZY_HTTP_HOST, port: env.GGZY_HTTP_PORT },
    ops: { host: env.GGZY_OPS_HOST, port: env.GGZY_OPS_PORT, lagIntervalMs: env.GGZY_LAG_INTERVAL_MS },
    shutdownTimeoutMs: env.GGZY_SHUTDOWN_TIMEOUT_MS,
    logLevel: env.LOG_LEVEL,
    feeds: env.GGZY_FEEDS,
    apiKeys: env.GGZY_API_KEYS ?? [],
    exchange: {
      url: env.GGZY_EXCHANGE_URL,
      headers: env.GGZY_EXCHANGE_HEADERS ?? {},
      timeoutMs: env.GGZY_EXCHANGE_TIMEOUT_MS,
      concurrency: env.GGZY_EXCHANGE_CONCURRENCY,
      backoff: { baseMs: env.GGZY_EXCHANGE_BACKOFF_BASE_MS, capMs: env.GGZY_EXCHANGE_BACKOFF_CAP_MS },
      breaker: {
        failureThreshold: env.GGZY_EXCHANGE_BREAKER_THRESHOLD,
        cooldownMs: env.GGZY_EXCHANGE_BREAKER_COOLDOWN_MS,
      },
      channel: env.GGZY_EXCHANGE_CHANNEL,
      ocidPrefix: env.GGZY_OCDS_OCID_PREFIX ?? PLACEHOLDER_OCID_PREFIX,
      dataSpecContext: env.GGZY_DATASPEC_CONTEXT,
      dataSpecForm: env.GGZY_DATASPEC_FORM,
    },
    ingest: {
      maxBodyBytes: env.GGZY_INGEST_MAX_BODY_BYTES,
      maxRecordBytes: env.GGZY_INGEST_MAX_RECORD_BYTES,
      maxBatch: env.GGZY_INGEST_MAX_BATCH,
      threads: env.GGZY_INGEST_THREADS,
    },
    dataSpecPlatform:
      env.GGZY_DATASPEC_SYSTEM_NO &&
      env.GGZY_DATASPEC_PLATFORM_CODE &&
      env.GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE &&
      env.GGZY_DATASPEC_TRADE_PLAT &&
      env.GGZY_DATASPEC_PUB_SERVICE_PLAT &&
      env.GGZY_DATASPEC_CA_KEY
        ? {
            systemNo: env.GGZY_DATASPEC_SYSTEM_NO,
            platformCode: env.GGZY_DATASPEC_PLATFORM_CODE,
            pubServicePlatCode: env.GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE,
            tradePlat: env.GGZY_DATASPEC_TRADE_PLAT,
            pubServicePlat: env.GGZY_DATASPEC_PUB_SERVICE_PLAT,
            caKey: env.GGZY_DATASPEC_CA_KEY,
            routeWay: env.GGZY_DATASPEC_ROUTE_WAY,
          }
        : undefined,
  };
}
