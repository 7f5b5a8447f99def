import { readFileSync } from 'node:fs';
import { DISCLOSURE_WORKING_DAYS } from '@ggzy/domain';
import { getTableConfig, PgDialect } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { pastDisclosureLimit } from './disclosure.ts';
import { notices } from './schema/store.ts';

const dialect = new PgDialect({ casing: 'snake_case' });
const predicate = `"notices"."disclosure_days" > ${DISCLOSURE_WORKING_DAYS}`;

describe('the late candidates: one limit for the rule, the schema and the queries', () => {
  it('writes the packaged limit into the SQL as a literal, not a parameter', () => {
    const query = dialect.sqlToQuery(pastDisclosureLimit(notices.disclosureDays));
    expect(query).toEqual({ sql: predicate, params: [] });
  });

  it("is the partial index's predicate, as the committed migration declares it", () => {
    const index = getTableConfig(notices).indexes.find(
      (i) => i.config.name === 'notices_late_candidates_idx',
    );
    const where = index?.config.where;
    expect(where && dialect.sqlToQuery(where).sql).toBe(predicate);
    const migration = readFileSync(new URL('../migrations/0008_notice_amount.sql', import.meta.url), 'utf8');
    expect(migration).toContain(`WHERE ${predicate};`);
  });
});
