/**
 * No service imports another service, and no package imports a service: shared rules live in
 * packages/, and only the CLI, which wires the services together, may depend on services. Checked in every service's package.json and in
 * every TypeScript/JavaScript file under services/<name>/ (tests included).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const servicesDir = join(root, 'services');
/** The one service allowed to import the others: it starts them. */
const WIRING = 'cli';

/** The workspaces in a folder (services/, packages/), each with its package.json. */
function workspaces(folder: string) {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => {
      const dir = join(folder, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name: string;
        dependencies?: Record<string, string>;
        devDependencies?: Record<string, string>;
      };
      return { folder: entry.name, dir, manifest };
    });
}

const services = workspaces(servicesDir);
const serviceNames = new Set(services.map((s) => s.manifest.name));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(c|m)?(t|j)sx?$/.test(entry.name) ? [path] : [];
  });
}

/** Module specifiers of static imports, re-exports, dynamic imports and requires. */
const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](@ggzy\/[^'"/]+)/g;

function importedServices(text: string, own: string): string[] {
  return [...text.matchAll(SPECIFIER)]
    .map((match) => match[1]!)
    .filter((name) => serviceNames.has(name) && name !== own);
}

describe('service boundaries', () => {
  it('finds the services and their sources', () => {
    expect(serviceNames.size).toBeGreaterThanOrEqual(5);
    expect(serviceNames).toContain('@ggzy/blacklist');
    expect(importedServices("import { startBlacklist } from '@ggzy/blacklist';", '@ggzy/store')).toEqual([
      '@ggzy/blacklist',
    ]);
  });

  for (const service of services.filter((s) => s.folder !== WIRING)) {
    it(`${service.manifest.name} imports no other service`, () => {
      const own = service.manifest.name;
      const declared = Object.keys({
        ...service.manifest.dependencies,
        ...service.manifest.devDependencies,
      }).filter((name) => serviceNames.has(name) && name !== own);
      const imported = sourceFiles(service.dir).flatMap((file) =>
        importedServices(readFileSync(file, 'utf8'), own).map(
          (name) => `${relative(root, file)} imports ${name}`,
        ),
      );
      expect(declared, 'package.json').toEqual([]);
      expect(imported).toEqual([]);
    });
  }

  it('no package imports a service: packages sit below the services', () => {
    const offences = workspaces(join(root, 'packages')).flatMap(({ dir, manifest }) => {
      const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })
        .filter((name) => serviceNames.has(name))
        .map((name) => `${manifest.name}/package.json depends on ${name}`);
      const imported = sourceFiles(dir).flatMap((file) =>
        importedServices(readFileSync(file, 'utf8'), manifest.name).map(
          (name) => `${relative(root, file)} imports ${name}`,
        ),
      );
      return [...declared, ...imported];
    });
    expect(offences).toEqual([]);
  });
});
