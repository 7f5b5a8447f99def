import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

/** The sender identifiers of the receiver's own test data (lishanling/GGZY DataV4Service.Test). */
const sender = {
  GGZY_DATASPEC_SYSTEM_NO: '9120',
  GGZY_DATASPEC_PLATFORM_CODE: '91350000MA347WHE48',
  GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: 'M35000007031234567',
  GGZY_DATASPEC_TRADE_PLAT: '12345678901',
  GGZY_DATASPEC_PUB_SERVICE_PLAT: '10987654321',
  GGZY_DATASPEC_CA_KEY: '88888888889999999999',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    return (error as { details: { problems: string[] } }).details.problems;
  }
  return [];
}

describe('the data-spec sender', () => {
  it('is unset by default', () => {
    expect(loadConfig({}).dataSpecPlatform).toBeUndefined();
  });

  it('is read whole, ROUTE_WAY defaulting to 0', () => {
    expect(loadConfig(sender).dataSpecPlatform).toEqual({
      systemNo: '9120',
      platformCode: '91350000MA347WHE48',
      pubServicePlatCode: 'M35000007031234567',
      tradePlat: '12345678901',
      pubServicePlat: '10987654321',
      caKey: '88888888889999999999',
      routeWay: '0',
    });
    expect(loadConfig({ ...sender, GGZY_DATASPEC_ROUTE_WAY: '1' }).dataSpecPlatform?.routeWay).toBe('1');
  });

  it('refuses codes of the wrong length, naming each variable', () => {
    const problems = problemsOf({
      ...sender,
      GGZY_DATASPEC_PLATFORM_CODE: '91350000MA347WHE4',
      GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE: 'M350000070312345678',
      GGZY_DATASPEC_TRADE_PLAT: '1234567890',
      GGZY_DATASPEC_PUB_SERVICE_PLAT: '1234567890ab',
      GGZY_DATASPEC_SYSTEM_NO: '91200',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'GGZY_DATASPEC_PLATFORM_CODE',
      'GGZY_DATASPEC_PUB_SERVICE_PLAT',
      'GGZY_DATASPEC_PUB_SERVICE_PLAT_CODE',
      'GGZY_DATASPEC_SYSTEM_NO',
      'GGZY_DATASPEC_TRADE_PLAT',
    ]);
    expect(problems.find((p) => p.startsWith('GGZY_DATASPEC_PLATFORM_CODE'))).toContain('exactly 18');
  });

  it('refuses a partial sender: every missing variable is named', () => {
    const { GGZY_DATASPEC_CA_KEY: _ca, GGZY_DATASPEC_TRADE_PLAT: _trade, ...partial } = sender;
    const problems = problemsOf(partial);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'GGZY_DATASPEC_CA_KEY',
      'GGZY_DATASPEC_TRADE_PLAT',
    ]);
  });
});
