import { getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { facts, h, message, section } from './dom.js';
import { flagsOf } from './flags.js';
import { domainLabel, formatTime, noticeHref, stageLabel } from './format.js';
import { partyList } from './view-notice.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */
/** @typedef {import('./dom.js').ButtonClick} ButtonClick */

/** The parties of a project: from its current notices, merged by party, roles unioned. */
/** @param {Json[]} stages */
async function projectParties(stages) {
  const ids = [...new Set(stages.filter((s) => s.current).map((s) => s.noticeId))].slice(0, 20);
  const answers = await Promise.all(ids.map((id) => getJson(`/v1/notices/${encodeURIComponent(id)}`)));
  const byKey = new Map();
  for (const answer of answers) {
    if (!answer.ok) continue;
    for (const party of answer.body.notice?.parties ?? []) {
      const key = party.identifiers?.creditCode ?? party.nameKey;
      const known = byKey.get(key);
      if (known) known.roles = [...known.roles, ...(party.roles ?? [])];
      else byKey.set(key, { ...party, roles: [...(party.roles ?? [])] });
    }
  }
  return [...byKey.values()];
}

/** @param {ViewContext} context */
export async function projectView({ labels, path }) {
  const key = path[0] ?? '';
  const answer = await getJson(`/v1/projects/${encodeURIComponent(key)}`);
  if (!answer.ok) return { title: '项目', content: message('error', problemText(answer)) };
  const project = answer.body;
  await loadRegionNames([project.region]);
  const [parties, flags] = await Promise.all([
    projectParties(project.stages),
    flagsOf(labels, `/v1/projects/${encodeURIComponent(key)}/flags`, { project: false }),
  ]);
  // The notices each raised flag rests on: marked on the timeline.
  /** @type {Map<string, number>} */
  const flagged = new Map();
  for (const flag of flags.items) {
    if (flag.status !== 'raised') continue;
    for (const notice of flag.notices) flagged.set(notice.noticeId, (flagged.get(notice.noticeId) ?? 0) + 1);
  }
  /** @param {string} id */
  const stage = (id) => stageLabel(labels, project.domain, id);

  const timeline = h(
    'ol',
    { class: 'timeline', 'aria-label': '项目进程' },
    project.stages.map((/** @type {Json} */ s) =>
      h(
        'li',
        { class: s.current ? 'step' : 'step superseded' },
        h('time', { datetime: s.publishedAt }, formatTime(s.publishedAt)),
        h(
          'div',
          { class: 'step-body' },
          h('span', { class: 'tag' }, stage(s.stage)),
          s.version > 1 ? h('span', { class: 'tag tag-warn' }, `第 ${s.version} 版`) : null,
          s.current ? null : h('span', { class: 'tag tag-muted' }, '已被更正'),
          flagged.get(s.noticeId)
            ? h(
                'span',
                { class: 'tag tag-flag', title: '本公告是风险预警的依据' },
                `风险预警 ${flagged.get(s.noticeId)} 项`,
              )
            : null,
          h('a', { href: noticeHref(s.noticeId) }, s.title),
        ),
      ),
    ),
  );
  const lots = project.lots.length
    ? section(
        `标段（包）（${project.lots.length} 个）`,
        h(
          'ul',
          { class: 'plain' },
          project.lots.map((/** @type {Json} */ lot) =>
            h('li', {}, `${lot.lotCode} ${lot.name ?? ''}`.trim()),
          ),
        ),
      )
    : null;

  return {
    title: project.projectName ?? project.projectKey,
    content: h(
      'div',
      { class: 'layout layout-wide' },
      h(
        'div',
        { class: 'content' },
        h('p', { class: 'crumbs' }, domainLabel(labels, project.domain)),
        h('h1', { tabindex: '-1' }, project.projectName ?? project.projectCode ?? project.projectKey),
        section(`项目进程（${project.stages.length} 条公告）`, timeline),
        section(
          `廉洁风险预警${flags.count === null ? '' : `（${flags.count} 项）`}`,
          h('p', { class: 'muted' }, '预警是需要核查的线索，不是违法认定；每项附其依据的公告和比较的数值。'),
          flags.content,
        ),
      ),
      h(
        'aside',
        { class: 'side' },
        section(
          '项目信息',
          facts([
            ['项目编号', project.projectCode],
            ['地区', regionLabel(project.region)],
            ['当前阶段', stage(project.currentStage)],
            ['首次发布', formatTime(project.firstPublishedAt)],
            ['最近发布', formatTime(project.lastPublishedAt)],
          ]),
        ),
        section('参与主体', partyList(labels, parties)),
        lots,
      ),
    ),
  };
}
