import { getJson, problemText } from './api.js';
import { alertItem, creditResult } from './credit.js';
import { facts, h, message, section } from './dom.js';
import { flagsOf } from './flags.js';
import { formatMoney, formatTime, noticeHref, roleLabel, stageLabel } from './format.js';
import { pager } from './pager.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */

/** @type {Record<string, string>} */
const KINDS = { organization: '单位', person: '个人' };
const PAGE_SIZE = 20;

/**
 * 信用状态: the profile's `credit` — the records naming the party that restrict it today (列入名单
 * with level and evidence; review-level ones, such as a person's namesakes, as 待人工核查的相似记录)
 * or no longer do, and the blacklist alerts about it this caller may see (the public: confirmed
 * ones only).
 */
/**
 * @param {Labels} labels
 * @param {Json} profile
 */
function creditCard(labels, profile) {
  const credit = profile.credit;
  const card = section('信用状态');
  card.classList.add('credit-status');
  if (!credit) {
    card.append(h('p', { class: 'muted' }, '信用状态：暂无数据'));
    return card;
  }
  card.append(
    h('p', { class: 'muted' }, `按统一社会信用代码和名称核查，核查时间：${formatTime(credit.on)}`),
    creditResult(labels, { state: 'answered', body: credit }),
    h('h3', {}, `黑名单告警（${credit.alerts.length} 条）`),
    credit.alerts.length
      ? h(
          'ol',
          { class: 'hits' },
          credit.alerts.map((/** @type {Json} */ alert) => alertItem(labels, alert)),
        )
      : h('p', { class: 'muted' }, '暂无黑名单告警记录。'),
  );
  return card;
}

/**
 * @param {Labels} labels
 * @param {Json} item
 */
function noticeRow(labels, item) {
  return h(
    'li',
    { class: 'result' },
    h('a', { class: 'result-title', href: noticeHref(item.id) }, item.title),
    h(
      'p',
      { class: 'meta' },
      h('span', { class: 'tag' }, stageLabel(labels, item.domain, item.stage)),
      h('time', { datetime: item.publishedAt }, formatTime(item.publishedAt)),
      h('span', {}, item.roles.map((/** @type {Json} */ role) => roleLabel(labels, role)).join('、')),
    ),
  );
}

/** @param {ViewContext} context */
export async function partyView({ labels, path }) {
  const id = path[0] ?? '';
  const answer = await getJson(`/v1/parties/${encodeURIComponent(id)}`, { limit: PAGE_SIZE });
  if (!answer.ok) return { title: '主体', content: message('error', problemText(answer)) };
  const profile = answer.body;

  const list = h('ol', { class: 'results', 'aria-label': '相关公告' });
  const { more, show } = pager({
    list,
    fetchPage: (cursor) => getJson(`/v1/parties/${encodeURIComponent(id)}`, { limit: PAGE_SIZE, cursor }),
    pageOf: (body) => body.notices,
    render: (items) => items.map((item) => noticeRow(labels, item)),
  });
  await show(profile.notices);

  const flags = await flagsOf(labels, `/v1/parties/${encodeURIComponent(id)}/flags`);
  const awards = profile.awards;
  const awardsCard = section(
    `中标（成交）记录（${awards.count} 项）`,
    awards.totals.length
      ? h('p', {}, `合计：${awards.totals.map((/** @type {Json} */ money) => formatMoney(money)).join('；')}`)
      : null,
    awards.items.length
      ? h(
          'ul',
          { class: 'plain' },
          awards.items.map((/** @type {Json} */ award) =>
            h(
              'li',
              {},
              h('a', { href: noticeHref(award.noticeId) }, award.title),
              h(
                'span',
                { class: 'meta' },
                ` ${formatTime(award.publishedAt)}`,
                award.lotCode ? ` 标段 ${award.lotCode}` : '',
                award.amount ? ` ${formatMoney(award.amount)}` : '',
                award.otherAmount ? ` ${award.otherAmount}` : '',
              ),
            ),
          ),
        )
      : h('p', { class: 'muted' }, '暂无中标（成交）记录。'),
  );

  return {
    title: profile.name,
    content: h(
      'div',
      { class: 'layout' },
      h(
        'aside',
        { class: 'side' },
        h('h1', { tabindex: '-1' }, profile.name),
        section(
          '主体信息',
          facts([
            ['统一社会信用代码', profile.creditCode],
            ['类型', KINDS[profile.kind] ?? profile.kind],
            ['出现于公告', `${profile.noticeCount} 条`],
          ]),
        ),
        section(
          '交易角色',
          h(
            'ul',
            { class: 'plain roles' },
            profile.roles.map((/** @type {Json} */ r) =>
              h('li', {}, `${roleLabel(labels, r.role)}：${r.notices} 条公告`),
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'content' },
        creditCard(labels, profile),
        section(
          `廉洁风险预警${flags.count === null ? '' : `（${flags.count} 项）`}`,
          h('p', { class: 'muted' }, '涉及本主体的项目或招标人的风险预警：需要核查的线索，不是违法认定。'),
          flags.content,
        ),
        awardsCard,
        section('相关公告', list, more),
      ),
    ),
  };
}
