import { getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { dealCards } from './deal.js';
import { facts, h, message, section } from './dom.js';
import {
  domainLabel,
  fieldPathLabel,
  fieldValueText,
  formatTime,
  partyHref,
  partyId,
  projectHref,
  roleLabel,
  stageLabel,
} from './format.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */
/** @typedef {import('./dom.js').ButtonClick} ButtonClick */

/** @type {Record<string, string>} */
const OPS = { added: '新增', removed: '删除', changed: '修改' };

/**
 * @param {Labels} labels
 * @param {Json[]} parties
 */
export function partyList(labels, parties) {
  if (!parties?.length) return h('p', { class: 'muted' }, '公告未列明主体。');
  return h(
    'ul',
    { class: 'parties' },
    parties.map((party) => {
      const id = partyId(party);
      const roles = [
        ...new Set((party.roles ?? []).map((/** @type {Json} */ r) => roleLabel(labels, r.role ?? r))),
      ];
      return h(
        'li',
        {},
        id ? h('a', { href: partyHref(id) }, party.name) : party.name,
        roles.length ? h('span', { class: 'meta' }, ` ${roles.join('、')}`) : null,
        (party.creditCode ?? party.identifiers?.creditCode)
          ? h('span', { class: 'code' }, party.creditCode ?? party.identifiers.creditCode)
          : null,
      );
    }),
  );
}

/**
 * @param {Labels} labels
 * @param {Json} detail
 */
function versionsCard(labels, detail) {
  const rows = detail.versions.map((/** @type {Json} */ v) =>
    h(
      'tr',
      { class: v.version === detail.version ? 'current' : '' },
      h('td', {}, `第 ${v.version} 版${v.version === detail.version ? '（当前）' : ''}`),
      h('td', {}, formatTime(v.publishedAt)),
      h('td', {}, formatTime(v.storedAt)),
      h('td', {}, v.title),
    ),
  );
  const table = h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', { class: 'sr-only' }, '版本列表'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['版本', '发布时间', '入库时间', '标题'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
  const changes = detail.changes.map((/** @type {Json} */ step) =>
    h(
      'div',
      { class: 'diff' },
      h('h3', {}, `第 ${step.fromVersion} 版 → 第 ${step.toVersion} 版：${step.changes.length} 处变化`),
      h(
        'ul',
        { class: 'plain' },
        step.changes.map((/** @type {Json} */ c) =>
          h(
            'li',
            {},
            h('span', { class: `tag op-${c.op}` }, OPS[c.op] ?? c.op),
            ' ',
            h('span', { class: 'field-name', title: c.path }, fieldPathLabel(labels, c.path)),
            h(
              'div',
              { class: 'change' },
              c.op !== 'added' ? h('del', {}, fieldValueText(c.path, c.before)) : null,
              c.op !== 'removed' ? h('ins', {}, fieldValueText(c.path, c.after)) : null,
            ),
          ),
        ),
      ),
    ),
  );
  return section(
    `版本（共 ${detail.versions.length} 个）`,
    table,
    detail.changes.length ? changes : h('p', { class: 'muted' }, '只有一个版本，未被更正。'),
  );
}

/** @param {ViewContext} context */
export async function noticeView({ labels, path }) {
  const answer = await getJson(`/v1/notices/${encodeURIComponent(path[0] ?? '')}`);
  if (!answer.ok) return { title: '公告', content: message('error', problemText(answer)) };
  const detail = answer.body;
  const notice = detail.notice ?? {};
  await loadRegionNames([detail.region]);
  const project = notice.project ?? {};
  const body = typeof notice.body === 'string' && notice.body.trim() ? notice.body : null;
  return {
    title: detail.title,
    content: h(
      'div',
      { class: 'layout layout-wide' },
      h(
        'div',
        { class: 'content' },
        h(
          'p',
          { class: 'crumbs' },
          h('span', { class: 'tag' }, stageLabel(labels, detail.domain, detail.stage)),
          ' ',
          domainLabel(labels, detail.domain),
        ),
        h('h1', { tabindex: '-1' }, detail.title),
        detail.missingFields.length
          ? message(
              'warn',
              `本公告缺少必填信息：${detail.missingFields.map((/** @type {string} */ path) => fieldPathLabel(labels, path)).join('、')}`,
            )
          : null,
        section(
          '基本信息',
          facts([
            ['项目名称', project.projectName],
            ['项目编号', project.projectCode],
            ['所属项目', h('a', { href: projectHref(detail.projectKey) }, '查看项目进程')],
            ['地区', regionLabel(detail.region)],
            ['发布时间', formatTime(detail.publishedAt)],
            ['信息形成时间', formatTime(detail.formedAt)],
            ['接收时间', formatTime(detail.receivedAt)],
            ['发布单位', notice.publisher?.name],
            ['交易平台', notice.platform?.name ?? detail.source?.centre],
            [
              '原文链接',
              detail.source?.url
                ? h(
                    'a',
                    { href: detail.source.url, rel: 'noopener noreferrer', target: '_blank' },
                    '查看原文',
                  )
                : null,
            ],
          ]),
        ),
        section('相关主体', partyList(labels, notice.parties)),
        ...dealCards(labels, notice),
        body ? section('公告正文', h('p', { class: 'body-text' }, body)) : null,
        h(
          'details',
          { class: 'card' },
          h('summary', {}, '规范化数据（JSON）'),
          h('pre', {}, JSON.stringify(notice, null, 2)),
        ),
      ),
      h('aside', { class: 'side' }, versionsCard(labels, detail)),
    ),
  };
}
