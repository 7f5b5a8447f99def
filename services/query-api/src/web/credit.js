import { getJson, problemText } from './api.js';
import { h, message } from './dom.js';
import { formatTime, noticeHref, partyHref, roleLabel } from './format.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./app.js').ViewContext} ViewContext */
/** @typedef {import('./dom.js').ButtonClick} ButtonClick */

/** @type {Record<string, string>} */
const FIELDS = {
  creditCode: '统一社会信用代码',
  organizationCode: '组织机构代码',
  nameKey: '名称',
  name: '名称',
  'name.core': '名称字号',
  'name.region': '名称中的地区',
  'name.legalForm': '组织形式',
  personId: '身份证号码',
  region: '地区',
  legalForm: '组织形式',
  branch: '分支机构',
  branchOf: '分支机构',
};
/** @type {Record<string, string>} */
const OUTCOMES = { match: '一致', differ: '不一致', partial: '部分一致' };
/** Where a record stood on the date checked (`status` of the API). */
/** @type {Record<string, string>} */
const STATUSES = {
  active: '限制期内',
  'not-yet-valid': '尚未生效',
  expired: '已过期',
  withdrawn: '已撤销/移出',
};
/** @type {Record<string, string>} */
export const ALERT_STATUSES = { open: '待核实', confirmed: '已确认', dismissed: '已排除', closed: '已关闭' };
/** @type {Record<string, string>} */
const DIRECTIONS = { notice: '公告中出现名单主体', record: '新名单记录命中在办项目' };

/** `GET /v1/credit/check`: `{ state: 'answered', body }` or `{ state: 'error', text }`. */
/** @param {Record<string, string>} query */
export async function checkCredit(query) {
  const answer = await getJson('/v1/credit/check', query);
  if (!answer.ok) return { state: 'error', text: problemText(answer) };
  return { state: 'answered', body: answer.body };
}

/** @param {Json[] | undefined} evidence */
export function evidenceTable(evidence) {
  if (!evidence?.length) return null;
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'evidence' },
      h('caption', {}, '证据'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['比对项', '核查对象', '名单记录', '结论'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h(
        'tbody',
        {},
        evidence.map((e) =>
          h(
            'tr',
            {},
            h('td', {}, FIELDS[e.field] ?? e.field),
            h('td', {}, e.ours ?? '—'),
            h('td', {}, e.theirs ?? '—'),
            h('td', { class: `outcome-${e.outcome}` }, OUTCOMES[e.outcome] ?? e.outcome ?? ''),
          ),
        ),
      ),
    ),
  );
}

/** @param {Json} record */
function period(record) {
  const from = formatTime(record.validFrom);
  const until = record.validUntil ? formatTime(record.validUntil) : '移出前持续有效';
  return from ? `${from} 至 ${until}` : '';
}

/** A credit record's facts: list, subject, authority, basis, penalty, validity, withdrawal. */
/**
 * @param {Labels} labels
 * @param {Json} record
 */
export function recordFacts(labels, record) {
  const rows = [
    ['名单', record.listLabel ?? labels.creditListTypes[record.listType] ?? record.listType],
    [
      '名单主体',
      [record.subject?.name, record.subject?.creditCode ?? record.subject?.maskedPersonId]
        .filter(Boolean)
        .join(' '),
    ],
    ['认定单位', record.authority],
    ['文号', record.documentNumber],
    ['失信行为', record.reason],
    ['处罚依据', record.basis],
    ['处罚结果', record.penalty],
    ['认定日期', formatTime(record.decisionDate)],
    ['限制期限', period(record)],
    ['限制行为', record.restrictedActions?.length ? record.restrictedActions.join('；') : ''],
    [
      '撤销/移出',
      record.withdrawal
        ? `${formatTime(record.withdrawal.withdrawnAt)} ${record.withdrawal.reason}（${record.withdrawal.authority}）`
        : '',
    ],
  ];
  const list = h('dl', { class: 'facts' });
  for (const [label, value] of rows) if (value) list.append(h('dt', {}, label), h('dd', {}, value));
  return list;
}

/** One hit: how sure, where the record stood on the date, the record's facts, and the evidence. */
/**
 * @param {Labels} labels
 * @param {Json} hit
 */
export function creditHit(labels, hit) {
  const level = hit.level;
  const active = hit.status === 'active';
  return h(
    'li',
    { class: `hit ${active ? `hit-${level}` : 'hit-inactive'}` },
    h(
      'p',
      { class: 'hit-head' },
      h('span', { class: `tag level-${level}` }, labels.matchLevels[level] ?? level ?? '命中'),
      ' ',
      h('span', { class: `tag ${active ? 'tag-warn' : 'tag-muted'}` }, STATUSES[hit.status] ?? hit.status),
      typeof hit.score === 'number'
        ? h('span', { class: 'meta' }, ` 匹配度 ${Math.round(hit.score * 100)}%`)
        : null,
    ),
    recordFacts(labels, hit.record ?? {}),
    evidenceTable(hit.evidence),
  );
}

/**
 * The answer of a check as the reader sees it: 列入名单 (a certain or probable hit restricting the
 * party on the date, the API's `listed`) or 未发现, the hits with their evidence; review-level hits
 * — namesakes, a person asked about by name alone — apart, as 待人工核查的相似记录, never as a
 * listing; then (folded) the records that name the party but did not restrict it on the date.
 */
/**
 * @param {Labels} labels
 * @param {Json} result
 */
export function creditResult(labels, result) {
  if (result.state === 'error') return message('error', result.text);
  const { hits = [], inactive = [] } = result.body ?? {};
  const listedHits = hits.filter((/** @type {Json} */ hit) => hit.level !== 'review');
  const reviewHits = hits.filter((/** @type {Json} */ hit) => hit.level === 'review');
  const others = inactive.length
    ? h(
        'details',
        { class: 'inactive-hits' },
        h(
          'summary',
          {},
          `另有 ${inactive.length} 条相关记录在核查日期不在限制期内（尚未生效、已过期或已撤销）`,
        ),
        h(
          'ol',
          { class: 'hits' },
          inactive.map((/** @type {Json} */ hit) => creditHit(labels, hit)),
        ),
      )
    : null;
  const similar = reviewHits.length
    ? h(
        'div',
        { class: 'review-hits' },
        h('h3', {}, `待人工核查的相似记录（${reviewHits.length} 条）`),
        h(
          'p',
          { class: 'muted' },
          '名称相同或相近，但无法确认是同一主体（如同名的个人、未提供身份证号）：请核对身份后判断，不能仅凭这些记录认定失信。',
        ),
        h(
          'ol',
          { class: 'hits' },
          reviewHits.map((/** @type {Json} */ hit) => creditHit(labels, hit)),
        ),
      )
    : null;
  if (listedHits.length === 0) {
    return h(
      'div',
      {},
      message(
        'ok',
        reviewHits.length
          ? `未发现确定或很可能命中的失信记录；另有 ${reviewHits.length} 条待人工核查的相似记录。`
          : '未发现在核查日期有效的失信记录。',
      ),
      similar,
      others,
    );
  }
  return h(
    'div',
    {},
    message(
      'warn',
      h('strong', {}, '列入名单'),
      `：发现 ${listedHits.length} 条在核查日期有效的失信记录命中，请核实下列证据。`,
    ),
    h(
      'ol',
      { class: 'hits' },
      listedHits.map((/** @type {Json} */ hit) => creditHit(labels, hit)),
    ),
    similar,
    others,
  );
}

/** A blacklist alert: which party, in which notice, on which list, and who decided it. */
/**
 * @param {Labels} labels
 * @param {Json} alert
 */
export function alertItem(labels, alert) {
  const review = alert.review;
  const closure = alert.closure;
  return h(
    'li',
    { class: `hit alert alert-${alert.status}` },
    h(
      'p',
      { class: 'hit-head' },
      h(
        'span',
        { class: `tag ${alert.status === 'confirmed' ? 'tag-warn' : 'tag-muted'}` },
        ALERT_STATUSES[alert.status] ?? alert.status,
      ),
      ' ',
      h(
        'span',
        { class: `tag level-${alert.matchLevel}` },
        labels.matchLevels[alert.matchLevel] ?? alert.matchLevel,
      ),
      h('span', { class: 'meta' }, ` ${DIRECTIONS[alert.direction] ?? alert.direction}`),
    ),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, '主体'),
      h(
        'dd',
        {},
        h('a', { href: partyHref(alert.party.id.replace(/^cc:/, '')) }, alert.party.name),
        ` （${roleLabel(labels, alert.party.role)}）`,
      ),
      h('dt', {}, '公告'),
      h('dd', {}, h('a', { href: noticeHref(alert.noticeId) }, alert.noticeTitle ?? alert.noticeId)),
      h('dt', {}, '名单'),
      h('dd', {}, `${alert.record.listLabel}（${alert.record.authority}）`),
      h('dt', {}, '发现时间'),
      h('dd', {}, h('time', { datetime: alert.raisedAt }, formatTime(alert.raisedAt))),
      review
        ? [h('dt', {}, '核实'), h('dd', {}, `${formatTime(review.at)} ${review.by}：${review.reason}`)]
        : null,
      closure ? [h('dt', {}, '关闭'), h('dd', {}, `${formatTime(closure.at)} ${closure.reason}`)] : null,
    ),
    h(
      'p',
      { class: 'alert-open' },
      h(
        'a',
        { href: `#/alert/${encodeURIComponent(alert.id)}` },
        alert.status === 'open' ? '核实（确认/排除）与证据' : '证据与处理记录',
      ),
    ),
  );
}
