"""Templating helpers, the sign-in loader and error pages."""

from __future__ import annotations

import logging

from urllib.parse import urlsplit

from flask import Flask, jsonify, redirect, render_template, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from manifesto import permissions, text, timeutil
from manifesto.security import safe_next
from manifesto.extensions import db, login_manager

log = logging.getLogger(__name__)

# Characters escaped in every JSON response: the values decode unchanged, but
# user text can never appear as markup, even if a browser sniffs the body as
# HTML or a page embeds the JSON.
_JSON_HTML_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"}


class HtmlSafeJSONProvider(DefaultJSONProvider):
    """JSON with <, >, & and ' escaped (they only ever occur inside strings)."""

    def dumps(self, obj, **kwargs) -> str:
        text = super().dumps(obj, **kwargs)
        for character, escaped in _JSON_HTML_ESCAPES.items():
            text = text.replace(character, escaped)
        return text


@login_manager.user_loader
def load_user(user_id: str):
    from manifesto.accounts.models import User

    identifier, _, token = user_id.partition(":")
    if not identifier.isdigit() or not token:
        return None
    user = db.session.get(User, int(identifier))
    if user is None or user.session_token != token:
        return None  # revoked: password changed or signed out everywhere
    if user.blocked_at is not None:
        return None
    return user


def _sign_in_return_path() -> str:
    """Where signing in should lead back to: this page for a GET; for a refused
    POST (which cannot be repeated by a link), the local page it came from."""
    if request.method == "GET":
        return request.full_path.rstrip("?")
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and referrer.path:
        local = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return safe_next(local, "/")
    return "/"


def _error_page(status: int, title: str, message: str):
    if permissions.wants_json():
        return jsonify({"error": title, "message": message, "status": status}), status
    return render_template(
        "errors/error.html", status=status, title=title, message=message,
        sign_in_next=_sign_in_return_path(),
    ), status


def _permission_denied(error: permissions.PermissionDenied):
    if error.needs_login and not current_user.is_authenticated and request.method == "GET" \
            and not permissions.wants_json():
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    status = 401 if error.needs_login and not current_user.is_authenticated else 403
    title = "Please sign in" if status == 401 else "Not allowed"
    return _error_page(status, title, error.reason)


def _http_error(error: HTTPException):
    messages = {
        400: ("Bad request", "The request could not be understood."),
        403: ("Not allowed", "You do not have permission to do that."),
        404: ("Page not found", "There is no page at this address. Check it, or start from the home page."),
        405: ("Not allowed", "That action is not available at this address."),
        413: ("Too large", "What you sent is larger than this site accepts."),
        429: ("Too many requests", "You have done that too often. Please wait a little and try again."),
    }
    title, message = messages.get(error.code or 500, (error.name, error.description or ""))
    if error.code == 403 and error.description and "permission" not in error.description:
        message = error.description
    return _error_page(error.code or 500, title, message)


def _csrf_error(error: CSRFError):
    return _error_page(
        400,
        "Form expired",
        "This form has expired or was not sent from this site. Go back, reload the page and try again.",
    )


def _server_error(error: Exception):
    log.exception("Unhandled error", exc_info=error)
    db.session.rollback()
    return _error_page(500, "Something went wrong", "Sorry, something went wrong on our side. Please try again.")


def init_app(app: Flask) -> None:
    app.json = HtmlSafeJSONProvider(app)
    app.jinja_env.filters["usertext"] = text.render_text
    app.jinja_env.filters["excerpt"] = text.excerpt
    app.jinja_env.filters["uk_datetime"] = timeutil.format_uk
    app.jinja_env.filters["uk_date"] = timeutil.format_uk_date
    app.jinja_env.globals["can"] = permissions.template_can
    app.jinja_env.globals["site_name"] = app.config["SITE_NAME"]
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.register_error_handler(permissions.PermissionDenied, _permission_denied)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    if not app.testing:
        app.register_error_handler(Exception, _server_error)
