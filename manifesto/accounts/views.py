"""Account pages: register, sign in and out, passwords, the account page."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from manifesto.accounts import services, verification
from manifesto.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResetPasswordForm,
)
from manifesto.extensions import limiter
from manifesto.permissions import public, signed_in
from manifesto.security import is_safe_redirect, safe_next

blueprint = Blueprint("accounts", __name__, url_prefix="/account")

WRONG_SIGN_IN = "Email or password is not right."
RESET_SENT = (
    "If an account exists for that address, we have sent a link to reset the password. "
    "If nothing arrives in a few minutes, check your spam folder."
)


def _next_param() -> str | None:
    """The ``next`` address to carry through a form, only when it is on this site."""
    target = request.args.get("next")
    return target if is_safe_redirect(target) else None


def _redirect_next(default_endpoint: str):
    return redirect(safe_next(request.args.get("next"), url_for(default_endpoint)))


def _show_error(form, error: services.AccountError) -> None:
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def _remember_cookie_present() -> bool:
    return bool(request.cookies.get(current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")))


@blueprint.route("/login", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def login():
    if current_user.is_authenticated:
        return _redirect_next("accounts.account")
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except services.AccountBlocked as blocked:
            form.form_errors.append(str(blocked))
            return render_template("accounts/login.html", form=form, next_url=_next_param()), 403
        if user is not None:
            services.record_sign_in(user)
            login_user(user, remember=form.remember.data)
            flash(f"You are signed in as {user.display_name}.", "success")
            return _redirect_next("rounds.home")
        form.form_errors.append(WRONG_SIGN_IN)
    return render_template("accounts/login.html", form=form, next_url=_next_param())


@blueprint.route("/register", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["REGISTER_RATE_LIMIT"], methods=["POST"])
def register():
    if current_user.is_authenticated:
        return _redirect_next("accounts.account")
    form = RegisterForm()
    if form.validate_on_submit() and not form.caught_by_honeypot():
        try:
            user = services.register(form.email.data, form.display_name.data, form.password.data,
                                     contact_consent=form.contact_consent.data)
        except services.AccountError as error:
            _show_error(form, error)
        else:
            login_user(user)
            if verification.required():
                verification.send_verification(user)
                flash(f"Welcome, {user.display_name}. You are signed in. We have sent a link to "
                      f"{user.email}: open it to confirm your address before you post.", "success")
            else:
                flash(f"Welcome, {user.display_name}. Your account is ready and you are signed in.",
                      "success")
            return _redirect_next("rounds.home")
    return render_template("accounts/register.html", form=form, next_url=_next_param())


@blueprint.route("/verify/<token>")
@public
def verify_email(token: str):
    """Public: the link may be opened in a browser where nobody is signed in."""
    try:
        verification.verify(token)
    except verification.VerificationLinkProblem as problem:
        flash(str(problem), "error")
        return redirect(url_for("accounts.account" if current_user.is_authenticated
                                else "accounts.login"))
    flash("Thank you: your email address is confirmed.", "success")
    return redirect(url_for("rounds.home"))


@blueprint.route("/verify/resend", methods=["POST"])
@signed_in
@limiter.limit(lambda: current_app.config["VERIFICATION_RESEND_RATE_LIMIT"])
def resend_verification():
    if current_user.email_verified_at is not None:
        flash("Your email address is already confirmed.", "success")
    else:
        verification.send_verification(current_user)
        flash(f"We have sent a new confirmation link to {current_user.email}.", "success")
    return redirect(url_for("accounts.account"))


@blueprint.route("/logout", methods=["POST"])
@signed_in
def logout():
    user = current_user._get_current_object()
    logout_user()
    # Rotating the token ends every copy of this login, remember-me cookies included.
    services.rotate_session_token(user)
    flash("You have signed out on this and every other device.", "success")
    return redirect(url_for("rounds.home"))


@blueprint.route("/")
@signed_in
def account():
    return render_template("accounts/account.html", user=current_user)


@blueprint.route("/password", methods=["GET", "POST"])
@signed_in
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        try:
            services.change_password(user, form.current_password.data, form.new_password.data)
        except services.AccountError as error:
            _show_error(form, error)
        else:
            # The new session token ended every login; start this one again.
            login_user(user, remember=_remember_cookie_present())
            flash("Your password has been changed. You have been signed out on other devices.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/change_password.html", form=form)


@blueprint.route("/password/forgot", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["PASSWORD_RESET_RATE_LIMIT"], methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(RESET_SENT, "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@blueprint.route("/password/reset/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str):
    try:
        user = services.user_for_reset_token(token)
    except services.ResetLinkExpired:
        return render_template("accounts/reset_link_problem.html", expired=True), 400
    if user is None:
        return render_template("accounts/reset_link_problem.html", expired=False), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(user, form.new_password.data)
        except services.AccountError as error:
            _show_error(form, error)
        else:
            login_user(user)
            flash("Your password has been changed and you are signed in.", "success")
            return redirect(url_for("accounts.account"))
    return render_template("accounts/reset_password.html", form=form, token=token, user=user)
