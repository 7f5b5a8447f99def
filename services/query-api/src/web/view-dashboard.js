import { accessKey, getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { chart, percent } from './charts.js';
import { ALERT_STATUSES } from './credit.js';
import { h, message, section } from './dom.js';
import { groupRegion, scopeForm, scopeOf } from './scope.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */
/** @typedef {import('./dom.js').Child} Child */

/** @type {Record<string, string>} */
export const CHANNELS = { ocds: 'OCDS 数据交换', dataspec: '全国数据规范' };

/** @typedef {{ notices: number, late: number, lateUndetermined: number, missingFields: number }} Counts */

/**
 * late / (notices − undetermined) and (notices − missingFields) / notices, as the API computes them.
 * @param {Counts} c
 */
export function rates(c) {
  const decided = c.notices - c.lateUndetermined;
  return {
    lateRate: decided > 0 ? c.late / decided : null,
    completeRate: c.notices > 0 ? (c.notices - c.missingFields) / c.notices : null,
  };
}

/**
 * Summary groups (region × domain) added up one region level below the scope.
 * @param {Json[]} groups
 * @param {string | undefined} scopeRegion
 * @returns {(Counts & { region: string })[]}
 */
export function byRegion(groups, scopeRegion) {
  /** @type {Map<string, Counts & { region: string }>} */
  const sums = new Map();
  for (const g of groups) {
    const region = groupRegion(scopeRegion, g.region);
    const sum = sums.get(region) ?? { region, notices: 0, late: 0, lateUndetermined: 0, missingFields: 0 };
    sum.notices += g.notices;
    sum.late += g.late;
    sum.lateUndetermined += g.lateUndetermined;
    sum.missingFields += g.missingFields;
    sums.set(region, sum);
  }
  return [...sums.values()].sort((a, b) => b.notices - a.notices || a.region.localeCompare(b.region));
}

/** 'YYYY-MM' of an ISO instant in +08:00 (the instant carries its offset). */
/** @param {string} iso */
function monthOf(iso) {
  return iso.slice(0, 7);
}

/** The twelve months ending with `last` ('YYYY-MM'), oldest first. */
/** @param {string} last */
function twelveMonths(last) {
  const [year, month] = last.split('-').map(Number);
  const months = [];
  for (let i = 11; i >= 0; i--) {
    const index = (year ?? 2000) * 12 + ((month ?? 1) - 1) - i;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * The month ending the twelve months with the most notices, the latest of equals, no later than
 * `last`.
 * @param {Map<string, number>} perMonth notices per 'YYYY-MM'
 * @param {string} last
 */
function busiestYearEnd(perMonth, last) {
  let best = last;
  let bestSum = -1;
  const ends = [...perMonth.keys(), last].filter((month) => month <= last).sort();
  for (const end of ends) {
    const sum = twelveMonths(end).reduce((total, month) => total + (perMonth.get(month) ?? 0), 0);
    if (sum >= bestSum) {
      best = end;
      bestSum = sum;
    }
  }
  return best;
}

/** @param {string} month 'YYYY-MM' */
function monthBounds(month) {
  const [year, m] = month.split('-').map(Number);
  const lastDay = new Date(Date.UTC(year ?? 2000, m ?? 1, 0)).getUTCDate();
  return { publishedFrom: `${month}-01`, publishedTo: `${month}-${String(lastDay).padStart(2, '0')}` };
}

/**
 * How many alerts of `status` the caller sees (pages of 100; at most 2,000 counted).
 * @param {string} status
 * @param {Record<string, string>} scope
 */
async function countAlerts(status, scope) {
  let count = 0;
  let cursor;
  for (let page = 0; page < 20; page++) {
    const answer = await getJson('/v1/alerts', {
      status,
      ...(scope.region ? { region: scope.region } : {}),
      limit: 100,
      cursor,
    });
    if (!answer.ok) return null;
    count += answer.body.items.length;
    cursor = answer.body.nextCursor;
    if (!cursor) return count;
  }
  return count;
}

/**
 * A small table of a chart's figures, folded under it: the same data for keyboard and screen
 * reader users, and for copying.
 * @param {string} caption
 * @param {string[]} head
 * @param {Child[][]} rows
 */
function figures(caption, head, rows) {
  return h(
    'details',
    { class: 'figures' },
    h('summary', {}, '查看数据'),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        {},
        h('caption', { class: 'sr-only' }, caption),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            head.map((t) => h('th', { scope: 'col' }, t)),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((row) =>
            h(
              'tr',
              {},
              row.map((cell) => h('td', {}, cell)),
            ),
          ),
        ),
      ),
    ),
  );
}

/**
 * @param {string} label
 * @param {Child} value
 * @param {Child} [detail]
 * @param {string} [href]
 */
function tile(label, value, detail, href) {
  return h(
    'div',
    { class: 'tile' },
    h('p', { class: 'tile-label' }, label),
    h('p', { class: 'tile-value' }, href ? h('a', { href }, value) : value),
    detail ? h('p', { class: 'tile-detail' }, detail) : null,
  );
}

/** @param {Record<string, string>} query */
function flagsHref(query) {
  const params = new URLSearchParams(query);
  return `#/flags${params.size > 0 ? `?${params}` : ''}`;
}

/** @param {Record<string, string>} query */
function complianceHref(query) {
  const params = new URLSearchParams(query);
  return `#/compliance${params.size > 0 ? `?${params}` : ''}`;
}

/** 监管工作台: compliance, alerts and data exchange at a glance, each figure a way in. */
/** @param {ViewContext} context */
export async function dashboardView({ labels, params, navigate }) {
  const scope = scopeOf(params);
  const latest = await getJson('/v1/notices', { ...scope, limit: 1, sort: 'desc' });
  const lastMonth = latest.ok && latest.body.items[0] ? monthOf(latest.body.items[0].publishedAt) : null;
  let trendEnd = scope.publishedTo ? scope.publishedTo.slice(0, 7) : lastMonth;
  if (lastMonth && !scope.publishedTo) {
    // Without a period asked for, the chart shows the twelve months that hold the most notices
    // (the latest such): a few stragglers published months after the rest do not leave it empty.
    const trend = await getJson('/v1/compliance/deadlines/breakdown', {
      ...scope,
      by: 'month',
      rule: 'disclosure-20-working-days',
    });
    const groups = trend.ok ? (trend.body.rules[0]?.groups ?? []) : [];
    trendEnd = busiestYearEnd(
      new Map(
        groups.filter((/** @type {Json} */ g) => g.key).map((/** @type {Json} */ g) => [g.key, g.notices]),
      ),
      lastMonth,
    );
  }
  const months = trendEnd ? twelveMonths(trendEnd) : [];

  const [summary, deadlines, exchange, monthly, alertCounts, flagCounts] = await Promise.all([
    getJson('/v1/compliance/summary', scope),
    getJson('/v1/compliance/deadlines', scope),
    getJson('/v1/exchange/status'),
    Promise.all(
      months.map((month) => getJson('/v1/compliance/summary', { ...scope, ...monthBounds(month) })),
    ),
    Promise.all(Object.keys(ALERT_STATUSES).map((status) => countAlerts(status, scope))),
    getJson('/v1/flags/counts', {
      by: 'indicator',
      ...(scope.region ? { region: scope.region } : {}),
      ...(scope.domain ? { domain: scope.domain } : {}),
      ...(scope.publishedFrom ? { observedFrom: scope.publishedFrom } : {}),
      ...(scope.publishedTo ? { observedTo: scope.publishedTo } : {}),
    }),
  ]);
  if (!summary.ok) return { title: '监管工作台', content: message('error', problemText(summary)) };

  const total = summary.body.total;
  const regions = byRegion(summary.body.groups, scope.region).slice(0, 20);
  await loadRegionNames(regions.map((r) => r.region));
  const regionNames = regions.map((r) => regionLabel(r.region));
  const regionRates = regions.map((r) => rates(r));
  const monthRows = months.map((month, i) => {
    const t = monthly[i]?.ok ? monthly[i].body.total : null;
    return { month, total: t, ...(t ? rates(t) : { lateRate: null, completeRate: null }) };
  });
  const statuses = Object.entries(ALERT_STATUSES).map(([status, name], i) => ({
    status,
    name,
    count: alertCounts[i] ?? null,
  }));
  const channels = exchange.ok ? exchange.body.channels : [];
  const late20 = deadlines.ok
    ? deadlines.body.rules.find((/** @type {Json} */ r) => r.id === 'disclosure-20-working-days')
    : undefined;
  const pct = (/** @type {number | null} */ rate) => (rate === null ? null : Math.round(rate * 1000) / 10);

  const regionChart = chart(
    '各地区逾期发布率与要素完整率',
    {
      tooltip: { trigger: 'axis', valueFormatter: (v) => `${v}%` },
      legend: { top: 0, data: ['逾期发布率', '要素完整率'] },
      grid: { left: 48, right: 16, bottom: 72, top: 40 },
      xAxis: { type: 'category', data: regionNames, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '逾期发布率',
          type: 'bar',
          data: regionRates.map((r) => pct(r.lateRate)),
          itemStyle: { color: '#b3261e' },
        },
        {
          name: '要素完整率',
          type: 'bar',
          data: regionRates.map((r) => pct(r.completeRate)),
          itemStyle: { color: '#0b57a4' },
        },
      ],
    },
    (name) => {
      const region = regions[regionNames.indexOf(name)]?.region;
      if (region) navigate(complianceHref({ ...scope, region, list: 'late' }));
    },
  );
  const monthChart = chart(
    '按月逾期发布率与要素完整率',
    {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? '—' : `${v}%`) },
      legend: { top: 0, data: ['逾期发布率', '要素完整率'] },
      grid: { left: 48, right: 16, bottom: 40, top: 40 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      series: [
        {
          name: '逾期发布率',
          type: 'line',
          data: monthRows.map((m) => pct(m.lateRate)),
          itemStyle: { color: '#b3261e' },
        },
        {
          name: '要素完整率',
          type: 'line',
          data: monthRows.map((m) => pct(m.completeRate)),
          itemStyle: { color: '#0b57a4' },
        },
      ],
    },
    (name) => {
      if (/^\d{4}-\d\d$/.test(name))
        navigate(complianceHref({ ...scope, ...monthBounds(name), list: 'late' }));
    },
  );
  const alertChart = chart(
    '告警按状态',
    {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          name: '告警',
          type: 'pie',
          radius: ['35%', '65%'],
          label: { formatter: '{b}：{c}' },
          data: statuses.map((s) => ({ name: s.name, value: s.count ?? 0 })),
        },
      ],
    },
    (name) => {
      const status = statuses.find((s) => s.name === name)?.status;
      if (status) navigate(`#/alerts?status=${status}`);
    },
  );
  const exchangeChart = chart('数据交换投递情况', {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: ['已送达', '待发送', '待人工处理', '被拒收'] },
    grid: { left: 100, right: 16, bottom: 24, top: 40 },
    xAxis: { type: 'value' },
    yAxis: {
      type: 'category',
      data: channels.map((/** @type {Json} */ c) => CHANNELS[c.channel] ?? c.channel),
    },
    series: [
      ['已送达', 'delivered', '#1c5e2e'],
      ['待发送', 'pending', '#0b57a4'],
      ['待人工处理', 'held', '#7a4a00'],
      ['被拒收', 'failed', '#b3261e'],
    ].map(([name, field, color]) => ({
      name,
      type: 'bar',
      stack: 'all',
      itemStyle: { color },
      data: channels.map((/** @type {Json} */ c) => c[field ?? ''] ?? 0),
    })),
  });

  const openAlerts = statuses.find((s) => s.status === 'open')?.count;
  return {
    title: '监管工作台',
    content: h(
      'div',
      { class: 'layout layout-dashboard' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '统计范围'),
        await scopeForm(labels, params, '#/dashboard', navigate),
        accessKey()
          ? null
          : message('info', '未使用访问密钥：告警仅统计已确认的。', h('a', { href: '#/alerts' }, '填写密钥')),
      ),
      h(
        'div',
        { class: 'content' },
        h('h1', { tabindex: '-1' }, '监管工作台'),
        h(
          'div',
          { class: 'tiles' },
          tile('公告', `${total.notices} 条`, scope.region ? regionLabel(scope.region) : '全国'),
          tile(
            '逾期发布',
            `${total.late} 条`,
            `逾期率 ${percent(total.lateRate)}，无法判定 ${total.lateUndetermined} 条`,
            complianceHref({ ...scope, list: 'late' }),
          ),
          tile(
            '要素不全',
            `${total.missingFields} 条`,
            `完整率 ${percent(rates(total).completeRate)}`,
            complianceHref({ ...scope, list: 'missing' }),
          ),
          tile(
            '待核实告警',
            openAlerts === null || openAlerts === undefined ? '—' : `${openAlerts} 条`,
            accessKey() ? '需确认或排除' : '需访问密钥',
            '#/alerts?status=open',
          ),
          tile(
            '风险预警',
            flagCounts.ok ? `${flagCounts.body.total} 项` : '—',
            flagCounts.ok ? `涉及 ${flagCounts.body.groups.length} 类指标` : problemText(flagCounts),
            flagsHref(scope),
          ),
        ),
        section(
          '各地区逾期发布率与要素完整率',
          regionChart,
          figures(
            '各地区',
            ['地区', '公告', '逾期', '逾期率', '要素不全', '要素完整率'],
            regions.map((r, i) => [
              h('a', { href: complianceHref({ ...scope, region: r.region, list: 'late' }) }, regionNames[i]),
              r.notices,
              r.late,
              percent(regionRates[i]?.lateRate),
              r.missingFields,
              percent(regionRates[i]?.completeRate),
            ]),
          ),
        ),
        section(
          '按月逾期发布率与要素完整率',
          monthChart,
          figures(
            '按月',
            ['月份', '公告', '逾期', '逾期率', '要素不全', '要素完整率'],
            monthRows.map((m) => [
              h('a', { href: complianceHref({ ...scope, ...monthBounds(m.month), list: 'late' }) }, m.month),
              m.total?.notices ?? '—',
              m.total?.late ?? '—',
              percent(m.lateRate),
              m.total?.missingFields ?? '—',
              percent(m.completeRate),
            ]),
          ),
        ),
        h(
          'div',
          { class: 'chart-pair' },
          section(
            '告警按状态',
            alertChart,
            figures(
              '告警按状态',
              ['状态', '条数'],
              statuses.map((s) => [h('a', { href: `#/alerts?status=${s.status}` }, s.name), s.count ?? '—']),
            ),
          ),
          section(
            '数据交换投递',
            exchange.ok ? exchangeChart : message('error', problemText(exchange)),
            figures(
              '数据交换投递',
              ['通道', '已送达', '待发送', '待人工处理', '被拒收', '最早未送达'],
              channels.map((/** @type {Json} */ c) => [
                CHANNELS[c.channel] ?? c.channel,
                c.delivered,
                c.pending,
                c.held,
                c.failed,
                c.lagSeconds > 0 ? `${Math.round(c.lagSeconds / 60)} 分钟前` : '—',
              ]),
            ),
          ),
        ),
        late20
          ? h(
              'p',
              { class: 'muted' },
              `法定时限：${late20.title}（${late20.source}）。`,
              h('a', { href: complianceHref(scope) }, '查看全部时限规则'),
            )
          : null,
      ),
    ),
  };
}
