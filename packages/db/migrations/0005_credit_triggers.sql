-- Credit history and alert lifecycles are append-only (全程留痕), like notice history (0001):
-- a withdrawn record is a new version, a review is a new alert event; nothing is rewritten.
CREATE TRIGGER credit_record_versions_append_only BEFORE UPDATE OR DELETE ON credit_record_versions
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER credit_record_versions_no_truncate BEFORE TRUNCATE ON credit_record_versions
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER credit_record_events_append_only BEFORE UPDATE OR DELETE ON credit_record_events
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER credit_record_events_no_truncate BEFORE TRUNCATE ON credit_record_events
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER alert_events_append_only BEFORE UPDATE OR DELETE ON alert_events
  FOR EACH ROW EXECUTE FUNCTION ggzy_refuse_history_change();
--> statement-breakpoint
CREATE TRIGGER alert_events_no_truncate BEFORE TRUNCATE ON alert_events
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_refuse_history_change();
