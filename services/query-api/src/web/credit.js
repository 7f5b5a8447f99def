import { getJson, problemText } from './api.js';
import { h, message } from './dom.js';
import { formatTime } from './format.js';

const FIELDS = {
  creditCode: '统一社会信用代码',
  organizationCode: '组织机构代码',
  nameKey: '名称',
  name: '名称',
  personId: '身份证号码',
  region: '地区',
  legalForm: '组织形式',
  branch: '分支机构',
};
const OUTCOMES = { match: '一致', differ: '不一致', partial: '部分一致' };

/**
 * `GET /v1/credit/check`: `{ state: 'answered', hits }`, or `{ state: 'unavailable' }` while the
 * API has no such endpoint (404), or `{ state: 'error', text }`.
 */
export async function checkCredit(query) {
  const answer = await getJson('/v1/credit/check', query);
  if (answer.status === 404) return { state: 'unavailable' };
  if (!answer.ok) return { state: 'error', text: problemText(answer) };
  const hits = Array.isArray(answer.body) ? answer.body : (answer.body?.hits ?? []);
  return { state: 'answered', hits, body: answer.body };
}

function evidenceTable(evidence) {
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

function period(record) {
  const from = formatTime(record.validFrom);
  const until = record.validUntil ? formatTime(record.validUntil) : '移出前持续有效';
  return from ? `${from} 至 ${until}` : '';
}

/** One hit: how sure, which list, the record's facts, and the evidence that supports it. */
export function creditHit(labels, hit) {
  const record = hit.record ?? {};
  const level = hit.level ?? hit.matchLevel;
  const rows = [
    ['名单', labels.creditListTypes[record.listType] ?? record.listType],
    ['名单主体', [record.subject?.name, record.subject?.creditCode].filter(Boolean).join(' ')],
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
    ['匹配说明', hit.reason],
  ];
  const list = h('dl', { class: 'facts' });
  for (const [label, value] of rows) if (value) list.append(h('dt', {}, label), h('dd', {}, value));
  return h(
    'li',
    { class: `hit hit-${level}` },
    h(
      'p',
      { class: 'hit-head' },
      h('span', { class: `tag level-${level}` }, labels.matchLevels[level] ?? level ?? '命中'),
      typeof hit.score === 'number'
        ? h('span', { class: 'meta' }, ` 匹配度 ${Math.round(hit.score * 100)}%`)
        : null,
    ),
    list,
    evidenceTable(hit.evidence),
  );
}

/** The answer of a check as the reader sees it. */
export function creditResult(labels, result, { unavailableText }) {
  if (result.state === 'unavailable') return message('info', unavailableText);
  if (result.state === 'error') return message('error', result.text);
  if (result.hits.length === 0) {
    return message('ok', '未发现在核查日期有效的失信记录。');
  }
  return h(
    'div',
    {},
    message('warn', `发现 ${result.hits.length} 条失信记录命中，请核实下列证据。`),
    h(
      'ol',
      { class: 'hits' },
      result.hits.map((hit) => creditHit(labels, hit)),
    ),
  );
}
