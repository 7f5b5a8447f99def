import type { Database } from '@ggzy/db';
import { schema } from '@ggzy/db';
import { sendProblem } from '@ggzy/runtime';
import { and, asc, eq, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mergeLots, type ProjectPart } from './lots.ts';
import { problemResponses, problemSchema } from './problems.ts';
import { projectTimelineSchema } from './schemas.ts';
import { shanghaiTime, shanghaiTimeMs } from './sql.ts';

const pr = schema.projects;
const ps = schema.projectStages;
const nv = schema.noticeVersions;
const n = schema.notices;

/** Every stage of a project in publication order (corrections included, flagged), and its lots. */
export async function projectTimeline(db: Database, key: string) {
  const [project] = await db
    .select({
      projectKey: pr.projectKey,
      domain: pr.domain,
      projectCode: pr.projectCode,
      projectName: pr.projectName,
      region: pr.region,
      currentStage: pr.currentStage,
      firstPublishedAt: shanghaiTime(pr.firstPublishedAt),
      lastPublishedAt: shanghaiTime(pr.lastPublishedAt),
    })
    .from(pr)
    .where(eq(pr.projectKey, key));
  if (!project) return undefined;
  const stages = await db
    .select({
      noticeId: ps.noticeId,
      version: ps.version,
      current: sql<boolean>`coalesce(${n.version} = ${ps.version}, false)`,
      stage: ps.stage,
      publishedAt: shanghaiTime(ps.publishedAt),
      storedAt: shanghaiTimeMs(ps.storedAt),
      title: nv.title,
    })
    .from(ps)
    .innerJoin(nv, and(eq(nv.noticeId, ps.noticeId), eq(nv.version, ps.version)))
    .leftJoin(n, eq(n.id, ps.noticeId))
    .where(eq(ps.projectKey, key))
    .orderBy(asc(ps.publishedAt), asc(ps.storedAt), asc(ps.noticeId), asc(ps.version));
  const parts = await db
    .select({ project: sql<ProjectPart>`${n.notice}->'project'` })
    .from(n)
    .where(eq(n.projectKey, key))
    .orderBy(asc(n.publishedAt), asc(n.id));
  // From the stages, not `projects.first_published_at`: the store keeps only a batch's latest
  // row per project, so a project stored in one batch gets first = last.
  return {
    ...project,
    firstPublishedAt: stages[0]?.publishedAt ?? project.firstPublishedAt,
    lastPublishedAt: stages.at(-1)?.publishedAt ?? project.lastPublishedAt,
    stages,
    lots: mergeLots(parts.map((part) => part.project)),
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
