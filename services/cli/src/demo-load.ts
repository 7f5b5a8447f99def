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
