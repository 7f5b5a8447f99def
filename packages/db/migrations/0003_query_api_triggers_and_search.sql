-- The query API's audit log is history too (全程留痕): the same refusal as migration 0001.
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
-- Title search: Chinese titles have no spaces between words, so word-based full-text search
-- finds nothing useful; trigrams match any run of characters. The GIN index serves
-- `title ILIKE '%…%'` and `title % q`. Outside drizzle's schema because drizzle-kit cannot
-- declare an operator class index; it lives only here.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS notices_title_trgm_idx ON notices USING gin (title gin_trgm_ops);
--> statement-breakpoint
-- A party's notices (search by party, party profiles) without visiting the heap per row: the
-- notice id, version and role come from the index.
CREATE INDEX IF NOT EXISTS notice_parties_party_notice_idx
  ON notice_parties (party_key, notice_id, version) INCLUDE (role);
