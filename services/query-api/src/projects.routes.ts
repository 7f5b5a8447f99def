import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { sendProblem } from '@ggzy/runtime';
import { eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mergeLots, type ProjectPart } from './lots.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { projectTimelineSchema } from './schemas.ts';
import { shanghaiTime, shanghaiTimeMs } from './sql.ts';

const pr = schema.projects;

interface Stage {
  noticeId: string;
  version: number;
  current: boolean;
  stage: string;
  publishedAt: string;
  storedAt: string;
  title: string;
}

/**
 * The timeline's one statement, built once and prepared on each connection: the project, and
 * aggregated beside it its stages (corrections included) and the project part of each of its
 * notices (for the lots). One round trip instead of three.
 */
function timelineStatement(db: Database) {
  return db
    .select({
      projectKey: pr.projectKey,
      domain: pr.domain,
      projectCode: pr.projectCode,
      projectName: pr.projectName,
      region: pr.region,
      currentStage: pr.currentStage,
      firstPublishedAt: shanghaiTime(pr.firstPublishedAt),
      lastPublishedAt: shanghaiTime(pr.lastPublishedAt),
      // Written out with aliases: inside a one-table select drizzle leaves columns unqualified.
      stages: sql<Stage[]>`(select coalesce(json_agg(json_build_object(
          'noticeId', s.notice_id, 'version', s.version,
          'current', coalesce(c.version = s.version, false), 'stage', s.stage,
          'publishedAt', ${shanghaiTime(sql`s.published_at`)}, 'storedAt', ${shanghaiTimeMs(sql`s.stored_at`)},
          'title', v.title
        ) order by s.published_at, s.stored_at, s.notice_id, s.version), '[]'::json)
        from project_stages s
        join notice_versions v on v.notice_id = s.notice_id and v.version = s.version
        left join notices c on c.id = s.notice_id
        where s.project_key = projects.project_key)`,
      parts: sql<
        ProjectPart[]
      >`(select coalesce(json_agg(c.notice->'project' order by c.published_at, c.id), '[]'::json)
        from notices c where c.project_key = projects.project_key)`,
    })
    .from(pr)
    .where(eq(pr.projectKey, sql.placeholder('key')))
    .prepare('project_timeline');
}

const timelineStatements = new WeakMap<Database, ReturnType<typeof timelineStatement>>();

/** Every stage of a project in publication order (corrections included, flagged), and its lots. */
export async function projectTimeline(db: Database, key: string) {
  let statement = timelineStatements.get(db);
  if (!statement) {
    statement = timelineStatement(db);
    timelineStatements.set(db, statement);
  }
  const [row] = await statement.execute({ key });
  if (!row) return undefined;
  const { stages, parts, ...project } = row;
  // From the stages, not `projects.first_published_at`: the store keeps only a batch's latest
  // row per project, so a project stored in one batch gets first = last.
  return {
    ...project,
    firstPublishedAt: stages[0]?.publishedAt ?? project.firstPublishedAt,
    lastPublishedAt: stages.at(-1)?.publishedAt ?? project.lastPublishedAt,
    stages,
    lots: mergeLots(parts),
  };
}

export async function projectRoutes(app: FastifyInstance, options: { db: Database }): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:key',
    {
      schema: {
        summary: "A project's timeline: every stage from announcement to contract, and its lots",
        tags: ['projects'],
        params: z.object({
          key: z
            .string()
            .min(3)
            .max(300)
            .describe('the project key, <region code>:<normalized project code>'),
        }),
        response: { 200: projectTimelineSchema, 404: problemSchema, ...problemResponses },
      },
    },
    async (request, reply) => {
      const timeline = await projectTimeline(options.db, request.params.key);
      if (!timeline) return sendProblem(reply, 'GGZY_NOT_FOUND', `no project ${request.params.key}`);
      return timeline;
    },
  );
}
