-- Caches of package views (docs/operations.md, "Several replicas") answer from memory while they
-- hear of every change: these triggers notify the channel `wreg_changes` when a package's row
-- changes (a record appended: its head and record count move) or the operator log grows
-- (namespace ownership, which a package view's key permissions depend on). Notifications are sent
-- at commit, to every replica listening on the same database.

CREATE FUNCTION wreg_notify_package_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wreg_changes', 'package:' || CASE WHEN TG_OP = 'DELETE' THEN OLD.name ELSE NEW.name END);
    RETURN NULL;
END
$$;

CREATE TRIGGER packages_changed
    AFTER INSERT OR UPDATE OR DELETE ON packages
    FOR EACH ROW EXECUTE FUNCTION wreg_notify_package_changed();

-- A truncated table (an operator repairing by hand) may have changed anything.
CREATE FUNCTION wreg_notify_everything_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wreg_changes', 'everything');
    RETURN NULL;
END
$$;

CREATE TRIGGER packages_truncated
    AFTER TRUNCATE ON packages
    FOR EACH STATEMENT EXECUTE FUNCTION wreg_notify_everything_changed();

CREATE FUNCTION wreg_notify_operator_log_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('wreg_changes', 'operator');
    RETURN NULL;
END
$$;

CREATE TRIGGER operator_records_changed
    AFTER INSERT OR UPDATE OR DELETE ON operator_records
    FOR EACH STATEMENT EXECUTE FUNCTION wreg_notify_operator_log_changed();

CREATE TRIGGER operator_records_truncated
    AFTER TRUNCATE ON operator_records
    FOR EACH STATEMENT EXECUTE FUNCTION wreg_notify_everything_changed();
