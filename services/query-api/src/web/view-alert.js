import { accessKey, getJson, postJson, problemText } from './api.js';
import { ALERT_STATUSES, alertItem, evidenceTable, recordFacts } from './credit.js';
import { h, message, replace, section } from './dom.js';
import { formatTime, noticeHref, roleLabel } from './format.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./app.js').ViewContext} ViewContext */

/** @type {Record<string, string>} */
const EVENT_KINDS = {
  raised: '发现',
  sighted: '再次出现',
  confirmed: '确认',
  dismissed: '排除',
  reviewed: '核实',
  closed: '关闭',
  reopened: '重新打开',
};

/** Who acted: the blacklist's matcher by its Chinese name, people as the API names them. */
/** @type {Record<string, string>} */
const ACTORS = { 'ggzy-blacklist': '黑名单比对服务' };

/**
 * An event's explanation in Chinese. The matcher records its own in English (the stored text
 * stays as written): `certain match (notice named a listed party)`, `probable match (new record
 * hit an open project)`, `review match again, in another notice or role`. A reviewer's or a
 * closure's reason is shown as written.
 * @param {Labels} labels
 * @param {string | null | undefined} reason
 */
function eventReason(labels, reason) {
  if (!reason) return '';
  const raised = /^(\w+) match \((notice named a listed party|new record hit an open project)\)$/.exec(
    reason,
  );
  if (raised) {
    const how =
      raised[2] === 'notice named a listed party' ? '公告中出现列入名单的主体' : '新的信用记录命中在办项目';
    return `${labels.matchLevels[raised[1] ?? ''] ?? raised[1]}：${how}`;
  }
  const again = /^(\w+) match again, in another notice or role$/.exec(reason);
  if (again) return `${labels.matchLevels[again[1] ?? ''] ?? again[1]}：在另一公告或角色中再次出现`;
  return reason;
}

/**
 * The life of an alert: raised, sighted again, reviewed, closed.
 * @param {Labels} labels
 * @param {Json[]} events
 */
function eventsTable(labels, events) {
  if (!events?.length) return h('p', { class: 'muted' }, '暂无处理记录。');
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'alert-events' },
      h('caption', { class: 'sr-only' }, '处理记录'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['时间', '事件', '操作者', '说明', '公告'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        events.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, h('time', { datetime: e.at }, formatTime(e.at))),
            h('td', {}, EVENT_KINDS[e.kind] ?? e.kind),
            h('td', {}, ACTORS[e.actor] ?? e.actor),
            h('td', {}, eventReason(labels, e.reason), e.role ? `（${roleLabel(labels, e.role)}）` : ''),
            h('td', {}, e.noticeId ? h('a', { href: noticeHref(e.noticeId) }, '查看公告') : ''),
          ),
        ),
      ),
    ),
  );
}

/**
 * 确认 / 排除 with a reason, for a regulator's or administrator's key; the API refuses others.
 * @param {Json} alert
 * @param {() => void} done
 */
function reviewForm(alert, done) {
  const reason = h('textarea', {
    id: 'r-reason',
    name: 'reason',
    rows: '3',
    required: true,
    maxlength: '2000',
    placeholder: '如：经核实，该公司在禁止参加政府采购活动期间参与投标',
  });
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  /** @param {'confirm' | 'dismiss'} action */
  const decide = async (action) => {
    if (!reason.value.trim()) {
      replace(status, message('error', '请填写核实意见。'));
      reason.focus();
      return;
    }
    const answer = await postJson(`/v1/alerts/${encodeURIComponent(alert.id)}/review`, {
      action,
      reason: reason.value.trim(),
    });
    if (!answer.ok) {
      replace(status, message('error', problemText(answer)));
      return;
    }
    done();
  };
  const form = h(
    'form',
    { class: 'search-form review-form', 'aria-label': '核实告警' },
    h('div', { class: 'field' }, h('label', { for: 'r-reason' }, '核实意见（必填）'), reason),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', onclick: () => decide('confirm') }, '确认'),
      h('button', { type: 'button', onclick: () => decide('dismiss') }, '排除'),
    ),
    status,
  );
  form.addEventListener('submit', (event) => event.preventDefault());
  return form;
}

/** An alert with its evidence, its credit record, its life, and the review for a regulator. */
/** @param {ViewContext} context */
export async function alertView({ labels, path, navigate }) {
  const id = path[0] ?? '';
  const answer = await getJson(`/v1/alerts/${encodeURIComponent(id)}`);
  if (!answer.ok) {
    return {
      title: '告警',
      content: message(
        'error',
        problemText(answer),
        answer.status === 404 && !accessKey()
          ? '（未确认的告警仅对监管部门可见，请在黑名单告警页填写访问密钥）'
          : '',
      ),
    };
  }
  const alert = answer.body;
  const statusText = ALERT_STATUSES[alert.status] ?? alert.status;
  let review;
  if (alert.status === 'open') {
    review = accessKey()
      ? section(
          '核实',
          reviewForm(alert, () => navigate(location.hash)),
        )
      : section(
          '核实',
          message(
            'info',
            '确认或排除告警需要监管部门的访问密钥：',
            h('a', { href: '#/alerts' }, '在黑名单告警页填写'),
          ),
        );
  } else if (alert.review) {
    review = section(
      '核实结论',
      h('p', {}, `${statusText}：${formatTime(alert.review.at)} ${alert.review.by}，${alert.review.reason}`),
    );
  }
  return {
    title: `告警：${alert.party.name}`,
    content: h(
      'div',
      { class: 'layout layout-wide' },
      h(
        'div',
        { class: 'content' },
        h('p', { class: 'crumbs' }, h('a', { href: '#/alerts' }, '黑名单告警'), ' › ', statusText),
        h('h1', { tabindex: '-1' }, `${alert.party.name}（${statusText}）`),
        h('ol', { class: 'hits' }, alertItem(labels, alert)),
        review,
        section('证据', evidenceTable(alert.evidence) ?? h('p', { class: 'muted' }, '无证据记录。')),
        section('名单记录', recordFacts(labels, alert.record)),
      ),
      h('aside', { class: 'side' }, section('处理记录', eventsTable(labels, alert.events))),
    ),
  };
}
