"""Manifesto: crowdsource, refine, publish and track open-government commitments."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from manifesto import config as config_module


def create_app(config: object | dict | None = None) -> Flask:
    root = Path(__file__).resolve().parent.parent
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(root / "templates"),
        static_folder=str(root / "static"),
    )

    # Configuration: defaults, instance/config.py, environment, then the caller's.
    app.config.from_object(config_module.DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    config_module.from_environment(app.config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
        config_module.from_environment_test_overrides(app.config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            "sqlite:///" + os.path.join(app.instance_path, "manifesto.db")
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = config_module.normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = config_module.ensure_secret_key(app.instance_path)

    # Extensions.
    from manifesto import models  # noqa: F401  (registers every model)
    from manifesto import page_cache, security, web
    from manifesto.extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db, directory=str(root / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    page_cache.init_app(app)
    security.init_app(app)
    web.init_app(app)

    # Blueprints.
    from manifesto.accounts.views import blueprint as accounts
    from manifesto.api.views import blueprint as api
    from manifesto.comments.views import blueprint as comments
    from manifesto.ideas.views import blueprint as ideas
    from manifesto.moderation.views import blueprint as moderation
    from manifesto.rounds.admin_views import blueprint as rounds_admin
    from manifesto.rounds.views import blueprint as rounds
    from manifesto.supports.views import blueprint as supports
    from manifesto.accounts.admin_views import blueprint as people_admin
    from manifesto.accounts.privacy_views import blueprint as privacy
    from manifesto.audit_views import blueprint as audit_admin
    from manifesto.pages.views import blueprint as pages
    from manifesto.workshops.import_views import blueprint as workshop_imports
    from manifesto.workshops.public_views import blueprint as workshops_public
    from manifesto.workshops.views import blueprint as workshops
    from manifesto.panel.admin_views import blueprint as panel_admin
    from manifesto.panel.assessment_views import blueprint as panel_assess
    from manifesto.panel.shortlist_views import blueprint as shortlist
    from manifesto.panel.public_views import blueprint as manifesto_public
    from manifesto.exports.views import blueprint as exports
    from manifesto.parties.views import blueprint as parties
    from manifesto.exports.restricted_views import blueprint as restricted_exports

    for blueprint in (accounts, rounds, rounds_admin, people_admin, ideas, comments, supports,
                      workshops, workshops_public, workshop_imports, privacy, audit_admin,
                      pages, moderation, panel_admin, panel_assess, shortlist, manifesto_public,
                      exports, parties, api):
        app.register_blueprint(blueprint)
    app.register_blueprint(restricted_exports)
    csrf.exempt(api)  # read-only GET endpoints

    from manifesto.cli import register_commands

    register_commands(app)
    return app
