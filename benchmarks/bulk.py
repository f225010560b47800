"""Fast writes through the raw DB-API connection: ``executemany`` on SQLite,
``COPY … FROM STDIN`` on PostgreSQL. Rows are streamed, never held in memory."""

from __future__ import annotations

from typing import Any, Iterable

#: Columns of every table the generator fills, in the order rows.py yields them.
COLUMNS = {
    "rounds": ("id", "slug", "title", "introduction", "opens_at", "closes_at", "phase",
               "published_at", "created_at"),
    "themes": ("id", "round_id", "name", "description", "position"),
    "users": ("id", "email", "display_name", "password_hash", "organisation", "region",
              "session_token", "contact_consent_at", "contact_consent_wording", "created_at",
              "last_login_at"),
    "workshops": ("id", "round_id", "title", "held_on", "venue", "town", "nation", "region",
                  "organising_group", "facilitator_name", "attendees", "notes", "owner_id",
                  "created_at", "updated_at"),
    "ideas": ("id", "round_id", "title", "problem", "proposal", "impact", "who_should_act",
              "scope", "source", "author_id", "workshop_id", "status", "merged_into_id",
              "support_count", "comment_count", "dot_count", "created_at", "updated_at"),
    "idea_themes": ("idea_id", "theme_id"),
    "comments": ("id", "idea_id", "author_id", "parent_id", "body", "hidden", "created_at",
                 "edited_at", "deleted_at", "workshop_id"),
    "supports": ("id", "user_id", "idea_id", "created_at"),
    "workshop_tallies": ("workshop_id", "idea_id", "dots", "updated_at"),
    "workshop_tally_changes": ("id", "workshop_id", "idea_id", "old_dots", "new_dots",
                               "changed_by_id", "changed_at", "via", "reason"),
}

#: The aggregate UPDATEs that make the cached counts match the rows.
COUNT_UPDATES = (
    "UPDATE ideas SET support_count = "
    "(SELECT count(*) FROM supports WHERE supports.idea_id = ideas.id)",
    "UPDATE ideas SET comment_count = (SELECT count(*) FROM comments "
    "WHERE comments.idea_id = ideas.id AND NOT comments.hidden AND comments.deleted_at IS NULL)",
    "UPDATE ideas SET dot_count = (SELECT coalesce(sum(dots), 0) FROM workshop_tallies "
    "WHERE workshop_tallies.idea_id = ideas.id)",
)


class BulkLoader:
    """Loads rows into one table at a time inside the caller's transaction."""

    def __init__(self, dbapi_connection: Any, dialect: str):
        if dialect not in ("sqlite", "postgresql"):
            raise NotImplementedError(dialect)
        self.connection = dbapi_connection
        self.dialect = dialect

    def load(self, table: str, rows: Iterable[tuple]) -> None:
        columns = COLUMNS[table]
        cursor = self.connection.cursor()
        try:
            if self.dialect == "sqlite":
                marks = ", ".join("?" for _ in columns)
                cursor.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )
            else:
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
        finally:
            cursor.close()

    def execute(self, sql: str) -> None:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
        finally:
            cursor.close()

    def reset_sequences(self) -> None:
        """PostgreSQL: explicit ids leave the sequences behind; move them on."""
        if self.dialect != "postgresql":
            return
        for table in ("rounds", "themes", "users", "workshops", "ideas", "comments", "supports",
                      "workshop_tally_changes"):
            self.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
