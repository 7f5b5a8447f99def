/**
 * The OCDS output of a generated window — all five domains, with corrections and withdrawals —
 * (and of the data-spec end-to-end test's window, test/integration/exchange-dataspec-e2e.test.ts)
 * as a data-quality
 * review sees it (issue 14): each rule the review applies is a check here, and every check must
 * find nothing. The window goes through the exchange's own path (planOutbox with the processes'
 * state, as writeOutbox runs it batch by batch), then through the official 1.1.5 schema and the
 * merge.
 */
import { type Notice, type NoticeEvent, parseDateTime, projectKey, toShanghaiTime } from '@ggzy/domain';
import {
  compileReleases,
  isOcdsNotice,
  OcdsProcesses,
  type Release,
  toRecordPackage,
  toRelease,
  toReleasePackage,
} from '@ggzy/exchange-formats';
import { ocdsValidators } from '@ggzy/exchange-formats/testing';
import { generateNotices } from '@ggzy/generator';
import { normalizeInput } from '@ggzy/normalize';
import { describe, expect, it } from 'vitest';
import { type PositionedEvent, planOutbox } from './plan.ts';

const PREFIX = 'ocds-t3st14';

interface Source {
  dateOnly: boolean;
  title: string;
}

/** The notice printed its publication as a date alone (发布日期 2024年7月1日). */
function printedDateOnly(text: string): boolean {
  const parsed = parseDateTime(text);
  return parsed.ok && parsed.value.precision === 'day';
}

/** Generates and normalizes a window; events in log order, one partition. */
function window(
  count: number,
  seed: number,
  rates: { duplicateRate?: number; correctionRate: number; withdrawalRate: number },
) {
  const events: PositionedEvent[] = [];
  const sources = new Map<string, Source>();
  const firstPublished = new Map<string, string>();
  let corrections = 0;
  for (const record of generateNotices({ count, seed, defectRate: 0, ...rates })) {
    const result = normalizeInput(record.input, { feed: 'gen', centre: '测试公共资源交易中心' });
    if (!result.ok) continue;
    let notice: Notice = result.notice;
    const original = firstPublished.get(notice.id);
    if (original === undefined) firstPublished.set(notice.id, notice.publishedAt);
    // Feeds do re-publish a correction dated before what it corrects (the generator publishes
    // corrections after): every other correction here is dated a day before its original.
    else if (record.expect === 'correction' && corrections++ % 2 === 0)
      notice = { ...notice, publishedAt: toShanghaiTime(Date.parse(original) - 86_400_000) };
    const offset = String(events.length);
    events.push({
      event: {
        id: `event-${offset}`,
        type: 'notice',
        schemaVersion: 1,
        source: { centre: '测试公共资源交易中心', feed: 'gen', recordId: record.sourceRecordId },
        occurredAt: notice.publishedAt,
        receivedAt: notice.publishedAt,
        key: projectKey(notice.project),
        data: notice,
        rawHash: `sha256:${'0'.repeat(64)}`,
      } as NoticeEvent,
      position: { topic: 'notices', partition: 0, offset },
    });
    sources.set(`${notice.id}@${notice.title}@${notice.publishedAt}`, {
      dateOnly: printedDateOnly(String(record.input.publishedAt)),
      title: notice.title,
    });
  }
  return { events, sources };
}

/** Plans the window in batches of `batch`, the processes' state carried between them as the outbox carries it. */
function releasesOf(events: readonly PositionedEvent[], batch: number) {
  const out: { release: Release; version: number; noticeId: string; event: NoticeEvent }[] = [];
  const known = new Map();
  const seen = new Set<string>();
  const written: Release[] = [];
  for (let i = 0; i < events.length; i += batch) {
    // What writeOutbox does per batch: the processes' state read back from the rows written so far.
    const processes = new OcdsProcesses();
    processes.seed(written);
    const planned = planOutbox(
      events.slice(i, i + batch),
      known,
      seen,
      { channel: 'ocds', ocidPrefix: PREFIX },
      processes,
    );
    for (const item of planned) {
      const history = known.get(item.event.data.id) ?? { latest: 0, versions: new Map() };
      known.set(item.event.data.id, {
        latest: Math.max(history.latest, item.version),
        versions: new Map([...history.versions, [item.contentHash, item.version]]),
      });
      if (item.outcome !== 'version') continue;
      const release = item.payload as Release;
      written.push(release);
      out.push({ release, version: item.version, noticeId: item.event.data.id, event: item.event });
    }
  }
  return out;
}

const PHONE_LIKE = /\d[\d\-—\s()（）*]{6,}\d/u;
const CORRECTION_TAGS = new Set([
  'tenderUpdate',
  'tenderAmendment',
  'awardUpdate',
  'contractUpdate',
  'implementationUpdate',
]);
/** A withdrawn notice's release: the call for bids or the awards cancelled, the contract cancelled. */
const WITHDRAWAL_TAGS = new Set([
  'tenderCancellation',
  'awardCancellation',
  'contractUpdate',
  'implementationUpdate',
]);

/** Every rule of the review, as failures found (empty: the rule holds). */
function review(
  items: ReturnType<typeof releasesOf>,
  sources: Map<string, Source>,
): Record<string, string[]> {
  const failures: Record<string, string[]> = {
    ocidPrefix: [],
    identifierScheme: [],
    phoneInContactName: [],
    contractAwardMissing: [],
    contractAwardRewritten: [],
    supplierRole: [],
    pendingAfterComplete: [],
    correctionTag: [],
    withdrawalNotCancelled: [],
    correctionAmendment: [],
    correctionDatedBefore: [],
    dateOnlyMidnight: [],
    dateBeforeReported: [],
    compiledNotCorrected: [],
  };
  const byOcid = new Map<string, typeof items>();
  for (const item of items) byOcid.set(item.release.ocid, [...(byOcid.get(item.release.ocid) ?? []), item]);

  for (const { release, version, noticeId, event } of items) {
    const notice = event.data;
    if (!/^ocds-[a-z0-9]{6}-/u.test(release.ocid)) failures.ocidPrefix!.push(release.ocid);
    for (const party of release.parties ?? []) {
      if (party.identifier && party.identifier.scheme !== 'CN-USCI')
        failures.identifierScheme!.push(party.id);
      if (party.id.startsWith('CN-USCC')) failures.identifierScheme!.push(party.id);
      if (party.contactPoint?.name && PHONE_LIKE.test(party.contactPoint.name))
        failures.phoneInContactName!.push(`${release.id} ${party.contactPoint.name}`);
    }
    const suppliersWithRole = new Set(
      (release.parties ?? []).filter((p) => p.roles.includes('supplier')).map((p) => p.id),
    );
    for (const award of release.awards ?? [])
      for (const supplier of award.suppliers ?? [])
        if (!suppliersWithRole.has(supplier.id)) failures.supplierRole!.push(`${release.id} ${supplier.id}`);
    if (notice.withdrawal) {
      const tag = release.tag[0]!;
      const cancelled =
        WITHDRAWAL_TAGS.has(tag) &&
        (tag !== 'tenderCancellation' || release.tender?.status === 'withdrawn') &&
        (tag !== 'awardCancellation' || (release.awards ?? []).every((a) => a.status === 'cancelled')) &&
        (tag !== 'contractUpdate' || (release.contracts ?? []).every((c) => c.status === 'cancelled'));
      if (!cancelled) failures.withdrawalNotCancelled!.push(`${release.id} ${release.tag}`);
    } else if (version > 1 && !CORRECTION_TAGS.has(release.tag[0]!))
      failures.correctionTag!.push(`${release.id} ${release.tag}`);
    if (version > 1) {
      const amendments = [
        ...(release.tender?.amendments ?? []),
        ...(release.awards ?? []).flatMap((a) => a.amendments ?? []),
        ...(release.contracts ?? []).flatMap((c) => c.amendments ?? []),
      ];
      if (
        !amendments.some(
          (a) => a.releaseID === release.id && a.amendsReleaseID === `${noticeId}-v${version - 1}`,
        )
      )
        failures.correctionAmendment!.push(release.id);
      const previous = items.find((other) => other.release.id === `${noticeId}-v${version - 1}`);
      if (!previous || Date.parse(release.date) <= Date.parse(previous.release.date))
        failures.correctionDatedBefore!.push(`${release.id} ${release.date} ≤ ${previous?.release.date}`);
    }
    const source = sources.get(`${notice.id}@${notice.title}@${notice.publishedAt}`);
    if (source?.dateOnly) {
      // No midnight made up from a date printed alone, and the day stays the day printed
      // (a correction may move later: it follows what it corrects).
      if (release.date === notice.publishedAt) failures.dateOnlyMidnight!.push(release.id);
      if (version === 1 && release.date.slice(0, 10) !== notice.publishedAt.slice(0, 10))
        failures.dateOnlyMidnight!.push(`${release.id} ${release.date} for ${notice.publishedAt}`);
      // …so it never precedes an award or a signing of that day that it reports.
      const reported = [
        ...(release.awards ?? []).map((a) => a.date),
        ...(release.contracts ?? []).map((c) => c.dateSigned),
      ].filter((d): d is string => d !== undefined);
      for (const date of reported)
        if (date.slice(0, 10) === release.date.slice(0, 10) && Date.parse(date) > Date.parse(release.date))
          failures.dateBeforeReported!.push(`${release.id} ${release.date} < ${date}`);
    }
  }

  for (const [ocid, list] of byOcid) {
    const releases = list.map((item) => item.release);
    const compiled = compileReleases(releases);
    const awardIds = new Set((compiled.awards ?? []).map((a) => a.id));
    const contractAward = new Map<string, string>();
    for (const release of releases) {
      for (const contract of release.contracts ?? []) {
        if (!awardIds.has(contract.awardID))
          failures.contractAwardMissing!.push(`${ocid} ${contract.awardID}`);
        const first = contractAward.get(contract.id);
        if (first !== undefined && first !== contract.awardID)
          failures.contractAwardRewritten!.push(`${ocid} ${contract.id}: ${first} → ${contract.awardID}`);
        contractAward.set(contract.id, contract.awardID);
      }
    }
    if (compiled.tender?.status === 'complete')
      for (const award of compiled.awards ?? [])
        if (award.status === 'pending') failures.pendingAfterComplete!.push(`${ocid} ${award.id}`);
    // The compiled record carries each notice's latest version: its title on the notice's document.
    const latest = new Map<string, { version: number; title: string }>();
    for (const item of list) {
      const known = latest.get(item.noticeId);
      if (!known || item.version > known.version)
        latest.set(item.noticeId, { version: item.version, title: item.event.data.title });
    }
    for (const [noticeId, { version, title }] of latest) {
      if (version === 1) continue;
      const doc = compiled.tender?.documents?.find((d) => d.id === noticeId);
      if (doc?.title !== title) failures.compiledNotCorrected!.push(`${noticeId} v${version}: ${doc?.title}`);
    }
  }
  return failures;
}

describe('the OCDS output of a generated window, as a data-quality review checks it', () => {
  const { events, sources } = window(2_400, 1414, { correctionRate: 0.04, withdrawalRate: 0.02 });
  const items = releasesOf(events, 97);
  const releases = items.map((item) => item.release);

  it('covers what the review looks at: corrections, withdrawals, date-only notices, candidates, contracts', () => {
    expect(new Set(events.map((e) => e.event.data.domain)).size).toBe(5);
    expect(items.filter((item) => item.version > 1).length).toBeGreaterThan(20);
    expect(items.filter((item) => item.event.data.withdrawal).length).toBeGreaterThan(10);
    expect(items.filter((item) => item.release.contracts).length).toBeGreaterThan(100);
    expect(items.filter((item) => item.event.data.stage === 'candidates').length).toBeGreaterThan(50);
    expect([...sources.values()].filter((s) => s.dateOnly).length).toBeGreaterThan(200);
  });

  it('finds no failure of any rule', () => {
    const failures = review(items, sources);
    const counts = Object.fromEntries(Object.entries(failures).map(([rule, list]) => [rule, list.length]));
    expect(
      counts,
      JSON.stringify(Object.fromEntries(Object.entries(failures).map(([r, l]) => [r, l.slice(0, 3)]))),
    ).toEqual(Object.fromEntries(Object.keys(failures).map((rule) => [rule, 0])));
  });

  it('still validates against the official 1.1.5 release-package and record-package schemas', () => {
    const schemas = ocdsValidators();
    const meta = {
      uri: 'https://ggzy.example.cn/ocds/window.json',
      publishedDate: '2026-01-01T00:00:00+08:00',
      publisher: { name: '测试公共资源交易中心' },
    };
    const pkg = toReleasePackage(releases, meta);
    expect(schemas.releasePackage(pkg) ? [] : schemas.releasePackage.errors?.slice(0, 5)).toEqual([]);
    const records = toRecordPackage(releases, meta);
    expect(schemas.recordPackage(records) ? [] : schemas.recordPackage.errors?.slice(0, 5)).toEqual([]);
  });

  it('the review itself finds what it looks for: releases standing alone, dated as published, fail it', () => {
    // What the exchange wrote before: no process state, the publication instant as the date.
    const known = new Map<string, number>();
    const alone = events.flatMap(({ event }) => {
      const notice = event.data;
      if (!isOcdsNotice(notice)) return [];
      const version = (known.get(notice.id) ?? 0) + 1;
      known.set(notice.id, version);
      const release = toRelease(notice, { ocidPrefix: PREFIX, version, releaseDate: notice.publishedAt });
      return [{ release, version, noticeId: notice.id, event }];
    });
    const failures = review(alone, sources);
    for (const rule of [
      'pendingAfterComplete',
      'correctionDatedBefore',
      'compiledNotCorrected',
      'dateOnlyMidnight',
      'dateBeforeReported',
    ])
      expect(failures[rule]!.length, rule).toBeGreaterThan(0);
  });
});

describe('the OCDS output of the data-spec end-to-end window (same generator options)', () => {
  const { events, sources } = window(240, 20_261_207, {
    duplicateRate: 0.03,
    correctionRate: 0.08,
    withdrawalRate: 0.04,
  });
  const items = releasesOf(events, 60);

  it('finds no failure of any rule, and validates against the official schema', () => {
    expect(items.some((item) => item.event.data.withdrawal)).toBe(true);
    const failures = review(items, sources);
    expect(Object.values(failures).flat()).toEqual([]);
    const schemas = ocdsValidators();
    const pkg = toReleasePackage(
      items.map((item) => item.release),
      {
        uri: 'https://ggzy.example.cn/ocds/e2e.json',
        publishedDate: '2026-01-01T00:00:00+08:00',
        publisher: { name: '测试公共资源交易中心' },
      },
    );
    expect(schemas.releasePackage(pkg) ? [] : schemas.releasePackage.errors?.slice(0, 5)).toEqual([]);
  });
});
