import type { Rejection } from './events.ts';
import { projectKey } from './project.ts';
import { regionCovers } from './region.ts';

/**
 * What a feed (one trading centre's push channel) may publish: the regions its centre serves,
 * and the projects it shares with another centre. A project belongs to the feed that opened it
 * (the feed of its first stored notice); another feed's notice for it is refused, unless that
 * feed names the project in `sharedProjects` (two centres legitimately running one project).
 */
export interface FeedScope {
  feed: string;
  /** 行政区划代码 the centre publishes for (a province or city covers what is inside it); unset: any. */
  regions?: readonly string[] | undefined;
  /** Project keys (`<region>:<code>`) this feed may publish into though another feed opened them. */
  sharedProjects?: readonly string[] | undefined;
}

/** A notice as the scope rule reads it: its project's identity. */
interface ScopedNotice {
  project: Parameters<typeof projectKey>[0];
}

/**
 * Why `scope`'s feed may not publish `notice`, or undefined when it may. `owner` is the feed that
 * opened the notice's project (undefined: a new project, which this notice opens). The reason
 * never names the other feed: a feed learns only that the project is not its own. Pure.
 */
export function feedScopeRefusal(
  scope: FeedScope,
  notice: ScopedNotice,
  owner: string | undefined,
): Rejection | undefined {
  const region = notice.project.region;
  if (scope.regions && !scope.regions.some((served) => served === region || regionCovers(served, region))) {
    return {
      path: 'project.region',
      value: region,
      rule: 'feed.region',
      message: `feed ${scope.feed} publishes for ${scope.regions.join(', ')} only; ${region} is outside them (ask the operator to add the region to the feed's configuration if it is the centre's)`,
    };
  }
  const key = projectKey(notice.project);
  if (owner !== undefined && owner !== scope.feed && !scope.sharedProjects?.includes(key)) {
    return {
      path: 'project',
      value: key,
      rule: 'feed.project-owner',
      message: `project ${key} was opened by another feed: only that feed publishes its notices (two centres sharing a project: the operator lists it in this feed's sharedProjects)`,
    };
  }
  return undefined;
}
