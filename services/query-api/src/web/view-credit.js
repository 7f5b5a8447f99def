import { checkCredit, creditResult } from './credit.js';
import { h, message } from './dom.js';
import { todayInShanghai } from './format.js';

export async function creditView({ labels, params, navigate }) {
  const code = params.get('code') ?? '';
  const name = params.get('name') ?? '';
  const on = params.get('on') || todayInShanghai();
  const input = (id, fieldName, value, attrs = {}) =>
    h('input', { id, name: fieldName, value, autocomplete: 'off', ...attrs });

  const problem = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'search-form', 'aria-label': '信用核查' },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'c-code' }, '统一社会信用代码'),
      input('c-code', 'code', code, { maxlength: 18, placeholder: '18 位代码', spellcheck: 'false' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'c-name' }, '主体名称'),
      input('c-name', 'name', name, { placeholder: '单位名称或个人姓名' }),
    ),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'c-on' }, '核查日期'),
      input('c-on', 'on', on, { type: 'date', 'aria-describedby': 'c-on-hint' }),
      h('small', { id: 'c-on-hint', class: 'hint' }, '核查该日期有效的失信记录（默认今天）'),
    ),
    problem,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '核查')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const fieldName of ['code', 'name', 'on']) {
      const value = form.elements.namedItem(fieldName).value.trim();
      if (value) next.set(fieldName, value);
    }
    if (!next.get('code') && !next.get('name')) {
      problem.replaceChildren(message('error', '请填写统一社会信用代码或主体名称。'));
      form.elements.namedItem('code').focus();
      return;
    }
    navigate(`#/credit?${next}`);
  });

  let answer;
  if (code || name) {
    const result = await checkCredit({ code, name, on });
    answer = [
      h('p', { class: 'muted' }, `核查对象：${[name, code].filter(Boolean).join(' ')}；核查日期：${on}`),
      creditResult(labels, result),
    ];
  } else {
    answer = h(
      'p',
      { class: 'muted' },
      '输入统一社会信用代码或主体名称，核查其在核查日期是否被列入失信名单。有信用代码时以代码为准；仅凭名称的命中需人工核实。',
    );
  }
  return {
    title: '信用核查',
    content: h(
      'div',
      { class: 'layout' },
      h('aside', { class: 'side card' }, h('h2', {}, '核查条件'), form),
      h(
        'div',
        { class: 'content' },
        h('h1', { tabindex: '-1' }, '信用核查'),
        h('section', { class: 'card credit-answer', 'aria-label': '核查结果' }, answer),
      ),
    ),
  };
}
