"""A participant's own data: see it, download it, manage consent, delete the account.

Every page here is about the signed-in person only: no URL names an account.
"""

from __future__ import annotations

from datetime import date

from flask import (Blueprint, Response, current_app, flash, redirect, render_template, session,
                   url_for)
from flask_login import current_user, logout_user

from manifesto import page_cache
from manifesto.accounts import privacy, privacy_export
from manifesto.accounts.privacy_forms import REMOVE, ConsentForm, DeleteAccountForm
from manifesto.extensions import limiter
from manifesto.permissions import public, signed_in

blueprint = Blueprint("privacy", __name__, url_prefix="/account/privacy")
ERASED_KEY = "privacy.erased"


def _me():
    return current_user._get_current_object()


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    site = current_app.config["SITE_NAME"].lower().replace(" ", "-")
    filename = f"{site}-your-data-{date.today().isoformat()}.{extension}"
    return Response(body, mimetype=mimetype, headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store",
    })


@blueprint.route("")
@signed_in
def overview():
    user = _me()
    return render_template("accounts/privacy/overview.html", user=user,
                           summary=privacy_export.summary(user),
                           consent=privacy.consent_state(user),
                           refusal=privacy.erasure_refusal(user))


@blueprint.route("/export.json")
@signed_in
def export_json():
    body = privacy_export.as_json(_me(), current_app.config["SITE_NAME"])
    return _download(body, "application/json", "json")


@blueprint.route("/export.zip")
@signed_in
def export_zip():
    body = privacy_export.as_zip(_me(), current_app.config["SITE_NAME"])
    return _download(body, "application/zip", "zip")


@blueprint.route("/consent", methods=["GET", "POST"])
@signed_in
def consent():
    form = ConsentForm()
    if form.validate_on_submit():
        give = bool(form.give.data)
        if privacy.set_contact_consent(_me(), give):
            flash("Thank you: we may contact you by email. You can withdraw this at any time."
                  if give else "You have withdrawn your consent: we will not contact you.", "success")
        return redirect(url_for("privacy.overview"))
    return render_template("accounts/privacy/consent.html", form=form,
                           consent=privacy.consent_state(_me()),
                           wording=privacy.consent_wording())


@blueprint.route("/delete", methods=["GET", "POST"])
@signed_in
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def delete():
    user = _me()
    form = DeleteAccountForm()
    refusal = privacy.erasure_refusal(user)
    if refusal is None and form.validate_on_submit():
        if not privacy.password_matches(user, form.current_password.data):
            form.current_password.errors = [*form.current_password.errors,
                                            "Your password is not right."]
        else:
            remove = form.contributions.data == REMOVE
            try:
                privacy.erase_account(user, remove_contributions=remove)
            except privacy.ErasureRefused as refused:  # e.g. the other admin just left
                refusal = refused.message
            else:
                page_cache.clear()  # pages cached for visitors may show their name
                logout_user()
                session[ERASED_KEY] = "removed" if remove else "kept"
                return redirect(url_for("privacy.deleted"))
    return render_template("accounts/privacy/delete.html", form=form, refusal=refusal,
                           summary=dict((part.name, number)
                                        for part, number in privacy_export.summary(user)))


@blueprint.route("/deleted")
@public
def deleted():
    return render_template("accounts/privacy/deleted.html", contributions=session.pop(ERASED_KEY, None))
