/**
 * The blacklist service through real Kafka into real PostgreSQL, with the store beside it:
 * a notice naming a listed winner raises exactly one alert; a record arriving after a notice
 * raises one for that notice's open project; expired and withdrawn records raise none; replaying
 * everything from offset zero raises nothing new; reviews are recorded; and "was it listed on
 * the day it bid?" is answered by the credit check.
 */

// A relative import until test/package.json lists @ggzy/blacklist.
import { blacklistBacklog, checkCredit, reviewAlert, shanghaiNow, startBlacklist } from '@ggzy/blacklist';
import { allTopics, type Bus, topics } from '@ggzy/bus';
import { schema } from '@ggzy/db';
import { isGgzyError } from '@ggzy/runtime';
import { startStore } from '@ggzy/store';
import { eventually, testLogger, useTestDatabase, useTestKafka } from '@ggzy/testkit';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  candidatesNotice,
  creditEvent,
  creditRecord,
  noticeEvent,
  resultNotice,
  shenzhenCode,
} from '../fixtures/blacklist.ts';

const database = useTestDatabase();
const kafka = useTestKafka();

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
  await producer.send(topics.credit, [creditEvent(listedA, now), creditEvent(withdrawnD, now)]);
  await stored(listedA.id);
  await stored(withdrawnD.id);
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
    await expect(again).rejects.toSatisfy((error) => isGgzyError(error, 'GGZY_BAD_REQUEST'));
    const { query } = database.handle;
    await expect(query(`update alert_events set reason = 'rewritten'`)).rejects.toThrow(/append-only/);
    await expect(query(`delete from credit_record_versions`)).rejects.toThrow(/append-only/);
  });

  it('answers "was it listed on the day it bid?" with the credit check', async () => {
    const { db } = database.handle;
    const onBid = await checkCredit(db, { code: A.code, name: A.name, on: noticeA.formedAt });
    expect(onBid.hits.map((h) => [h.recordId, h.level])).toEqual([[listedA.id, 'certain']]);
    expect(onBid.hits[0]!.record).toMatchObject({
      authority: '深圳市财政局',
      validUntil: listedA.validUntil,
    });
    const before = await checkCredit(db, { code: A.code, on: '2023-12-01T00:00:00+08:00' });
    expect(before.hits).toHaveLength(0);
    expect(before.inactive.map((h) => h.recordId)).toEqual([listedA.id]);
    const repaired = await checkCredit(db, { name: D.name, on: noticeD.formedAt });
    expect(repaired.hits).toHaveLength(0);
    expect(repaired.inactive.map((h) => h.recordId)).toEqual([withdrawnD.id]);
  });
});
