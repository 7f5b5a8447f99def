import { accessKey, getJson, loadRegionNames, problemText, regionLabel } from './api.js';
import { chart } from './charts.js';
import { h, message, section } from './dom.js';
import { flagItem, indicatorTitle, loadIndicators } from './flags.js';
import { domainLabel } from './format.js';
import { pager } from './pager.js';
import { groupRegion, scopeForm, scopeOf, workbenchCrumbs } from './scope.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */

/** @param {Record<string, string>} query */
function flagsHref(query) {
  const params = new URLSearchParams(query);
  return `#/flags${params.size > 0 ? `?${params}` : ''}`;
}

/**
 * The page's scope as the flags API takes it: the publication dates of the scope form are the
 * flags' dates (their evidence's latest publication).
 * @param {Record<string, string>} scope
 * @param {string | null} indicator
 */
function flagQuery(scope, indicator) {
  /** @type {Record<string, string>} */
  const query = {};
  if (scope.region) query.region = scope.region;
  if (scope.domain) query.domain = scope.domain;
  if (scope.publishedFrom) query.observedFrom = scope.publishedFrom;
  if (scope.publishedTo) query.observedTo = scope.publishedTo;
  if (indicator) query.indicator = indicator;
  return query;
}

/**
 * 廉洁风险预警: the red flags counted per indicator and per region (charts with their figures),
 * and the flags themselves with their evidence, for a regulator's key.
 * @param {ViewContext} context
 */
export async function flagsView({ labels, params, navigate }) {
  const scope = scopeOf(params);
  const indicator = params.get('indicator');
  const query = flagQuery(scope, indicator);
  const [indicators, byIndicator, byRegionAnswer] = await Promise.all([
    loadIndicators(),
    getJson('/v1/flags/counts', { ...flagQuery(scope, null), by: 'indicator' }),
    getJson('/v1/flags/counts', { ...query, by: 'region' }),
  ]);
  if (!byIndicator.ok) return { title: '廉洁风险预警', content: message('error', problemText(byIndicator)) };

  // Every indicator, the ones without flags too: a zero is a finding.
  /** @type {Map<string, number>} */
  const counts = new Map([...indicators.keys()].map((id) => [id, 0]));
  for (const g of byIndicator.body.groups) counts.set(g.key, g.flags);
  const indicatorRows = [...counts.entries()].sort((a, b) => b[1] - a[1]);

  /** @type {Map<string, number>} */
  const regionSums = new Map();
  for (const g of byRegionAnswer.ok ? byRegionAnswer.body.groups : []) {
    const region = groupRegion(scope.region, g.key);
    regionSums.set(region, (regionSums.get(region) ?? 0) + g.flags);
  }
  const regionRows = [...regionSums.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  await loadRegionNames([...regionRows.map(([code]) => code), ...(scope.region ? [scope.region] : [])]);

  const indicatorNames = indicatorRows.map(([id]) => indicatorTitle(indicators, id));
  const indicatorChart = chart(
    '风险预警按指标',
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 200, right: 24, top: 16, bottom: 24 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: indicatorNames },
      series: [
        {
          name: '预警',
          type: 'bar',
          data: indicatorRows.map(([, n]) => n),
          itemStyle: { color: '#b3261e' },
          label: { show: true, position: 'right' },
        },
      ],
    },
    (name) => {
      const id = indicatorRows[indicatorNames.indexOf(name)]?.[0];
      if (id) navigate(flagsHref({ ...scope, indicator: id }));
    },
  );
  const regionNames = regionRows.map(([code]) => regionLabel(code));
  const regionChart = chart(
    `风险预警按地区${indicator ? `：${indicatorTitle(indicators, indicator)}` : ''}`,
    {
      tooltip: { trigger: 'axis' },
      grid: { left: 48, right: 16, top: 16, bottom: 72 },
      xAxis: { type: 'category', data: regionNames, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '预警', type: 'bar', data: regionRows.map(([, n]) => n), itemStyle: { color: '#7a4a00' } },
      ],
    },
    (name) => {
      const code = regionRows[regionNames.indexOf(name)]?.[0];
      if (code) navigate(flagsHref({ ...scope, region: code, ...(indicator ? { indicator } : {}) }));
    },
  );

  const list = h('ol', { class: 'hits flags', 'aria-label': '风险预警' });
  const { status, more, load } = pager({
    list,
    fetchPage: (cursor) => getJson('/v1/flags', { ...query, limit: 20, cursor }),
    render: (items) => items.map((flag) => flagItem(labels, indicators, flag)),
    empty: '没有符合条件的风险预警。',
    failure: (answer) =>
      answer.status === 403
        ? message('info', '查看具体预警需要监管部门的访问密钥：', h('a', { href: '#/alerts' }, '填写密钥'))
        : message('error', problemText(answer)),
  });
  await load();

  const total = byIndicator.body.total;
  const scopeText = [
    scope.region ? regionLabel(scope.region) : '全国',
    scope.domain ? domainLabel(labels, scope.domain) : '',
    scope.publishedFrom || scope.publishedTo
      ? `${scope.publishedFrom ?? '…'} 至 ${scope.publishedTo ?? '…'}`
      : '',
  ]
    .filter(Boolean)
    .join('，');
  const listTitle = indicator ? indicatorTitle(indicators, indicator) : '全部预警';
  return {
    title: `廉洁风险预警：${listTitle}`,
    content: h(
      'div',
      { class: 'layout layout-dashboard' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '统计范围'),
        await scopeForm(labels, params, '#/flags', navigate, indicator ? { indicator } : {}),
      ),
      h(
        'div',
        { class: 'content' },
        workbenchCrumbs(scope, '廉洁风险预警'),
        h('h1', { tabindex: '-1' }, '廉洁风险预警'),
        h(
          'p',
          { class: 'muted' },
          `${scopeText}：预警中 ${total} 项。预警由交易数据自动计算，是需要核查的线索，不是违法认定。`,
        ),
        h(
          'div',
          { class: 'chart-pair' },
          section(
            '按指标',
            indicatorChart,
            h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'flag-indicators' },
                h('caption', { class: 'sr-only' }, '风险预警按指标'),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ['指标', '预警'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  indicatorRows.map(([id, n]) =>
                    h(
                      'tr',
                      { 'data-indicator': id },
                      h(
                        'td',
                        {},
                        h(
                          'a',
                          {
                            href: flagsHref({ ...scope, indicator: id }),
                            title: indicators.get(id)?.description.zh ?? '',
                            'aria-current': id === indicator ? 'true' : false,
                          },
                          indicatorTitle(indicators, id),
                        ),
                      ),
                      h('td', {}, n),
                    ),
                  ),
                ),
              ),
            ),
          ),
          section(
            '按地区',
            regionRows.length ? regionChart : h('p', { class: 'muted' }, '暂无预警。'),
            h(
              'div',
              { class: 'table-wrap' },
              h(
                'table',
                { class: 'flag-regions' },
                h('caption', { class: 'sr-only' }, '风险预警按地区'),
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    ['地区', '预警'].map((t) => h('th', { scope: 'col' }, t)),
                  ),
                ),
                h(
                  'tbody',
                  {},
                  regionRows.map(([code, n]) =>
                    h(
                      'tr',
                      {},
                      h(
                        'td',
                        {},
                        h(
                          'a',
                          {
                            href: flagsHref({ ...scope, region: code, ...(indicator ? { indicator } : {}) }),
                          },
                          regionLabel(code),
                        ),
                      ),
                      h('td', {}, n),
                    ),
                  ),
                ),
              ),
            ),
          ),
        ),
        h('h2', {}, listTitle),
        indicator ? h('p', { class: 'muted' }, indicators.get(indicator)?.description.zh ?? '') : null,
        accessKey()
          ? null
          : h('p', { class: 'muted' }, '公众可查看统计数字；具体预警仅对监管部门和交易平台开放。'),
        status,
        list,
        more,
      ),
    ),
  };
}
