import { accessKey, getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { percent } from './charts.js';
import { h, message, section } from './dom.js';
import { domainLabel, fieldPathLabel, formatTime, noticeHref, stageLabel } from './format.js';
import { pager } from './pager.js';
import { scopeForm, scopeOf } from './scope.js';
import { byRegion, rates } from './view-dashboard.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./app.js').ViewContext} ViewContext */

const LISTS = {
  late: { title: '逾期发布的公告', path: '/v1/compliance/late' },
  missing: { title: '要素不全的公告', path: '/v1/compliance/missing-fields' },
};

/** @param {Record<string, string>} query */
function href(query) {
  const params = new URLSearchParams(query);
  return `#/compliance${params.size > 0 ? `?${params}` : ''}`;
}

/**
 * Every statutory clock with its legal source and its counts.
 * @param {Json[]} rules
 */
function rulesTable(rules) {
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'rules' },
      h('caption', { class: 'sr-only' }, '法定时限规则'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['规则', '法律依据', '适用公告', '按时', '逾期', '无法判定', '逾期率'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        rules.map((r) =>
          h(
            'tr',
            {},
            h('td', {}, r.title),
            h('td', {}, r.source),
            h('td', {}, r.total.notices),
            h('td', {}, r.total.onTime),
            h('td', { class: r.total.late > 0 ? 'bad' : '' }, r.total.late),
            h('td', {}, r.total.undetermined),
            h('td', {}, percent(r.total.lateRate)),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {Labels} labels
 * @param {'late' | 'missing'} list
 * @param {Json} item
 */
function listItem(labels, list, item) {
  return h(
    'li',
    { class: 'result' },
    h('a', { class: 'result-title', href: noticeHref(item.id) }, item.title),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'tag' }, stageLabel(labels, item.domain, item.stage)),
      ` ${domainLabel(labels, item.domain)} · ${regionLabel(item.region)} · 发布 ${formatTime(item.publishedAt)}`,
    ),
    list === 'late'
      ? h(
          'p',
          { class: 'late-facts' },
          `信息形成 ${formatTime(item.formedAt)}，应于 ${formatTime(item.deadline)} 前发布，`,
          item.workingDaysLate === null
            ? '超出节假日日历，无法计算工作日'
            : h('strong', {}, `逾期 ${item.workingDaysLate} 个工作日`),
        )
      : h(
          'p',
          { class: 'late-facts' },
          `缺少：${item.missingFields.map((/** @type {string} */ f) => fieldPathLabel(labels, f)).join('、')}`,
        ),
  );
}

/** 合规监测: the statutory clocks, the figures by region, and the offending notices. */
/** @param {ViewContext} context */
export async function complianceView({ labels, params, navigate }) {
  const scope = scopeOf(params);
  const listName = params.get('list') === 'missing' ? 'missing' : 'late';
  const list = LISTS[listName];
  const [summary, deadlines] = await Promise.all([
    getJson('/v1/compliance/summary', scope),
    getJson('/v1/compliance/deadlines', scope),
  ]);
  if (!summary.ok) return { title: '合规监测', content: message('error', problemText(summary)) };
  const regions = byRegion(summary.body.groups, scope.region);
  await loadRegionNames([...regions.map((r) => r.region), ...(scope.region ? [scope.region] : [])]);

  const items = h('ol', { class: 'results', 'aria-label': list.title });
  const { status, more, load } = pager({
    list: items,
    fetchPage: (cursor) => getJson(list.path, { ...scope, limit: 20, cursor }),
    render: async (rows) => {
      await loadRegionNames(rows.map((item) => item.region));
      return rows.map((item) => listItem(labels, listName, item));
    },
    empty: '没有符合条件的公告。',
    failure: (answer) =>
      answer.status === 403
        ? message('info', '查看具体公告需要监管部门的访问密钥：', h('a', { href: '#/alerts' }, '填写密钥'))
        : message('error', problemText(answer)),
  });
  await load();

  const total = summary.body.total;
  const scopeText = [
    scope.region ? regionLabel(scope.region) : '全国',
    scope.domain ? domainLabel(labels, scope.domain) : '',
    scope.publishedFrom || scope.publishedTo
      ? `${scope.publishedFrom ?? '…'} 至 ${scope.publishedTo ?? '…'}`
      : '',
  ]
    .filter(Boolean)
    .join('，');
  return {
    title: `合规监测：${list.title}`,
    content: h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '统计范围'),
        await scopeForm(labels, params, '#/compliance', navigate, { list: listName }),
      ),
      h(
        'div',
        { class: 'content' },
        h(
          'p',
          { class: 'crumbs' },
          h(
            'a',
            { href: `#/dashboard${new URLSearchParams(scope).size ? `?${new URLSearchParams(scope)}` : ''}` },
            '监管工作台',
          ),
          ' › 合规监测',
        ),
        h('h1', { tabindex: '-1' }, '合规监测'),
        h(
          'p',
          { class: 'muted' },
          `${scopeText}：公告 ${total.notices} 条，逾期发布 ${total.late} 条（${percent(total.lateRate)}），要素不全 ${total.missingFields} 条（${percent(total.missingFieldsRate)}）。`,
        ),
        section(
          '法定时限',
          deadlines.ok ? rulesTable(deadlines.body.rules) : message('error', problemText(deadlines)),
        ),
        section(
          '分地区',
          h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'by-region' },
              h('caption', { class: 'sr-only' }, '分地区'),
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['地区', '公告', '逾期', '逾期率', '要素不全', '要素完整率'].map((t) =>
                    h('th', { scope: 'col' }, t),
                  ),
                ),
              ),
              h(
                'tbody',
                {},
                regions.map((r) =>
                  h(
                    'tr',
                    {},
                    h(
                      'td',
                      {},
                      h(
                        'a',
                        { href: href({ ...scope, region: r.region, list: listName }) },
                        regionLabel(r.region),
                      ),
                    ),
                    h('td', {}, r.notices),
                    h(
                      'td',
                      {},
                      r.late
                        ? h('a', { href: href({ ...scope, region: r.region, list: 'late' }) }, r.late)
                        : 0,
                    ),
                    h('td', {}, percent(rates(r).lateRate)),
                    h(
                      'td',
                      {},
                      r.missingFields
                        ? h(
                            'a',
                            { href: href({ ...scope, region: r.region, list: 'missing' }) },
                            r.missingFields,
                          )
                        : 0,
                    ),
                    h('td', {}, percent(rates(r).completeRate)),
                  ),
                ),
              ),
            ),
          ),
        ),
        h(
          'nav',
          { class: 'tabs', 'aria-label': '公告清单' },
          Object.entries(LISTS).map(([name, l]) =>
            h(
              'a',
              { href: href({ ...scope, list: name }), 'aria-current': name === listName ? 'page' : false },
              l.title,
            ),
          ),
        ),
        h('h2', {}, list.title),
        accessKey()
          ? null
          : h('p', { class: 'muted' }, '公众可查看统计数字；具体公告清单仅对监管部门和交易平台开放。'),
        status,
        items,
        more,
      ),
    ),
  };
}
