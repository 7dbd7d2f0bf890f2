-- The audit log is written once per request and read rarely, newest first: keep one index.
--
-- audit_log_by_time, on the text of each row's time, cost the gateway's audit writer about 30 %
-- of its time per row; see BENCHMARKS.md, "The audit log's indexes". The newest rows
-- are the ones stored last, so they are read by id, which needs no index of its own; one key's
-- rows are read through (key_id, id), which only ever grows at its end for a given key.
DROP INDEX audit_log_by_time;
DROP INDEX audit_log_by_key;
CREATE INDEX audit_log_by_key ON audit_log (key_id, id);
