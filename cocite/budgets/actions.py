"""Every write of the participatory budget: rules, projects, ballots, paper entries, counts, results."""

from __future__ import annotations

import datetime
import functools
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cocite.accounts.models import User
from cocite.core import ratelimit
from cocite.core.cache import demarche_scope, invalidate_pages
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.rows import quoted
from cocite.decisions import journal, ledger
from cocite.decisions.models import Decision, LogEntry, Opinion
from cocite.demarches.actions import rule_version_publish
from cocite.demarches.models import Demarche, Rulebook, RuleVersion
from cocite.items.models import Item
from cocite.moderation.sanctions import refuse_if_blocked
from cocite.results.actions import result_create
from cocite.results.models import Result
from cocite.territory.models import Quartier, Theme

from . import counting, queries, signals
from .models import Ballot, BallotChoice, BudgetRules, Count, CountingRule, Envelope, Method, PaperEntry, Project
from .permissions import can_key_paper, can_manage_budget, vote_denial

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or copied by hand


def _receipt() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


@transaction.atomic
def budget_rules_publish(
    *,
    rule_version: RuleVersion,
    total_budget: int,
    method: str,
    counting_rule: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    max_choices: int | None = None,
    points: int | None = None,
    verified_only: bool = True,
    minimum_age: int = 16,
    agents_may_vote: bool = True,
    changeable: bool = True,
    envelopes: Sequence[tuple[Quartier, int]] = (),
) -> BudgetRules:
    """Attach budget rules to a rule version (once: they are as immutable as the version)."""
    if method not in Method.values:
        raise ActionError(_("Choisissez une façon de voter."), code="method_invalid", field="method")
    if counting_rule not in CountingRule.values:
        raise ActionError(_("Choisissez une règle de dépouillement."), code="counting_invalid", field="counting")
    if method == Method.K_APPROVAL and not max_choices:
        raise ActionError(
            _("Indiquez combien de projets un bulletin peut retenir."), code="max_choices", field="max_choices"
        )
    if method == Method.RANKING and not max_choices:
        raise ActionError(
            _("Indiquez combien de projets un bulletin peut classer."), code="max_choices", field="max_choices"
        )
    if method == Method.CUMULATIVE and (points is None or points < 1):
        raise ActionError(
            _("Indiquez combien de points chaque bulletin répartit."), code="points_required", field="points"
        )
    if max_choices is not None and max_choices < 1:
        raise ActionError(_("Le nombre de projets doit être au moins 1."), code="max_choices", field="max_choices")
    if method != Method.CUMULATIVE:
        points = None
    if total_budget <= 0 or closes_at <= opens_at:
        raise ActionError(_("Le budget et les dates du vote ne sont pas valables."), code="rules_invalid")
    if sum(amount for _quartier, amount in envelopes) > total_budget:
        raise ActionError(_("Les enveloppes de quartier dépassent le budget total."), code="envelopes_over")
    if BudgetRules.objects.filter(rule_version=rule_version).exists():
        raise Conflict(_("Cette version des règles a déjà ses règles de vote."), code="rules_exist")
    rules = BudgetRules.objects.create(
        rule_version=rule_version,
        total_budget=total_budget,
        method=method,
        max_choices=max_choices,
        points=points,
        counting=counting_rule,
        verified_only=verified_only,
        minimum_age=minimum_age,
        agents_may_vote=agents_may_vote,
        changeable=changeable,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    for quartier, amount in envelopes:
        Envelope.objects.create(rules=rules, quartier=quartier, amount=amount)
    return rules


@transaction.atomic
def budget_rules_adopt(
    *,
    actor: User,
    demarche: Demarche,
    change_note: str,
    total_budget: int,
    method: str,
    counting_rule: str,
    opens_at: datetime.datetime,
    closes_at: datetime.datetime,
    max_choices: int | None = None,
    points: int | None = None,
    verified_only: bool = True,
    minimum_age: int = 16,
    agents_may_vote: bool = True,
    changeable: bool = True,
) -> BudgetRules:
    """The team sets the vote's rules from the budget's page: a new version of the démarche's
    rulebook (its other terms carried over, in force at once) carrying them, the quartier envelopes
    of the rules it replaces kept. Refused once a ballot is in: a vote is counted under the rules it
    was cast under."""
    if not can_manage_budget(actor, demarche):
        raise PermissionDenied(_("Seule l'équipe de la démarche fixe les règles du vote."), code="forbidden")
    if Ballot.objects.filter(demarche=demarche).exists():
        raise Conflict(
            _("Des bulletins sont déjà déposés : les règles de ce vote ne changent plus."), code="ballots_cast"
        )
    rulebook = Rulebook.objects.filter(demarche=demarche).first()
    current = RuleVersion.objects.filter(rulebook=rulebook).order_by("-number").first() if rulebook else None
    if rulebook is None or current is None:
        raise ActionError(_("Publiez d'abord le règlement de la démarche."), code="no_rulebook")
    note = " ".join((change_note or "").split())
    if not note or len(note) > 500:
        raise ActionError(
            _("Dites en une phrase (500 caractères au plus) ce qui change."), code="change_note", field="change_note"
        )
    previous = queries.rules_for(demarche)
    version = rule_version_publish(
        rulebook=rulebook,
        text=current.text,
        change_note=note,
        who_may_take_part=current.who_may_take_part,
        decider=current.decider,
        what_happens_to_contributions=current.what_happens_to_contributions,
        support_threshold=current.support_threshold,
        answer_deadline_days=current.answer_deadline_days,
        reopen_threshold=current.reopen_threshold,
        reopen_proportion=current.reopen_proportion,
        late_paper_entries=current.late_paper_entries,
        author=actor,
    )
    rules = budget_rules_publish(
        rule_version=version,
        total_budget=total_budget,
        method=method,
        counting_rule=counting_rule,
        opens_at=opens_at,
        closes_at=closes_at,
        max_choices=max_choices,
        points=points,
        verified_only=verified_only,
        minimum_age=minimum_age,
        agents_may_vote=agents_may_vote,
        changeable=changeable,
        envelopes=[(e.quartier, e.amount) for e in queries.envelopes(previous)] if previous else [],
    )
    invalidate_pages()
    return rules


@transaction.atomic
def project_create(
    *,
    actor: User,
    demarche: Demarche,
    title: str,
    description: str,
    items: Sequence[Item],
    cost_opinion: Opinion,
    quartier: Quartier | None = None,
    theme: Theme | None = None,
    image: UploadedFile[Any] | None = None,
    image_alt: str = "",
) -> Project:
    """Turn one or several retained contributions into a project put to the vote; its cost is the
    estimate of a published department opinion on one of them."""
    if not can_manage_budget(actor, demarche):
        raise PermissionDenied(_("Seule l'équipe de la démarche prépare les projets."), code="budget_forbidden")
    title = " ".join((title or "").split())
    if not 5 <= len(title) <= 160:
        raise ActionError(_("Le titre doit compter entre 5 et 160 caractères."), code="title_length", field="title")
    description = (description or "").strip()
    if not description:
        raise ActionError(_("Décrivez le projet."), code="description_required", field="description")
    item_ids = sorted({item.pk for item in items})
    if not item_ids:
        raise ActionError(_("Un projet vient d'au moins une contribution retenue."), code="no_item", field="items")
    retained = set(
        Decision.items.through.objects.filter(
            decision__demarche=demarche,
            decision__outcome__in=queries.FOLLOWED,
            decision__superseded_by__isnull=True,
            item_id__in=item_ids,
        ).values_list("item_id", flat=True)
    )
    if retained != set(item_ids):
        raise ActionError(
            _("Seules les contributions retenues de cette démarche deviennent des projets."),
            code="item_not_retained",
            field="items",
        )
    if (
        cost_opinion.estimated_cost is None
        or cost_opinion.published_at is None
        or cost_opinion.request.item_id not in item_ids
    ):
        raise ActionError(
            _("Le coût vient de l'avis publié d'un service sur l'une de ces contributions."),
            code="cost_opinion_invalid",
            field="cost_opinion",
        )
    cost = int(cost_opinion.estimated_cost.to_integral_value())
    if cost <= 0:
        raise ActionError(_("Le coût estimé doit être positif."), code="cost_invalid", field="cost_opinion")
    if quartier is not None and demarche.quartiers.exists() and not demarche.quartiers.filter(pk=quartier.pk).exists():
        raise ActionError(_("Ce quartier n'est pas concerné par la démarche."), code="quartier_invalid")
    if Project.objects.filter(demarche=demarche, title=title).exists():
        raise Conflict(_("Un projet porte déjà ce titre."), code="title_taken", field="title")
    project = Project.objects.create(
        demarche=demarche,
        title=title,
        description=description[:5000],
        cost=cost,
        cost_opinion=cost_opinion,
        quartier=quartier,
        theme=theme,
        image_alt=(image_alt or "").strip()[:300],
        created_by=actor,
    )
    if image is not None:
        project.image.save(f"projet-{project.pk}.{(image.name or 'img').rsplit('.', 1)[-1][:5]}", image, save=True)
    project.items.set(item_ids)
    invalidate_pages()
    return project


def _valid_choice(terms: queries.VoteTerms, project_ids: Sequence[int]) -> list[int]:
    """The approved projects' ids, checked against the vote's terms (its projects, budget, envelopes)."""
    rules = terms.rules
    assert rules is not None
    found = sorted(set(project_ids))
    if any(pk not in terms.projects for pk in found):
        raise ActionError(_("Un des projets choisis n'existe pas."), code="project_unknown", field="projects")
    if not found:
        raise ActionError(_("Choisissez au moins un projet."), code="empty_ballot", field="projects")
    if rules.method == Method.K_APPROVAL:
        assert rules.max_choices is not None
        if len(found) > rules.max_choices:
            raise ActionError(
                _("Vous pouvez choisir %(n)s projets au plus.") % {"n": rules.max_choices},
                code="too_many",
                field="projects",
            )
    else:
        limits = terms.limits
        rest = rules.total_budget - sum(limits.values())
        spent: dict[int | None, int] = {}
        for pk in found:
            cost, quartier_id = terms.projects[pk]
            part = quartier_id if quartier_id in limits else None
            spent[part] = spent.get(part, 0) + cost
        if any(total > (limits[part] if part is not None else rest) for part, total in spent.items()):
            raise ActionError(
                _("Votre panier dépasse le budget : retirez un projet."), code="over_budget", field="projects"
            )
    return found


def _valid_marks(terms: queries.VoteTerms, marks: Mapping[int, int]) -> list[tuple[int, int]]:
    """A ranking (project -> rank, 1 = preferred) or cumulative points (project -> points): the ids
    of the projects it gives something, with their value. Zero points, or no rank, leaves a project out."""
    rules = terms.rules
    assert rules is not None
    if any(value < 0 for value in marks.values()):
        raise ActionError(_("Un rang ou un nombre de points ne peut pas être négatif."), code="mark_negative")
    given = {pk: value for pk, value in marks.items() if value > 0}
    if any(pk not in terms.projects for pk in given):
        raise ActionError(_("Un des projets choisis n'existe pas."), code="project_unknown", field="projects")
    if not given:
        if rules.method == Method.RANKING:
            raise ActionError(_("Classez au moins un projet."), code="empty_ballot", field="projects")
        raise ActionError(_("Donnez des points à au moins un projet."), code="empty_ballot", field="projects")
    if rules.method == Method.RANKING:
        assert rules.max_choices is not None
        ranks = sorted(given.values())
        if ranks[-1] > rules.max_choices:
            raise ActionError(
                _("Vous pouvez classer %(n)s projets au plus : les rangs vont de 1 à %(n)s.")
                % {"n": rules.max_choices},
                code="rank_too_high",
                field="projects",
            )
        duplicates = sorted({rank for rank in ranks if ranks.count(rank) > 1})
        if duplicates:
            raise ActionError(
                _("Deux projets ne peuvent pas avoir le même rang (rang %(rank)s donné plusieurs fois).")
                % {"rank": duplicates[0]},
                code="rank_duplicate",
                field="projects",
            )
        if ranks != list(range(1, len(ranks) + 1)):
            raise ActionError(
                _("Les rangs se suivent sans trou, à partir de 1 : 1, 2, 3…"), code="rank_gap", field="projects"
            )
    else:
        assert rules.points is not None
        total = sum(given.values())
        if total > rules.points:
            raise ActionError(
                _("Vous avez réparti %(given)s points : le règlement en permet %(points)s au plus.")
                % {"given": total, "points": rules.points},
                code="too_many_points",
                field="projects",
            )
    return sorted(given.items())


def ballot_check(*, terms: queries.VoteTerms, marks: Mapping[int, int]) -> list[tuple[int, int]]:
    """Check a ranking or cumulative points before the summary (the same checks as the cast), against
    the vote's terms the page read."""
    return _valid_marks(terms, marks)


def _set_choices(ballot: Ballot, marked: Sequence[tuple[int, int]], *, fresh: bool = False) -> None:
    """Replace a ballot's choices (under the ballot's row lock), or write those of a ballot just made."""
    if not fresh:
        BallotChoice.objects.filter(ballot=ballot).delete()
    BallotChoice.objects.bulk_create(
        [BallotChoice(ballot=ballot, project_id=project_id, value=value) for project_id, value in marked]
    )


def _column(model: Any, name: str) -> str:
    return quoted(model._meta.get_field(name).column)


@functools.cache
def _first_ballot_sql() -> str:
    """PostgreSQL's data-modifying WITH: the ballot and its choices in one statement (so in one
    transaction, without a round trip to Python in between), or nothing when the person has a ballot."""
    table, choices = quoted(Ballot._meta.db_table), quoted(BallotChoice._meta.db_table)
    pk, demarche, voter = (_column(Ballot, name) for name in ("id", "demarche", "voter"))
    ballot_columns = ", ".join(
        _column(Ballot, name)
        for name in (
            "demarche",
            "rules",
            "voter",
            "source",
            "paper_sheet",
            "receipt",
            "cast_at",
            "changed_at",
            "changes",
        )
    )
    choice_columns = ", ".join(_column(BallotChoice, name) for name in ("ballot", "project", "value"))
    return (
        f"WITH ballot AS (INSERT INTO {table} ({ballot_columns}) "  # noqa: S608 — names from the models
        "VALUES (%s, %s, %s, %s, '', %s, %s, %s, 0) "
        f"ON CONFLICT ({demarche}, {voter}) WHERE {voter} IS NOT NULL DO NOTHING RETURNING {pk}), "
        f"choices AS (INSERT INTO {choices} ({choice_columns}) "
        f"SELECT ballot.{pk}, chosen.project, chosen.value FROM ballot, "
        "unnest(%s::bigint[], %s::integer[]) AS chosen(project, value)) "
        f"SELECT {pk} FROM ballot"
    )


def _first_ballot_one_statement(
    *, voter: User, demarche: Demarche, rules: BudgetRules, marked: Sequence[tuple[int, int]]
) -> Ballot | None:
    """A person's first ballot on PostgreSQL, in one statement; None when they have one already
    (the caller then changes it, or refuses, under the row lock)."""
    now = timezone.now()
    receipt = _receipt()
    with connection.cursor() as cursor:
        cursor.execute(
            _first_ballot_sql(),
            [
                demarche.pk,
                rules.pk,
                voter.pk,
                Ballot.Source.ONLINE.value,
                receipt,
                now,
                now,
                [project_id for project_id, _value in marked],
                [value for _project_id, value in marked],
            ],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    return Ballot(pk=row[0], demarche=demarche, rules=rules, voter=voter, receipt=receipt, cast_at=now, changed_at=now)


@functools.cache
def _change_ballot_sql() -> tuple[str, str]:
    """PostgreSQL: the person's ballot locked, then its choices replaced and the change counted in one
    statement — the projects kept or added are upserted, the others deleted: the two touch different
    rows. After the lock, so the statement sees what another tab committed before it."""
    table, choices = quoted(Ballot._meta.db_table), quoted(BallotChoice._meta.db_table)
    pk, receipt, rules, cast_at, changes, changed_at, demarche, voter = (
        _column(Ballot, name)
        for name in ("id", "receipt", "rules", "cast_at", "changes", "changed_at", "demarche", "voter")
    )
    of_ballot, project, value = (_column(BallotChoice, name) for name in ("ballot", "project", "value"))
    lock = (
        f"SELECT {pk}, {receipt}, {rules}, {cast_at}, {changes} FROM {table} "  # noqa: S608 — names from the models
        f"WHERE {demarche} = %s AND {voter} = %s FOR UPDATE"
    )
    change = (
        f"WITH kept AS (INSERT INTO {choices} ({of_ballot}, {project}, {value}) "  # noqa: S608 — names from the models
        "SELECT %s, chosen.project, chosen.value FROM unnest(%s::bigint[], %s::integer[]) AS chosen(project, value) "
        f"ON CONFLICT ({of_ballot}, {project}) DO UPDATE SET {value} = EXCLUDED.{value}), "
        f"dropped AS (DELETE FROM {choices} WHERE {of_ballot} = %s AND NOT ({project} = ANY(%s::bigint[]))) "
        f"UPDATE {table} SET {changes} = {changes} + 1, {changed_at} = %s WHERE {pk} = %s"
    )
    return lock, change


def _ballot_change_locked(*, voter: User, demarche: Demarche, marked: Sequence[tuple[int, int]]) -> Ballot | None:
    """A change the rules allow, on PostgreSQL, in two statements under the row lock; None without a ballot."""
    lock, change = _change_ballot_sql()
    now = timezone.now()
    project_ids = [project_id for project_id, _value in marked]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(lock, [demarche.pk, voter.pk])
        row = cursor.fetchone()
        if row is None:
            return None
        pk, receipt, rules_id, cast_at, changes = row
        cursor.execute(change, [pk, project_ids, [value for _id, value in marked], pk, project_ids, now, pk])
    return Ballot(
        pk=pk,
        demarche=demarche,
        rules_id=rules_id,
        voter=voter,
        receipt=receipt,
        cast_at=cast_at,
        changed_at=now,
        changes=changes + 1,
    )


def ballot_cast(
    *,
    voter: User,
    demarche: Demarche,
    project_ids: Sequence[int] = (),
    age_confirmed: bool,
    marks: Mapping[int, int] | None = None,
    terms: queries.VoteTerms | None = None,
) -> Ballot:
    """Cast (or change, if the rules allow, until the close) the person's one ballot: the projects
    approved, or for a ranking or cumulative points each project's rank or points (`marks`).
    `terms`: the vote's terms the caller just read for this démarche (the ballot page's), else read here."""
    if terms is None or terms.demarche_id != demarche.pk:
        terms = queries.vote_terms(demarche)
    rules = terms.rules
    denial = vote_denial(voter, demarche, rules)
    if denial:
        raise PermissionDenied(denial, code="vote_forbidden")
    assert rules is not None
    if rules.minimum_age and not age_confirmed:
        raise ActionError(
            _("Confirmez avoir au moins %(age)s ans.") % {"age": rules.minimum_age}, code="age", field="age"
        )
    if rules.scored:
        marked = _valid_marks(terms, marks or {})
    else:
        marked = [(project_id, 1) for project_id in _valid_choice(terms, project_ids)]
    ratelimit.enforce("ballot", voter.pk, _("Trop de votes d'affilée : réessayez à partir de %(moment)s."))
    if connection.vendor == "postgresql":
        first = _first_ballot_one_statement(voter=voter, demarche=demarche, rules=rules, marked=marked)
        if first is not None:
            invalidate_pages(demarche_scope(demarche.pk))  # its figures (no model signal here)
            return first
        if rules.changeable:
            changed = _ballot_change_locked(voter=voter, demarche=demarche, marked=marked)
            if changed is not None:
                return changed
    fresh = False
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().filter(demarche=demarche, voter=voter).first()
        if ballot is None:
            try:
                with transaction.atomic():
                    ballot = Ballot.objects.create(demarche=demarche, rules=rules, voter=voter, receipt=_receipt())
                fresh = True
            except IntegrityError:
                # Cast at the same moment from another tab: that one counts; this one changes it if allowed.
                ballot = Ballot.objects.select_for_update().get(demarche=demarche, voter=voter)
                if not rules.changeable:
                    raise Conflict(_("Vous avez déjà voté."), code="already_voted") from None
                Ballot.objects.filter(pk=ballot.pk).update(changes=F("changes") + 1, changed_at=timezone.now())
        else:
            if not rules.changeable:
                raise Conflict(
                    _("Vous avez déjà voté : le règlement ne permet pas de changer son vote."), code="already_voted"
                )
            Ballot.objects.filter(pk=ballot.pk).update(changes=F("changes") + 1, changed_at=timezone.now())
        _set_choices(ballot, marked, fresh=fresh)
    return ballot


@transaction.atomic
def paper_entry_key(
    *,
    agent: User,
    demarche: Demarche,
    station: str,
    sheet: str,
    project_ids: Sequence[int] = (),
    marks: Mapping[int, int] | None = None,
) -> PaperEntry:
    """One agent keys a paper ballot. The ballot counts once a second agent keys the same sheet with
    the same projects (and, for a ranking or points, the same rank or points for each); entries
    that differ wait for another one that matches."""
    if not can_key_paper(agent, demarche):
        raise PermissionDenied(_("Seul·es les agent·es saisissent les bulletins papier."), code="paper_forbidden")
    refuse_if_blocked(agent)
    terms = queries.vote_terms(demarche)
    rules = terms.rules
    if rules is None:
        raise ActionError(_("Ce budget participatif n'a pas encore de règles de vote."), code="no_rules")
    station = " ".join((station or "").split())[:120]
    sheet = "".join((sheet or "").split()).upper()[:40]
    if not station or not sheet:
        raise ActionError(
            _("Indiquez le bureau de vote et le numéro du bulletin."), code="sheet_required", field="sheet"
        )
    marked: list[tuple[int, int]] = []
    if rules.scored:
        marked = _valid_marks(terms, marks) if marks and any(marks.values()) else []
        chosen = [project_id for project_id, _value in marked]
    else:
        chosen = _valid_choice(terms, project_ids) if project_ids else []
    keys = sorted(chosen)
    mark_list = [[project_id, value] for project_id, value in marked]
    ratelimit.enforce("paper_ballot", agent.pk, _("Trop de saisies d'affilée : réessayez à partir de %(moment)s."))
    if Ballot.objects.filter(demarche=demarche, source=Ballot.Source.PAPER, paper_sheet=sheet).exists():
        raise Conflict(_("Ce bulletin papier est déjà compté."), code="sheet_counted", field="sheet")
    try:
        with transaction.atomic():
            entry = PaperEntry.objects.create(
                demarche=demarche, station=station, sheet=sheet, project_keys=keys, marks=mark_list, agent=agent
            )
    except IntegrityError:
        raise Conflict(
            _("Vous avez déjà saisi ce bulletin : un·e autre agent·e fait la seconde saisie."), code="sheet_twice"
        ) from None
    match = (
        PaperEntry.objects.select_for_update()
        .filter(demarche=demarche, sheet=sheet, project_keys=keys, marks=mark_list, ballot__isnull=True)
        .exclude(agent=agent)
        .first()
    )
    if match is not None and chosen:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    demarche=demarche,
                    rules=rules,
                    source=Ballot.Source.PAPER,
                    paper_sheet=sheet,
                    receipt=_receipt(),
                )
        except IntegrityError:
            raise Conflict(_("Ce bulletin papier est déjà compté."), code="sheet_counted") from None
        _set_choices(ballot, marked if rules.scored else [(project_id, 1) for project_id in chosen], fresh=True)
        PaperEntry.objects.filter(demarche=demarche, sheet=sheet).update(ballot=ballot)
        entry.ballot = ballot
    return entry


def _step_payload(step: counting.Step) -> dict[str, Any]:
    data: dict[str, Any] = {"selected": step.selected, "reason": step.reason}
    if step.order is not None:
        data["order"] = step.order
    if step.remaining is not None:
        data["remaining"] = step.remaining
    if step.payment is not None:
        data["payment"] = str(step.payment)
        data["payment_eur"] = str(round(float(step.payment), 2))
    if step.covered is not None:
        data["covered"] = str(step.covered)
        data["covered_eur"] = str(round(float(step.covered), 2))
    return data


def count_payload(count: Count) -> dict[str, Any]:
    return {
        "budget_count": {
            "id": count.pk,
            "demarche": count.demarche.slug,
            "rule": count.rule,
            "official": count.official,
            "rule_version": count.rules.rule_version_id,
            "ballots": count.ballot_count,
            "ballots_sha256": count.ballots_sha256,
            "selected": sorted(int(key) for key in count.selected_keys()),
        }
    }


@transaction.atomic
def count_publish(*, actor: User, demarche: Demarche, rule: str) -> Count:
    """Count the ballots with a rule after the close, publish it in the decision log with the
    SHA-256 of the ballot data."""
    if not can_manage_budget(actor, demarche):
        raise PermissionDenied(_("Seule l'équipe de la démarche lance le dépouillement."), code="budget_forbidden")
    if rule not in counting.RULES:
        raise ActionError(_("Choisissez une règle de dépouillement."), code="counting_invalid", field="rule")
    rules = queries.rules_for(demarche)
    if rules is None:
        raise ActionError(_("Ce budget participatif n'a pas encore de règles de vote."), code="no_rules")
    if timezone.now() < rules.closes_at:
        raise Conflict(_("Le dépouillement a lieu après la clôture du vote."), code="vote_open")
    rows = queries.ballot_rows(demarche)
    outcome_parts = []
    for part in queries.parts(demarche, rules):
        election = queries.election_for(part, [sorted(row, key=int) for row in rows], rules=rules, rows=rows)
        outcome = counting.count(election, rule)
        outcome_parts.append(
            {
                "label": part.label,
                "quartier": part.quartier_id,
                "budget": part.budget,
                "selected": outcome.selected,
                "spent": outcome.spent,
                "votes": outcome.votes,
                "supporters": election.supporters(),
                "voters": len(election.ballots),  # the ballots giving something in this part
                "voter_share": str(round(float(outcome.voter_share), 2)) if outcome.voter_share is not None else None,
                "steps": {key: _step_payload(step) for key, step in outcome.steps.items()},
            }
        )
    count = Count.objects.create(
        demarche=demarche,
        rules=rules,
        rule=rule,
        ballots_sha256=queries.ballots_sha256(queries.hash_lines(rows, rules)),
        ballot_count=len(rows),
        outcome={"parts": outcome_parts},
        official=rule == rules.counting,
        created_by=actor,
    )
    entry = ledger.append(
        kind=LogEntry.Kind.BUDGET_COUNT,
        subject_key=f"budget_count:{count.pk}",
        payload=count_payload(count),
        sealed_for=journal.sealed_for([demarche]),
    )
    Count.objects.filter(pk=count.pk).update(log_entry=entry)
    count.log_entry = entry
    invalidate_pages()
    transaction.on_commit(lambda: signals.count_published.send(sender=Count, count=count))
    return count


MILESTONES = (
    (_("Études et plans"), 90),
    (_("Travaux ou achats"), 270),
    (_("Livraison aux habitant·es"), 450),
)


@transaction.atomic
def winners_to_results(*, actor: User, count: Count) -> list[Result]:
    """Each project the official count selected becomes a followed result, with milestones."""
    if not can_manage_budget(actor, count.demarche):
        raise PermissionDenied(_("Seule l'équipe de la démarche crée les suivis."), code="budget_forbidden")
    locked = Count.objects.select_for_update().get(pk=count.pk)
    if not locked.official:
        raise ActionError(
            _("Seul le dépouillement selon la règle du règlement donne les lauréats."), code="count_not_official"
        )
    if locked.results_made_at is not None:
        raise Conflict(_("Les lauréats de ce dépouillement sont déjà suivis."), code="results_made")
    department = count.demarche.managing_department
    if department is None:
        raise ActionError(_("La démarche n'a pas de service qui la porte."), code="no_department")
    today = timezone.localdate()
    results = []
    ids = [int(key) for key in locked.selected_keys()]
    for project in Project.objects.filter(pk__in=ids).order_by("pk"):
        decisions = list(
            Decision.objects.filter(
                items__in=project.items.all(),
                outcome__in=queries.FOLLOWED,
                superseded_by__isnull=True,
            ).distinct()
        )
        results.append(
            result_create(
                actor=actor,
                title=project.title if len(project.title) >= 10 else f"{project.title} (budget participatif)",
                description=project.description,
                department=department,
                decisions=decisions,
                budget=project.cost,
                milestones=[(str(title), today + datetime.timedelta(days=days)) for title, days in MILESTONES],
            )
        )
    Count.objects.filter(pk=locked.pk).update(results_made_at=timezone.now())
    return results
