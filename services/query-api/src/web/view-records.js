import { getJson } from './api.js';
import { recordFacts } from './credit.js';
import { h } from './dom.js';
import { pager } from './pager.js';
import { regionPicker } from './region-picker.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */

const FILTERS = ['listType', 'name', 'code', 'region', 'activeOn'];

/** 信用记录公示: the credit records (黑名单, 失信名单), newest decision first. */
/** @param {ViewContext} context */
export async function recordsView({ labels, params, navigate }) {
  /** @type {Record<string, string>} */
  const filters = {};
  for (const name of FILTERS) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  /** @type {(id: string, name: string, attrs?: Record<string, unknown>) => HTMLInputElement} */
  const input = (id, name, attrs = {}) =>
    h('input', { id, name, value: params.get(name) ?? '', autocomplete: 'off', ...attrs });
  const form = h(
    'form',
    { class: 'search-form', role: 'search', 'aria-label': '信用记录筛选' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'c-list' }, '名单'),
      h(
        'select',
        { id: 'c-list', name: 'listType' },
        h('option', { value: '' }, '全部名单'),
        Object.entries(labels.creditListTypes).map(([id, name]) =>
          h('option', { value: id, selected: id === params.get('listType') }, name),
        ),
      ),
    ),
    h('div', { class: 'field' }, h('label', { for: 'c-name' }, '主体名称'), input('c-name', 'name')),
    h('div', { class: 'field' }, h('label', { for: 'c-code' }, '统一社会信用代码'), input('c-code', 'code')),
    await regionPicker({ id: 'c-region', value: params.get('region'), labels }),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'c-on' }, '在该日仍有效'),
      input('c-on', 'activeOn', { type: 'date' }),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '查询')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value?.trim();
      if (value) next.set(name, value);
    }
    navigate(`#/records${next.size > 0 ? `?${next}` : ''}`);
  });

  const list = h('ol', { class: 'hits records', 'aria-label': '信用记录' });
  const { status, more, load } = pager({
    list,
    fetchPage: (cursor) => getJson('/v1/credit/records', { ...filters, limit: 20, cursor }),
    render: (items) =>
      items.map((record) =>
        h(
          'li',
          { class: `hit record${record.withdrawal ? ' hit-inactive' : ''}` },
          h('h3', {}, record.subject.name),
          recordFacts(labels, record),
        ),
      ),
    empty: '没有符合条件的信用记录。',
  });
  await load();
  return {
    title: '信用记录公示',
    content: h(
      'div',
      { class: 'layout' },
      h('aside', { class: 'side card' }, h('h2', {}, '筛选'), form),
      h(
        'div',
        { class: 'content' },
        h('h1', { tabindex: '-1' }, '信用记录公示'),
        h(
          'p',
          { class: 'muted' },
          '行政处罚、失信被执行人、政府采购严重违法失信行为等记录，按认定日期从新到旧。',
        ),
        status,
        list,
        more,
      ),
    ),
  };
}
