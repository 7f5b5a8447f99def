import type { DatabaseHandle } from '@ggzy/db';
import { appendAudit } from '@ggzy/db';
import { viewFor } from '@ggzy/domain';
import {
  createGroupedRateLimiter,
  PROBLEM_CONTENT_TYPE,
  problem,
  type RateLimit,
  routeGroup,
  sendProblem,
  tooManyRequests,
} from '@ggzy/runtime';
import type { FastifyInstance } from 'fastify';
import { type ApiKey, callerOf, identify, policies, setCaller } from './callers.ts';

export interface AccessOptions {
  database: DatabaseHandle;
  apiKeys: readonly ApiKey[];
  rateLimit: RateLimit | false;
}

/**
 * Who may ask, how often, and what they get back — for the /v1 routes (registered inside their
 * scope, so health checks, metrics and the docs stay open). In request order: identify the
 * caller (401 for an unknown key), spend a token (429), then on the way out mask personal data
 * for callers without the right to it, and audit regulators' queries.
 */
export async function accessControl(app: FastifyInstance, options: AccessOptions): Promise<void> {
  // A limiter per route group (notices, alerts, credit …): a caller's loop on one group leaves
  // the caller's other routes their own tokens.
  const limiter = options.rateLimit ? createGroupedRateLimiter(options.rateLimit) : undefined;

  app.addHook('onRequest', async (request, reply) => {
    const caller = identify(request, options.apiKeys);
    if (caller) setCaller(request, caller);
    // An unknown key spends from its address's bucket, so guessing keys is rate-limited too.
    const take = limiter?.take(routeGroup(request.routeOptions.url), caller?.bucket ?? `ip:${request.ip}`);
    if (take && !take.ok) return tooManyRequests(reply, take.retryAfterSeconds);
    if (!caller) {
      return sendProblem(
        reply,
        'GGZY_UNAUTHORIZED',
        'unknown or malformed API key: present a valid key as "Authorization: Bearer <key>" or "X-Api-Key: <key>", or no credential at all for public access',
      );
    }
  });

  // The privacy rule (@ggzy/domain privacy.ts) decides what the caller's role sees.
  app.addHook('preSerialization', async (request, _reply, payload) =>
    viewFor(callerOf(request).role, payload),
  );

  // Written before the answer leaves (onSend, not onResponse): a regulator never sees data whose
  // query is not on record. If the record cannot be written, the answer is withheld.
  app.addHook('onSend', async (request, reply, payload) => {
    const caller = callerOf(request);
    if (!policies[caller.role].audited) return payload;
    try {
      await appendAudit(options.database, {
        who: caller.name ?? 'anonymous',
        role: caller.role,
        method: request.method,
        url: request.url,
        status: reply.statusCode,
      });
      return payload;
    } catch (err) {
      request.log.error(
        { err, who: caller.name, url: request.url },
        'audit log write failed; answer withheld',
      );
      const body = problem(
        'GGZY_DB_UNAVAILABLE',
        'the audit log could not be written, so the answer is withheld',
        { retriable: true },
      );
      reply.code(body.status).type(PROBLEM_CONTENT_TYPE);
      return JSON.stringify(body);
    }
  });
}

// The hooks must cover the /v1 routes registered beside this plugin, not only its own scope
// (what fastify-plugin does, without the dependency).
Object.assign(accessControl, { [Symbol.for('skip-override')]: true });
