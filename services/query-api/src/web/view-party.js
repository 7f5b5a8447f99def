import { getJson, problemText } from './api.js';
import { checkCredit, creditResult } from './credit.js';
import { facts, h, message, replace, section } from './dom.js';
import { formatMoney, formatTime, noticeHref, roleLabel, stageLabel } from './format.js';

const KINDS = { organization: '单位', person: '个人' };
const PAGE_SIZE = 20;

/**
 * 信用状态: the profile's own `credit` when the API fills it; else a check by credit code and
 * name today, when the API has the check; else 暂无数据.
 */
async function creditCard(labels, profile) {
  const card = section('信用状态');
  if (profile.credit) {
    card.append(h('pre', {}, JSON.stringify(profile.credit, null, 2)));
    return card;
  }
  const result = await checkCredit({
    ...(profile.creditCode ? { code: profile.creditCode } : {}),
    name: profile.name,
  });
  card.append(creditResult(labels, result, { unavailableText: '信用状态：暂无数据' }));
  return card;
}

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
      h('span', {}, item.roles.map((role) => roleLabel(labels, role)).join('、')),
    ),
  );
}

export async function partyView({ labels, path }) {
  const id = path[0] ?? '';
  const answer = await getJson(`/v1/parties/${encodeURIComponent(id)}`, { limit: PAGE_SIZE });
  if (!answer.ok) return { title: '主体', content: message('error', problemText(answer)) };
  const profile = answer.body;

  const list = h('ol', { class: 'results', 'aria-label': '相关公告' });
  const more = h('div', { class: 'more' });
  const showPage = (page) => {
    for (const item of page.items) list.append(noticeRow(labels, item));
    replace(
      more,
      page.nextCursor
        ? h(
            'button',
            {
              type: 'button',
              onclick: async (event) => {
                event.currentTarget.disabled = true;
                const before = list.children.length;
                const next = await getJson(`/v1/parties/${encodeURIComponent(id)}`, {
                  limit: PAGE_SIZE,
                  cursor: page.nextCursor,
                });
                if (!next.ok) return replace(more, message('error', problemText(next)));
                showPage(next.body.notices);
                list.children[before]?.querySelector('a')?.focus();
              },
            },
            '加载更多',
          )
        : null,
    );
  };
  showPage(profile.notices);

  const awards = profile.awards;
  const awardsCard = section(
    `中标（成交）记录（${awards.count} 项）`,
    awards.totals.length
      ? h('p', {}, `合计：${awards.totals.map((money) => formatMoney(money)).join('；')}`)
      : null,
    awards.items.length
      ? h(
          'ul',
          { class: 'plain' },
          awards.items.map((award) =>
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
        await creditCard(labels, profile),
        section(
          '交易角色',
          h(
            'ul',
            { class: 'plain roles' },
            profile.roles.map((r) => h('li', {}, `${roleLabel(labels, r.role)}：${r.notices} 条公告`)),
          ),
        ),
      ),
      h('div', { class: 'content' }, awardsCard, section('相关公告', list, more)),
    ),
  };
}
