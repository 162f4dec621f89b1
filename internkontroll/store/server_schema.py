"""The server's own part of the schema: guard functions, the acting user, roles and grants.

The guard triggers refuse what the file's do (``store.guards``), with SQLSTATEs of their own so
the app knows a refusal by its type. The server, not the app, writes who made a change: the
database login. Three group roles hold the rights (SPEC § 3.7):

- ``internkontroll_granskare``: draw, score, write notes and texts, in the reviews it created
  or is assigned (``review_assignee``);
- ``internkontroll_kontrollansvarig``: also write in every review, assign granskare, mark
  redovisad i nämnd, unlock, gallra, delete reviews and add template versions;
- ``internkontroll_administrator``: also the settings, granting the roles, and restoring the
  database from a backup file (through ``internkontroll_replace_all``).

The audit log is INSERT-only for every one of them; gallring passes the guards only through
``internkontroll_maintenance``, a SECURITY DEFINER function that checks the caller's role.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

from internkontroll.core.errors import InvalidInput
from internkontroll.core.limits import shown
from internkontroll.store.guards import ASSIGNED_MARK, LOCKED_MARK, LOG_MARK

GRANSKARE = "internkontroll_granskare"
KONTROLLANSVARIG = "internkontroll_kontrollansvarig"
ADMINISTRATOR = "internkontroll_administrator"
ROLES = {"granskare": GRANSKARE, "kontrollansvarig": KONTROLLANSVARIG,
         "administratör": ADMINISTRATOR}

# How a row of each guarded table names its review (ik_review_of's first argument).
_GUARDED = {"review_case": "review_id", "review_text": "review_id",
            "review_count": "review_id", "review_group": "review_id",
            "sampling_record": "review_id", "assessment": "case", "review": "self"}
# The column the server fills with the login, on insert (and on update for answers).
_ACTOR = {"audit_log": ("user", "INSERT"), "review": ("created_by", "INSERT"),
          "assessment": ("updated_by", "INSERT OR UPDATE"),
          "review_lock": ("locked_by", "INSERT")}

# Sent through the driver, which reads %% as a percent sign.
_FUNCTIONS = f"""
CREATE OR REPLACE FUNCTION ik_review_of(how text, r jsonb) RETURNS integer
LANGUAGE sql STABLE SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT CASE how
    WHEN 'case' THEN (SELECT review_id FROM review_case WHERE id = (r->>'case_id')::integer)
    WHEN 'self' THEN (r->>'id')::integer
    ELSE (r->>'review_id')::integer END
$$;

-- The review's row is held shared first, so a lock being made (which holds it exclusively,
-- store.locking) either lands before this check, which then sees it, or waits for this write.
CREATE OR REPLACE FUNCTION ik_guard_locked() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  reviews integer[] := ARRAY[
    ik_review_of(TG_ARGV[0], CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END),
    ik_review_of(TG_ARGV[0], CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END)];
BEGIN
  IF EXISTS (SELECT 1 FROM maintenance) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  IF TG_TABLE_NAME <> 'review' THEN
    PERFORM 1 FROM review WHERE id = ANY (reviews) FOR SHARE;
  END IF;
  IF EXISTS (SELECT 1 FROM review_lock WHERE unlocked_at IS NULL
             AND review_id = ANY (reviews)) THEN
    RAISE EXCEPTION '{LOCKED_MARK}' USING ERRCODE = 'IKL01';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION ik_guard_template() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM review r JOIN review_lock l ON l.review_id = r.id
             AND l.unlocked_at IS NULL WHERE r.template_id = OLD.id) THEN
    RAISE EXCEPTION '{LOCKED_MARK}' USING ERRCODE = 'IKL01';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE OR REPLACE FUNCTION ik_guard_log() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM maintenance) THEN
    RAISE EXCEPTION '{LOG_MARK}' USING ERRCODE = 'IKA01';
  END IF;
  RETURN OLD;
END $$;

CREATE OR REPLACE FUNCTION ik_guard_review_lock() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF TG_OP = 'DELETE' OR OLD.unlocked_at IS NOT NULL
     OR (NEW.review_id, NEW.locked_at, NEW.locked_by, NEW.reported_by, NEW.paragraph,
         NEW.pdf, NEW.sha256)
        IS DISTINCT FROM (OLD.review_id, OLD.locked_at, OLD.locked_by, OLD.reported_by,
                          OLD.paragraph, OLD.pdf, OLD.sha256) THEN
    RAISE EXCEPTION '{LOG_MARK}' USING ERRCODE = 'IKA01';
  END IF;
  IF NEW.unlocked_at IS NOT NULL THEN
    NEW.unlocked_by := session_user;
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION ik_actor() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM maintenance) THEN  -- a database moved here keeps its names
    RETURN NEW;
  END IF;
  NEW := jsonb_populate_record(NEW, jsonb_build_object(TG_ARGV[0], session_user::text));
  IF TG_TABLE_NAME = 'audit_log' THEN  -- and when: the server's clock, as the app writes it
    NEW.at := to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"+00:00"');
  END IF;
  RETURN NEW;
END $$;

CREATE OR REPLACE FUNCTION internkontroll_maintenance(reason text, forget integer)
RETURNS integer LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  forgotten integer := 0;
BEGIN
  IF NOT pg_has_role(session_user, '{KONTROLLANSVARIG}', 'MEMBER')
     AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    RAISE EXCEPTION 'IK-ROLE' USING ERRCODE = '42501';
  END IF;
  IF reason IS NULL THEN
    DELETE FROM maintenance;
    RETURN 0;
  END IF;
  INSERT INTO maintenance (id, reason) VALUES (1, reason) ON CONFLICT (id) DO NOTHING;
  IF EXISTS (SELECT 1 FROM review WHERE id = forget AND NOT counts_only) THEN
    RAISE EXCEPTION 'IK-FORGET' USING ERRCODE = '42501';  -- only a review gallrad or gone
  END IF;
  IF forget IS NOT NULL THEN
    DELETE FROM audit_log WHERE review_id = forget AND case_level;
    GET DIAGNOSTICS forgotten = ROW_COUNT;
  END IF;
  RETURN forgotten;
END $$;

CREATE OR REPLACE FUNCTION ik_maintenance_ended() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM maintenance) THEN  -- at commit: it must not let others through
    RAISE EXCEPTION '{LOG_MARK}' USING ERRCODE = 'IKA01';
  END IF;
  RETURN NULL;
END $$;

-- Whether the login may write in the review: a granskare only in those it created or is
-- assigned; a kontrollansvarig anywhere, and so do the owner, who holds none of the roles, and a
-- superuser, a member of all. The scoring view asks it too (store.assignees.may_score).
CREATE OR REPLACE FUNCTION ik_may_write(target integer) RETURNS boolean LANGUAGE sql STABLE
SET search_path = pg_catalog, public, pg_temp AS $$
  SELECT NOT pg_has_role(session_user, '{GRANSKARE}', 'MEMBER')
      OR pg_has_role(session_user, '{KONTROLLANSVARIG}', 'MEMBER')
      OR EXISTS (SELECT 1 FROM review WHERE id = target AND created_by = session_user)
      OR EXISTS (SELECT 1 FROM review_assignee WHERE review_id = target
                 AND login = session_user)
$$;

-- The review a row leaves and the one it goes to alike; for a granskare a row whose review
-- cannot be found is refused too.
CREATE OR REPLACE FUNCTION ik_guard_assigned() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  reviews integer[] := CASE TG_OP
    WHEN 'INSERT' THEN ARRAY[ik_review_of(TG_ARGV[0], to_jsonb(NEW))]
    WHEN 'DELETE' THEN ARRAY[ik_review_of(TG_ARGV[0], to_jsonb(OLD))]
    ELSE ARRAY[ik_review_of(TG_ARGV[0], to_jsonb(OLD)), ik_review_of(TG_ARGV[0], to_jsonb(NEW))]
  END;
BEGIN
  IF EXISTS (SELECT 1 FROM maintenance)
     OR NOT EXISTS (SELECT 1 FROM unnest(reviews) AS t(target)
                    WHERE NOT coalesce(ik_may_write(target), false)) THEN
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION '{ASSIGNED_MARK}' USING ERRCODE = 'IKR01';
END $$;

CREATE OR REPLACE FUNCTION ik_keep_creator() RETURNS trigger LANGUAGE plpgsql
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  NEW.created_by := OLD.created_by;
  RETURN NEW;
END $$;

-- A restore: with starting, empty every table but the schema's own, the backup folders and
-- maintenance (whose row it adds); afterwards move each id sequence past the restored rows and
-- end the maintenance. Only an administratör (or the owner) may.
CREATE OR REPLACE FUNCTION internkontroll_replace_all(starting boolean)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
DECLARE
  emptied text;
  numbered record;
BEGIN
  IF NOT pg_has_role(session_user, '{ADMINISTRATOR}', 'MEMBER') AND session_user <> current_user
     AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
    RAISE EXCEPTION 'IK-ROLE' USING ERRCODE = '42501';
  END IF;
  IF starting THEN
    INSERT INTO maintenance (id, reason) VALUES (1, 'restore') ON CONFLICT (id) DO NOTHING;
    SELECT string_agg(format('%%I', tablename), ', ') INTO emptied FROM pg_tables
      WHERE schemaname = 'public'
        AND tablename NOT IN ('alembic_version', 'maintenance', 'backup_folder');
    EXECUTE 'TRUNCATE ' || emptied;
    RETURN;
  END IF;
  FOR numbered IN SELECT table_name, pg_get_serial_sequence(table_name, 'id') AS sequence
      FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' LOOP
    IF numbered.sequence IS NOT NULL THEN
      EXECUTE format('SELECT setval(%%L, coalesce((SELECT max(id) FROM %%I), 0) + 1, false)',
                     numbered.sequence, numbered.table_name);
    END IF;
  END LOOP;
  DELETE FROM maintenance;
END $$;

CREATE OR REPLACE FUNCTION internkontroll_grant(login text, chosen text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER
SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
  IF chosen NOT IN ('{GRANSKARE}', '{KONTROLLANSVARIG}', '{ADMINISTRATOR}') THEN
    RAISE EXCEPTION 'IK-ROLE' USING ERRCODE = '22023';
  END IF;
  EXECUTE format('REVOKE %%I, %%I, %%I FROM %%I', '{GRANSKARE}', '{KONTROLLANSVARIG}',
                 '{ADMINISTRATOR}', login);
  EXECUTE format('GRANT %%I TO %%I', chosen, login);
END $$;
"""


def _triggers() -> dict[str, str]:
    made: dict[str, str] = {}
    for table, how in _GUARDED.items():
        when = "UPDATE OR DELETE" if table == "review" else "INSERT OR UPDATE OR DELETE"
        made[f"guard_{table}"] = (f"BEFORE {when} ON {table} FOR EACH ROW "
                                  f"EXECUTE FUNCTION ik_guard_locked('{how}')")
        made[f"assigned_{table}"] = (f"BEFORE {when} ON {table} FOR EACH ROW "
                                     f"EXECUTE FUNCTION ik_guard_assigned('{how}')")
    made["guard_template"] = ("BEFORE UPDATE OR DELETE ON template FOR EACH ROW "
                              "EXECUTE FUNCTION ik_guard_template()")
    made["guard_audit_log"] = ("BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW "
                               "EXECUTE FUNCTION ik_guard_log()")
    made["guard_review_lock"] = ("BEFORE UPDATE OR DELETE ON review_lock FOR EACH ROW "
                                 "EXECUTE FUNCTION ik_guard_review_lock()")
    made["guard_review_creator"] = ("BEFORE UPDATE ON review FOR EACH ROW "
                                    "EXECUTE FUNCTION ik_keep_creator()")
    made["guard_maintenance"] = ("CONSTRAINT AFTER INSERT ON maintenance DEFERRABLE "
                                 "INITIALLY DEFERRED FOR EACH ROW "
                                 "EXECUTE FUNCTION ik_maintenance_ended()")
    for table, (column, when) in _ACTOR.items():
        made[f"actor_{table}"] = (f"BEFORE {when} ON {table} FOR EACH ROW "
                                  f"EXECUTE FUNCTION ik_actor('{column}')")
    return made


TRIGGERS = _triggers()

_ALL = ("alembic_version", "assessment", "audit_log", "backup_folder", "column_mapping",
        "maintenance", "review", "review_assignee", "review_case", "review_count",
        "review_group", "review_lock", "review_text", "sampling_record", "setting", "template")
# What each role may change, on top of reading every table and adding to the log.
_WRITES = {
    GRANSKARE: {"review": "INSERT, UPDATE", "review_case": "INSERT, UPDATE",
                "assessment": "INSERT, UPDATE, DELETE", "review_text": "INSERT, UPDATE, DELETE",
                "review_count": "INSERT, UPDATE, DELETE",
                "review_group": "INSERT, UPDATE, DELETE",
                "sampling_record": "INSERT, UPDATE", "column_mapping": "INSERT, UPDATE, DELETE"},
    KONTROLLANSVARIG: {"review": "DELETE", "review_case": "DELETE",
                       "sampling_record": "DELETE", "review_lock": "INSERT, UPDATE",
                       "template": "INSERT", "review_assignee": "INSERT, DELETE"},
    ADMINISTRATOR: {"setting": "INSERT, UPDATE, DELETE", "backup_folder": "INSERT"},
}


def guards_complete(engine: Engine) -> bool:
    with engine.connect() as connection:
        return _installed(connection) >= set(TRIGGERS)


def _installed(connection: Connection) -> set[str]:
    return {row[0] for row in connection.exec_driver_sql(
        "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")}


def install(connection: Connection) -> None:
    """Create or replace the functions and triggers, in the caller's transaction."""
    connection.exec_driver_sql(_FUNCTIONS)
    for name, definition in TRIGGERS.items():
        table = definition.split(" ON ", 1)[1].split()[0]
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        kind, definition = (("CONSTRAINT TRIGGER", definition.removeprefix("CONSTRAINT "))
                            if definition.startswith("CONSTRAINT ") else ("TRIGGER", definition))
        connection.exec_driver_sql(f"CREATE {kind} {name} {definition}")


def create_roles(connection: Connection) -> None:
    """The three group roles, each holding the one below it, and their grants."""
    for role in (GRANSKARE, KONTROLLANSVARIG, ADMINISTRATOR):
        exists = connection.exec_driver_sql(
            "SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).first()
        if not exists:
            connection.exec_driver_sql(f"CREATE ROLE {role} NOLOGIN")
    connection.exec_driver_sql(f"GRANT {GRANSKARE} TO {KONTROLLANSVARIG}")
    connection.exec_driver_sql(f"GRANT {KONTROLLANSVARIG} TO {ADMINISTRATOR}")
    everyone = ", ".join(_ALL)
    # A table of one's own named like ours, found before ours, would fool the guards.
    connection.exec_driver_sql("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    database = connection.exec_driver_sql("SELECT current_database()").scalar()
    connection.exec_driver_sql(f'REVOKE TEMPORARY ON DATABASE "{database}" FROM PUBLIC')
    connection.exec_driver_sql(f"REVOKE ALL ON {everyone} FROM PUBLIC")
    connection.exec_driver_sql(f"GRANT SELECT ON {everyone} TO {GRANSKARE}")
    connection.exec_driver_sql(f"GRANT INSERT ON audit_log TO {GRANSKARE}")
    connection.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {GRANSKARE}")
    for role, tables in _WRITES.items():
        for table, rights in tables.items():
            connection.exec_driver_sql(f"GRANT {rights} ON {table} TO {role}")
    for function, role in (("internkontroll_maintenance(text, integer)", KONTROLLANSVARIG),
                           ("internkontroll_grant(text, text)", ADMINISTRATOR),
                           ("internkontroll_replace_all(boolean)", ADMINISTRATOR)):
        connection.exec_driver_sql(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
        connection.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")


def grant(connection: Connection, user: str, role: str) -> str:
    """Give the login ``user`` the app role ``role`` (granskare, kontrollansvarig or
    administratör), taking away the other two; returns the role's name on the server.

    Through a SECURITY DEFINER function that only an administratör (and the owner) may call,
    so the server decides who hands out roles.
    """
    chosen = ROLES.get(role.strip().lower())
    if chosen is None:
        raise InvalidInput(f"Rollen {shown(role)} finns inte. Välj granskare, "
                           "kontrollansvarig eller administratör.")
    if not connection.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                      (user,)).first():
        raise InvalidInput(f"Inloggningen {shown(user)} finns inte på servern. IT skapar den "
                           "först (CREATE ROLE … LOGIN).")
    connection.exec_driver_sql("SELECT internkontroll_grant(%s, %s)", (user, chosen))
    return chosen
