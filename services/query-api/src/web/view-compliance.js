import { accessKey, download, getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { percent } from './charts.js';
import { h, message, replace, section } from './dom.js';
import { domainLabel, fieldPathLabel, formatTime, noticeHref, stageLabel } from './format.js';
import { pager } from './pager.js';
import { scopeForm, scopeOf, workbenchCrumbs } from './scope.js';
import { byRegion, rates } from './view-dashboard.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./app.js').ViewContext} ViewContext */

const LISTS = {
  late: { title: '逾期发布的公告', path: '/v1/compliance/late' },
  missing: { title: '要素不全的公告', path: '/v1/compliance/missing-fields' },
};

/** The outcomes of a statutory clock, as the drill-down filters them. */
/** @type {Record<string, string>} */
const STATUSES = { late: '逾期', undetermined: '无法判定', 'on-time': '按时' };

/** The breakdown's dimensions (GET /v1/compliance/deadlines/breakdown?by=…). */
/** @type {Record<string, string>} */
const DIMENSIONS = {
  region: '地区',
  domain: '领域',
  publisher: '责任主体',
  centre: '交易中心',
  month: '月份',
};

/** The drill-down's own parameters, kept beside the scope in its links. */
const DRILL = ['rule', 'status', 'publisher', 'centre'];

const DEFAULT_RULE = 'disclosure-20-working-days';

/** Rows of a breakdown shown before 显示全部. */
const SHOWN_GROUPS = 10;

/** @param {Record<string, string>} query */
function href(query) {
  const params = new URLSearchParams(query);
  return `#/compliance${params.size > 0 ? `?${params}` : ''}`;
}

/**
 * Every statutory clock with its legal source and its counts; each count opens its records.
 * @param {Json[]} rules
 * @param {Record<string, string>} scope
 */
function rulesTable(rules, scope) {
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
            h('td', {}, h('a', { href: href({ ...scope, list: 'rule', rule: r.id }) }, r.title)),
            h('td', {}, r.source),
            h('td', {}, r.total.notices),
            h('td', {}, r.total.onTime),
            h(
              'td',
              { class: r.total.late > 0 ? 'bad' : '' },
              r.total.late > 0
                ? h('a', { href: href({ ...scope, list: 'rule', rule: r.id, status: 'late' }) }, r.total.late)
                : 0,
            ),
            h(
              'td',
              {},
              r.total.undetermined > 0
                ? h(
                    'a',
                    { href: href({ ...scope, list: 'rule', rule: r.id, status: 'undetermined' }) },
                    r.total.undetermined,
                  )
                : 0,
            ),
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

/**
 * A record behind a rule's figures: the notice (or credit record), when its clock started and
 * ended, how long it took against the limit, and why it could not be judged.
 * @param {Labels} labels
 * @param {Json} rule
 * @param {Json} item
 */
function recordItem(labels, rule, item) {
  const unit = rule.calendar === 'working-days' ? '个工作日' : '日';
  const outcome =
    item.status === 'undetermined'
      ? `无法判定${item.reason ? `（${item.reason}）` : ''}`
      : `${item.elapsed} ${unit}，${rule.kind === 'within' ? '时限' : '不少于'} ${item.limit} ${unit}`;
  return h(
    'li',
    { class: `result deadline-${item.status}` },
    item.subject === 'notice'
      ? h('a', { class: 'result-title', href: noticeHref(item.id) }, item.title)
      : h('span', { class: 'result-title' }, item.title),
    h(
      'p',
      { class: 'meta' },
      h(
        'span',
        { class: `tag${item.status === 'late' ? ' tag-warn' : ''}` },
        STATUSES[item.status] ?? item.status,
      ),
      ` ${item.subject === 'notice' ? '公告' : '信用记录'}`,
      item.domain ? ` · ${domainLabel(labels, item.domain)}` : '',
      item.region ? ` · ${regionLabel(item.region)}` : '',
      item.publisher ? ` · 责任主体 ${item.publisher}` : '',
      item.centre ? ` · ${item.centre}` : '',
    ),
    h(
      'p',
      { class: 'late-facts' },
      `${rule.clock.start} ${item.startDay ?? '—'} → ${rule.clock.end} ${item.endDay ?? '—'}：`,
      item.status === 'late' ? h('strong', {}, outcome) : outcome,
    ),
  );
}

/** @param {Record<string, string>} query */
function withoutEmpty(query) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [name, value] of Object.entries(query)) if (value) out[name] = value;
  return out;
}

/**
 * 报告下载: the compliance report (XLSX: a sheet per rule and the records; CSV: the records) for
 * the current scope and rule, fetched with the access key and saved under the server's name.
 * @param {Record<string, string>} scope
 * @param {string | undefined} rule
 */
function reportCard(scope, rule) {
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  /**
   * @param {'xlsx' | 'csv'} format
   * @param {string} text
   */
  const button = (format, text) =>
    h(
      'button',
      {
        type: 'button',
        onclick: async (/** @type {import('./dom.js').ButtonClick} */ event) => {
          const target = event.currentTarget;
          target.disabled = true;
          replace(status, '正在生成报告…');
          const answer = await download('/v1/compliance/report', {
            ...scope,
            ...(rule ? { rule } : {}),
            format,
          });
          target.disabled = false;
          replace(status, answer.ok ? `已下载：${answer.body}` : message('error', problemText(answer)));
        },
      },
      text,
    );
  return section(
    '报告下载',
    h(
      'p',
      { class: 'muted' },
      `按当前统计范围${rule ? '和所选规则' : '、全部规则'}生成：每条规则的法律依据、分组数字及其背后的每条公告和信用记录。`,
    ),
    accessKey()
      ? h(
          'div',
          { class: 'actions' },
          button('xlsx', '下载 Excel 报告（XLSX）'),
          button('csv', '下载明细（CSV）'),
        )
      : message('info', '下载报告需要监管部门的访问密钥：', h('a', { href: '#/alerts' }, '填写密钥')),
    status,
  );
}

/**
 * 分组统计: one rule's figures per region, domain, publisher (责任主体), trading centre or month;
 * each late count opens the records behind it.
 * @param {Labels} labels
 * @param {Json[]} rules every rule (for the picker)
 * @param {Record<string, string>} scope
 * @param {URLSearchParams} params
 */
async function breakdownCard(labels, rules, scope, params) {
  const by =
    params.get('by') && DIMENSIONS[params.get('by') ?? '']
      ? /** @type {string} */ (params.get('by'))
      : 'publisher';
  const ruleId = params.get('rule') ?? DEFAULT_RULE;
  const keep = withoutEmpty({ list: params.get('list') ?? '', status: params.get('status') ?? '' });
  const tabs = h(
    'nav',
    { class: 'tabs', 'aria-label': '分组维度' },
    Object.entries(DIMENSIONS).map(([id, name]) =>
      h(
        'a',
        {
          href: href({ ...scope, ...keep, rule: ruleId, by: id }),
          'aria-current': id === by ? 'page' : false,
        },
        `按${name}`,
      ),
    ),
  );
  const rulePicker = h(
    'nav',
    { class: 'tabs tabs-small', 'aria-label': '规则' },
    rules.map((r) =>
      h(
        'a',
        {
          href: href({ ...scope, ...keep, rule: r.id, by }),
          'aria-current': r.id === ruleId ? 'page' : false,
        },
        r.short,
      ),
    ),
  );
  const answer = await getJson('/v1/compliance/deadlines/breakdown', { ...scope, by, rule: ruleId });
  let body;
  if (!answer.ok) {
    body =
      answer.status === 403
        ? message(
            'info',
            `按${DIMENSIONS[by]}统计需要监管部门的访问密钥：`,
            h('a', { href: '#/alerts' }, '填写密钥'),
          )
        : message('error', problemText(answer));
  } else {
    const rule = answer.body.rules[0];
    // Who published late first: by late, then undetermined, then size.
    const groups = [...(rule?.groups ?? [])].sort(
      (/** @type {Json} */ a, /** @type {Json} */ b) =>
        b.late - a.late || b.undetermined - a.undetermined || b.notices - a.notices,
    );
    /**
     * @param {Json} g
     * @returns {Record<string, string> | null}
     */
    const filterOf = (g) => {
      if (g.key === null) return null;
      if (by === 'publisher') return { publisher: g.key };
      if (by === 'centre') return { centre: g.key };
      if (by === 'region') return { region: g.key };
      if (by === 'domain') return { domain: g.key };
      const [year, month] = String(g.key).split('-').map(Number);
      const last = new Date(Date.UTC(year ?? 2000, month ?? 1, 0)).getUTCDate();
      return { publishedFrom: `${g.key}-01`, publishedTo: `${g.key}-${String(last).padStart(2, '0')}` };
    };
    body = groups.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'breakdown' },
            h('caption', { class: 'sr-only' }, `${rule.short}按${DIMENSIONS[by]}`),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [DIMENSIONS[by], '适用', '按时', '逾期', '无法判定', '逾期率'].map((t) =>
                  h('th', { scope: 'col' }, t),
                ),
              ),
            ),
            h(
              'tbody',
              {},
              groups.map((/** @type {Json} */ g, /** @type {number} */ i) => {
                const filter = filterOf(g);
                const drill = (/** @type {string} */ status, /** @type {number} */ n) =>
                  n > 0 && filter
                    ? h(
                        'a',
                        { href: href({ ...scope, ...filter, list: 'rule', rule: ruleId, status, by }) },
                        n,
                      )
                    : n;
                return h(
                  'tr',
                  { hidden: i >= SHOWN_GROUPS },
                  h('td', {}, g.label || '（未注明）'),
                  h('td', {}, g.notices),
                  h('td', {}, g.onTime),
                  h('td', { class: g.late > 0 ? 'bad' : '' }, drill('late', g.late)),
                  h('td', {}, drill('undetermined', g.undetermined)),
                  h('td', {}, percent(g.lateRate)),
                );
              }),
            ),
          ),
          groups.length > SHOWN_GROUPS
            ? h(
                'button',
                {
                  type: 'button',
                  onclick: (/** @type {import('./dom.js').ButtonClick} */ event) => {
                    for (const row of event.currentTarget.parentElement?.querySelectorAll('tr[hidden]') ?? [])
                      row.removeAttribute('hidden');
                    event.currentTarget.remove();
                  },
                },
                `显示全部（${groups.length} 个）`,
              )
            : null,
        )
      : h('p', { class: 'muted' }, '统计范围内没有适用该规则的记录。');
  }
  return section('分组统计', rulePicker, tabs, body);
}

/** 合规监测: the statutory clocks, the figures by region, publisher and centre, the offending records. */
/** @param {ViewContext} context */
export async function complianceView({ labels, params, navigate }) {
  const scope = scopeOf(params);
  const listParam = params.get('list');
  const listName = listParam === 'missing' ? 'missing' : listParam === 'rule' ? 'rule' : 'late';
  const drill = withoutEmpty(Object.fromEntries(DRILL.map((name) => [name, params.get(name) ?? ''])));
  const [summary, deadlines] = await Promise.all([
    getJson('/v1/compliance/summary', scope),
    getJson('/v1/compliance/deadlines', scope),
  ]);
  if (!summary.ok) return { title: '合规监测', content: message('error', problemText(summary)) };
  const regions = byRegion(summary.body.groups, scope.region);
  await loadRegionNames([...regions.map((r) => r.region), ...(scope.region ? [scope.region] : [])]);
  const rules = deadlines.ok ? deadlines.body.rules : [];
  const rule =
    listName === 'rule'
      ? rules.find((/** @type {Json} */ r) => r.id === (drill.rule ?? DEFAULT_RULE))
      : undefined;

  const listTitle =
    listName === 'rule'
      ? `${rule?.short ?? drill.rule ?? ''}：${drill.status ? STATUSES[drill.status] : '全部'}${drill.publisher ? `（${drill.publisher}）` : ''}${drill.centre ? `（${drill.centre}）` : ''}`
      : LISTS[listName].title;
  const items = h('ol', { class: 'results', 'aria-label': listTitle });
  const { status, more, load } = pager({
    list: items,
    fetchPage: (cursor) =>
      listName === 'rule'
        ? getJson('/v1/compliance/deadlines/records', {
            ...scope,
            ...drill,
            rule: rule?.id ?? drill.rule,
            limit: 20,
            cursor,
          })
        : getJson(LISTS[listName].path, { ...scope, limit: 20, cursor }),
    render: async (rows) => {
      await loadRegionNames(rows.flatMap((item) => (item.region ? [item.region] : [])));
      return rows.map((item) =>
        listName === 'rule' ? recordItem(labels, rule, item) : listItem(labels, listName, item),
      );
    },
    empty: listName === 'rule' ? '没有符合条件的记录。' : '没有符合条件的公告。',
    failure: (answer) =>
      answer.status === 403
        ? message('info', '查看具体公告需要监管部门的访问密钥：', h('a', { href: '#/alerts' }, '填写密钥'))
        : message('error', problemText(answer)),
  });
  if (listName !== 'rule' || rule) await load();

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
    title: `合规监测：${listTitle}`,
    content: h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '统计范围'),
        await scopeForm(labels, params, '#/compliance', navigate, { list: listName, ...drill }),
      ),
      h(
        'div',
        { class: 'content' },
        workbenchCrumbs(scope, '合规监测'),
        h('h1', { tabindex: '-1' }, '合规监测'),
        h(
          'p',
          { class: 'muted' },
          `${scopeText}：公告 ${total.notices} 条，逾期发布 ${total.late} 条（${percent(total.lateRate)}），要素不全 ${total.missingFields} 条（${percent(total.missingFieldsRate)}）。`,
        ),
        section(
          '法定时限',
          deadlines.ok ? rulesTable(rules, scope) : message('error', problemText(deadlines)),
          h('p', { class: 'muted' }, '点击规则名称或逾期、无法判定的数字，查看其背后的公告和信用记录。'),
        ),
        reportCard(scope, listName === 'rule' ? rule?.id : undefined),
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
                        { href: href({ ...scope, region: r.region, list: 'late' }) },
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
        rules.length ? await breakdownCard(labels, rules, scope, params) : null,
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
          rule
            ? h('a', { href: href({ ...scope, list: 'rule', ...drill }), 'aria-current': 'page' }, listTitle)
            : null,
        ),
        h('h2', {}, listTitle),
        rule ? h('p', { class: 'muted' }, `${rule.title}（${rule.source}）`) : null,
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
