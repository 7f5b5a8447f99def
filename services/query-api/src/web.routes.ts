import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  creditListTypeLabels,
  domainLabels,
  domains,
  fieldLabels,
  type matchLevels,
  partyRoleLabels,
  regionAncestors,
  regionChildren,
  regionName,
  stageLabels,
  stagesByDomain,
} from '@ggzy/domain';
import { GgzyError } from '@ggzy/runtime';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * The single-window web page (一站式服务): static files from ./web, read once when the plugin is
 * registered, served at `/` and `/assets/<file>`; and the labels it shows, from the domain model.
 * Nothing is built: the browser loads the ES modules as they are.
 */

const WEB_DIR = fileURLToPath(new URL('./web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/**
 * The page talks to its own origin only: no CDN, no external font, no inline script or style.
 * The policy makes the browser refuse anything else, should a later change try.
 */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

interface WebFile {
  body: Buffer;
  type: string;
  etag: string;
}

function webFile(path: string, type: string): WebFile {
  const body = readFileSync(path);
  const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
  return { body, type, etag };
}

/**
 * Libraries the page loads from its own origin (the machine may be offline, and the CSP admits
 * no CDN): ECharts' ES module build, from the installed package, as `/assets/echarts.js`.
 */
function vendorFiles(): [string, WebFile][] {
  const require = createRequire(import.meta.url);
  // The package's main file is dist/echarts.js; its ES module build lies beside it.
  const echarts = join(dirname(require.resolve('echarts')), 'echarts.esm.min.mjs');
  return [['echarts.js', webFile(echarts, CONTENT_TYPES['.js']!)]];
}

function loadWebFiles(dir: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>(vendorFiles());
  for (const name of readdirSync(dir)) {
    const type = CONTENT_TYPES[extname(name)];
    if (!type) continue;
    files.set(name, webFile(join(dir, name), type));
  }
  return files;
}

/**
 * Every file is revalidated on each load (`no-cache` with a strong ETag: a 304 costs one round
 * trip), because the modules import each other by plain names: a long max-age would let a
 * browser mix an old module with a new one after an upgrade.
 */
function sendFile(request: FastifyRequest, reply: FastifyReply, file: WebFile) {
  reply.headers({ ...SECURITY_HEADERS, etag: file.etag, 'cache-control': 'no-cache' });
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  return reply.type(file.type).send(file.body);
}

/** 确定 / 很可能 / 待核实: how sure a credit hit is (`matchLevels`). */
const matchLevelLabels: Record<(typeof matchLevels)[number], string> = {
  certain: '确定命中',
  probable: '很可能命中',
  review: '待人工核实',
};

/** The province-level codes of GB/T 2260 (the first two digits), for the region picker. */
const PROVINCE_PREFIXES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
];

function webLabels() {
  return {
    domains: domains.map((id) => ({
      id,
      label: domainLabels[id],
      stages: (stagesByDomain[id] as readonly string[]).map((stage) => ({
        id: stage,
        label: (stageLabels[id] as Record<string, string>)[stage] ?? stage,
      })),
    })),
    partyRoles: partyRoleLabels as Record<string, string>,
    creditListTypes: creditListTypeLabels as Record<string, string>,
    matchLevels: matchLevelLabels as Record<string, string>,
    fields: fieldLabels,
    provinces: PROVINCE_PREFIXES.map((prefix) => `${prefix}0000`).flatMap((code) => {
      const name = regionName(code);
      return name ? [{ code, name }] : [];
    }),
  };
}

/** '440309' → '广东省深圳市龙华区' (province, city and county names top down). */
function regionFullName(code: string): string | undefined {
  const chain = regionAncestors(code);
  if (chain.length === 0) return undefined;
  return chain.map((part) => regionName(part) ?? '').join('');
}

const labelsSchema = z.object({
  domains: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      stages: z.array(z.object({ id: z.string(), label: z.string() })),
    }),
  ),
  partyRoles: z.record(z.string(), z.string()),
  creditListTypes: z.record(z.string(), z.string()),
  matchLevels: z.record(z.string(), z.string()),
  fields: z
    .record(z.string(), z.string())
    .describe(
      'field names of the canonical notice in Chinese; `parent.field` where the parent changes the meaning',
    ),
  provinces: z.array(z.object({ code: z.string(), name: z.string() })),
});

export interface WebRoutesOptions {
  /** Where the page's files are; default ./web beside this file. */
  dir?: string;
}

export async function webRoutes(app: FastifyInstance, options: WebRoutesOptions = {}): Promise<void> {
  const files = loadWebFiles(options.dir ?? WEB_DIR);
  const index = files.get('index.html');
  if (!index)
    throw new GgzyError('GGZY_INTERNAL', `the web page has no index.html in ${options.dir ?? WEB_DIR}`);
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const labels = webLabels();

  routes.get('/', { schema: { hide: true } }, (request, reply) => sendFile(request, reply, index));

  routes.get(
    '/assets/:name',
    { schema: { hide: true, params: z.object({ name: z.string().max(100) }) } },
    (request, reply) => {
      const file = request.params.name === 'index.html' ? undefined : files.get(request.params.name);
      if (!file) return reply.callNotFound();
      return sendFile(request, reply, file);
    },
  );

  routes.get(
    '/v1/meta/labels',
    {
      schema: {
        summary: 'The Chinese labels of domains, stages, party roles, credit lists and match levels',
        tags: ['meta'],
        response: { 200: labelsSchema },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return labels;
    },
  );

  routes.get(
    '/v1/meta/regions',
    {
      schema: {
        summary: 'The names of region codes (GB/T 2260), e.g. 440309 → 广东省深圳市龙华区',
        tags: ['meta'],
        querystring: z.object({
          codes: z
            .string()
            .regex(/^\d{6}(,\d{6}){0,99}$/, 'up to 100 six-digit codes, comma-separated')
            .describe('comma-separated six-digit codes'),
        }),
        response: { 200: z.record(z.string(), z.string()) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      const names: Record<string, string> = {};
      for (const code of new Set(request.query.codes.split(','))) {
        const name = regionFullName(code);
        if (name) names[code] = name;
      }
      return names;
    },
  );

  routes.get(
    '/v1/meta/region-children',
    {
      schema: {
        summary:
          'The regions directly inside a region (a province’s cities, a city’s counties), for the region picker',
        tags: ['meta'],
        querystring: z.object({
          parent: z
            .string()
            .regex(/^\d{6}$/, 'a six-digit region code')
            .describe('e.g. 440000 广东省'),
        }),
        response: { 200: z.array(z.object({ code: z.string(), name: z.string() })) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'public, max-age=3600');
      return regionChildren(request.query.parent);
    },
  );
}
