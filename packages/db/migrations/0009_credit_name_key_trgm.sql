-- Credit checks look a party up by the core of its name anywhere in a record's name key
-- (services/blacklist check.ts: `name_key LIKE '%core%'`). A btree cannot serve a pattern with
-- a leading wildcard; trigrams can, so at a million records the check reads a few index pages
-- instead of the whole table. pg_trgm is loaded by migration 0003 (and by PGlite's client).
-- Outside drizzle's schema, like notices_title_trgm_idx: drizzle-kit cannot declare an
-- operator class index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS credit_records_name_key_trgm_idx ON credit_records USING gin (name_key gin_trgm_ops);
