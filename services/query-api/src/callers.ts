import { timingSafeEqual } from 'node:crypto';
import type { PrivacyRole } from '@ggzy/domain';
import { presentedKey, sendProblem } from '@ggzy/runtime';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The roles an API key can have: privacy roles (@ggzy/domain privacy.ts), which decide what of personal data they see. */
export const roles = ['public', 'platform', 'regulator', 'admin'] as const satisfies readonly PrivacyRole[];
export type Role = (typeof roles)[number];

export interface ApiKey {
  key: string;
  role: Exclude<Role, 'public'> | 'public';
  /** Who holds the key: what the audit log and rate limiter know the caller by. */
  name: string;
}

export interface Caller {
  role: Role;
  /** The key's name; undefined for anonymous callers. */
  name?: string;
  /** The rate-limit bucket: the key's name, or the client address when anonymous. */
  bucket: string;
}

/**
 * What each role may do. What it sees of personal data is the privacy module's
 * `personalDataView` (whole only to regulators and administrators). Regulators' queries are
 * audited (who looked at whose data). Blacklist alerts that are not confirmed (open or dismissed: an unproven suspicion about a named company) are
 * for regulators and administrators only, who also decide them (confirm or dismiss).
 */
export const policies: Record<
  Role,
  {
    audited: boolean;
    unconfirmedAlerts: boolean;
    reviewAlerts: boolean;
    /** GET /v1/feed: what is handed to the national platform. */
    exchangeFeed: boolean;
    /** /metrics on the API's port (the operations port serves it to whoever reaches that port). */
    metrics: boolean;
  }
> = {
  public: {
    audited: false,
    unconfirmedAlerts: false,
    reviewAlerts: false,
    exchangeFeed: false,
    metrics: false,
  },
  platform: {
    audited: false,
    unconfirmedAlerts: false,
    reviewAlerts: false,
    exchangeFeed: true,
    metrics: false,
  },
  regulator: {
    audited: true,
    unconfirmedAlerts: true,
    reviewAlerts: true,
    exchangeFeed: false,
    metrics: false,
  },
  admin: { audited: false, unconfirmedAlerts: true, reviewAlerts: true, exchangeFeed: true, metrics: true },
};

/**
 * Answers 401 (no or unknown credential) or 403 (a key whose role lacks `right`) and returns the
 * reply, or returns undefined when the caller may go on.
 */
export function refuseWithout(
  caller: Caller | undefined,
  right: 'exchangeFeed' | 'metrics',
  reply: FastifyReply,
  what: string,
): FastifyReply | undefined {
  const allowed = roles.filter((role) => policies[role][right]).join(', ');
  if (!caller || caller.role === 'public') {
    return sendProblem(
      reply,
      'GGZY_UNAUTHORIZED',
      `${what} is for the roles ${allowed}: present such an API key`,
    );
  }
  if (!policies[caller.role][right]) {
    return sendProblem(reply, 'GGZY_FORBIDDEN', `${what} is for the roles ${allowed}, not ${caller.role}`);
  }
  return undefined;
}

function sameKey(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The caller a request speaks for: anonymous → public; a known key → its role; else undefined (401). */
export function identify(request: FastifyRequest, keys: readonly ApiKey[]): Caller | undefined {
  const presented = presentedKey(request.headers);
  if (presented === undefined) return { role: 'public', bucket: `ip:${request.ip}` };
  if (presented === 'malformed') return undefined;
  // Compare with every key, so the time taken does not tell how many keys were tried.
  let found: ApiKey | undefined;
  for (const candidate of keys) if (sameKey(candidate.key, presented) && !found) found = candidate;
  return found ? { role: found.role, name: found.name, bucket: `key:${found.name}` } : undefined;
}

const callers = new WeakMap<FastifyRequest, Caller>();

export function setCaller(request: FastifyRequest, caller: Caller): void {
  callers.set(request, caller);
}

/** The authenticated caller of a /v1 request (set by the auth hook before any handler runs). */
export function callerOf(request: FastifyRequest): Caller {
  return callers.get(request) ?? { role: 'public', bucket: `ip:${request.ip}` };
}
