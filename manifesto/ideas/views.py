"""Ideas: the browse/search list, the submission form with its duplicate
check, the idea page and editing."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from manifesto import permissions
from manifesto.extensions import db, limiter
from manifesto.ideas.forms import IdeaFiltersForm, IdeaForm
from manifesto.ideas.models import SCOPES, TITLE_MAX, Idea
from manifesto.ideas.queries import DEFAULT_SORT, IdeaFilters, browse_ideas, shuffle_seed, similar_ideas
from manifesto.ideas.search import search_terms
from manifesto.ideas.services import IdeaError, create_idea, update_idea
from manifesto.moderation import queries as moderation_queries
from manifesto.moderation.limits import account_key
from manifesto.panel.public_queries import idea_outcome
from manifesto.permissions import public, signed_in
from manifesto.rounds.models import Round
from manifesto.supports.services import has_supported, supported_idea_ids
from manifesto.workshops.queries import backing_of, idea_workshops, workshops_by_id

blueprint = Blueprint("ideas", __name__)

SHUFFLE_SEED_KEY = "ideas_shuffle_seed"
MAX_PAGE = 100_000
SIMILAR_LIMIT = 5


def _round_or_404(slug: str) -> Round:
    round_ = permissions.require_found(
        db.session.scalar(
            select(Round).where(Round.slug == slug).options(selectinload(Round.themes))
        )
    )
    permissions.require(current_user, "round.view", round_)
    return round_


def _idea_or_404(idea_id: int) -> Idea:
    return permissions.require_found(
        db.session.scalar(
            select(Idea)
            .where(Idea.id == idea_id)
            .options(
                joinedload(Idea.round),
                joinedload(Idea.author),
                joinedload(Idea.workshop),
                selectinload(Idea.themes),
            )
        )
    )


# --- browse and search --------------------------------------------------------

def _chosen_sort(form: IdeaFiltersForm) -> str:
    """The sort asked for; "best match" by default when searching.

    A new search typed into the form (its text differs from the search the
    page showed) switches to best match unless the person also changed the
    sort, so relevance is what they get without having to ask for it.
    """
    has_terms = bool(search_terms(form.q.data))
    default = "relevance" if has_terms else DEFAULT_SORT
    sort = request.args.get("sort") or default
    if sort == "relevance" and not has_terms:
        return DEFAULT_SORT
    shown_search = request.args.get("shown_q")
    if has_terms and shown_search is not None and shown_search != form.q.data \
            and sort == request.args.get("shown_sort"):
        return "relevance"
    return sort


def _shuffle_seed() -> int:
    seed = session.get(SHUFFLE_SEED_KEY)
    if not isinstance(seed, int):
        seed = shuffle_seed()
        session[SHUFFLE_SEED_KEY] = seed
    return seed


def _supported_ids(ideas: list[Idea]) -> set[int]:
    if not current_user.is_authenticated or not ideas:
        return set()
    return supported_idea_ids(current_user, [idea.id for idea in ideas])


@blueprint.route("/rounds/<slug>/ideas/")
@public
def index(slug: str):
    round_ = _round_or_404(slug)
    form = IdeaFiltersForm(round_, request.args)
    filters = IdeaFilters(
        q=form.q.data or "",
        sort=_chosen_sort(form),
        theme_id=form.theme_id(),
        scope=form.scope.data or None,
        source=form.source.data or None,
        nation=form.nation.data or None,
    )
    page_number = min(max(request.args.get("page", 1, type=int), 1), MAX_PAGE)
    seed = _shuffle_seed() if filters.cleaned().sort == "random" else 1
    page = browse_ideas(round_.id, filters, page=page_number,
                        per_page=current_app.config["IDEAS_PER_PAGE"], seed=seed)
    form.sort.data = page.filters.sort  # what was applied, unknown values replaced
    # The query string for page links: the filters as applied, without the
    # form's bookkeeping fields.
    link_args = {
        key: value for key, value in {
            "q": page.filters.q, "sort": page.filters.sort,
            "theme": page.filters.theme_id, "scope": page.filters.scope,
            "source": page.filters.source, "nation": page.filters.nation,
        }.items() if value
    }
    return render_template(
        "ideas/index.html",
        round=round_,
        form=form,
        page=page,
        link_args=link_args,
        filtering=bool(page.filters.q or page.filters.theme_id or page.filters.scope
                       or page.filters.source or page.filters.nation),
        supported_ids=_supported_ids(page.items),
    )


@blueprint.route("/rounds/<slug>/ideas/similar")
@public
def similar(slug: str):
    """A fragment listing ideas like the title being typed (for ideas.js)."""
    round_ = _round_or_404(slug)
    title = (request.args.get("title") or "")[:TITLE_MAX]
    ideas = similar_ideas(round_.id, title, limit=SIMILAR_LIMIT)
    response = current_app.make_response(render_template("ideas/_similar.html", similar=ideas))
    response.headers["Cache-Control"] = "no-store"
    return response


# --- submit ---------------------------------------------------------------------

def _apply_service_errors(form: IdeaForm, error: IdeaError) -> None:
    for name, message in error.errors.items():
        field = form.themes if name == "theme_ids" else getattr(form, name, None)
        if field is None:
            form.form_errors.append(message)
        else:
            field.errors = list(field.errors) + [message]


@blueprint.route("/rounds/<slug>/ideas/new", methods=["GET", "POST"])
@signed_in
@limiter.limit(lambda: current_app.config["POSTING_RATE_LIMIT"], methods=["POST"])
@limiter.limit(lambda: current_app.config["ACCOUNT_POSTING_RATE_LIMIT"], methods=["POST"],
               key_func=account_key)
def new(slug: str):
    round_ = _round_or_404(slug)
    if request.method == "GET":
        closed = permissions.reason_refused(current_user, "idea.create", round_)
        if closed is not None:
            return render_template("ideas/closed.html", round=round_, reason=closed)
    permissions.require(current_user, "idea.create", round_)
    form = IdeaForm(round_)
    going_back = "edit" in request.form
    if request.method == "POST" and not going_back and form.validate() \
            and not form.caught_by_honeypot():
        if not form.confirmed.data:
            similar = similar_ideas(round_.id, form.title.data, limit=SIMILAR_LIMIT)
            if similar:
                return render_template("ideas/review.html", round=round_, form=form,
                                       similar=similar, scope_label=SCOPES[form.scope.data])
        try:
            idea = create_idea(current_user, round_, **form.idea_fields())
        except IdeaError as error:
            _apply_service_errors(form, error)
        else:
            flash("Your idea has been published", "success")
            return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_template("ideas/new.html", round=round_, form=form, title_max=TITLE_MAX,
                           similar_url=url_for("ideas.similar", slug=round_.slug))


# --- read and edit -------------------------------------------------------------

@blueprint.route("/ideas/<int:idea_id>")
@public
def show(idea_id: int):
    idea = _idea_or_404(idea_id)
    if idea.status == "merged" and idea.merged_into_id is not None:
        # Its supporters, dots and comments are on the idea it was merged into.
        permissions.require(current_user, "round.view", idea.round)
        return redirect(url_for("ideas.show", idea_id=idea.merged_into_id, merged_from=idea.id))
    if idea.status == "hidden" and not permissions.can(current_user, "idea.view", idea):
        # 410: gone from public view (search engines drop it), yet whoever
        # follows an old link reads why. Not cached: a restore shows at once.
        permissions.require(current_user, "round.view", idea.round)
        return render_template("moderation/hidden_idea.html", idea=idea, round=idea.round), 410
    permissions.require(current_user, "idea.view", idea)
    supported = has_supported(current_user, idea)
    comments = moderation_queries.comment_thread(idea)
    # The workshops credited with comments, in one query: held here, they
    # are in the session, so each ``comment.workshop`` is found without SQL.
    credited = workshops_by_id(
        c.workshop_id for top in comments for c in (top, *top.replies)
    )
    backed_by = idea_workshops(idea.id)
    merges = moderation_queries.merges_into(idea)
    merged_from = request.args.get("merged_from", type=int)
    return render_template("ideas/show.html", idea=idea, round=idea.round,
                           comments=comments, supported=supported, backed_by=backed_by,
                           backing=backing_of(backed_by), credited_workshops=credited,
                           merges=merges,
                           merged_notice=next((m.source for m in merges if m.source_id == merged_from), None),
                           reported=moderation_queries.reported_keys(current_user, idea, comments),
                           outcome=idea_outcome(current_user, idea))


@blueprint.route("/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@signed_in
def edit(idea_id: int):
    idea = _idea_or_404(idea_id)
    permissions.require(current_user, "idea.edit", idea)
    form = IdeaForm(idea.round, data={
        "title": idea.title, "problem": idea.problem, "proposal": idea.proposal,
        "impact": idea.impact, "who_should_act": idea.who_should_act, "scope": idea.scope,
        "themes": [theme.id for theme in idea.themes],
    })
    if form.validate_on_submit():
        try:
            update_idea(current_user, idea, **form.idea_fields())
        except IdeaError as error:
            _apply_service_errors(form, error)
        else:
            flash("Your changes have been saved", "success")
            return redirect(url_for("ideas.show", idea_id=idea.id))
    return render_template("ideas/edit.html", round=idea.round, idea=idea, form=form,
                           title_max=TITLE_MAX)
