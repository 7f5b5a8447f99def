/**
 * Charts with ECharts, served by the app itself as /assets/echarts.js (its ES module build from
 * the installed package: no CDN). Loaded on first use, so views without charts never fetch it.
 */
import { h } from './dom.js';

/** @typedef {typeof import('echarts')} ECharts */
/** @typedef {import('echarts').EChartsOption} ChartOption */

/** @type {Promise<ECharts> | undefined} */
let loading;

/** @returns {Promise<ECharts>} */
function echarts() {
  // A computed specifier: the file is served beside this one, not in the source tree.
  const url = './echarts.js';
  loading ??= import(url);
  return loading;
}

/** @type {Set<import('echarts').ECharts>} */
const live = new Set();
window.addEventListener('resize', () => {
  for (const chart of live) chart.resize();
});
window.addEventListener('hashchange', () => {
  for (const chart of live) chart.dispose();
  live.clear();
});

/**
 * A chart card's drawing area; the chart is drawn once the element is in the document.
 * `onClick` gets the clicked item's category name and series name.
 * @param {string} label what the chart shows, for screen readers
 * @param {ChartOption} option
 * @param {(name: string, series: string) => void} [onClick]
 */
export function chart(label, option, onClick) {
  const element = h('div', { class: 'chart', role: 'img', 'aria-label': label });
  const draw = async () => {
    const lib = await echarts();
    const instance = lib.init(element, undefined, { renderer: 'canvas', locale: 'ZH' });
    instance.setOption({
      textStyle: {
        fontFamily:
          'system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif',
      },
      animation: false,
      ...option,
    });
    if (onClick) {
      instance.on('click', (params) => onClick(String(params.name ?? ''), String(params.seriesName ?? '')));
    }
    live.add(instance);
    element.dataset.ready = 'true';
  };
  // Drawn when attached: ECharts measures the element.
  const observer = new MutationObserver(() => {
    if (element.isConnected) {
      observer.disconnect();
      draw();
    }
  });
  observer.observe(document.body, { childList: true, subtree: true });
  return element;
}

/** 0.1234 → '12.3%'; null → '—'. */
/** @param {number | null | undefined} rate */
export function percent(rate) {
  return typeof rate === 'number' ? `${(rate * 100).toFixed(1)}%` : '—';
}
