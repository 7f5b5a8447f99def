/** What the global setup hands to every test file (vitest provide/inject). */
export interface TestServices {
  kafkaBrokers: string[];
  kafkaVia: string;
  /** A connection URL for the server's maintenance database (CREATE/DROP DATABASE). */
  adminDatabaseUrl: string;
  postgresVia: string;
  /** The migrated template every test file's database is cloned from. */
  templateDatabase: string;
  /** Unique per test run: prefixes databases and topics. */
  runId: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    ggzy: TestServices;
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Names of this kit's databases: `ggzy_t_<runner pid>_<random>[_<suffix>]`. */
export const DATABASE_PATTERN = /^ggzy_t_(\d+)_[a-z0-9]+/;
