import { createHash } from 'node:crypto';
import type { DatabaseHandle } from './client.ts';

/** The hash before the first entry. */
const GENESIS: Buffer = Buffer.alloc(32);

/** What `ggzy.audit.append` writes for one regulator request. */
export interface AuditEntry {
  who: string;
  role: string;
  method: string;
  url: string;
  status: number;
}

/** Appends one entry at the end of the chain (the only way the app's role may write). */
export async function appendAudit(handle: DatabaseHandle, entry: AuditEntry): Promise<void> {
  await handle.query('select ggzy_audit.append($1, $2, $3, $4, $5)', [
    entry.who,
    entry.role,
    entry.method,
    entry.url,
    entry.status,
  ]);
}

/**
 * An entry's canonical text, as migration 0016's `ggzy_audit.entry_text` builds it: every field
 * as `<UTF-8 bytes>:<value>\n`, the time in UTC with microseconds. Rebuilt here, independently of
 * the database's function, so a replaced function cannot vouch for itself.
 */
export function auditEntryText(fields: readonly string[]): string {
  return fields.map((value) => `${Buffer.byteLength(value)}:${value}\n`).join('');
}

export interface AuditBreak {
  id: number;
  reason: 'hash' | 'link' | 'anchor';
  message: string;
}

export interface AuditVerification {
  entries: number;
  head: { id: number; hash: string } | null;
  /** The first entry whose hash or link does not hold, if any. */
  broken: AuditBreak | null;
  /** The schema's owner, and whether it is a role other than the one the app connects as. */
  owner: string;
  separateOwner: boolean;
  /** The role this connection is (what ggzy connects as, when run with ggzy's settings). */
  connectedAs: string;
}

type Row = {
  id: string;
  who: string;
  role: string;
  method: string;
  url: string;
  status: number;
  at: string;
  prev_hash: Buffer;
  hash: Buffer;
};

/**
 * Walks the whole chain in id order, a page at a time, and recomputes every hash: an entry
 * changed, removed or slipped in breaks the chain at that point. An anchor, an entry's hash
 * recorded elsewhere earlier (`ggzy audit verify` prints the head), also catches a chain
 * rewritten from the start by someone who could write the table.
 */
export async function verifyAuditChain(
  handle: DatabaseHandle,
  options: {
    pageSize?: number;
    onProgress?: (checked: number) => void;
    /** An entry recorded earlier: it must still be in the chain with this hash. */
    anchor?: { id: number; hash: string };
  } = {},
): Promise<AuditVerification> {
  const pageSize = options.pageSize ?? 5_000;
  const [ownership] = await handle.query<{ owner: string; me: string; member: boolean }>(
    `select r.rolname as owner, current_user as me, pg_has_role(current_user, r.oid, 'USAGE') as member
       from pg_namespace n join pg_roles r on r.oid = n.nspowner where n.nspname = 'ggzy_audit'`,
  );
  let prev: Buffer = GENESIS;
  let after = 0;
  let entries = 0;
  let head: AuditVerification['head'] = null;
  let broken: AuditBreak | null = null;
  let seen = false;
  for (;;) {
    const rows = await handle.query<Row>(
      `select id, who, role, method, url, status, prev_hash, hash,
              to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at
         from ggzy_audit.audit_log where id > $1 order by id limit $2`,
      [after, pageSize],
    );
    for (const row of rows) {
      entries += 1;
      const id = Number(row.id);
      if (id === options.anchor?.id) seen = true;
      if (!broken && !row.prev_hash.equals(prev)) {
        broken = {
          id,
          reason: 'link',
          message: `entry ${id} does not follow the entry before it (an entry was removed or inserted before ${id})`,
        };
      }
      const text = auditEntryText([
        row.id,
        row.who,
        row.role,
        row.method,
        row.url,
        String(row.status),
        row.at,
      ]);
      const hash = createHash('sha256').update(row.prev_hash).update(text, 'utf8').digest();
      if (!broken && !hash.equals(row.hash)) {
        broken = { id, reason: 'hash', message: `entry ${id} was changed after it was written` };
      }
      if (!broken && options.anchor?.id === id && row.hash.toString('hex') !== options.anchor.hash) {
        broken = {
          id,
          reason: 'anchor',
          message: `entry ${id} no longer has the hash recorded for it: the log was rewritten`,
        };
      }
      prev = row.hash;
      head = { id, hash: row.hash.toString('hex') };
    }
    options.onProgress?.(entries);
    if (rows.length < pageSize) break;
    after = Number(rows.at(-1)!.id);
  }
  if (!broken && options.anchor && (head === null || head.id < options.anchor.id || !seen)) {
    broken = {
      id: options.anchor.id,
      reason: 'anchor',
      message: `entry ${options.anchor.id}, recorded earlier, is not in the log: the log was cut or rewritten`,
    };
  }
  return {
    entries,
    head,
    broken,
    owner: ownership?.owner ?? 'unknown',
    connectedAs: ownership?.me ?? 'unknown',
    separateOwner: ownership !== undefined && ownership.owner !== ownership.me && !ownership.member,
  };
}
