import { accessKey, getJson, setAccessKey } from './api.js';
import { ALERT_STATUSES, alertItem } from './credit.js';
import { h } from './dom.js';
import { pager } from './pager.js';
import { regionPicker } from './region-picker.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */

const PAGE_SIZE = 20;
const FILTERS = ['status', 'matchLevel', 'region', 'party'];

/**
 * @param {string} id
 * @param {string} label
 * @param {Node} control
 */
function field(id, label, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}

/**
 * @param {string} id
 * @param {string} name
 * @param {string | null} selected
 * @param {[string, string][]} options
 */
function select(id, name, selected, options) {
  return h(
    'select',
    { id, name },
    options.map(([value, text]) => h('option', { value, selected: value === (selected ?? '') }, text)),
  );
}

/**
 * The key form: a regulator or administrator enters an API key to see unconfirmed alerts (and
 * personal data whole); every request of theirs is then audited by the API.
 */
/** @param {ViewContext['navigate']} navigate */
export function keyForm(navigate) {
  const input = h('input', {
    id: 'a-key',
    name: 'key',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'a-key-hint',
  });
  const form = h(
    'form',
    { class: 'search-form', 'aria-label': '访问密钥' },
    field('a-key', '访问密钥（监管部门）', input),
    h(
      'small',
      { id: 'a-key-hint', class: 'hint' },
      accessKey()
        ? '已使用访问密钥：可查看待核实和已排除的告警，查询将记入审计日志。'
        : '不填时仅显示已确认的告警。密钥只保存在本标签页。',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, '使用密钥'),
      accessKey()
        ? h(
            'button',
            {
              type: 'button',
              onclick: () => {
                setAccessKey('');
                navigate(location.hash);
              },
            },
            '退出',
          )
        : null,
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    setAccessKey(input.value.trim());
    navigate(location.hash);
  });
  return form;
}

/**
 * @param {Labels} labels
 * @param {URLSearchParams} params
 * @param {ViewContext['navigate']} navigate
 * @param {Node} picker the region picker
 */
function filterForm(labels, params, navigate, picker) {
  /** @type {(id: string, name: string, attrs?: Record<string, unknown>) => HTMLInputElement} */
  const input = (id, name, attrs = {}) =>
    h('input', { id, name, value: params.get(name) ?? '', autocomplete: 'off', ...attrs });
  const form = h(
    'form',
    { class: 'search-form', role: 'search', 'aria-label': '告警筛选' },
    field(
      'a-status',
      '状态',
      select('a-status', 'status', params.get('status'), [['', '全部'], ...Object.entries(ALERT_STATUSES)]),
    ),
    field(
      'a-level',
      '匹配程度',
      select('a-level', 'matchLevel', params.get('matchLevel'), [
        ['', '全部'],
        ...Object.entries(labels.matchLevels),
      ]),
    ),
    picker,
    field('a-party', '主体名称或信用代码', input('a-party', 'party')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '筛选')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value?.trim();
      if (value) next.set(name, value);
    }
    navigate(`#/alerts${next.size > 0 ? `?${next}` : ''}`);
  });
  return form;
}

/** 黑名单告警: the alerts this caller may see (the public: confirmed ones), newest first. */
/** @param {ViewContext} context */
export async function alertsView({ labels, params, navigate }) {
  /** @type {Record<string, string | null>} */
  const filters = {};
  for (const name of FILTERS) if (params.get(name)) filters[name] = params.get(name);
  const list = h('ol', { class: 'hits', 'aria-label': '告警' });
  const { status, more, load } = pager({
    list,
    fetchPage: (cursor) => getJson('/v1/alerts', { ...filters, limit: PAGE_SIZE, cursor }),
    render: (items) => items.map((alert) => alertItem(labels, alert)),
    empty: '暂无符合条件的告警。',
  });
  await load();
  return {
    title: '黑名单告警',
    content: h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side card' },
        h('h2', {}, '筛选'),
        filterForm(
          labels,
          params,
          navigate,
          await regionPicker({ id: 'a-region', value: params.get('region'), labels }),
        ),
        keyForm(navigate),
      ),
      h('div', { class: 'content' }, h('h1', { tabindex: '-1' }, '黑名单告警'), status, list, more),
    ),
  };
}
