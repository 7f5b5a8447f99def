import { getJson, loadRegionNames, regionLabel } from './api.js';
import { h, replace } from './dom.js';
import { domainLabel, formatTime, noticeHref, projectHref, stageLabel } from './format.js';
import { pager } from './pager.js';
import { regionPicker } from './region-picker.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */

const PAGE_SIZE = 20;
const FILTERS = ['domain', 'stage', 'region', 'publishedFrom', 'publishedTo', 'party', 'q', 'sort'];

/** The stage options of a domain; without a domain there is no stage to choose. */
/**
 * @param {Labels} labels
 * @param {string | null} domain
 * @param {string | null} selected
 */
function stageOptions(labels, domain, selected) {
  const stages = labels.domains.find((d) => d.id === domain)?.stages ?? [];
  return [
    h('option', { value: '' }, domain ? '全部阶段' : '全部阶段（先选择领域）'),
    ...stages.map((s) => h('option', { value: s.id, selected: s.id === selected }, s.label)),
  ];
}

/**
 * @param {string} id
 * @param {string} label
 * @param {Node} control
 * @param {string} [hint]
 */
function field(id, label, control, hint) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    control,
    hint ? h('small', { id: `${id}-hint`, class: 'hint' }, hint) : null,
  );
}

/**
 * @param {Labels} labels
 * @param {URLSearchParams} params
 * @param {ViewContext['navigate']} navigate
 * @param {Node} picker the region picker
 */
function searchForm(labels, params, navigate, picker) {
  const domain = h(
    'select',
    { id: 'f-domain', name: 'domain' },
    h('option', { value: '' }, '全部领域'),
    labels.domains.map((d) => h('option', { value: d.id, selected: d.id === params.get('domain') }, d.label)),
  );
  const stage = h(
    'select',
    { id: 'f-stage', name: 'stage', disabled: !params.get('domain') },
    stageOptions(labels, params.get('domain'), params.get('stage')),
  );
  domain.addEventListener('change', () => {
    replace(stage, stageOptions(labels, domain.value, ''));
    stage.disabled = !domain.value;
  });
  /** @type {(id: string, name: string, attrs?: Record<string, unknown>) => HTMLInputElement} */
  const input = (id, name, attrs = {}) =>
    h('input', { id, name, value: params.get(name) ?? '', autocomplete: 'off', ...attrs });

  const form = h(
    'form',
    { class: 'search-form', role: 'search', 'aria-label': '检索条件' },
    field('f-q', '标题关键词', input('f-q', 'q', { type: 'search', placeholder: '如：改造工程' })),
    field('f-domain', '领域', domain),
    field('f-stage', '阶段', stage),
    picker,
    h(
      'div',
      { class: 'field-row' },
      field('f-from', '发布日期起', input('f-from', 'publishedFrom', { type: 'date' })),
      field('f-to', '发布日期止', input('f-to', 'publishedTo', { type: 'date' })),
    ),
    field(
      'f-party',
      '主体名称或信用代码',
      input('f-party', 'party', { placeholder: '单位名称或统一社会信用代码' }),
    ),
    field(
      'f-sort',
      '排序',
      h(
        'select',
        { id: 'f-sort', name: 'sort' },
        [
          ['', '默认（有关键词时按相关度）'],
          ['desc', '最新发布在前'],
          ['asc', '最早发布在前'],
        ].map(([value, text]) =>
          h('option', { value, selected: value === (params.get('sort') ?? '') }, text),
        ),
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, '检索'),
      h('button', { type: 'reset', onclick: () => setTimeout(() => navigate('#/search'), 0) }, '重置'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value?.trim();
      if (value) next.set(name, value);
    }
    navigate(`#/search${next.size > 0 ? `?${next}` : ''}`);
  });
  return form;
}

/**
 * @param {Labels} labels
 * @param {Json} item
 */
function resultRow(labels, item) {
  const missing = item.missingFields?.length ?? 0;
  return h(
    'li',
    { class: 'result' },
    h('a', { class: 'result-title', href: noticeHref(item.id) }, item.title),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'tag' }, stageLabel(labels, item.domain, item.stage)),
      h('span', {}, domainLabel(labels, item.domain)),
      h('span', {}, regionLabel(item.region)),
      h('time', { datetime: item.publishedAt }, formatTime(item.publishedAt)),
      item.version > 1 ? h('span', { class: 'tag tag-warn' }, `第 ${item.version} 版（已更正）`) : null,
      missing > 0 ? h('span', { class: 'tag tag-warn' }, `缺少 ${missing} 项必填信息`) : null,
    ),
    h(
      'p',
      { class: 'meta' },
      item.projectCode ? h('span', {}, `项目编号 ${item.projectCode}`) : null,
      h('a', { href: projectHref(item.projectKey) }, '查看项目进程'),
    ),
  );
}

/** @param {ViewContext} context */
export async function searchView({ labels, params, navigate }) {
  /** @type {Record<string, string | null>} */
  const filters = {};
  for (const name of FILTERS) if (params.get(name)) filters[name] = params.get(name);
  const list = h('ol', { class: 'results', 'aria-label': '检索结果' });
  const { status, more, load } = pager({
    list,
    fetchPage: (cursor) => getJson('/v1/notices', { ...filters, limit: PAGE_SIZE, cursor }),
    render: async (items) => {
      await loadRegionNames(items.map((item) => item.region));
      return items.map((item) => resultRow(labels, item));
    },
    empty: '没有符合条件的公告。可以减少条件或换一个关键词再试。',
  });
  await load();
  return {
    title: '信息检索',
    content: h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '检索条件'),
        searchForm(
          labels,
          params,
          navigate,
          await regionPicker({ id: 'f-region', value: params.get('region'), labels }),
        ),
      ),
      h('div', { class: 'content' }, h('h1', { tabindex: '-1' }, '公告检索'), status, list, more),
    ),
  };
}
