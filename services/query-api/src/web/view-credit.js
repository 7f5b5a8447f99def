import { checkCredit, creditResult } from './credit.js';
import { h, message } from './dom.js';
import { todayInShanghai } from './format.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */
/** @typedef {import('./dom.js').ButtonClick} ButtonClick */

/**
 * A resident ID as the page keeps it: masked, first 4 and last 4 kept (`4403**********0015`, the
 * API's own mask for the public). The check goes by the hash, and the hash ends up in the
 * browser's history, so a whole ID never goes there; one already masked stays as typed.
 */
/** @param {string} value */
function maskedPersonId(value) {
  const id = value.replace(/\s/g, '').toUpperCase();
  if (id.includes('*') || id.length <= 8) return id;
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`;
}

const PERSON_ID = /^[0-9*]{14}[0-9X*]$|^[0-9*]{17}[0-9X*]$/;

/** @param {ViewContext} context */
export async function creditView({ labels, params, navigate }) {
  const code = params.get('code') ?? '';
  const name = params.get('name') ?? '';
  // Masked again: a link made by hand may carry a whole ID.
  const personId = maskedPersonId(params.get('personId') ?? '');
  const on = params.get('on') || todayInShanghai();
  /** @type {(id: string, fieldName: string, value: string, attrs?: Record<string, unknown>) => HTMLInputElement} */
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
      h('label', { for: 'c-person-id' }, '身份证号（可脱敏）'),
      input('c-person-id', 'personId', personId, {
        maxlength: 24,
        placeholder: '如 4403**********0015',
        spellcheck: 'false',
        'aria-describedby': 'c-person-id-hint',
      }),
      h(
        'small',
        { id: 'c-person-id-hint', class: 'hint' },
        '核查个人时与姓名一同填写，完整或脱敏号码均可。页面只发送脱敏后的号码（保留前 4 位和后 4 位），完整号码不会进入网址和浏览器历史；只比对可见的数字。',
      ),
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
    /** @param {string} fieldName */
    const field = (fieldName) => /** @type {HTMLInputElement} */ (form.elements.namedItem(fieldName));
    /** @param {string} fieldName */
    const value = (fieldName) => field(fieldName).value.trim();
    /** @type {(text: string, fieldName: string) => void} */
    const refuse = (text, fieldName) => {
      problem.replaceChildren(message('error', text));
      field(fieldName).focus();
    };
    const next = new URLSearchParams();
    for (const fieldName of ['code', 'name']) if (value(fieldName)) next.set(fieldName, value(fieldName));
    const typedId = value('personId');
    if (typedId) {
      const id = typedId.replace(/\s/g, '').toUpperCase();
      if (!PERSON_ID.test(id))
        return refuse('身份证号应为 18 位（或 15 位），脱敏部分用 * 表示。', 'personId');
      if (!next.get('name')) return refuse('核查个人时请同时填写姓名。', 'name');
      if (next.get('code')) return refuse('统一社会信用代码和身份证号请只填一项。', 'code');
      next.set('personId', maskedPersonId(id));
    }
    if (value('on')) next.set('on', value('on'));
    if (!next.get('code') && !next.get('name')) return refuse('请填写统一社会信用代码或主体名称。', 'code');
    navigate(`#/credit?${next}`);
  });

  let answer;
  if (code || name) {
    const result = await checkCredit({ code, name, personId, on });
    answer = [
      h(
        'p',
        { class: 'muted' },
        `核查对象：${[name, code, personId].filter(Boolean).join(' ')}；核查日期：${on}`,
      ),
      creditResult(labels, result),
    ];
  } else {
    answer = h(
      'p',
      { class: 'muted' },
      '输入统一社会信用代码或主体名称（个人：姓名和身份证号），核查其在核查日期是否被列入失信名单。有信用代码时以代码为准；仅凭名称的相似记录需人工核查，不作为列入名单的结论。',
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
