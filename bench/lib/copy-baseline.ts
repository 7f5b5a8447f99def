import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Notice } from '@ggzy/domain';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Figures } from './report.ts';

const field = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/**
 * The write ceiling: raw COPY of the notices (id, project code, title, publication time and the
 * whole notice as jsonb) into a temporary table on the client's connection.
 */
export async function measureRawCopy(client: pg.ClientBase, notices: readonly Notice[]): Promise<Figures> {
  await client.query(
    'create temporary table copy_target (id text primary key, project_key text, title text, published_at timestamptz, notice jsonb)',
  );
  const started = Date.now();
  await pipeline(
    Readable.from(
      notices.map(
        (notice) =>
          `${[notice.id, notice.project.projectCode ?? '', notice.title, notice.publishedAt, JSON.stringify(notice)].map(field).join('\t')}\n`,
      ),
    ),
    client.query(copyFrom('copy copy_target from stdin')),
  );
  const wallMs = Date.now() - started;
  await client.query('drop table copy_target');
  return { throughput: (notices.length / wallMs) * 1000, unit: 'rows/s copied', wallMs };
}
