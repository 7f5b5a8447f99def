/**
 * What a notice says about the deal, for every domain, in yuan: the price asked (预算, 最高投标
 * 限价, 起始价, 挂牌价), the bids (中标候选人 with 投标报价, 工期 and 项目负责人), the award (中标人 /
 * 中标（成交）供应商 / 竞得人 / 受让方 with the price), and the contract (合同金额, 结算金额).
 * Column names come from the one label table (`labels.fields`).
 */
import { h, section } from './dom.js';
import { formatMoney, formatTime, partyHref } from './format.js';

/** @typedef {import('./api.js').Labels} Labels */
/** @typedef {import('./api.js').Json} Json */
/** @typedef {import('./dom.js').Child} Child */
/** @typedef {[string, (row: Json) => Child]} Column */

/** A party named in a stage field (name, nameKey, creditCode), as a link to its profile. */
/** @param {Json} ref */
function partyLink(ref) {
  if (!ref?.name) return '';
  const id = ref.creditCode ?? (ref.nameKey ? `nk:${ref.nameKey}` : undefined);
  return id ? h('a', { href: partyHref(id) }, ref.name) : ref.name;
}

/** Money, or the price as published when it is not money (费率, 下浮率 …). */
/**
 * @param {Json} money
 * @param {string | undefined} [other]
 */
function price(money, other) {
  return formatMoney(money) || other || '';
}

/** @param {Json} duration */
function durationText(duration) {
  if (!duration) return '';
  return duration.days ? `${duration.days} 日历天` : (duration.text ?? '');
}

/** @param {Json} period */
function periodText(period) {
  return period ? `${formatTime(period.from)} 至 ${formatTime(period.until)}` : '';
}

/** @param {Json} manager */
function managerText(manager) {
  if (!manager?.name) return '';
  const certificates = (manager.certificates ?? [])
    .map((/** @type {Json} */ c) => [c.name ?? c.kind, c.number].filter(Boolean).join(' '))
    .filter(Boolean);
  return certificates.length ? `${manager.name}（${certificates.join('；')}）` : manager.name;
}

/**
 * A table of `rows` with the given columns; null when there are no rows. Columns whose cells are
 * all empty are left out.
 * @param {string} caption
 * @param {Column[]} columns
 * @param {Json[] | undefined} rows
 * @param {string} className
 */
function dealTable(caption, columns, rows, className) {
  if (!Array.isArray(rows) || rows.length === 0) return null;
  const cells = rows.map((row) => columns.map(([, cell]) => cell(row)));
  const kept = columns
    .map((_, i) => i)
    .filter((i) => cells.some((row) => row[i] !== '' && row[i] !== undefined && row[i] !== null));
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: `deal ${className}` },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          kept.map((i) => h('th', { scope: 'col' }, columns[i]?.[0] ?? '')),
        ),
      ),
      h(
        'tbody',
        {},
        cells.map((row) =>
          h(
            'tr',
            {},
            kept.map((i) => h('td', {}, row[i] ?? '')),
          ),
        ),
      ),
    ),
  );
}

/** A list of label → value facts; empty values left out; null when none remain. */
/**
 * @param {string} className
 * @param {[string, Child][]} pairs
 */
function dealFacts(className, pairs) {
  const kept = pairs.filter(([, value]) => value !== '' && value !== undefined && value !== null);
  if (kept.length === 0) return null;
  return h(
    'dl',
    { class: `facts ${className}` },
    kept.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
  );
}

/**
 * @param {Labels} labels
 * @param {string} key a field name, or `parent.field`
 */
function label(labels, key) {
  const short = key.split('.').pop() ?? key;
  return labels.fields[key] ?? labels.fields[short] ?? short;
}

/**
 * @param {Labels} labels
 * @param {Json} contract
 */
function contractFacts(labels, contract) {
  if (!contract) return null;
  const f = (/** @type {string} */ key) => label(labels, `contract.${key}`);
  return dealFacts('contract', [
    [f('name'), contract.name],
    [f('code'), contract.code],
    [f('lotCode'), contract.lotCode],
    [f('partyA'), partyLink(contract.partyA)],
    [f('partyB'), partyLink(contract.partyB)],
    [f('amount'), price(contract.amount, contract.otherAmount)],
    [f('signedAt'), formatTime(contract.signedAt)],
    [f('term'), durationText(contract.term)],
    [f('startsAt'), formatTime(contract.startsAt)],
    [f('endsAt'), formatTime(contract.endsAt)],
  ]);
}

/**
 * The asking price of a call for bids or an offer.
 * @param {Labels} labels
 * @param {Json} notice
 */
function askingFacts(labels, notice) {
  return dealFacts('asking', [
    [label(labels, 'budget'), formatMoney(notice.budget)],
    [label(labels, 'ceilingPrice'), formatMoney(notice.ceilingPrice)],
    [label(labels, 'listingPrice'), formatMoney(notice.listingPrice)],
    [label(labels, 'deposit'), formatMoney(notice.deposit)],
    [label(labels, 'submission.deadline'), formatTime(notice.submission?.deadline)],
    [label(labels, 'openingAt'), formatTime(notice.submission?.openingAt)],
  ]);
}

/**
 * The deal cards of a notice (none when it names no price, bid, award or contract).
 * @param {Labels} labels
 * @param {Json} notice
 * @returns {Node[]}
 */
export function dealCards(labels, notice) {
  const f = (/** @type {string} */ key) => label(labels, key);
  /** @type {[string, Child[]][]} */
  const cards = [];
  const add = (/** @type {string} */ title, /** @type {Child[]} */ ...content) => {
    if (content.some(Boolean)) cards.push([title, content]);
  };

  add(
    '价格与时间',
    askingFacts(labels, notice),
    dealTable(
      f('amounts'),
      [
        [f('label'), (a) => a.label ?? ''],
        [f('lotCode'), (a) => a.lotCode ?? ''],
        [f('value'), (a) => formatMoney(a.value)],
      ],
      notice.amounts,
      'amounts',
    ),
  );

  add(
    '中标候选人',
    dealTable(
      '中标候选人及其投标报价、工期和项目负责人',
      [
        [f('rank'), (c) => (c.rank ? `第 ${c.rank} 名` : '')],
        [f('lotCode'), (c) => c.lotCode ?? ''],
        [f('bidder'), (c) => partyLink(c.bidder)],
        [f('bidPrice'), (c) => price(c.bidPrice, c.otherBidPrice)],
        [f('period'), (c) => durationText(c.period)],
        [f('projectManager'), (c) => managerText(c.projectManager)],
        [f('score'), (c) => (typeof c.score === 'number' ? String(c.score) : '')],
        [f('quality'), (c) => c.quality ?? ''],
      ],
      notice.candidates,
      'candidates',
    ),
  );

  // Construction awards name the winner and its price; procurement ones the supplier and amount.
  add(
    '中标（成交）结果',
    dealTable(
      '中标（成交）结果',
      [
        [f('lotCode'), (a) => a.lotCode ?? ''],
        [
          notice.domain === 'procurement' ? f('supplier') : f('winner'),
          (a) => partyLink(a.winner ?? a.supplier),
        ],
        [
          notice.domain === 'procurement' ? f('awards.amount') : f('awards.price'),
          (a) => price(a.price ?? a.amount, a.otherPrice ?? a.otherAmount),
        ],
        [f('awardedAt'), (a) => formatTime(a.awardedAt)],
        [f('projectManager'), (a) => managerText(a.projectManager)],
        [
          f('items'),
          (a) =>
            (a.items ?? [])
              .map((/** @type {Json} */ i) =>
                [
                  i.name,
                  i.brand,
                  i.model,
                  i.quantity ? `${i.quantity}${i.unit ?? ''}` : '',
                  formatMoney(i.unitPrice),
                ]
                  .filter(Boolean)
                  .join(' '),
              )
              .join('；'),
        ],
      ],
      notice.awards,
      'awards',
    ),
  );

  add(
    '合同',
    contractFacts(labels, notice.contract),
    notice.settlementAmount || notice.completedAt
      ? dealFacts('settlement', [
          [f('settlementAmount'), formatMoney(notice.settlementAmount)],
          [f('completedAt'), formatTime(notice.completedAt)],
        ])
      : null,
    dealTable(
      f('changes'),
      [
        [f('changedAt'), (c) => formatTime(c.changedAt)],
        [f('description'), (c) => c.description ?? ''],
        [f('amountAfter'), (c) => formatMoney(c.amountAfter)],
      ],
      notice.changes,
      'contract-changes',
    ),
  );

  // Land: parcels offered, deals publicised, supply results.
  add(
    '出让宗地',
    dealTable(
      '出让宗地',
      [
        [f('parcelNumber'), (p) => p.parcelNumber ?? ''],
        [f('location'), (p) => p.location ?? ''],
        [f('areaM2'), (p) => (p.areaM2 ? String(p.areaM2) : '')],
        [f('use'), (p) => p.use ?? ''],
        [f('termYears'), (p) => (p.termYears ? String(p.termYears) : '')],
        [f('startingPrice'), (p) => formatMoney(p.startingPrice)],
        [f('deposit'), (p) => formatMoney(p.deposit)],
      ],
      notice.parcels,
      'parcels',
    ),
  );
  const dealColumns = /** @type {Column[]} */ ([
    [f('parcelNumber'), (d) => d.parcelNumber ?? d.tractName ?? ''],
    [f('location'), (d) => d.location ?? d.mineral ?? ''],
    [f('areaM2'), (d) => (d.areaM2 ? String(d.areaM2) : '')],
    [f('use'), (d) => d.use ?? ''],
    [f('transferee'), (d) => partyLink(d.transferee)],
    [f('dealPrice'), (d) => formatMoney(d.dealPrice)],
    [f('dealAt'), (d) => formatTime(d.dealAt)],
    [f('supervisionNumber'), (d) => d.supervisionNumber ?? ''],
    [f('contractSignedAt'), (d) => formatTime(d.contractSignedAt)],
  ]);
  if (notice.domain === 'mining') {
    dealColumns[0] = [f('tractName'), (d) => d.tractName ?? ''];
    dealColumns[1] = [f('mineral'), (d) => d.mineral ?? ''];
    dealColumns[2] = [f('areaKm2'), (d) => (d.areaKm2 ? String(d.areaKm2) : '')];
  }
  add('成交信息', dealTable('成交信息', dealColumns, notice.deals, 'deals'));
  add('供应结果', dealTable('供应结果', dealColumns, notice.results, 'results'));

  // Mining rights: tracts offered, the approval.
  add(
    '出让区块',
    dealTable(
      '出让区块',
      [
        [f('tractName'), (t) => t.name ?? ''],
        [f('mineral'), (t) => t.mineral ?? ''],
        [f('areaKm2'), (t) => (t.areaKm2 ? String(t.areaKm2) : '')],
        [f('termYears'), (t) => (t.termYears ? String(t.termYears) : '')],
        [f('startingPrice'), (t) => formatMoney(t.startingPrice)],
        [f('deposit'), (t) => formatMoney(t.deposit)],
      ],
      notice.tracts,
      'tracts',
    ),
  );
  const approval = notice.approval;
  add(
    '审批结果',
    approval
      ? dealFacts('approval', [
          [f('holder'), partyLink(approval.holder)],
          [f('authority'), approval.authority],
          [f('documentNumber'), approval.documentNumber],
          [f('licenceNumber'), approval.licenceNumber],
          [f('tractName'), approval.tractName],
          [f('mineral'), approval.mineral],
          [f('approvedAt'), formatTime(approval.approvedAt)],
          [f('validity'), periodText(approval.validity)],
        ])
      : null,
  );

  // Property rights: the target, its price and who took it.
  add(
    '交易结果',
    notice.domain === 'property'
      ? dealFacts('property-deal', [
          [f('target'), notice.target?.name],
          [f('sharePercent'), notice.target?.sharePercent ? `${notice.target.sharePercent}%` : ''],
          [f('transferee'), partyLink(notice.transferee)],
          [f('dealPrice'), formatMoney(notice.dealPrice)],
          [f('dealAt'), formatTime(notice.dealAt)],
        ])
      : null,
    dealTable(
      f('appraisals'),
      [
        [f('kind'), (a) => (a.kind === 'audit' ? '审计' : '评估')],
        [f('agency'), (a) => partyLink(a.agency)],
        [f('reportNumber'), (a) => a.reportNumber ?? ''],
        [f('value'), (a) => formatMoney(a.value)],
        [f('baseDate'), (a) => formatTime(a.baseDate)],
      ],
      notice.appraisals,
      'appraisals',
    ),
  );

  return cards.map(([title, content]) => section(title, ...content));
}
