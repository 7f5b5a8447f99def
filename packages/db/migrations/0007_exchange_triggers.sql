-- The exchange's history is append-only (全程留痕), like notice history (0001): every delivery
-- attempt to the national platform stays on record, and so does what each consumed event became.
-- exchange_outbox itself is current delivery state (state, attempts, next attempt) and is updated.
CREATE TRIGGER exchange_attempts_append_only BEFORE UPDATE OR DELETE ON exchange_attempts
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER exchange_attempts_no_truncate BEFORE TRUNCATE ON exchange_attempts
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER exchange_events_append_only BEFORE UPDATE OR DELETE ON exchange_events
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER exchange_events_no_truncate BEFORE TRUNCATE ON exchange_events
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
