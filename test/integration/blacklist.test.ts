/**
 * The blacklist service through real Kafka into real PostgreSQL, with the store beside it:
 * a notice naming a listed winner raises exactly one alert; a record arriving after a notice
 * raises one for that notice's open project; expired and withdrawn records raise none; replaying
 * everything from offset zero raises nothing new; reviews are recorded, once; and "was it listed
 * on the day it bid?" is answered by the credit check — for organizations and for persons.
 */

// A relative import until test/package.json lists @ggzy/blacklist.
import { blacklistBacklog, projectCredit, startBlacklist } from '@ggzy/blacklist';
import { allTopics, type Bus, topics } from '@ggzy/bus';
import { followCreditRecords, reviewAlert, schema } from '@ggzy/db';
import { shanghaiNow } from '@ggzy/domain';
import { type CreditCheck, CreditIndex, type CreditQuery, checkCredit } from '@ggzy/matching';
import { isGgzyError } from '@ggzy/runtime';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidatesNotice,
  creditEvent,
  creditRecord,
  debtorRecord,
  noticeEvent,
  resultNotice,
  shenzhenCode,
} from '../fixtures/blacklist.ts';

const database = useTestDatabase();
const kafka = useTestKafka();

/** The credit check as the CLI runs it: the blacklist's matcher over the stored records. */
async function checkStored(query: CreditQuery): Promise<CreditCheck> {
  const index = new CreditIndex();
  await followCreditRecords(database.handle, index).current();
  return checkCredit(index, query);
}

const A = { name: '深圳市鹏城路桥工程有限公司', code: shenzhenCode('MA5H1A2B') };
const B = { name: '深圳市南山幕墙装饰工程有限公司', code: shenzhenCode('MA5J3C4D') };
const C = { name: '深圳市宝安园林绿化有限公司', code: shenzhenCode('MA5K5E6F') };
const D = { name: '深圳市坪山市政建设有限公司', code: shenzhenCode('MA5L7G8H') };

const listedA = creditRecord('CG-2024-0101', A.name, A.code, {
  validFrom: '2024-01-10T00:00:00+08:00',
  validUntil: '2027-01-09T00:00:00+08:00',
});
const listedB = creditRecord('CG-2024-0202', B.name, B.code, {
  validFrom: '2024-03-01T00:00:00+08:00',
  validUntil: '2027-02-28T00:00:00+08:00',
});
const expiredC = creditRecord('CG-2020-0303', C.name, C.code, {
  validFrom: '2020-11-01T00:00:00+08:00',
  validUntil: '2023-10-31T00:00:00+08:00',
});
const withdrawnD = creditRecord('CG-2024-0404', D.name, D.code, {
  validFrom: '2024-01-05T00:00:00+08:00',
  validUntil: '2027-01-04T00:00:00+08:00',
  withdrawal: {
    withdrawnAt: '2024-05-06T00:00:00+08:00',
    reason: '信用修复',
    authority: '深圳市财政局',
    documentNumber: '深财书〔2024〕221号',
  },
});

// Three 失信被执行人 named 王志强: P (whose whole ID a caller may know), a namesake elsewhere, and
// one published without an ID. No notice names a person, so none of them raises an alert.
const P = { name: '王志强', personId: '440303199003120015' };
const debtorP = debtorRecord('SX-2023-1015', P.name, '440303********0015', '2023-08-01T00:00:00+08:00');
const namesakeQ = debtorRecord('SX-2023-2022', P.name, '110105********0022', '2023-09-12T00:00:00+08:00');
const unidentifiedR = debtorRecord('SX-2024-3031', P.name, undefined, '2024-02-20T00:00:00+08:00');
const debtors = [debtorP, namesakeQ, unidentifiedR];

const noticeA = resultNotice('A01', A.name, A.code);
const noticeB = candidatesNotice('B02', B.name, B.code);
const noticeC = resultNotice('C03', C.name, C.code);
const noticeD = resultNotice('D04', D.name, D.code);

let bus: Bus;
const services: { close(): Promise<void> }[] = [];

async function alertsFor(recordId: string) {
  return database.handle.db.select().from(schema.alerts).where(eq(schema.alerts.creditRecordId, recordId));
}

async function rowCount(table: typeof schema.alerts | typeof schema.alertEvents) {
  const [row] = await database.handle.db.select({ n: count() }).from(table);
  return row!.n;
}

/** Alerts published on ggzy.alert.v1: a group that never commits lags by all of them. */
async function publishedAlerts(): Promise<number> {
  return (await bus.lag('alert-counter', [topics.alert])).total;
}

async function caughtUp(group?: string) {
  await eventually('the blacklist to catch up', async () => (await blacklistBacklog(bus, group)) === 0);
}

async function stored(recordId: string) {
  await eventually(`credit record ${recordId} to be stored`, async () => {
    const rows = await database.handle.db
      .select({ id: schema.creditRecords.id })
      .from(schema.creditRecords)
      .where(eq(schema.creditRecords.id, recordId));
    return rows.length === 1;
  });
}

async function noticeStored(id: string) {
  await eventually(`notice ${id} to be stored`, async () => {
    const rows = await database.handle.db
      .select({ id: schema.notices.id })
      .from(schema.notices)
      .where(eq(schema.notices.id, id));
    return rows.length === 1;
  });
}

beforeAll(async () => {
  bus = await kafka.bus();
  await bus.ensureTopics(allTopics);
  const log = testLogger('blacklist');
  const store = await startStore({ bus, database: database.handle, log });
  const blacklist = await startBlacklist({ bus, database: database.handle, log });
  services.push(blacklist, store);
  await Promise.all([store.ready, blacklist.ready]);
  const producer = await bus.producer();
  const now = shanghaiNow();

  // A: listed first, then a result notice names A as winner (notice direction).
  // C: a result notice first, then C's expired record (record direction, nothing to raise).
  // D: a withdrawn record first, then a result notice naming D (notice direction, nothing).
  await producer.send(topics.credit, [
    creditEvent(listedA, now),
    creditEvent(withdrawnD, now),
    ...debtors.map((record) => creditEvent(record, now)),
  ]);
  for (const record of [listedA, withdrawnD, ...debtors]) await stored(record.id);
  await producer.send(topics.notice.construction, [
    noticeEvent(noticeA, now),
    noticeEvent(noticeB, now),
    noticeEvent(noticeC, now),
    noticeEvent(noticeD, now),
  ]);
  for (const notice of [noticeA, noticeB, noticeC, noticeD]) await noticeStored(notice.id);
  await caughtUp();
  // B: the candidates notice is in publicity when B's record arrives (record direction).
  await producer.send(topics.credit, [creditEvent(listedB, now), creditEvent(expiredC, now)]);
  await stored(listedB.id);
  await stored(expiredC.id);
  await caughtUp();
  await producer.close();
});

afterAll(async () => {
  for (const service of services) await service.close();
});

describe('the blacklist service', () => {
  it('raises exactly one alert when a notice names a listed winner', async () => {
    const alerts = await alertsFor(listedA.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      noticeId: noticeA.id,
      role: 'winner',
      partyKey: `cc:${A.code}`,
      matchLevel: 'certain',
      direction: 'notice',
      status: 'open',
    });
    const alert = alerts[0]!.alert as { evidence: { field: string; outcome: string }[] };
    expect(alert.evidence).toContainEqual(expect.objectContaining({ field: 'creditCode', outcome: 'match' }));
  });

  it("raises one alert for an open project's party when the record arrives after the notice", async () => {
    const alerts = await alertsFor(listedB.id);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      noticeId: noticeB.id,
      role: 'candidate',
      direction: 'record',
      status: 'open',
    });
  });

  it('raises nothing for an expired or a withdrawn record, in either direction', async () => {
    expect(await alertsFor(expiredC.id)).toHaveLength(0);
    expect(await alertsFor(withdrawnD.id)).toHaveLength(0);
    expect(await rowCount(schema.alerts)).toBe(2);
    expect(await publishedAlerts()).toBe(2);
  });

  it('raises nothing new when everything is replayed from offset zero', async () => {
    const before = {
      alerts: await rowCount(schema.alerts),
      events: await rowCount(schema.alertEvents),
      published: await publishedAlerts(),
    };
    const replay = await startBlacklist({
      bus,
      database: database.handle,
      log: testLogger('replay'),
      group: 'replay',
    });
    services.push(replay);
    await replay.ready;
    await caughtUp('replay');
    await replay.close();
    // Re-sending the same notice and record is a duplicate, and raises nothing either.
    const producer = await bus.producer();
    await producer.send(topics.notice.construction, [noticeEvent(noticeA, shanghaiNow())]);
    await producer.send(topics.credit, [creditEvent(listedB, shanghaiNow())]);
    await producer.close();
    await caughtUp();
    expect({
      alerts: await rowCount(schema.alerts),
      events: await rowCount(schema.alertEvents),
      published: await publishedAlerts(),
    }).toEqual(before);
  });

  it('records a review with who, when and why, once', async () => {
    const [alert] = await alertsFor(listedA.id);
    const reviewed = await reviewAlert(database.handle.db, alert!.id, {
      action: 'confirm',
      by: 'sz-finance-bureau:wang.li',
      reason: '经核实，该公司在禁止参加政府采购活动期间参与投标，转交执法部门处理',
    });
    expect(reviewed).toMatchObject({ status: 'confirmed', review: { by: 'sz-finance-bureau:wang.li' } });
    const events = await database.handle.db
      .select()
      .from(schema.alertEvents)
      .where(eq(schema.alertEvents.alertId, alert!.id))
      .orderBy(asc(schema.alertEvents.seq));
    expect(events.map((e) => [e.seq, e.kind, e.actor])).toEqual([
      [1, 'raised', 'ggzy-blacklist'],
      [2, 'confirmed', 'sz-finance-bureau:wang.li'],
    ]);
    const again = reviewAlert(database.handle.db, alert!.id, { action: 'dismiss', by: 'x', reason: 'y' });
    await expect(again).rejects.toSatisfy(
      (error) => isGgzyError(error, 'GGZY_CONFLICT') && error.details.status === 'confirmed',
    );
    const unknown = reviewAlert(database.handle.db, 'a_00000000000000000000000000000000', {
      action: 'dismiss',
      by: 'x',
      reason: 'y',
    });
    await expect(unknown).rejects.toSatisfy((error) => isGgzyError(error, 'GGZY_NOT_FOUND'));
    const { query } = database.handle;
    await expect(query(`update alert_events set reason = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(query(`delete from credit_record_versions`)).rejects.toThrow(/append-only/);
  });

  it('answers "was it listed on the day it bid?" with the credit check', async () => {
    const onBid = await checkStored({ code: A.code, name: A.name, on: noticeA.formedAt });
    expect(onBid.hits.map((h) => [h.recordId, h.level])).toEqual([[listedA.id, 'certain']]);
    expect(onBid.hits[0]!.record).toMatchObject({
      authority: '深圳市财政局',
      validUntil: listedA.validUntil,
    });
    const before = await checkStored({ code: A.code, on: '2023-12-01T00:00:00+08:00' });
    expect(before.hits).toHaveLength(0);
    expect(before.inactive.map((h) => h.recordId)).toEqual([listedA.id]);
    const repaired = await checkStored({ name: D.name, on: noticeD.formedAt });
    expect(repaired.hits).toHaveLength(0);
    expect(repaired.inactive.map((h) => h.recordId)).toEqual([withdrawnD.id]);
  });

  it('finds a person by name and resident ID as probable, never certain, whole ID or masked', async () => {
    const on = '2024-06-03T00:00:00+08:00';
    const hitsOf = (check: CreditCheck) => check.hits.map((h) => [h.recordId, h.level]);
    // The namesake's visible digits disagree: left out; the record without an ID
    // cannot be compared, so it stays, for review.
    const whole = await checkStored({ name: P.name, personId: P.personId, on });
    expect(hitsOf(whole)).toEqual([
      [debtorP.id, 'probable'],
      [unidentifiedR.id, 'review'],
    ]);
    expect(whole.hits[0]!.evidence).toEqual([
      { field: 'nameKey', ours: P.name, theirs: P.name, outcome: 'match' },
      { field: 'personId', ours: P.personId, theirs: '440303********0015', outcome: 'partial' },
    ]);
    expect(whole.hits[0]!.record.listType).toBe('dishonest-judgment-debtor');
    const masked = await checkStored({ name: P.name, personId: '4403**********0015', on });
    expect(hitsOf(masked)).toEqual(hitsOf(whole));
    // Another 王志强's ID (lower-case x as typed) agrees with neither listed ID.
    const stranger = await checkStored({ name: P.name, personId: '11010519491231002x', on });
    expect(hitsOf(stranger)).toEqual([[unidentifiedR.id, 'review']]);
    // Before R was listed, it restricted nobody: inactive, not a hit.
    const earlier = await checkStored({
      name: P.name,
      personId: P.personId,
      on: '2024-01-02T00:00:00+08:00',
    });
    expect(hitsOf(earlier)).toEqual([[debtorP.id, 'probable']]);
    expect(earlier.inactive.map((h) => h.recordId)).toEqual([unidentifiedR.id]);
  });

  it('finds the namesakes of a person asked by name alone, for review only', async () => {
    const on = '2024-06-03T00:00:00+08:00';
    const byName = await checkStored({ name: P.name, on });
    expect(byName.hits.map((h) => h.recordId).sort()).toEqual(debtors.map((r) => r.id).sort());
    expect(byName.hits.every((h) => h.level === 'review')).toBe(true);
    expect(byName.hits.find((h) => h.recordId === debtorP.id)!.reason).toMatch(/no ID given/);
    // A party known to be an organization is never a person on a list.
    expect((await checkStored({ name: P.name, kind: 'organization', on })).hits).toEqual([]);
    expect((await checkStored({ name: P.name, kind: 'person', on })).hits).toHaveLength(3);
    // An organization's name finds no person, and a person's no organization.
    expect((await checkStored({ name: A.name, kind: 'person', on })).hits).toEqual([]);
  });

  it('finds a listed company by name among hundreds of records sharing its core', async () => {
    const { db } = database.handle;
    // 科技 is the core the name parser leaves of 杭州市河源科技股份有限公司 (河源 read as a region):
    // 300 other 科技 records must not push the listed one out of the candidates.
    const crowd = Array.from({ length: 300 }, (_, i) =>
      creditRecord(
        `CROWD-${i}`,
        `深圳市${String.fromCharCode(0x4e00 + i * 7)}${String.fromCharCode(0x4e80 + i)}科技有限公司`,
        shenzhenCode(`MC${String(i).padStart(6, '0')}`),
        {
          validFrom: '2024-01-01T00:00:00+08:00',
        },
      ),
    );
    // Its id sorts after every other one: a cap that kept the first records by id would lose it.
    const lastId = crowd
      .map((record) => record.id)
      .sort()
      .at(-1)!;
    let target = creditRecord('CROWD-TARGET-0', '杭州市河源科技股份有限公司', shenzhenCode('MC9Y9Y9Y'), {
      validFrom: '2024-01-01T00:00:00+08:00',
    });
    for (let n = 1; target.id < lastId; n++) {
      target = creditRecord(`CROWD-TARGET-${n}`, target.subject.name, target.subject.creditCode!, {
        validFrom: '2024-01-01T00:00:00+08:00',
      });
    }
    await db.transaction((tx) =>
      projectCredit(
        tx,
        [...crowd, target].map((record, i) => ({
          event: creditEvent(record, '2024-01-02T00:00:00+08:00'),
          position: { topic: 'test.crowd', partition: 0, offset: String(i) },
        })),
      ),
    );
    const check = await checkStored({
      name: '杭州市河源科技股份有限公司',
      on: '2025-01-01T00:00:00+08:00',
    });
    expect(check.hits.map((hit) => hit.recordId)).toContain(target.id);
    expect(check.hits.find((hit) => hit.recordId === target.id)?.level).not.toBe('review');
  });

  it('refuses a resident ID alone, or given as a code', async () => {
    const usage = (error: unknown) => isGgzyError(error, 'GGZY_USAGE');
    await expect(checkStored({ personId: P.personId })).rejects.toSatisfy(usage);
    await expect(checkStored({ code: P.personId, name: P.name })).rejects.toSatisfy(usage);
    await expect(checkStored({ code: '440303********0015', name: P.name })).rejects.toSatisfy(usage);
    await expect(checkStored({ code: A.code, personId: P.personId, name: P.name })).rejects.toSatisfy(usage);
  });
});
