/**
 * The data-spec context a deployment configures (GGZY_DATASPEC_CONTEXT) is checked by the
 * configuration's schema, and used by exchange-formats: the two must agree on every key. The
 * whole context the receiver tests send with is a context `ggzy start` must take.
 */
import { dataSpecTestContext } from '@ggzy/exchange-formats/testing';
import { loadConfig } from '@ggzy/runtime';
import { describe, expect, it } from 'vitest';

describe('GGZY_DATASPEC_CONTEXT', () => {
  it('takes the whole context of the receiver tests, every code key included', () => {
    const config = loadConfig({
      GGZY_EXCHANGE_CHANNEL: 'dataspec',
      GGZY_DATASPEC_CONTEXT: JSON.stringify(dataSpecTestContext),
    });
    expect(config.exchange.dataSpecContext).toEqual(dataSpecTestContext);
  });
});
