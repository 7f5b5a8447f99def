import { type Database, reviewAlert, schema } from '@ggzy/db';
import { type GeneratedRecord, generateCreditRecords, generateNotices } from '@ggzy/generator';
import { type IngestItem, type Ingestor, recordIdOf } from '@ggzy/ingest';
import { type CreditIntake, creditFromJson, normalizeInput } from '@ggzy/normalize';

/**
 * What the first start shows a newcomer, so that every view of the workbench has something in
 * it: late notices (their information formed 35–70 days before publication) and incomplete ones
 * (no publisher, platform or formedAt), integrity patterns for the red flags, and credit records
 * against some of the demo's winners (a share of them published online late), which the blacklist
 * turns into alerts on their projects.
 */
const DEMO_OPTIONS = {
  seed: 2026,
  lateRate: 0.04,
  incompleteRate: 0.03,
  patternRate: 0.15,
  creditRecords: 8,
  // Projects of 2025: the workbench's month-by-month chart has notices in each month (over
  // 2019–2025, 300 notices leave most months empty).
  years: { first: 2025, count: 1 },
} as const;

interface DemoLoaded {
  notices: number;
  rejected: number;
  creditRecords: number;
}

/** The demo's notices, the same for every start (the seed is fixed). */
function demoNotices(count: number): GeneratedRecord[] {
  return [
    ...generateNotices({
      count,
      seed: DEMO_OPTIONS.seed,
      lateRate: DEMO_OPTIONS.lateRate,
      incompleteRate: DEMO_OPTIONS.incompleteRate,
      patternRate: DEMO_OPTIONS.patternRate,
      years: DEMO_OPTIONS.years,
    }),
  ];
}

/**
 * Loads the demo through the pipeline, as a feed would push it: the credit records first (the
 * intake publishes them to the credit topic), then the notices, whose listed winners the
 * blacklist then finds in their projects.
 */
export async function loadDemo(options: {
  count: number;
  ingestor: Ingestor;
  creditIntake?: CreditIntake;
  feed: { feed: string; centre: string };
}): Promise<DemoLoaded> {
  const { feed } = options;
  const notices = demoNotices(options.count);
  let creditRecords = 0;
  if (options.creditIntake) {
    const records = generateCreditRecords(notices, {
      count: DEMO_OPTIONS.creditRecords,
      seed: DEMO_OPTIONS.seed,
    });
    const receipts = await options.creditIntake.publish(
      creditFromJson({ records }, { feed: 'demo-credit', centre: '信用中国（演示）' }),
    );
    creditRecords = receipts.filter((receipt) => receipt.status !== 'rejected').length;
  }
  const items: IngestItem[] = notices.map((record) => {
    const recordId = recordIdOf(record.input);
    return {
      incoming: {
        bytes: Buffer.from(JSON.stringify(record.input)),
        contentType: 'application/json',
        format: 'json',
        ...(recordId ? { recordId } : {}),
      },
      result: normalizeInput(record.input, feed),
    };
  });
  const receipts = await options.ingestor.ingest(items, feed);
  return {
    notices: receipts.length,
    rejected: receipts.filter((receipt) => receipt.status === 'rejected').length,
    creditRecords,
  };
}

/** Who reviews the demo's alerts, and why: a regulator's decisions as the alert history shows them. */
const DEMO_REVIEWER = '演示监管员';
const DEMO_REVIEWS = {
  confirm: '（演示）经核实，该供应商在失信惩戒期间参与本项目，确认告警并移交行政监督部门处理。',
  dismiss: '（演示）经核实，名单所列主体与本项目投标人并非同一主体（统一社会信用代码不一致），排除。',
} as const;

/**
 * Reviews two of the demo's alerts, so that every state of an alert's life is on the page from the
 * first start: the first certain match (by credit code) is confirmed — the public sees it — and
 * the first match short of certain, or else the next alert, is dismissed. Runs once the
 * blacklist has checked the demo (`caughtUp`), in alert id order, so every start of the same demo
 * decides the same alerts; alerts already decided are left alone.
 */
export async function reviewDemoAlerts(options: {
  db: Database;
  /** True once the blacklist (and the store it reads) have taken every demo record. */
  caughtUp: () => Promise<boolean>;
  timeoutMs: number;
  pollMs?: number;
}): Promise<{ confirmed: number; dismissed: number } | { timedOut: true }> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await options.caughtUp())) {
    if (Date.now() > deadline) return { timedOut: true };
    await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
  }
  const rows = await options.db
    .select({ id: schema.alerts.id, status: schema.alerts.status, matchLevel: schema.alerts.matchLevel })
    .from(schema.alerts)
    .orderBy(schema.alerts.id);
  if (rows.some((row) => row.status === 'confirmed' || row.status === 'dismissed')) {
    return { confirmed: 0, dismissed: 0 };
  }
  const open = rows.filter((row) => row.status === 'open');
  const confirm = open.find((row) => row.matchLevel === 'certain') ?? open[0];
  const rest = open.filter((row) => row !== confirm);
  const dismiss = rest.find((row) => row.matchLevel !== 'certain') ?? rest[0];
  if (confirm)
    await reviewAlert(options.db, confirm.id, {
      action: 'confirm',
      by: DEMO_REVIEWER,
      reason: DEMO_REVIEWS.confirm,
    });
  if (dismiss)
    await reviewAlert(options.db, dismiss.id, {
      action: 'dismiss',
      by: DEMO_REVIEWER,
      reason: DEMO_REVIEWS.dismiss,
    });
  return { confirmed: confirm ? 1 : 0, dismissed: dismiss ? 1 : 0 };
}
