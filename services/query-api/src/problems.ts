import { errorCodes, problemOfHttpError, sendProblem, sendProblemDocument } from '@ggzy/runtime';
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** RFC 9457 problem document, as every error of this API answers (packages/runtime `problem`). */
export const problemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(errorCodes),
    detail: z.string(),
    retriable: z.boolean().optional(),
  })
  .meta({ id: 'Problem' });

/** The error answers every /v1 route may give, for the OpenAPI document. */
export const problemResponses = {
  400: problemSchema,
  401: problemSchema,
  429: problemSchema,
  503: problemSchema,
} as const;

/**
 * Input errors become 400 problems that list every offending parameter; Fastify's own client
 * errors and coded errors answer by runtime's `problemOfHttpError`; faults are logged.
 */
export function problemErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => ({
        in: error.validationContext ?? 'request',
        path: issue.instancePath.replace(/^\//, '').replaceAll('/', '.'),
        message: issue.message ?? 'invalid',
      }));
      const detail = errors.map((e) => `${e.in}${e.path ? `.${e.path}` : ''}: ${e.message}`).join('; ');
      return sendProblem(reply, 'GGZY_BAD_REQUEST', detail, { errors });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return sendProblem(reply, 'GGZY_INTERNAL', 'an unexpected error occurred; it has been logged');
    }
    const body = problemOfHttpError(error);
    // A coded answer (not found, conflict) is the caller's business; a fault is ours, logged.
    if (body.status >= 500) request.log.error({ err: error }, 'query failed');
    return sendProblemDocument(reply, body);
  });
}
