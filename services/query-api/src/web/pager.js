/**
 * A list that grows a page at a time: the API's keyset pages (`items`, `nextCursor`) appended to
 * a list, a status line saying how many are shown, and a 加载更多 button while there are more.
 * Every paged view of the page uses it.
 */
import { problemText } from './api.js';
import { h, message, replace } from './dom.js';

/** @typedef {import('./api.js').Answer} Answer */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./dom.js').ButtonClick} ButtonClick */
/** @typedef {import('./dom.js').Child} Child */

/**
 * @typedef {object} PagerOptions
 * @property {HTMLElement} list where the rows go
 * @property {(cursor: string | undefined) => Promise<Answer>} fetchPage one page of the API
 * @property {(body: Json) => Json} [pageOf] the page in the answer's body (default: the body)
 * @property {(items: Json[]) => Child[] | Promise<Child[]>} render the rows of a page's items
 * @property {string} [empty] the status when there is nothing (default: none, the list stays empty)
 * @property {(answer: Answer) => Child} [failure] what to say when a page fails (default: the problem)
 */

/**
 * @param {PagerOptions} options
 * @returns {{ status: HTMLElement, more: HTMLElement, load: (cursor?: string) => Promise<void>, show: (page: Json) => Promise<void> }}
 */
export function pager(options) {
  const { list } = options;
  const status = h('p', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const more = h('div', { class: 'more' });
  let shown = 0;

  /** @param {Json} page */
  async function show(page) {
    const rows = await options.render(page.items);
    for (const row of rows) if (row instanceof Node) list.append(row);
    shown += page.items.length;
    replace(
      status,
      shown === 0
        ? (options.empty ?? '')
        : `已显示 ${shown} 条${page.nextCursor ? '，还有更多' : '，已全部显示'}`,
    );
    const next = page.nextCursor;
    replace(
      more,
      next
        ? h(
            'button',
            {
              type: 'button',
              onclick: async (/** @type {ButtonClick} */ event) => {
                event.currentTarget.disabled = true;
                event.currentTarget.textContent = '正在加载…';
                const before = list.children.length;
                await load(next);
                /** @type {HTMLElement | null | undefined} */ (
                  list.children[before]?.querySelector('a')
                )?.focus();
              },
            },
            '加载更多',
          )
        : null,
    );
  }

  /** @param {string} [cursor] */
  async function load(cursor) {
    const answer = await options.fetchPage(cursor);
    if (!answer.ok) {
      replace(more);
      replace(status, options.failure ? options.failure(answer) : message('error', problemText(answer)));
      return;
    }
    await show(options.pageOf ? options.pageOf(answer.body) : answer.body);
  }

  return { status, more, load, show };
}
