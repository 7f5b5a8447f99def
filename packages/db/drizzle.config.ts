import { defineConfig } from 'drizzle-kit';

// `pnpm --filter @ggzy/db generate` writes a new SQL migration for every schema change; the SQL is
// committed and reviewed. CI fails when the schema and the committed migrations disagree.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './migrations',
  casing: 'snake_case',
});
