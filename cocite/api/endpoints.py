"""The API's own routers: the objects of the apps on main, read through their queries.py getters
(the visibility the site applies) and written through their actions (the same checks and limits)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router
from ninja.params.functions import Query

from cocite.contributions import actions as contribution_actions
from cocite.contributions import queries as contribution_queries
from cocite.contributions.models import Contribution
from cocite.core.errors import ActionError, PermissionDenied
from cocite.core.params import MAX_ID
from cocite.debate import actions as debate_actions
from cocite.debate import queries as debate_queries
from cocite.debate.models import Comment
from cocite.decisions import actions as decision_actions
from cocite.decisions import queries as decision_queries
from cocite.demarches import queries as demarche_queries
from cocite.items.queries import item_get_for
from cocite.opinions import queries as opinion_queries
from cocite.results import queries as result_queries
from cocite.territory import queries as territory_queries

from . import schemas, serialise
from .auth import TokenAuth, reader, request_token
from .models import ApiToken, Scope
from .permissions import can_write

NO_NUL = r"^[^\x00]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"
Pk = Annotated[int, Path(ge=1, le=MAX_ID)]
Slug = Annotated[str, Path(max_length=80, pattern=SLUG)]
PageNumber = Annotated[int, Query(ge=1, le=100_000)]


def _text(max_length: int) -> Any:
    return Query("", max_length=max_length, pattern=NO_NUL)


def _filter(max_length: int = 100) -> Any:
    return Query("", max_length=max_length, pattern=r"^[-a-zA-Z0-9_]*$")


ERRORS: dict[int, type[schemas.Problem]] = {
    400: schemas.Problem,
    403: schemas.Problem,
    404: schemas.Problem,
    422: schemas.Problem,
    429: schemas.Problem,
}

router = Router()


def _numbered(page: Any, items: list[dict[str, Any]]) -> dict[str, Any]:
    return {"page": page.number, "pages": page.paginator.num_pages, "count": page.paginator.count, "items": items}


# --- territory -----------------------------------------------------------------------------------


@router.get(
    "/themes", tags=["Lecture"], response={200: list[schemas.ThemeOut], **ERRORS}, summary="Thèmes de la commune"
)
def theme_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [serialise.theme(t) for t in territory_queries.theme_list()]


@router.get("/quartiers", tags=["Lecture"], response={200: list[schemas.QuartierOut], **ERRORS}, summary="Quartiers")
def quartier_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [serialise.quartier(q) for q in territory_queries.quartier_list()]


# --- démarches ---------------------------------------------------------------------------------


@router.get(
    "/demarches", tags=["Lecture"], response={200: schemas.DemarcheList, **ERRORS}, summary="Démarches visibles"
)
def demarche_list(request: HttpRequest) -> dict[str, Any]:
    demarches = demarche_queries.demarche_list_for(reader(request))
    return {"items": [serialise.demarche(d) for d in demarches]}


@router.get(
    "/demarches/{slug}", tags=["Lecture"], response={200: schemas.DemarcheDetailOut, **ERRORS}, summary="Une démarche"
)
def demarche_detail(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    demarche = demarche_queries.demarche_get_for(reader(request), slug)
    return serialise.demarche_detail(demarche, demarche_queries.rules_in_force_for(demarche))


@router.get(
    "/demarches/{slug}/contributions",
    tags=["Lecture"],
    response={200: schemas.ContributionPageOut, **ERRORS},
    summary="Contributions d'une démarche (filtres, recherche, pagination par curseur)",
)
def contribution_list(
    request: HttpRequest,
    slug: Slug,
    kind: str = _filter(),
    theme: str = _filter(),
    quartier: str = _filter(),
    status: str = _filter(),
    channel: str = _filter(),
    q: str = _text(200),
    sort: str = Query("recentes", pattern=r"^(recentes|soutenues|debattues)$"),
    after: str = Query("", max_length=200, pattern=r"^[-A-Za-z0-9_=]*$"),
    before: str = Query("", max_length=200, pattern=r"^[-A-Za-z0-9_=]*$"),
) -> dict[str, Any]:
    demarche = demarche_queries.demarche_get_for(reader(request), slug)
    filters = contribution_queries.ContributionFilters(
        kind=kind, theme=theme, quartier=quartier, status=status, channel=channel, q=q, sort=sort
    )
    page = contribution_queries.contribution_page(demarche=demarche, filters=filters, after=after, before=before)
    return {
        "items": [serialise.contribution(c, demarche.slug) for c in page.items],
        "total": page.total,
        "next_cursor": page.next_cursor,
        "previous_cursor": page.previous_cursor,
    }


@router.get(
    "/demarches/{slug}/opinion-groups",
    tags=["Lecture"],
    response={200: schemas.OpinionGroupsOut, **ERRORS},
    summary="Groupes d'opinion (cartographie des avis) d'une démarche",
)
def opinion_groups(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    demarche, _config = opinion_queries.demarche_with_component_get_for(reader(request), slug)
    conversation = opinion_queries.conversation_of(demarche)
    run = opinion_queries.latest_done_run(conversation) if conversation is not None else None
    out: dict[str, Any] = {
        "demarche": demarche.slug,
        "computed_at": None,
        "participants": 0,
        "statements": 0,
        "votes": 0,
        "groups": [],
        "consensus": [],
        "dividing": [],
    }
    if run is None:
        return out
    view = opinion_queries.results_view(run, None)
    plain = serialise.plain
    out.update(
        computed_at=run.finished_at,
        participants=view.n_participants,
        statements=view.n_statements,
        votes=view.n_votes,
        groups=[
            {"index": g.index, "label": g.label, "size": g.size, "representative": plain(g.representative)}
            for g in view.groups
        ],
        consensus=plain(view.consensus),
        dividing=plain(view.dividing),
    )
    return out


# --- contributions and their debate ------------------------------------------------------------


@router.get(
    "/contributions/{pk}",
    tags=["Lecture"],
    response={200: schemas.ContributionOut, **ERRORS},
    summary="Une contribution",
)
def contribution_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    contribution = contribution_queries.contribution_get_for(reader(request), pk)
    return serialise.contribution(contribution, contribution.demarche.slug)


@router.get(
    "/contributions/{pk}/comments",
    tags=["Lecture"],
    response={200: schemas.DebateOut, **ERRORS},
    summary="Commentaires et arguments d'une contribution",
)
def comment_list(
    request: HttpRequest,
    pk: Pk,
    sort: str = Query("chronologique", pattern=r"^(chronologique|recents|utiles)$"),
    after: str = Query("", max_length=200, pattern=r"^[-A-Za-z0-9_=:.]*$"),
) -> dict[str, Any]:
    viewer = reader(request)
    target = debate_queries.target_get_for(viewer, Contribution._meta.label_lower, pk)
    view = debate_queries.debate_view(user=viewer, target=target, sort=sort, after=after, personal=False)
    return {
        "comment_count": view.comment_count,
        "arguments": [{"stance": s.stance, "label": str(s.label), "count": s.count} for s in view.balance.sides],
        "officials": [serialise.comment_node(t.root) for t in view.officials if t.root.visible],
        "threads": [serialise.comment_node(t.root) for t in view.threads if t.root.visible],
        "next_cursor": view.next_cursor,
    }


# --- decisions, the public log, results --------------------------------------------------------


@router.get(
    "/decisions", tags=["Lecture"], response={200: schemas.DecisionPageOut, **ERRORS}, summary="Décisions publiées"
)
def decision_list(
    request: HttpRequest,
    page: PageNumber = 1,
    demarche: str = _filter(80),
    department: str = _filter(150),
    outcome: str = _filter(30),
) -> dict[str, Any]:
    filters = decision_queries.DecisionFilters(department=department, outcome=outcome, demarche=demarche)
    found = decision_queries.decision_page(reader(request), filters, page)
    return _numbered(found, [serialise.decision(d, list(d.items.all())) for d in found.object_list])


@router.get(
    "/decisions/{pk}",
    tags=["Lecture"],
    response={200: schemas.DecisionOut, **ERRORS},
    summary="Une décision, par son numéro",
)
def decision_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    detail = decision_queries.decision_get_for(reader(request), pk)
    return serialise.decision(detail.decision, detail.items)


@router.get("/journal", tags=["Lecture"], response={200: schemas.LogPageOut, **ERRORS}, summary="Journal public chaîné")
def log_list(request: HttpRequest, page: PageNumber = 1) -> dict[str, Any]:
    found = decision_queries.log_page(page, reader(request))
    return _numbered(found, [serialise.log_entry(e) for e in found.object_list])


@router.get(
    "/results", tags=["Lecture"], response={200: schemas.ResultPageOut, **ERRORS}, summary="Résultats et réalisations"
)
def result_list(
    request: HttpRequest,
    page: PageNumber = 1,
    status: str = _filter(20),
    department: str = _filter(150),
    demarche: str = _filter(80),
) -> dict[str, Any]:
    filters = result_queries.ResultFilters(status=status, department=department, demarche=demarche)
    found = result_queries.result_page(reader(request), filters, page)
    return _numbered(found, [serialise.result(r) for r in found.object_list])


@router.get(
    "/results/{pk}",
    tags=["Lecture"],
    response={200: schemas.ResultOut, **ERRORS},
    summary="Un résultat, par son numéro",
)
def result_detail(request: HttpRequest, pk: Pk) -> dict[str, Any]:
    detail = result_queries.result_get_for(reader(request), pk)
    return serialise.result(detail.result)


# --- writes (tokens) -------------------------------------------------------------------------------


def _token(request: HttpRequest, scope: str) -> ApiToken:
    token = request_token(request)
    if token is None or not can_write(token, scope):
        raise PermissionDenied(scope_refusal(scope), code="scope_missing")
    return token


def scope_refusal(scope: str) -> str:
    return _("Ce jeton n'a pas le droit « %(scope)s ».") % {"scope": scope}


WRITE_ERRORS: dict[int, type[schemas.Problem]] = {**ERRORS, 401: schemas.Problem, 409: schemas.Problem}


@router.post(
    "/contributions/{pk}/support",
    auth=TokenAuth(),
    tags=["Écriture"],
    response={200: schemas.SupportOut, **WRITE_ERRORS},
    summary="Soutenir (ou ne plus soutenir) une contribution — droit « support »",
)
def contribution_support(request: HttpRequest, pk: Pk, payload: schemas.SupportIn) -> dict[str, Any]:
    token = _token(request, Scope.SUPPORT)
    contribution = contribution_queries.contribution_get_for(token.user, pk, for_display=False)
    supported, count = contribution_actions.support_set(
        user=token.user, contribution=contribution, supported=payload.supported, just_loaded=True
    )
    return {"supported": supported, "support_count": count}


@router.post(
    "/contributions/{pk}/comments",
    auth=TokenAuth(),
    tags=["Écriture"],
    response={201: schemas.CommentOut, **WRITE_ERRORS},
    summary="Commenter une contribution, ou répondre à un commentaire — droit « comment »",
)
def comment_create(request: HttpRequest, pk: Pk, payload: schemas.CommentIn) -> tuple[int, dict[str, Any]]:
    token = _token(request, Scope.COMMENT)
    target = debate_queries.target_get_for(token.user, Contribution._meta.label_lower, pk)
    parent = None
    if payload.parent is not None:
        # Another debate's comment is refused by the action (parent_mismatch).
        parent, _parent_target = debate_queries.comment_get_for(token.user, payload.parent)
    comment = debate_actions.comment_post(
        author=token.user, body=payload.body, stance=payload.stance, target=target.obj, parent=parent
    )
    node = debate_queries.Node(
        comment=Comment.objects.select_related("author", "department").get(pk=comment.pk), level=3
    )
    return 201, serialise.comment_node(node)


@router.post(
    "/demarches/{slug}/contributions",
    auth=TokenAuth(),
    tags=["Écriture"],
    response={201: schemas.ContributionOut, **WRITE_ERRORS},
    summary="Déposer une contribution — droit « contribute »",
)
def contribution_create(
    request: HttpRequest, slug: Slug, payload: schemas.ContributionIn
) -> tuple[int, dict[str, Any]]:
    token = _token(request, Scope.CONTRIBUTE)
    demarche = demarche_queries.demarche_get_for(token.user, slug)
    by_slug = {t.slug: t for t in territory_queries.theme_list()}
    themes = [by_slug[s] for s in dict.fromkeys(payload.themes) if s in by_slug]
    if len(themes) != len(set(payload.themes)):
        raise ActionError(_("Un des thèmes indiqués n'existe pas."), code="theme_unknown", field="themes")
    quartier = None
    if payload.quartier:
        quartier = next((q for q in territory_queries.quartier_list() if q.slug == payload.quartier), None)
        if quartier is None:
            raise ActionError(_("Ce quartier n'existe pas."), code="quartier_unknown", field="quartier")
    contribution = contribution_actions.contribution_submit(
        author=token.user,
        demarche=demarche,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        themes=themes,
        quartier=quartier,
        latitude=payload.latitude,
        longitude=payload.longitude,
    )
    shown = contribution_queries.contribution_get_for(token.user, contribution.pk)
    return 201, serialise.contribution(shown, demarche.slug)


@router.post(
    "/contributions/{pk}/routing",
    auth=TokenAuth(),
    tags=["Écriture"],
    response={200: schemas.RoutingOut, **WRITE_ERRORS},
    summary="Réorienter une contribution vers un service — jeton d'application, droit « route »",
)
def contribution_route(request: HttpRequest, pk: Pk, payload: schemas.RoutingIn) -> dict[str, Any]:
    token = _token(request, Scope.ROUTE)
    item = item_get_for(token.user, "contributions", pk)
    department = decision_queries.department_get(payload.department)
    routing = decision_actions.routing_reassign(
        actor=token.user, item=item, department=department, reason=payload.reason
    )
    return {"contribution": pk, "department": department.slug, "routed_at": routing.routed_at}
