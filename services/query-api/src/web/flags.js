/**
 * Red flags (廉洁风险预警) as the page shows them: each indicator by its Chinese name, and each
 * flag's evidence — the values the indicator compared, in yuan and dates — in a sentence, with
 * the notices it rests on.
 */
import { getJson, problemText } from './api.js';
import { h, message } from './dom.js';
import { formatMoney, formatTime, noticeHref, partyHref, projectHref, stageLabel } from './format.js';

/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./dom.js').Child} Child */

/** @type {Record<string, string>} */
export const FLAG_STATUSES = { raised: '预警中', cleared: '已解除' };

/** @type {Promise<Map<string, Json>> | undefined} */
let catalogue;

/**
 * The indicators (`GET /v1/indicators`), by id, fetched once.
 * @returns {Promise<Map<string, Json>>}
 */
export function loadIndicators() {
  catalogue ??= getJson('/v1/indicators').then((answer) => {
    if (!answer.ok) {
      catalogue = undefined;
      throw new Error(problemText(answer));
    }
    return new Map(answer.body.items.map((/** @type {Json} */ i) => [i.id, i]));
  });
  return catalogue;
}

/**
 * @param {Map<string, Json>} indicators
 * @param {string} id
 */
export function indicatorTitle(indicators, id) {
  return indicators.get(id)?.title.zh ?? id;
}

/** @param {unknown} ratio 0.9961 → '99.61%' */
const pct = (ratio) => (typeof ratio === 'number' ? `${Math.round(ratio * 10000) / 100}%` : '');
/** @param {unknown} fen */
const yuan = (fen) => (typeof fen === 'number' ? formatMoney({ fen }) : '');

/** @type {Record<string, string>} */
const METHODS = {
  'open-tender': '公开招标',
  'invited-tender': '邀请招标',
  'competitive-negotiation': '竞争性谈判',
  'competitive-consultation': '竞争性磋商',
  'request-for-quotation': '询价',
  'single-source': '单一来源',
  'framework-agreement': '框架协议',
};

/**
 * What a flag found, in a sentence of Chinese, from the values its indicator compared.
 * @param {Json} flag
 * @returns {string}
 */
export function flagEvidence(flag) {
  const v = flag.values ?? {};
  switch (flag.indicator) {
    case 'single-bidder':
      return `只有 ${v.bidders?.length ?? 1} 家投标人：${(v.bidders ?? []).map((/** @type {Json} */ b) => b.name).join('、')}${v.method ? `（${METHODS[v.method] ?? v.method}）` : ''}`;
    case 'short-bid-period':
      return `文件发出 ${formatTime(v.documentsFrom)} 至投标截止 ${formatTime(v.deadline)}，仅 ${v.days} ${v.unit === 'working' ? '个工作日' : '日'}，法定最短 ${v.minimumDays} ${v.unit === 'working' ? '个工作日' : '日'}${v.method ? `（${METHODS[v.method] ?? v.method}）` : ''}`;
    case 'patterned-bid-prices':
      return `投标报价${v.pattern === 'identical' ? '完全相同' : '呈等差排列'}：${(v.bids ?? []).map((/** @type {Json} */ b) => `${b.bidder} ${formatMoney(b.price)}`).join('；')}`;
    case 'price-near-ceiling':
      return `中标价 ${formatMoney(v.price)} 为${v.referenceKind === 'budget' ? '采购预算' : '最高限价'} ${formatMoney(v.reference)} 的 ${pct(v.ratio)}（中标人 ${v.winner ?? '—'}）`;
    case 'abnormally-low-price':
      return `中标价 ${formatMoney(v.price)} 比其他投标平均 ${yuan(v.meanOfOthersFen)} 低 ${pct(v.discount)}（中标人 ${v.winner ?? '—'}）`;
    case 'bid-rotation':
      return `${(v.members ?? []).length} 家投标人在同一招标人的 ${(v.wins ?? []).length} 个项目中轮流中标：${(v.wins ?? []).map((/** @type {Json} */ w) => w.winner).join(' → ')}`;
    case 'contract-above-award':
      return `${v.amountKind === 'contract' ? '合同金额' : '变更后金额'} ${formatMoney(v.contractAmount)} 高于中标金额 ${formatMoney(v.awardPrice)} ${pct(v.increase)}`;
    case 'late-contract':
      return `中标 ${formatTime(v.awardedAt)}，合同签订 ${formatTime(v.signedAt)}，相隔 ${v.days} 日（不得超过 ${v.maxDays} 日）`;
    case 'split-purchases':
      return `${v.year} 年以公开招标以外方式采购 ${(v.purchases ?? []).length} 次，每次略低于公开招标数额标准 ${yuan(v.thresholdFen)}，合计 ${yuan(v.totalFen)}`;
    case 'late-result':
      return (v.late ?? [])
        .map(
          (/** @type {Json} */ l) =>
            `${l.title}：${l.startDay} 至 ${l.endDay} 用时 ${l.elapsed}，时限 ${l.limit}`,
        )
        .join('；');
    case 'listed-winner':
      return `中标人 ${v.winner?.name ?? '—'} 在中标日 ${formatTime(v.awardedAt)} 处于名单：${(
        v.records ?? []
      )
        .map(
          (/** @type {Json} */ r) =>
            `${r.authority} ${r.documentNumber ?? ''}（${formatTime(r.validFrom)} 至 ${r.validUntil ? formatTime(r.validUntil) : '长期'}）`,
        )
        .join('；')}`;
    default:
      return '';
  }
}

/**
 * One flag: its indicator, state, evidence, the projects and buyer it concerns, and its notices.
 * @param {Labels} labels
 * @param {Map<string, Json>} indicators
 * @param {Json} flag
 * @param {{ project?: boolean }} [show] whether to link the projects (not on a project's own page)
 */
export function flagItem(labels, indicators, flag, show = { project: true }) {
  return h(
    'li',
    { class: `hit flag flag-${flag.status}`, 'data-indicator': flag.indicator },
    h(
      'p',
      { class: 'meta' },
      h(
        'span',
        { class: `tag ${flag.status === 'raised' ? 'tag-warn' : ''}` },
        FLAG_STATUSES[flag.status] ?? flag.status,
      ),
      ' ',
      h('strong', { class: 'flag-title' }, indicatorTitle(indicators, flag.indicator)),
      flag.lotCode ? ` · 标段（包）${flag.lotCode}` : '',
      ` · ${formatTime(flag.observedAt)}`,
    ),
    h('p', { class: 'flag-evidence' }, flagEvidence(flag)),
    h(
      'p',
      { class: 'meta' },
      flag.buyer
        ? ['招标人/采购人：', h('a', { href: partyHref(flag.buyer.key) }, flag.buyer.name), ' ']
        : null,
      show.project
        ? flag.projectKeys.map((/** @type {string} */ key, /** @type {number} */ i) => [
            i > 0 ? '、' : '',
            h(
              'a',
              { href: projectHref(key) },
              flag.projectKeys.length > 1 ? `项目 ${i + 1}` : '查看项目进程',
            ),
          ])
        : null,
    ),
    flag.notices.length
      ? h(
          'p',
          { class: 'meta flag-notices' },
          '依据公告：',
          flag.notices.map((/** @type {Json} */ n, /** @type {number} */ i) => [
            i > 0 ? '、' : '',
            h(
              'a',
              { href: noticeHref(n.noticeId) },
              `${stageLabel(labels, flag.domain, n.stage)}（${formatTime(n.publishedAt)}）`,
            ),
          ]),
        )
      : null,
  );
}

/**
 * The flags of a project or a party (`/v1/projects/{key}/flags`, `/v1/parties/{id}/flags`):
 * raised first; for the public, which sees the counts only, a note that a key is needed.
 * @param {Labels} labels
 * @param {string} path
 * @param {{ project?: boolean }} [show]
 * @returns {Promise<{ count: number | null, items: Json[], content: Child }>}
 */
export async function flagsOf(labels, path, show) {
  const [answer, indicators] = await Promise.all([getJson(path), loadIndicators()]);
  if (!answer.ok) {
    return {
      count: null,
      items: [],
      content:
        answer.status === 403
          ? message('info', '查看具体预警需要监管部门的访问密钥：', h('a', { href: '#/alerts' }, '填写密钥'))
          : message('error', problemText(answer)),
    };
  }
  const items = [...answer.body.items].sort(
    (/** @type {Json} */ a, /** @type {Json} */ b) =>
      (a.status === 'raised' ? 0 : 1) - (b.status === 'raised' ? 0 : 1),
  );
  const raised = items.filter((f) => f.status === 'raised').length;
  return {
    count: raised,
    items,
    content: items.length
      ? h(
          'ol',
          { class: 'hits flags', 'aria-label': '廉洁风险预警' },
          items.map((flag) => flagItem(labels, indicators, flag, show)),
        )
      : h('p', { class: 'muted' }, '未发现风险预警。'),
  };
}
