/** The query API of the page's own origin: JSON in, `{ ok, status, body }` out. */

/**
 * An answer of the API: its JSON body is read as it comes (the server's schemas check it).
 * @typedef {{ ok: boolean, status: number, body: any }} Answer
 */

/**
 * A value in an API answer: the server's response schemas shape it, the page reads it loosely.
 * @typedef {any} Json
 */

/**
 * The model's Chinese labels (`/v1/meta/labels`, web.routes.ts `labelsSchema`).
 * @typedef {object} Labels
 * @property {{ id: string, label: string, stages: { id: string, label: string }[] }[]} domains
 * @property {Record<string, string>} partyRoles
 * @property {Record<string, string>} creditListTypes
 * @property {Record<string, string>} matchLevels
 * @property {Record<string, string>} fields the notice's field names (`parent.field` where the parent changes the meaning)
 * @property {{ code: string, name: string }[]} provinces
 */

export class NetworkError extends Error {}

const KEY_STORAGE = 'ggzy-api-key';

/**
 * The API key of a regulator or administrator using the page, kept for this tab only
 * (sessionStorage: gone when the tab closes). Without one the page is the public view.
 */
export function accessKey() {
  try {
    return sessionStorage.getItem(KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

/** @param {string} key */
export function setAccessKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/**
 * GET `path` with the given query parameters (empty ones left out).
 * @param {string} path
 * @param {Record<string, unknown>} [params]
 * @returns {Promise<Answer>}
 */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  const key = accessKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(url, { headers });
  } catch (cause) {
    throw new NetworkError('无法连接服务器', { cause });
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  return { ok: response.ok, status: response.status, body };
}

/**
 * POST a JSON body to `path` (with the access key, as every request).
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<Answer>}
 */
export async function postJson(path, body) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json', 'content-type': 'application/json' };
  const key = accessKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers, body: JSON.stringify(body) });
  } catch (cause) {
    throw new NetworkError('无法连接服务器', { cause });
  }
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null;
  }
  return { ok: response.ok, status: response.status, body: answer };
}

/**
 * A problem document (RFC 9457) as one line of Chinese for the reader, with the server's detail.
 * @param {Answer} answer
 */
export function problemText(answer) {
  const detail = answer.body?.detail ? `（${answer.body.detail}）` : '';
  /** @type {Record<number, string>} */
  const byStatus = {
    400: '查询条件有误',
    401: '需要有效的访问密钥',
    403: '无权查看',
    404: '未找到',
    409: '该记录已处理，不能重复操作',
    429: '请求过于频繁，请稍后再试',
    503: '服务暂时不可用，请稍后再试',
  };
  return `${byStatus[answer.status] ?? `请求失败（HTTP ${answer.status}）`}${detail}`;
}

/** @type {Labels | undefined} */
let labels;

/**
 * The Chinese labels of the model (`/v1/meta/labels`), fetched once.
 * @returns {Promise<Labels>}
 */
export async function loadLabels() {
  if (!labels) {
    const answer = await getJson('/v1/meta/labels');
    if (!answer.ok) throw new Error(problemText(answer));
    labels = /** @type {Labels} */ (answer.body);
  }
  return labels;
}

/** @type {Map<string, string>} */
const regionNames = new Map();

/**
 * Fills the region-name cache for `codes` (one request for the unknown ones).
 * @param {Iterable<string>} codes
 */
export async function loadRegionNames(codes) {
  const unknown = [...new Set(codes)].filter((code) => /^\d{6}$/.test(code) && !regionNames.has(code));
  for (let i = 0; i < unknown.length; i += 100) {
    const batch = unknown.slice(i, i + 100);
    const answer = await getJson('/v1/meta/regions', { codes: batch.join(',') });
    for (const code of batch) regionNames.set(code, answer.ok ? (answer.body[code] ?? '') : '');
  }
}

/**
 * '440309' → '广东省深圳市龙华区'; the code itself when its name is not known.
 * @param {string} code
 */
export function regionLabel(code) {
  return regionNames.get(code) || code;
}

/**
 * Downloads a file the API makes (a report): GET with the access key, then saved under the name
 * the server gives in Content-Disposition (its UTF-8 `filename*` when there is one).
 * @param {string} path
 * @param {Record<string, unknown>} params
 * @returns {Promise<Answer>} `body` is the file name once saved, or the problem
 */
export async function download(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  /** @type {Record<string, string>} */
  const headers = {};
  const key = accessKey();
  if (key) headers.authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch(`${path}?${query}`, { headers });
  } catch (cause) {
    throw new NetworkError('无法连接服务器', { cause });
  }
  if (!response.ok) {
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    return { ok: false, status: response.status, body };
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  const name = utf8 ? decodeURIComponent(utf8) : (plain ?? 'report');
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { ok: true, status: response.status, body: name };
}
