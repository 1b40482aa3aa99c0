"""the active cases' mailboxes and searchable mail, kept by triggers

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 02:20:00.000000

The queue filters active cases (a few percent of all) by mailbox and by words of their mail.
Asked of casemailbox and the search index over every message, each active case cost a lookup in
tables that grow with every case ever received. Two tables hold the active cases' share alone,
kept in step by the database whatever writes (ingestion, officers, retention, a script):

- activecasemailbox: (mailbox, case) for every casemailbox row of an active case.
- active_message_fts: the search document of every message of an active case, with its case;
  SQLite: an FTS5 table holding its own copy of the text (the same tokenizer as message_fts);
  PostgreSQL: a table of the message's stored search vector with a GIN index.

Triggers: a case closing drops its rows, a case reopening copies them back; a message or mailbox
link added, changed or removed follows its case's state.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "('new', 'open', 'waiting')"
_CASE_ACTIVE = f'EXISTS (SELECT 1 FROM "case" WHERE id = {{row}}.case_id AND status IN {ACTIVE})'
_FTS_COLUMNS = "subject, from_name, from_email, text"

_SQLITE = [
    f"""CREATE VIRTUAL TABLE active_message_fts USING fts5(
        {_FTS_COLUMNS}, case_id UNINDEXED, tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER active_case_closes AFTER UPDATE OF status ON "case"
        WHEN old.status IN {ACTIVE} AND new.status NOT IN {ACTIVE} BEGIN
        DELETE FROM activecasemailbox WHERE case_id = new.id;
        DELETE FROM active_message_fts WHERE rowid IN
            (SELECT id FROM message WHERE case_id = new.id); END""",
    f"""CREATE TRIGGER active_case_reopens AFTER UPDATE OF status ON "case"
        WHEN old.status NOT IN {ACTIVE} AND new.status IN {ACTIVE} BEGIN
        INSERT OR IGNORE INTO activecasemailbox(mailbox_id, case_id)
            SELECT mailbox_id, case_id FROM casemailbox WHERE case_id = new.id;
        DELETE FROM active_message_fts WHERE rowid IN
            (SELECT id FROM message WHERE case_id = new.id);
        INSERT INTO active_message_fts(rowid, {_FTS_COLUMNS}, case_id)
            SELECT id, {_FTS_COLUMNS}, case_id FROM message WHERE case_id = new.id; END""",
    """CREATE TRIGGER active_case_deleted AFTER DELETE ON "case" BEGIN
        DELETE FROM activecasemailbox WHERE case_id = old.id; END""",
    f"""CREATE TRIGGER active_casemailbox_insert AFTER INSERT ON casemailbox
        WHEN {_CASE_ACTIVE.format(row="new")} BEGIN
        INSERT OR IGNORE INTO activecasemailbox(mailbox_id, case_id)
            VALUES (new.mailbox_id, new.case_id); END""",
    """CREATE TRIGGER active_casemailbox_delete AFTER DELETE ON casemailbox BEGIN
        DELETE FROM activecasemailbox
            WHERE mailbox_id = old.mailbox_id AND case_id = old.case_id; END""",
    f"""CREATE TRIGGER active_casemailbox_update AFTER UPDATE ON casemailbox BEGIN
        DELETE FROM activecasemailbox
            WHERE mailbox_id = old.mailbox_id AND case_id = old.case_id;
        INSERT OR IGNORE INTO activecasemailbox(mailbox_id, case_id)
            SELECT new.mailbox_id, new.case_id WHERE {_CASE_ACTIVE.format(row="new")}; END""",
    f"""CREATE TRIGGER active_message_insert AFTER INSERT ON message
        WHEN {_CASE_ACTIVE.format(row="new")} BEGIN
        INSERT INTO active_message_fts(rowid, {_FTS_COLUMNS}, case_id)
            VALUES (new.id, new.subject, new.from_name, new.from_email, new.text, new.case_id);
        END""",
    """CREATE TRIGGER active_message_delete AFTER DELETE ON message BEGIN
        DELETE FROM active_message_fts WHERE rowid = old.id; END""",
    f"""CREATE TRIGGER active_message_update
        AFTER UPDATE OF {_FTS_COLUMNS}, case_id ON message BEGIN
        DELETE FROM active_message_fts WHERE rowid = old.id;
        INSERT INTO active_message_fts(rowid, {_FTS_COLUMNS}, case_id)
            SELECT new.id, new.subject, new.from_name, new.from_email, new.text, new.case_id
            WHERE {_CASE_ACTIVE.format(row="new")}; END""",
    f"""INSERT INTO active_message_fts(rowid, {_FTS_COLUMNS}, case_id)
        SELECT m.id, m.subject, m.from_name, m.from_email, m.text, m.case_id
        FROM message m JOIN "case" c ON c.id = m.case_id WHERE c.status IN {ACTIVE}""",
]
_SQLITE_TRIGGERS = [
    "active_case_closes",
    "active_case_reopens",
    "active_case_deleted",
    "active_casemailbox_insert",
    "active_casemailbox_delete",
    "active_casemailbox_update",
    "active_message_insert",
    "active_message_delete",
    "active_message_update",
]

_POSTGRES = [
    """CREATE TABLE active_message_fts (
        message_id integer PRIMARY KEY, case_id integer NOT NULL, search tsvector NOT NULL)""",
    "CREATE INDEX ix_active_message_fts_search ON active_message_fts USING gin (search)",
    "CREATE INDEX ix_active_message_fts_case ON active_message_fts (case_id)",
    f"""CREATE FUNCTION active_case_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM activecasemailbox WHERE case_id = OLD.id;
            DELETE FROM active_message_fts WHERE case_id = OLD.id;
            RETURN NULL;
        END IF;
        IF OLD.status IN {ACTIVE} AND NEW.status NOT IN {ACTIVE} THEN
            DELETE FROM activecasemailbox WHERE case_id = NEW.id;
            DELETE FROM active_message_fts WHERE case_id = NEW.id;
        ELSIF OLD.status NOT IN {ACTIVE} AND NEW.status IN {ACTIVE} THEN
            INSERT INTO activecasemailbox (mailbox_id, case_id)
                SELECT mailbox_id, case_id FROM casemailbox WHERE case_id = NEW.id
                ON CONFLICT DO NOTHING;
            INSERT INTO active_message_fts (message_id, case_id, search)
                SELECT id, case_id, search FROM message WHERE case_id = NEW.id
                ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER active_case_changed AFTER UPDATE OF status OR DELETE ON "case"
        FOR EACH ROW EXECUTE FUNCTION active_case_changed()""",
    f"""CREATE FUNCTION active_casemailbox_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM activecasemailbox
                WHERE mailbox_id = OLD.mailbox_id AND case_id = OLD.case_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND {_CASE_ACTIVE.format(row="NEW")} THEN
            INSERT INTO activecasemailbox (mailbox_id, case_id)
                VALUES (NEW.mailbox_id, NEW.case_id) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER active_casemailbox_changed AFTER INSERT OR UPDATE OR DELETE ON casemailbox
        FOR EACH ROW EXECUTE FUNCTION active_casemailbox_changed()""",
    f"""CREATE FUNCTION active_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            DELETE FROM active_message_fts WHERE message_id = OLD.id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND {_CASE_ACTIVE.format(row="NEW")} THEN
            INSERT INTO active_message_fts (message_id, case_id, search)
                VALUES (NEW.id, NEW.case_id, NEW.search) ON CONFLICT DO NOTHING;
        END IF;
        RETURN NULL;
    END $$""",
    f"""CREATE TRIGGER active_message_changed
        AFTER INSERT OR DELETE OR UPDATE OF {_FTS_COLUMNS}, case_id ON message
        FOR EACH ROW EXECUTE FUNCTION active_message_changed()""",
    f"""INSERT INTO active_message_fts (message_id, case_id, search)
        SELECT m.id, m.case_id, m.search FROM message m JOIN "case" c ON c.id = m.case_id
        WHERE c.status IN {ACTIVE}""",
]


def upgrade() -> None:
    op.create_table(
        "activecasemailbox",
        sa.Column("mailbox_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("mailbox_id", "case_id"),
    )
    op.create_index("ix_activecasemailbox_case_id", "activecasemailbox", ["case_id"])
    op.execute(
        f"""INSERT INTO activecasemailbox (mailbox_id, case_id)
        SELECT l.mailbox_id, l.case_id FROM casemailbox l JOIN "case" c ON c.id = l.case_id
        WHERE c.status IN {ACTIVE}"""
    )
    for statement in _SQLITE if op.get_bind().dialect.name == "sqlite" else _POSTGRES:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute('DROP TRIGGER IF EXISTS active_case_changed ON "case"')
        op.execute("DROP TRIGGER IF EXISTS active_casemailbox_changed ON casemailbox")
        op.execute("DROP TRIGGER IF EXISTS active_message_changed ON message")
        for name in ("active_case_changed", "active_casemailbox_changed", "active_message_changed"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP TABLE IF EXISTS active_message_fts")
    op.drop_index("ix_activecasemailbox_case_id", table_name="activecasemailbox")
    op.drop_table("activecasemailbox")
