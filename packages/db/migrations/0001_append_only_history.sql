-- History is append-only (全程留痕): no UPDATE, DELETE or TRUNCATE may touch it, whoever asks.
-- Enforced here in the database, not only in code. A correction is a new version row; a
-- withdrawn notice is a new event; the only way to remove history is to drop the table,
-- which a reviewed migration would have to do in the open.
CREATE OR REPLACE FUNCTION ggzy_refuse_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ggzy: % on % refused: history is append-only (全程留痕)', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER notice_versions_append_only BEFORE UPDATE OR DELETE ON notice_versions
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER notice_versions_no_truncate BEFORE TRUNCATE ON notice_versions
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER project_stages_append_only BEFORE UPDATE OR DELETE ON project_stages
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER project_stages_no_truncate BEFORE TRUNCATE ON project_stages
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER notice_parties_append_only BEFORE UPDATE OR DELETE ON notice_parties
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER notice_parties_no_truncate BEFORE TRUNCATE ON notice_parties
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER raw_records_append_only BEFORE UPDATE OR DELETE ON raw_records
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER raw_records_no_truncate BEFORE TRUNCATE ON raw_records
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER dlq_entries_append_only BEFORE UPDATE OR DELETE ON dlq_entries
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER dlq_entries_no_truncate BEFORE TRUNCATE ON dlq_entries
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER dlq_replays_append_only BEFORE UPDATE OR DELETE ON dlq_replays
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER notice_events_append_only BEFORE UPDATE OR DELETE ON notice_events
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER notice_events_no_truncate BEFORE TRUNCATE ON notice_events
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
