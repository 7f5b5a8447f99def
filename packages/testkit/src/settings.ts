import { z } from 'zod';

/**
 * What the test kit reads from the environment, parsed once. KAFKA_BROKERS / DATABASE_URL point
 * the tests at services you run yourself; DATABASE_URL must allow CREATE DATABASE, since every
 * test run makes its own databases beside it.
 */
const testEnvSchema = z.object({
  KAFKA_BROKERS: z
    .string()
    .optional()
    .transform((value) =>
      value
        ?.split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    ),
  DATABASE_URL: z.url().optional(),
  /**
   * `embedded`: run the tests on ggzy's own embedded PostgreSQL server (the default mode's
   * database), started in a temporary folder for the run, instead of looking for one.
   */
  GGZY_TEST_POSTGRES: z.enum(['find', 'embedded']).default('find'),
  /** `0` skips the Docker probe even when an engine answers. */
  GGZY_TEST_DOCKER: z.enum(['0', '1']).optional(),
  /** The PostgreSQL the fallback looks for (default: the local server on 127.0.0.1:5432). */
  GGZY_TEST_LOCAL_DATABASE_URL: z.url().default('postgres://postgres@127.0.0.1:5432/postgres'),
  DOCKER_HOST: z.string().optional(),
  LOG_LEVEL: z.string().default('info'),
});

export type TestEnv = z.output<typeof testEnvSchema>;

export function readTestEnv(source: Record<string, string | undefined> = process.env): TestEnv {
  return testEnvSchema.parse(
    Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== '')),
  );
}
