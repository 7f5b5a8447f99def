/**
 * The single-window page: hash routes (`#/search?…`, `#/notice/:id`, `#/project/:key`,
 * `#/party/:id`, `#/credit?…`, `#/alerts?…`, `#/alert/:id`, `#/dashboard?…`, `#/compliance?…`,
 * `#/records?…`, `#/flags?…`), each rendered from the query API into <main>.
 */
import { loadLabels, NetworkError } from './api.js';
import { h, message, replace } from './dom.js';
import { alertView } from './view-alert.js';
import { alertsView } from './view-alerts.js';
import { complianceView } from './view-compliance.js';
import { creditView } from './view-credit.js';
import { dashboardView } from './view-dashboard.js';
import { flagsView } from './view-flags.js';
import { noticeView } from './view-notice.js';
import { partyView } from './view-party.js';
import { projectView } from './view-project.js';
import { recordsView } from './view-records.js';
import { searchView } from './view-search.js';

/**
 * What a view is given: the labels, the route's path segments and query, and a way to go to
 * another route (rendering again when it is the current one).
 * @typedef {object} ViewContext
 * @property {import('./api.js').Labels} labels
 * @property {string[]} path
 * @property {URLSearchParams} params
 * @property {(hash: string) => void} navigate
 */
/** @typedef {{ title: string, content: Node }} Rendered */
/** @typedef {(context: ViewContext) => Promise<Rendered>} View */

const SITE = '公共资源交易信息查询';
/** @type {Record<string, View>} */
const routes = {
  search: searchView,
  notice: noticeView,
  project: projectView,
  party: partyView,
  credit: creditView,
  alerts: alertsView,
  alert: alertView,
  dashboard: dashboardView,
  compliance: complianceView,
  records: recordsView,
  flags: flagsView,
};

/** Views reached from another view's navigation entry: an alert from 黑名单告警, 合规监测 from 监管工作台. */
/** @type {Record<string, string>} */
const NAV_OF = { alert: 'alerts', compliance: 'dashboard', flags: 'dashboard' };

/** '#/project/440309%3A…?x=1' → { name: 'project', path: ['440309:…'], params } */
/** @param {string} hash */
function parseHash(hash) {
  const [pathPart, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name = '', ...rest] = (pathPart ?? '').split('/');
  let path;
  try {
    path = rest.map((segment) => decodeURIComponent(segment));
  } catch {
    path = rest;
  }
  return { name: name || 'search', path, params: new URLSearchParams(query) };
}

/** @param {string} hash */
function navigate(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

let rendering = 0;

async function render() {
  const main = /** @type {HTMLElement} */ (document.getElementById('main'));
  const route = parseHash(location.hash);
  const view = routes[route.name];
  const token = ++rendering;
  main.setAttribute('aria-busy', 'true');
  const links = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll('.site-nav a'));
  for (const link of links) {
    if (link.dataset.route === (NAV_OF[route.name] ?? route.name)) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  /** @type {Rendered} */
  let result;
  try {
    if (!view) {
      result = {
        title: '页面不存在',
        content: message('error', '页面不存在。', h('a', { href: '#/search' }, '返回检索')),
      };
    } else {
      const labels = await loadLabels();
      result = await view({ labels, path: route.path, params: route.params, navigate });
    }
  } catch (err) {
    const text =
      err instanceof NetworkError
        ? '无法连接服务器，请检查网络后重试。'
        : `页面出错：${err instanceof Error ? err.message : String(err)}`;
    result = { title: '出错了', content: message('error', text) };
  }
  if (token !== rendering) return; // a later navigation won
  replace(main, result.content);
  main.removeAttribute('aria-busy');
  document.title = `${result.title} - ${SITE}`;
  // Move focus to the new view's heading, as a page load would, so keyboard and screen-reader
  // users land on what changed.
  main.querySelector('h1')?.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', render);
render();
