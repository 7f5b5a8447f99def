-- The audit log moves into a schema of its own, hash-chained (issue #13): the app's role may read
-- it and append through ggzy_audit.append(); it owns nothing here, so it cannot update, delete,
-- alter it or disable its triggers. When this migration runs as a superuser, the schema belongs
-- to the role ggzy_audit_owner (NOLOGIN); otherwise to the migrating role, and `ggzy audit
-- verify` says so. Each entry's hash = sha256(prev_hash || its canonical text, see
-- ggzy_audit.entry_text), the first entry's prev_hash is 32 zero bytes.
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
     AND NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ggzy_audit_owner') THEN
    BEGIN
      CREATE ROLE ggzy_audit_owner NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database of this server created it at the same moment
    END;
  END IF;
END $$;
--> statement-breakpoint
CREATE SCHEMA "ggzy_audit";
--> statement-breakpoint
CREATE TABLE "ggzy_audit"."audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ggzy_audit"."audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"who" text NOT NULL,
	"role" text NOT NULL,
	"method" text NOT NULL,
	"url" text NOT NULL,
	"status" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"prev_hash" "bytea" NOT NULL,
	"hash" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_who_at_idx" ON "ggzy_audit"."audit_log" USING btree ("who","at");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "ggzy_audit"."audit_log" USING btree ("at");
--> statement-breakpoint
-- The canonical text of an entry: every field as <bytes>:<value>\n, so no value can pass for
-- another; the time in UTC with microseconds. ggzy audit verify rebuilds it in TypeScript.
CREATE FUNCTION ggzy_audit.entry_text(p_id bigint, p_who text, p_role text, p_method text, p_url text, p_status integer, p_at timestamptz)
RETURNS text LANGUAGE sql IMMUTABLE STRICT SET search_path = pg_catalog AS $f$
  SELECT string_agg(octet_length(v)::text || ':' || v || E'\n', '' ORDER BY n)
  FROM unnest(ARRAY[p_id::text, p_who, p_role, p_method, p_url, p_status::text,
                    to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')]) WITH ORDINALITY AS t(v, n)
$f$;
--> statement-breakpoint
-- The only way in: one entry at the end of the chain. Appends take turns (a transaction-scoped
-- advisory lock), so the chain has one order.
CREATE FUNCTION ggzy_audit.append(p_who text, p_role text, p_method text, p_url text, p_status integer)
RETURNS bigint LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $f$
DECLARE
  v_prev bytea;
  v_id bigint;
  v_at timestamptz := clock_timestamp();
BEGIN
  PERFORM pg_advisory_xact_lock(7424770612);
  SELECT hash INTO v_prev FROM ggzy_audit.audit_log ORDER BY id DESC LIMIT 1;
  v_prev := coalesce(v_prev, decode(repeat('00', 32), 'hex'));
  v_id := nextval('ggzy_audit.audit_log_id_seq');
  INSERT INTO ggzy_audit.audit_log (id, who, role, method, url, status, at, prev_hash, hash)
  OVERRIDING SYSTEM VALUE
  VALUES (v_id, p_who, p_role, p_method, p_url, p_status, v_at, v_prev,
          sha256(v_prev || convert_to(ggzy_audit.entry_text(v_id, p_who, p_role, p_method, p_url, p_status, v_at), 'UTF8')));
  RETURN v_id;
END
$f$;
--> statement-breakpoint
CREATE FUNCTION ggzy_audit.append_only() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $f$
BEGIN
  RAISE EXCEPTION 'ggzy: % on % refused: the audit log is append-only (全程留痕)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END
$f$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON ggzy_audit.audit_log
  FOR EACH ROW EXECUTE FUNCTION ggzy_audit.append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON ggzy_audit.audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_audit.append_only();
--> statement-breakpoint
-- The entries written so far, chained in their order, with their times.
DO $$
DECLARE
  r record;
  v_prev bytea := decode(repeat('00', 32), 'hex');
  v_hash bytea;
BEGIN
  FOR r IN SELECT * FROM public.audit_log ORDER BY id LOOP
    v_hash := sha256(v_prev || convert_to(ggzy_audit.entry_text(r.id, r.who, r.role, r.method, r.url, r.status, r.at), 'UTF8'));
    INSERT INTO ggzy_audit.audit_log (id, who, role, method, url, status, at, prev_hash, hash)
    OVERRIDING SYSTEM VALUE VALUES (r.id, r.who, r.role, r.method, r.url, r.status, r.at, v_prev, v_hash);
    v_prev := v_hash;
  END LOOP;
  PERFORM setval('ggzy_audit.audit_log_id_seq', greatest((SELECT max(id) FROM ggzy_audit.audit_log), 1),
                 (SELECT count(*) > 0 FROM ggzy_audit.audit_log));
END $$;
--> statement-breakpoint
DROP TABLE public.audit_log CASCADE;
--> statement-breakpoint
-- Who may do what: everyone may read and append; only the owner may change anything.
REVOKE ALL ON ALL TABLES IN SCHEMA ggzy_audit FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA ggzy_audit FROM PUBLIC;
--> statement-breakpoint
GRANT USAGE ON SCHEMA ggzy_audit TO PUBLIC;
--> statement-breakpoint
GRANT SELECT ON ggzy_audit.audit_log TO PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ggzy_audit.append(text, text, text, text, integer) TO PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION ggzy_audit.entry_text(bigint, text, text, text, text, integer, timestamptz) TO PUBLIC;
--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'ggzy_audit_owner')
     AND (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER SCHEMA ggzy_audit OWNER TO ggzy_audit_owner;
    ALTER TABLE ggzy_audit.audit_log OWNER TO ggzy_audit_owner;
    ALTER FUNCTION ggzy_audit.append(text, text, text, text, integer) OWNER TO ggzy_audit_owner;
    ALTER FUNCTION ggzy_audit.entry_text(bigint, text, text, text, text, integer, timestamptz) OWNER TO ggzy_audit_owner;
    ALTER FUNCTION ggzy_audit.append_only() OWNER TO ggzy_audit_owner;
  ELSE
    RAISE WARNING 'ggzy: the audit log belongs to %, the role that ran the migration; run `ggzy migrate` as a superuser to give it an owner the app cannot act as (docs/security.md)', current_user;
  END IF;
END $$;
