-- Every statement that writes credit_records tells the processes following the table (the query
-- API's credit check, services/query-api credit.check.ts) that something changed: one
-- notification per transaction (PostgreSQL folds repeats of the same payload), delivered at commit.
CREATE OR REPLACE FUNCTION ggzy_credit_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('ggzy_credit_records', '');
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS credit_records_changed ON credit_records;
--> statement-breakpoint
CREATE TRIGGER credit_records_changed AFTER INSERT OR UPDATE OR DELETE ON credit_records
  FOR EACH STATEMENT EXECUTE FUNCTION ggzy_credit_records_changed();
