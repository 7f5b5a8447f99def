/** The query API of the page's own origin: JSON in, `{ ok, status, body }` out. */

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

export function setAccessKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** GET `path` with the given query parameters (empty ones left out). */
export async function getJson(path, params = {}) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const url = query.size > 0 ? `${path}?${query}` : path;
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

/** A problem document (RFC 9457) as one line of Chinese for the reader, with the server's detail. */
export function problemText(answer) {
  const detail = answer.body?.detail ? `（${answer.body.detail}）` : '';
  const byStatus = {
    400: '查询条件有误',
    401: '需要有效的访问密钥',
    403: '无权查看',
    404: '未找到',
    429: '请求过于频繁，请稍后再试',
    503: '服务暂时不可用，请稍后再试',
  };
  return `${byStatus[answer.status] ?? `请求失败（HTTP ${answer.status}）`}${detail}`;
}

let labels;

/** The Chinese labels of the model (`/v1/meta/labels`), fetched once. */
export async function loadLabels() {
  if (!labels) {
    const answer = await getJson('/v1/meta/labels');
    if (!answer.ok) throw new Error(problemText(answer));
    labels = answer.body;
  }
  return labels;
}

const regionNames = new Map();

/** Fills the region-name cache for `codes` (one request for the unknown ones). */
export async function loadRegionNames(codes) {
  const unknown = [...new Set(codes)].filter((code) => /^\d{6}$/.test(code) && !regionNames.has(code));
  for (let i = 0; i < unknown.length; i += 100) {
    const batch = unknown.slice(i, i + 100);
    const answer = await getJson('/v1/meta/regions', { codes: batch.join(',') });
    for (const code of batch) regionNames.set(code, answer.ok ? (answer.body[code] ?? '') : '');
  }
}

/** '440309' → '广东省深圳市龙华区'; the code itself when its name is not known. */
export function regionLabel(code) {
  return regionNames.get(code) || code;
}
