/**
 * docker-compose.yml cannot run on machines without a Docker engine, so its promises are checked
 * here instead: it parses, every ggzy service runs a CLI command that exists, names a service
 * folder that exists, and builds from a Dockerfile that exists.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));

interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  depends_on?: Record<string, unknown>;
  'x-ggzy-service'?: string;
}

const compose = parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

const cliHelp = execFileSync(
  process.execPath,
  ['--import', 'tsx', join(root, 'services/cli/src/main.ts'), '--help'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);

describe('docker-compose.yml', () => {
  it('has Kafka, PostgreSQL and at least one ggzy service', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(['kafka', 'postgres']));
    expect(Object.values(compose.services).some((service) => service['x-ggzy-service'])).toBe(true);
  });

  for (const [name, service] of Object.entries(compose.services)) {
    if (service.image) continue;
    it(`${name}: builds from this repository and runs a service that exists`, () => {
      expect(service.build).toBeDefined();
      expect(existsSync(join(root, service.build!.context, service.build!.dockerfile))).toBe(true);
      const folder = service['x-ggzy-service'];
      expect(folder, `${name} must say which services/ folder it runs (x-ggzy-service)`).toBeTruthy();
      expect(existsSync(join(root, 'services', folder!, 'package.json'))).toBe(true);
      const [pnpm, ggzy, command] = service.command ?? [];
      expect([pnpm, ggzy]).toEqual(['pnpm', 'ggzy']);
      expect(cliHelp).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
    });
  }

  it('depends only on services it defines', () => {
    for (const service of Object.values(compose.services)) {
      for (const dependency of Object.keys(service.depends_on ?? {})) {
        expect(Object.keys(compose.services)).toContain(dependency);
      }
    }
  });
});
