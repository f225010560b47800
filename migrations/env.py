import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name:
    # Keep the application's loggers (tests capture them).
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url",
    target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"),
)

# Search tables are built by hand-written migrations (SQLite FTS5 virtual
# tables and their triggers); the models do not describe them.
UNMODELLED_TABLE_PREFIXES = ("ideas_fts",)
# Expression indexes Alembic cannot compare; each has its own behaviour test.
# ix_ideas_search_vector indexes ideas.search_vector, which the models omit.
EXPRESSION_INDEXES = {
    "uq_users_email_lower", "ix_ideas_search", "ix_ideas_search_vector", "ix_ideas_list_combined",
}


def include_object(obj, name, type_, reflected, compare_to):
    if type_ == "table" and name and name.startswith(UNMODELLED_TABLE_PREFIXES):
        return False
    if type_ == "index" and name in EXPRESSION_INDEXES:
        return False
    # PostgreSQL's generated tsvector for search (migration 0002).
    if type_ == "column" and name == "search_vector":
        return False
    return True


def run_migrations_offline():
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
        include_object=include_object,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False):
            script = directives[0]
            if script.upgrade_ops.is_empty():
                directives[:] = []
                logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    conf_args["include_object"] = include_object
    conf_args["compare_type"] = True

    with target_db.engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
