import { describe, expect, it } from 'vitest';
import { loadConfig, PLACEHOLDER_OCID_PREFIX } from './config.ts';
import { isGgzyError } from './errors.ts';

/** The problems loadConfig names for an environment (empty when it loads). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (!isGgzyError(error)) throw error;
    return (error.details as { problems: string[] }).problems;
  }
}

describe('exchange settings', () => {
  it('takes a registered ocid prefix and refuses any other shape, saying what the shape is', () => {
    expect(loadConfig({ GGZY_OCDS_OCID_PREFIX: 'ocds-213czf' }).exchange.ocidPrefix).toBe('ocds-213czf');
    for (const bad of [
      'ocds-ggzy',
      'ocds-ggzy0001',
      'OCDS-213CZF',
      'ocds-213CZF',
      'ggzy-213czf',
      'ocds-213czf-',
    ]) {
      const problems = problemsOf({ GGZY_OCDS_OCID_PREFIX: bad });
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]).toMatch(
        /^GGZY_OCDS_OCID_PREFIX: an ocid prefix is "ocds-" and the 6 lowercase letters or digits/,
      );
    }
  });

  it('uses a placeholder prefix only while nothing is pushed as OCDS', () => {
    expect(loadConfig({}).exchange).toMatchObject({ ocidPrefix: PLACEHOLDER_OCID_PREFIX, channel: 'ocds' });
    expect(problemsOf({ GGZY_EXCHANGE_URL: 'https://ggzy.example.cn/receive' })).toEqual([
      expect.stringMatching(/^GGZY_OCDS_OCID_PREFIX: pushing OCDS .* needs the ocid prefix registered/),
    ]);
    expect(
      problemsOf({
        GGZY_EXCHANGE_URL: 'https://ggzy.example.cn/receive',
        GGZY_OCDS_OCID_PREFIX: 'ocds-213czf',
      }),
    ).toEqual([]);
  });

  it('knows the push channel and the data-spec context the docs name', () => {
    const context = {
      noticeMedia: '全国公共资源交易平台',
      bulletinDuty: '张三',
      examiner: '李四',
      operator: '王五',
      codes: {},
    };
    const config = loadConfig({
      GGZY_EXCHANGE_CHANNEL: 'dataspec',
      GGZY_DATASPEC_CONTEXT: JSON.stringify(context),
    });
    expect(config.exchange).toMatchObject({ channel: 'dataspec', dataSpecContext: context });
    expect(problemsOf({ GGZY_EXCHANGE_CHANNEL: 'dataspec' })).toEqual([
      expect.stringMatching(
        /^GGZY_DATASPEC_CONTEXT: GGZY_EXCHANGE_CHANNEL=dataspec needs the data-spec context/,
      ),
    ]);
    expect(problemsOf({ GGZY_EXCHANGE_CHANNEL: 'xml' })[0]).toMatch(/^GGZY_EXCHANGE_CHANNEL:/);
    expect(problemsOf({ GGZY_DATASPEC_CONTEXT: '{not json' })[0]).toMatch(/^GGZY_DATASPEC_CONTEXT:/);
  });

  it('checks what the data-spec context declares for every 招标项目 in the V4 forms, and refuses a misspelt key', () => {
    const context = {
      noticeMedia: '深圳公共资源交易平台',
      bulletinDuty: '陈晓东',
      examiner: '林海燕',
      operator: '数据组',
      codes: {
        'SUBJECT_ROLE.agency': '02',
        'SUBJECT_TYPE.creditCode': '01',
        'ENTERPRISE_NATURE.state-owned': '1',
      },
      tenderProject: {
        tradeSystemNo: 'SZJSGC000001',
        tradeSystemFee: '0',
        superviseDept: '深圳市住房和建设局',
        approveDept: '深圳市公共资源交易中心',
        type: 'A01',
        mandatory: '1',
      },
      purchaseProject: { type: 'B01', relateCode: '0' },
      minerals: { 萤石: '21301' },
      propertyListing: { autoExtend: 'T' },
    };
    const problems = (edit: Record<string, unknown>) =>
      problemsOf({ GGZY_DATASPEC_CONTEXT: JSON.stringify({ ...context, ...edit }) });
    expect(loadConfig({ GGZY_DATASPEC_CONTEXT: JSON.stringify(context) }).exchange.dataSpecContext).toEqual(
      context,
    );
    expect(problems({ tenderProject: { ...context.tenderProject, tradeSystemNo: 'SZ-1' } })).toEqual([
      expect.stringMatching(/^GGZY_DATASPEC_CONTEXT\.tenderProject\.tradeSystemNo: exactly 12/),
    ]);
    expect(problems({ tenderProject: { ...context.tenderProject, mandatory: 'yes' } })[0]).toMatch(
      /^GGZY_DATASPEC_CONTEXT\.tenderProject\.mandatory/,
    );
    expect(problems({ tenderProject: { ...context.tenderProject, tradeSystemFee: '免费' } })[0]).toMatch(
      /tradeSystemFee: an amount in 元/,
    );
    expect(problems({ tenderProjet: {} })[0]).toMatch(/^GGZY_DATASPEC_CONTEXT/);
    expect(problems({ minerals: { 萤石: 'CaF2' } })[0]).toMatch(/矿种 code/);
  });

  it('takes the push’s retry and breaker policy, refusing a cap below the first window', () => {
    expect(loadConfig({}).exchange).toMatchObject({
      backoff: { baseMs: 500, capMs: 300_000 },
      breaker: { failureThreshold: 5, cooldownMs: 10_000 },
    });
    const tuned = loadConfig({
      GGZY_EXCHANGE_BACKOFF_BASE_MS: '200',
      GGZY_EXCHANGE_BACKOFF_CAP_MS: '60000',
      GGZY_EXCHANGE_BREAKER_THRESHOLD: '3',
      GGZY_EXCHANGE_BREAKER_COOLDOWN_MS: '30000',
    }).exchange;
    expect(tuned).toMatchObject({
      backoff: { baseMs: 200, capMs: 60_000 },
      breaker: { failureThreshold: 3, cooldownMs: 30_000 },
    });
    expect(problemsOf({ GGZY_EXCHANGE_BACKOFF_BASE_MS: '1000', GGZY_EXCHANGE_BACKOFF_CAP_MS: '10' })).toEqual(
      [expect.stringMatching(/^GGZY_EXCHANGE_BACKOFF_CAP_MS: the largest retry window cannot be smaller/)],
    );
    expect(problemsOf({ GGZY_EXCHANGE_BREAKER_THRESHOLD: '0' })[0]).toMatch(
      /^GGZY_EXCHANGE_BREAKER_THRESHOLD:/,
    );
  });
});
