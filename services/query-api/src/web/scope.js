/**
 * The scope of the regulator's views (dashboard, compliance): region, domain and publication
 * dates, from the route's query; and the region level their figures group by.
 */
import { h } from './dom.js';
import { regionPicker } from './region-picker.js';

/** @typedef {import('./api.js').Labels} Labels */

export const SCOPE = ['region', 'domain', 'publishedFrom', 'publishedTo'];

/**
 * The scope's query parameters, empty ones left out.
 * @param {URLSearchParams} params
 * @returns {Record<string, string>}
 */
export function scopeOf(params) {
  /** @type {Record<string, string>} */
  const scope = {};
  for (const name of SCOPE) {
    const value = params.get(name);
    if (value) scope[name] = value;
  }
  return scope;
}

/**
 * The region one level below the scope's that `code` lies in: provinces nationwide, cities in a
 * province, counties in a city.
 * @param {string | undefined} scopeRegion
 * @param {string} code
 */
export function groupRegion(scopeRegion, code) {
  if (!scopeRegion) return `${code.slice(0, 2)}0000`;
  if (scopeRegion.endsWith('0000')) return `${code.slice(0, 4)}00`;
  return code;
}

/**
 * The scope form: region picker, domain, dates; submitting goes to `route` with the scope.
 * @param {Labels} labels
 * @param {URLSearchParams} params
 * @param {string} route e.g. '#/dashboard'
 * @param {(hash: string) => void} navigate
 * @param {Record<string, string>} [keep] other parameters to keep (e.g. the list shown)
 */
export async function scopeForm(labels, params, route, navigate, keep = {}) {
  const domain = h(
    'select',
    { id: 's-domain', name: 'domain' },
    h('option', { value: '' }, '全部领域'),
    labels.domains.map((d) => h('option', { value: d.id, selected: d.id === params.get('domain') }, d.label)),
  );
  /** @type {(id: string, name: string) => HTMLInputElement} */
  const date = (id, name) => h('input', { id, name, type: 'date', value: params.get(name) ?? '' });
  const form = h(
    'form',
    { class: 'search-form scope-form', 'aria-label': '统计范围' },
    await regionPicker({ id: 's-region', value: params.get('region'), labels }),
    h('div', { class: 'field' }, h('label', { for: 's-domain' }, '领域'), domain),
    h(
      'div',
      { class: 'field-row' },
      h(
        'div',
        { class: 'field' },
        h('label', { for: 's-from' }, '发布日期起'),
        date('s-from', 'publishedFrom'),
      ),
      h('div', { class: 'field' }, h('label', { for: 's-to' }, '发布日期止'), date('s-to', 'publishedTo')),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '统计')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams(keep);
    for (const name of SCOPE) {
      const value = /** @type {HTMLInputElement | null} */ (form.elements.namedItem(name))?.value?.trim();
      if (value) next.set(name, value);
    }
    navigate(`${route}${next.size > 0 ? `?${next}` : ''}`);
  });
  return form;
}

/**
 * The trail back to the workbench (监管工作台) from one of its views, keeping the scope.
 * @param {Record<string, string>} scope
 * @param {string} here the view's name
 */
export function workbenchCrumbs(scope, here) {
  const query = new URLSearchParams(scope);
  return h(
    'p',
    { class: 'crumbs' },
    h('a', { href: `#/dashboard${query.size ? `?${query}` : ''}` }, '监管工作台'),
    ` › ${here}`,
  );
}
