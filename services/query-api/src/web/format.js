/** Display forms: dates as published in Asia/Shanghai, money in yuan, the model's labels. */

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {{ fen: number, currency?: string }} Money */

/** '2024-08-26T12:20:00+08:00' → '2024-08-26 12:20'; midnight → the date alone. */
/** @param {unknown} iso */
export function formatTime(iso) {
  if (typeof iso !== 'string' || iso.length < 10) return '';
  const date = iso.slice(0, 10);
  const time = iso.slice(11, 16);
  return time && time !== '00:00' ? `${date} ${time}` : date;
}

/** 28430922300 fen → '284,309,223.00 元（约 2.84 亿元）'. Integer arithmetic: no float rounding. */
/** @param {Money | null | undefined} money */
export function formatMoney(money) {
  if (!money || !Number.isSafeInteger(money.fen)) return '';
  const abs = Math.abs(money.fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, ',');
  const cents = (abs % 100).toString().padStart(2, '0');
  const sign = money.fen < 0 ? '-' : '';
  const unit = !money.currency || money.currency === 'CNY' ? '元' : money.currency;
  let about = '';
  if (unit === '元' && abs >= 10_000_000_000) about = `（约 ${(abs / 10_000_000_000).toFixed(2)} 亿元）`;
  else if (unit === '元' && abs >= 1_000_000) about = `（约 ${(abs / 1_000_000).toFixed(2)} 万元）`;
  return `${sign}${yuan}.${cents} ${unit}${about}`;
}

/**
 * @param {Labels} labels
 * @param {string} domain
 */
export function domainLabel(labels, domain) {
  return labels.domains.find((d) => d.id === domain)?.label ?? domain;
}

/** A stage's name in its domain: `tender-announcement` is 招标公告 in one domain, 采购公告 in another. */
/**
 * @param {Labels} labels
 * @param {string} domain
 * @param {string} stage
 */
export function stageLabel(labels, domain, stage) {
  const stages = labels.domains.find((d) => d.id === domain)?.stages ?? [];
  return stages.find((s) => s.id === stage)?.label ?? stage;
}

/**
 * @param {Labels} labels
 * @param {string} role
 */
export function roleLabel(labels, role) {
  return labels.partyRoles[role] ?? role;
}

/** The party profile id of a party on a notice: its credit code, or `nk:` and its name key. */
/**
 * @param {{ creditCode?: string, identifiers?: { creditCode?: string }, nameKey?: string }} party
 * @returns {string | undefined}
 */
export function partyId(party) {
  const code = party.creditCode ?? party.identifiers?.creditCode;
  if (code) return code;
  return party.nameKey ? `nk:${party.nameKey}` : undefined;
}

/** @param {string} id */
export function partyHref(id) {
  return `#/party/${encodeURIComponent(id)}`;
}

/** @param {string} key */
export function projectHref(key) {
  return `#/project/${encodeURIComponent(key)}`;
}

/** @param {string} id */
export function noticeHref(id) {
  return `#/notice/${encodeURIComponent(id)}`;
}

/** Today in Asia/Shanghai as YYYY-MM-DD (the default date of a credit check). */
export function todayInShanghai() {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

/**
 * A path into the canonical notice in Chinese, from the one label table (`labels.fields`):
 * `$.awards[0].amount.fen` → '中标（成交）信息（第 1 项）› 中标（成交）金额';
 * `candidates[1].bidPrice|otherBidPrice` → '中标候选人（第 2 项）› 投标报价或费率或其他类型报价';
 * `parties[role=tenderer]` → '相关主体：招标人'. Unknown names stay as they are.
 * @param {Labels} labels
 * @param {string} path
 */
export function fieldPathLabel(labels, path) {
  const parts = [];
  let parent = '';
  const segments = path
    .replace(/^\$\.?/, '')
    .split(/\.(?![^[]*\])/)
    .filter(Boolean);
  for (const [i, segment] of segments.entries()) {
    const match = /^([^[]+)((?:\[[^\]]*\])*)$/.exec(segment);
    const key = match?.[1] ?? segment;
    const brackets = match?.[2] ?? '';
    // The parts of a money value name the amount itself.
    if ((key === 'fen' || key === 'currency') && i === segments.length - 1 && parts.length > 0) {
      if (key === 'currency') parts[parts.length - 1] += '（币种）';
      continue;
    }
    const name = key
      .split('|')
      .map((k) => labels.fields[`${parent}.${k}`] ?? labels.fields[k] ?? k)
      .join('或');
    let text = name;
    for (const [, inner] of brackets.matchAll(/\[([^\]]*)\]/g)) {
      const role = /^role=(.+)$/.exec(inner ?? '');
      if (role) text += `：${labels.partyRoles[role[1] ?? ''] ?? role[1]}`;
      else if (/^\d+$/.test(inner ?? '')) text += `（第 ${Number(inner) + 1} 项）`;
      else text += `（${inner?.replace(/^"|"$/g, '')}）`;
    }
    parts.push(text);
    parent = key;
  }
  return parts.join(' › ');
}

/**
 * A value at `path` in a notice, for a reader: money in yuan (an amount object, or the `fen`
 * of one), a party by its name, dates as published, true/false as 是/否; lists by their length.
 * @param {string} path
 * @param {unknown} value
 */
export function fieldValueText(path, value) {
  if (value === undefined || value === null) return '—';
  if (typeof value === 'number' && /\.fen$/.test(path)) return formatMoney({ fen: value });
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return /^\d{4}-\d\d-\d\dT/.test(value) ? formatTime(value) : value;
  if (typeof value !== 'object') return String(value);
  const object = /** @type {Record<string, unknown>} */ (value);
  if (typeof object.fen === 'number') return formatMoney(/** @type {Money} */ (object));
  if (typeof object.name === 'string') return object.name;
  if (typeof object.text === 'string') return object.text;
  if (Array.isArray(value)) return `${value.length} 项`;
  return JSON.stringify(value);
}
