/**
 * Writes docs/schemas/notice-input.v1.json from `noticeInputSchema`.
 * Run from the repository root: `pnpm exec tsx packages/domain/scripts/generate-json-schema.ts`.
 * A unit test (input.test.ts) fails when the committed file and the schema drift apart.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { noticeInputJsonSchema } from '../src/input.ts';

const target = fileURLToPath(new URL('../../../docs/schemas/notice-input.v1.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(noticeInputJsonSchema(), null, 2)}\n`);
// In the repository's format, so that `pnpm lint` passes on the file as written.
execFileSync('pnpm', ['exec', 'biome', 'format', '--write', target], { stdio: 'inherit' });
console.log(`wrote ${target}`);
