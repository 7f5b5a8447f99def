import { randomUUID } from 'node:crypto';
import { appendAudit, auditEntryText, openDatabase, verifyAuditChain } from '@ggzy/db';
import { useTestDatabase } from '@ggzy/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/cli.ts';

const database = useTestDatabase();

/** The test database as a role that is not a superuser: what a production app connects as. */
const appRole = `ggzy_app_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
let app: Awaited<ReturnType<typeof openDatabase>>;

/** A password for the role: the embedded server (CI's second pass) asks for one, trust auth ignores it. */
const appPassword = `pw-${randomUUID()}`;

function asRole(url: string, role: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = appPassword;
  return parsed.toString();
}

/** Runs SQL as the owner would, with the append-only triggers off: a tamperer with full rights. */
async function tamper(statement: string): Promise<void> {
  await database.handle.query(`begin;
    alter table ggzy_audit.audit_log disable trigger user;
    ${statement};
    alter table ggzy_audit.audit_log enable trigger user;
    commit`);
}

const entry = (n: number) => ({
  who: 'regulator-sz',
  role: 'regulator',
  method: 'GET',
  url: `/v1/notices?region=440300&q=${encodeURIComponent('学校')}&page=${n}`,
  status: 200,
});

beforeAll(async () => {
  await database.handle.query(`create role ${appRole} login password '${appPassword}'`);
  await database.handle.query(`grant connect on database "${database.name}" to ${appRole}`);
  app = await openDatabase({ url: asRole(database.url, appRole), poolSize: 1 });
  for (let n = 1; n <= 5; n++) await appendAudit(database.handle, entry(n));
});

afterAll(async () => {
  await app?.close();
  await database.handle.query(`drop owned by ${appRole}`);
  await database.handle.query(`drop role ${appRole}`);
});

describe('the audit log: hash-chained, appended only through its function', () => {
  it('verifies a chain written through ggzy_audit.append, each hash rebuilt outside the database', async () => {
    const result = await verifyAuditChain(database.handle, { pageSize: 2 });
    expect(result).toMatchObject({ entries: 5, broken: null, owner: 'ggzy_audit_owner' });
    const [first] = await database.handle.query<{ hash: Buffer; prev_hash: Buffer; at: string }>(
      `select hash, prev_hash, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
         from ggzy_audit.audit_log order by id limit 1`,
    );
    expect(first!.prev_hash.equals(Buffer.alloc(32))).toBe(true);
    const [db] = await database.handle.query<{ text: string }>(
      `select ggzy_audit.entry_text(id, who, role, method, url, status, at) as text from ggzy_audit.audit_log order by id limit 1`,
    );
    const { who, role, method, url, status } = entry(1);
    expect(db!.text).toBe(auditEntryText(['1', who, role, method, url, String(status), first!.at]));
  });

  it('lets the app role read and append, and nothing else: no insert, update, delete, truncate, alter or trigger switch', async () => {
    await appendAudit(app, entry(6));
    const refused = [
      `insert into ggzy_audit.audit_log (who, role, method, url, status, prev_hash, hash) values ('x', 'x', 'GET', '/', 200, '\\x00', '\\x00')`,
      `update ggzy_audit.audit_log set who = 'nobody'`,
      'delete from ggzy_audit.audit_log',
      'truncate ggzy_audit.audit_log',
      'alter table ggzy_audit.audit_log disable trigger all',
      'drop table ggzy_audit.audit_log',
      `create or replace function ggzy_audit.append_only() returns trigger language plpgsql as $$ begin return null; end $$`,
    ];
    for (const statement of refused) {
      await expect(app.query(statement), statement).rejects.toThrow(/permission denied|must be owner/);
    }
    const result = await verifyAuditChain(app);
    expect(result).toMatchObject({
      entries: 6,
      broken: null,
      owner: 'ggzy_audit_owner',
      separateOwner: true,
    });
  });

  it('refuses changes even from the owner while the triggers are on', async () => {
    await expect(database.handle.query(`update ggzy_audit.audit_log set who = 'nobody'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(database.handle.query('truncate ggzy_audit.audit_log')).rejects.toThrow(/append-only/);
  });

  it('names the first entry changed, and the entry after one removed', async () => {
    await tamper(`update ggzy_audit.audit_log set url = '/v1/notices' where id = 3`);
    expect((await verifyAuditChain(database.handle)).broken).toMatchObject({ id: 3, reason: 'hash' });
    await tamper(`update ggzy_audit.audit_log set url = '${entry(3).url}' where id = 3`);
    expect((await verifyAuditChain(database.handle)).broken).toBeNull();
    await tamper('delete from ggzy_audit.audit_log where id = 4');
    expect((await verifyAuditChain(database.handle)).broken).toMatchObject({ id: 5, reason: 'link' });
  });

  it('`ggzy audit verify` exits 1 on a broken chain, and an anchor catches a chain rewritten from the start', async () => {
    const env = { DATABASE_URL: database.url };
    const broken = await runCli(['audit', 'verify'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('CHAIN BROKEN: entry 5 does not follow the entry before it');

    // Rebuild the whole chain after the removal, as someone with the owner's rights could.
    await tamper(`do $$
      declare r record; v_prev bytea := decode(repeat('00', 32), 'hex'); v_hash bytea;
      begin
        for r in select * from ggzy_audit.audit_log order by id loop
          v_hash := sha256(v_prev || convert_to(ggzy_audit.entry_text(r.id, r.who, r.role, r.method, r.url, r.status, r.at), 'UTF8'));
          update ggzy_audit.audit_log set prev_hash = v_prev, hash = v_hash where id = r.id;
          v_prev := v_hash;
        end loop;
      end $$`);
    const intact = await runCli(['audit', 'verify', '--json'], env);
    expect(intact.code).toBe(0);
    const report = JSON.parse(intact.stdout.trim().split('\n').at(-1)!) as {
      ok: boolean;
      entries: number;
      head: { id: number; hash: string };
    };
    const [{ n } = { n: 0 }] = await database.handle.query<{ n: number }>(
      'select count(*)::int as n from ggzy_audit.audit_log',
    );
    expect(report).toMatchObject({ ok: true, entries: n });
    const anchor = `${report.head.id}:${report.head.hash}`;
    expect((await runCli(['audit', 'verify', '--anchor', anchor], env)).code).toBe(0);

    // The same rewrite once more, with one entry's caller changed: intact as a chain, but the
    // anchor recorded before no longer matches.
    await tamper(`update ggzy_audit.audit_log set who = 'someone-else' where id = 2`);
    await tamper(`do $$
      declare r record; v_prev bytea := decode(repeat('00', 32), 'hex'); v_hash bytea;
      begin
        for r in select * from ggzy_audit.audit_log order by id loop
          v_hash := sha256(v_prev || convert_to(ggzy_audit.entry_text(r.id, r.who, r.role, r.method, r.url, r.status, r.at), 'UTF8'));
          update ggzy_audit.audit_log set prev_hash = v_prev, hash = v_hash where id = r.id;
          v_prev := v_hash;
        end loop;
      end $$`);
    const rewritten = await runCli(['audit', 'verify', '--anchor', anchor], env);
    expect(rewritten.code).toBe(1);
    expect(rewritten.stdout).toContain(
      `CHAIN BROKEN: entry ${report.head.id} no longer has the hash recorded for it`,
    );
    const bad = await runCli(['audit', 'verify', '--anchor', 'nonsense'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--anchor takes <id>:<hash>');
  }, 300_000); // five CLI runs, each a Node start: 20–30 s apiece on a busy 2-core machine
});
