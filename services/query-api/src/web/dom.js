/**
 * Building the page from data without ever parsing data as HTML: every string becomes a text
 * node or an attribute value (set with setAttribute), so a title like `<script>` shows as text.
 */

/**
 * What may be a child: nodes and text (numbers too), nested arrays of them; null, undefined and
 * false are skipped.
 * @typedef {Node | string | number | boolean | null | undefined | readonly unknown[]} Child
 */

/**
 * A click on a button (the button is `currentTarget`), for `onclick` attributes.
 * @typedef {MouseEvent & { currentTarget: HTMLButtonElement }} ButtonClick
 */

/**
 * `h('a', { href: '#/x', class: 'link' }, '标题', child)`. Attributes whose name starts with
 * `on` are event listeners; `false`, `null` and `undefined` attributes are left out; children
 * may be strings, numbers, nodes, arrays of them, or null/false (skipped).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), /** @type {EventListener} */ (value));
    } else if (name === 'value' && 'value' in element) {
      /** @type {HTMLInputElement} */ (element).value = String(value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(element, children);
  return element;
}

/**
 * Appends children (strings as text nodes, nested arrays flattened, null/false skipped).
 * @template {Element} E
 * @param {E} parent
 * @param {Child[]} children
 * @returns {E}
 */
export function append(parent, children) {
  for (const child of [children].flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/**
 * Replaces every child of `parent`.
 * @template {Element} E
 * @param {E} parent
 * @param {Child[]} children
 */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/**
 * A definition list from [label, value] pairs; pairs with an empty value are left out.
 * @param {[string, Child][]} pairs
 */
export function facts(pairs) {
  const list = h('dl', { class: 'facts' });
  for (const [label, value] of pairs) {
    if (value === null || value === undefined || value === '') continue;
    list.append(h('dt', {}, label), h('dd', {}, value));
  }
  return list;
}

/**
 * A message box: `info`, `ok`, `warn` or `error`. Errors are announced to screen readers at once.
 * @param {'info' | 'ok' | 'warn' | 'error'} kind
 * @param {Child[]} children
 */
export function message(kind, ...children) {
  return h(
    'div',
    { class: `message message-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    ...children,
  );
}

/**
 * A section with a heading, for the cards of a view.
 * @param {Child} title
 * @param {Child[]} children
 */
export function section(title, ...children) {
  const id = `s-${Math.random().toString(36).slice(2, 9)}`;
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}
