"""Ranking (« classement ») and cumulative points (« points à répartir »), end to end: the rules, the
ballot (one per person, changeable), the pages without JavaScript, paper ballots keyed twice, the
count (checked against the pure counting and pabutools), the outcome page, the `.pb` and CSV data."""

from __future__ import annotations

import datetime
import hashlib
import re
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pabutools.election.pabulib import parse_pabulib_from_string

from cocite.budgets import actions, counting, pabulib, queries
from cocite.budgets.forms import BudgetRulesForm
from cocite.budgets.models import Ballot, BallotChoice, BudgetRules, PaperEntry
from cocite.core.errors import ActionError
from cocite.decisions.tests.factories import member
from cocite.demarches.models import Rulebook
from cocite.demarches.tests.factories import publish_version

from .helpers import after_close, budget_setup, verified

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(name: str, setup: dict[str, Any], **kwargs: Any) -> str:
    return reverse(f"budgets:{name}", kwargs={"slug": setup["demarche"].slug, **kwargs})


def _marks(projects: list[Any], *pairs: tuple[int, int]) -> dict[int, int]:
    return {projects[index].pk: value for index, value in pairs}


def _cast(setup: dict[str, Any], voter: Any, *pairs: tuple[int, int]) -> Ballot:
    return actions.ballot_cast(
        voter=voter, demarche=setup["demarche"], marks=_marks(setup["projects"], *pairs), age_confirmed=True
    )


# The rules -----------------------------------------------------------------------------------


def test_a_ranking_needs_its_length_and_points_need_their_total() -> None:
    setup = budget_setup([10])
    version = publish_version(Rulebook.objects.get(demarche=setup["demarche"]), number=3)
    now = timezone.now()
    dates = {"opens_at": now, "closes_at": now + datetime.timedelta(days=1)}
    with pytest.raises(ActionError, match="combien de projets un bulletin peut classer") as error:
        actions.budget_rules_publish(
            rule_version=version, total_budget=10, method="ranking", counting_rule="greedy", **dates
        )
    assert error.value.code == "max_choices"
    with pytest.raises(ActionError, match="combien de points chaque bulletin répartit") as error:
        actions.budget_rules_publish(
            rule_version=version, total_budget=10, method="cumulative", counting_rule="mes", points=0, **dates
        )
    assert error.value.code == "points_required"
    # The database says the same, whatever writes the row.
    for method, extra in (("ranking", {}), ("cumulative", {"max_choices": 3})):
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetRules.objects.create(
                rule_version=version, total_budget=10, method=method, counting="greedy", **extra, **dates
            )
    rules = actions.budget_rules_publish(
        rule_version=version, total_budget=10, method="cumulative", counting_rule="mes", points=10, **dates
    )
    assert rules.points == 10
    assert rules.scored


def test_the_rules_form_speaks_french() -> None:
    base = {"total_budget": "1000", "counting": "greedy", "opens_at": "2027-03-01 08:00", "closes_at": "2027-03-20"}
    form = BudgetRulesForm({**base, "method": "cumulative"})
    assert not form.is_valid()
    assert form.errors["points"] == ["Indiquez combien de points chaque bulletin répartit."]
    form = BudgetRulesForm({**base, "method": "ranking"})
    assert form.errors["max_choices"] == ["Indiquez combien de projets un bulletin peut classer."]
    form = BudgetRulesForm({**base, "method": "cumulative", "points": "0"})
    assert form.errors["points"] == ["Chaque bulletin répartit au moins 1 point."]
    form = BudgetRulesForm({**base, "method": "ranking", "max_choices": "3", "points": "7"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["points"] is None


# Ranking ---------------------------------------------------------------------------------------


def test_a_ranking_is_stored_changed_and_kept_one_per_person() -> None:
    setup = budget_setup([10, 20, 30, 40], method="ranking", max_choices=3)
    voter = verified()
    first = _cast(setup, voter, (2, 1), (0, 2))
    assert dict(BallotChoice.objects.filter(ballot=first).values_list("project_id", "value")) == _marks(
        setup["projects"], (2, 1), (0, 2)
    )
    again = _cast(setup, voter, (3, 1), (1, 2), (0, 3))
    assert again.pk == first.pk
    assert again.receipt == first.receipt
    assert Ballot.objects.count() == 1
    assert Ballot.objects.get().changes == 1
    assert queries.ballot_marks(again) == _marks(setup["projects"], (3, 1), (1, 2), (0, 3))


@pytest.mark.parametrize(
    ("pairs", "code", "message"),
    [
        (((0, 1), (1, 1)), "rank_duplicate", "Deux projets ne peuvent pas avoir le même rang"),
        (((0, 1), (1, 3)), "rank_gap", "Les rangs se suivent sans trou"),
        (((0, 4),), "rank_too_high", "Vous pouvez classer 3 projets au plus"),
        ((), "empty_ballot", "Classez au moins un projet"),
        (((0, -1),), "mark_negative", "négatif"),
    ],
)
def test_a_bad_ranking_is_refused_in_french(pairs: tuple[tuple[int, int], ...], code: str, message: str) -> None:
    setup = budget_setup([10, 20, 30, 40], method="ranking", max_choices=3)
    with pytest.raises(ActionError, match=message) as error:
        _cast(setup, verified(), *pairs)
    assert error.value.code == code
    assert not Ballot.objects.exists()


def test_ranking_page_without_javascript_review_confirm_receipt_and_change() -> None:
    setup = budget_setup([40000, 30000, 50000], method="ranking", max_choices=2)
    p = setup["projects"]
    voter = verified()
    client = _client(voter)
    html = client.get(_url("main", setup)).content.decode()
    assert f'<label for="p-{p[0].pk}">' in html
    assert f'<select name="mark-{p[0].pk}" id="p-{p[0].pk}">' in html
    assert "1er choix" in html
    assert "2e choix" in html
    assert "Non classé" in html
    assert "Classez 2 projets au plus" in html
    twice = client.post(_url("ballot", setup), {"step": "review", f"mark-{p[0].pk}": "1", f"mark-{p[1].pk}": "1"})
    assert twice.status_code == 400
    assert "Deux projets ne peuvent pas avoir le même rang" in twice.content.decode()
    # Filtering keeps the ranking.
    kept = client.post(_url("ballot", setup), {"step": "filter", f"mark-{p[2].pk}": "1", "quartier": "commune"})
    assert kept.status_code == 200
    assert '<option value="1" selected>' in kept.content.decode()
    form = {f"mark-{p[2].pk}": "1", f"mark-{p[0].pk}": "2", f"mark-{p[1].pk}": ""}
    review = client.post(_url("ballot", setup), {"step": "review", **form})
    assert review.status_code == 200
    text = review.content.decode()
    assert "Vous avez classé 2 projets" in text
    assert text.index(p[2].title) < text.index(p[0].title)
    done = client.post(_url("ballot", setup), {"step": "confirm", "age": "on", **form})
    assert done.status_code == 302
    receipt = client.get(_url("receipt", setup)).content.decode()
    assert Ballot.objects.get(voter=voter).receipt in receipt
    assert "Votre classement" in receipt
    page = client.get(_url("main", setup)).content.decode()
    assert page.count("selected>") >= 2  # the ballot is shown to be changed
    client.post(_url("ballot", setup), {"step": "confirm", "age": "on", f"mark-{p[1].pk}": "1"})
    assert queries.ballot_rows(setup["demarche"]) == [{str(p[1].pk): 1}]


def test_a_ranking_keyed_twice_on_paper_counts_only_when_the_ranks_agree() -> None:
    setup = budget_setup([10, 20, 30], method="ranking", max_choices=3)
    demarche, projects = setup["demarche"], setup["projects"]
    first, second, third = setup["agent"], setup["manager"], member(setup["department"])

    def key(agent: Any, *pairs: tuple[int, int]) -> PaperEntry:
        return actions.paper_entry_key(
            agent=agent, demarche=demarche, station="Mairie", sheet="R-1", marks=_marks(projects, *pairs)
        )

    assert key(first, (0, 1), (1, 2)).ballot is None
    # Same projects, ranks swapped: not the same ballot.
    assert key(second, (0, 2), (1, 1)).ballot is None
    assert queries.paper_mismatches(second, demarche) == ["R-1"]
    with pytest.raises(ActionError, match="même rang"):
        key(third, (0, 1), (1, 1))
    match = key(third, (1, 2), (0, 1))
    assert match.ballot is not None
    assert queries.ballot_rows(demarche) == [{str(projects[0].pk): 1, str(projects[1].pk): 2}]


def test_a_ranking_counted_published_explained_and_exported(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([30, 30, 30, 30], total=60, method="ranking", max_choices=3, counting_rule="mes")
    demarche, p = setup["demarche"], setup["projects"]
    # Borda with n = 3: rank 1 -> 3 points, 2 -> 2, 3 -> 1.
    _cast(setup, verified(), (0, 1), (1, 2), (2, 3))  # p0 3, p1 2, p2 1
    _cast(setup, verified(), (1, 1), (0, 2))  # p1 3, p0 2
    _cast(setup, verified(), (3, 1))  # p3 3
    _cast(setup, verified(), (3, 1), (2, 2))  # p3 3, p2 2
    actions.paper_entry_key(agent=setup["agent"], demarche=demarche, station="M", sheet="S1", marks={p[2].pk: 1})
    actions.paper_entry_key(agent=setup["manager"], demarche=demarche, station="M", sheet="S1", marks={p[2].pk: 1})
    after_close(monkeypatch, setup["rules"])
    greedy = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    mes = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="mes")
    assert mes.official
    assert not greedy.official
    part = greedy.outcome["parts"][0]
    assert part["votes"] == {p[0].key: 5, p[1].key: 5, p[2].key: 6, p[3].key: 6}
    assert part["supporters"] == {p[0].key: 2, p[1].key: 2, p[2].key: 3, p[3].key: 2}
    assert greedy.selected_keys() == sorted([p[2].key, p[3].key])
    rows = queries.ballot_rows(demarche)
    scores = [{key: 3 - rank + 1 for key, rank in row.items()} for row in rows]
    election = counting.Election.scored(60, {project.key: 30 for project in p}, scores)
    assert mes.selected_keys() == counting.mes(election).selected
    # The outcome page explains the scores.
    page = Client().get(mes.get_absolute_url()).content.decode()
    assert "méthode de Borda" in page
    assert "Bulletins qui le soutiennent" in page
    greedy_page = Client().get(greedy.get_absolute_url()).content.decode()
    assert "par ordre de score (6 points)" in greedy_page
    # Open data: an ordinal .pb file that re-imports to the same outcome, and pabutools reads it.
    text = Client().get(_url("export_pb", setup, part=0)).content.decode()
    parsed = pabulib.parse(text)
    assert parsed.meta["vote_type"] == "ordinal"
    assert parsed.meta["max_length"] == "3"
    assert [p[0].key, p[1].key, p[2].key] in parsed.votes
    again = parsed.election()
    assert counting.greedy(again).selected == greedy.outcome["parts"][0]["selected"]
    assert counting.mes(again).selected == mes.outcome["parts"][0]["selected"]
    assert parsed.selected() == set(mes.selected_keys())
    _instance, profile = parse_pabulib_from_string(text)
    assert len(profile) == 5
    # The CSV's two middle cells give back the ballots' hash.
    csv_text = Client().get(_url("export_csv", setup)).content.decode()
    header, *lines = csv_text.strip().splitlines()
    assert header == "bulletin;projets;rangs;source"
    hashed = sorted(";".join(line.split(";")[1:3]) for line in lines)
    assert hashlib.sha256("\n".join(hashed).encode()).hexdigest() == mes.ballots_sha256
    # The public recount of the file explains scores too.
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("classement.pb", text.encode(), content_type="text/plain")
    recount = Client().post(reverse("budgets:recount"), {"file": upload, "rule": "mes"})
    assert recount.status_code == 200
    assert "Projets, scores et raison du résultat" in recount.content.decode()


# Cumulative points -----------------------------------------------------------------------------


def test_points_are_stored_changed_and_kept_one_per_person() -> None:
    setup = budget_setup([10, 20, 30], method="cumulative", points=10)
    voter = verified()
    first = _cast(setup, voter, (0, 7), (1, 3), (2, 0))
    assert queries.ballot_marks(first) == _marks(setup["projects"], (0, 7), (1, 3))
    again = _cast(setup, voter, (2, 10))
    assert again.pk == first.pk
    assert queries.ballot_rows(setup["demarche"]) == [{setup["projects"][2].key: 10}]
    assert Ballot.objects.get().changes == 1


@pytest.mark.parametrize(
    ("pairs", "code", "message"),
    [
        (((0, 7), (1, 4)), "too_many_points", "Vous avez réparti 11 points : le règlement en permet 10 au plus."),
        (((0, 0),), "empty_ballot", "Donnez des points à au moins un projet."),
        (((0, -2), (1, 3)), "mark_negative", "ne peut pas être négatif"),
    ],
)
def test_bad_points_are_refused_in_french(pairs: tuple[tuple[int, int], ...], code: str, message: str) -> None:
    setup = budget_setup([10, 20, 30], method="cumulative", points=10)
    with pytest.raises(ActionError, match=message) as error:
        _cast(setup, verified(), *pairs)
    assert error.value.code == code
    assert not Ballot.objects.exists()


def test_a_ballot_that_may_not_change_stays_with_points_too() -> None:
    setup = budget_setup([10, 20], method="cumulative", points=5, changeable=False)
    voter = verified()
    _cast(setup, voter, (0, 5))
    with pytest.raises(ActionError) as error:
        _cast(setup, voter, (1, 5))
    assert error.value.code == "already_voted"
    assert queries.ballot_rows(setup["demarche"]) == [{setup["projects"][0].key: 5}]


def test_points_page_shows_the_points_left_and_refuses_too_many() -> None:
    setup = budget_setup([40000, 30000, 50000], method="cumulative", points=10)
    p = setup["projects"]
    voter = verified()
    client = _client(voter)
    html = client.get(_url("main", setup)).content.decode()
    assert f'<input type="number" name="mark-{p[0].pk}" id="p-{p[0].pk}" min="0" max="10"' in html
    assert "sur 10, reste 10 à répartir." in html
    over = client.post(_url("ballot", setup), {"step": "review", f"mark-{p[0].pk}": "8", f"mark-{p[1].pk}": "5"})
    assert over.status_code == 400
    assert "Vous avez réparti 13 points : le règlement en permet 10 au plus." in over.content.decode()
    assert "13 points donnés sur 10, reste -3 à répartir." in over.content.decode()
    bad = client.post(_url("ballot", setup), {"step": "review", f"mark-{p[0].pk}": "deux"})
    assert bad.status_code == 400
    assert "nombres entiers" in bad.content.decode()
    form = {f"mark-{p[0].pk}": "6", f"mark-{p[1].pk}": "3", f"mark-{p[2].pk}": ""}
    review = client.post(_url("ballot", setup), {"step": "review", **form})
    assert review.status_code == 200
    text = review.content.decode()
    assert "Points non répartis" in text
    assert "9 / 10" in text
    done = client.post(_url("ballot", setup), {"step": "confirm", "age": "on", **form})
    assert done.status_code == 302
    receipt = client.get(_url("receipt", setup)).content.decode()
    assert "Les points de votre bulletin" in receipt
    assert queries.ballot_rows(setup["demarche"]) == [{p[0].key: 6, p[1].key: 3}]
    # The ballot page shows the points given, to change them.
    assert "9 points donnés sur 10, reste 1 à répartir." in client.get(_url("main", setup)).content.decode()


def test_points_keyed_on_paper_through_the_page() -> None:
    setup = budget_setup([10, 20], method="cumulative", points=5)
    p = setup["projects"]
    for agent in (setup["agent"], setup["manager"]):
        page = _client(agent).get(_url("paper", setup)).content.decode()
        assert f'name="mark-{p[0].pk}"' in page
        response = _client(agent).post(
            _url("paper", setup), {"station": "Mairie", "sheet": "C-7", f"mark-{p[0].pk}": "4", f"mark-{p[1].pk}": "1"}
        )
        assert response.status_code == 302
    assert queries.ballot_rows(setup["demarche"]) == [{p[0].key: 4, p[1].key: 1}]
    over = _client(member(setup["department"])).post(
        _url("paper", setup), {"station": "Mairie", "sheet": "C-8", f"mark-{p[0].pk}": "4", f"mark-{p[1].pk}": "4"}
    )
    assert over.status_code == 400
    assert "Vous avez réparti 8 points" in over.content.decode()


def test_points_counted_published_explained_and_exported(monkeypatch: pytest.MonkeyPatch) -> None:
    setup = budget_setup([50, 40, 30, 20], total=90, method="cumulative", points=10, counting_rule="greedy")
    demarche, p = setup["demarche"], setup["projects"]
    _cast(setup, verified(), (0, 10))
    _cast(setup, verified(), (1, 4), (2, 6))
    _cast(setup, verified(), (1, 5), (3, 5))
    _cast(setup, verified(), (3, 1))
    after_close(monkeypatch, setup["rules"])
    greedy = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    mes = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="mes")
    part = greedy.outcome["parts"][0]
    assert part["votes"] == {p[0].key: 10, p[1].key: 9, p[2].key: 6, p[3].key: 6}
    # By score: p0 (50), p1 (40) fills the 90.
    assert part["selected"] == [p[0].key, p[1].key]
    rows = queries.ballot_rows(demarche)
    election = counting.Election.scored(90, {project.key: project.cost for project in p}, rows)
    assert mes.outcome["parts"][0]["selected"] == counting.mes(election).selected
    page = Client().get(greedy.get_absolute_url()).content.decode()
    assert "Vote par points : chaque bulletin répartit 10 points au plus" in page
    assert "Non retenu" in page
    text = Client().get(_url("export_pb", setup, part=0)).content.decode()
    parsed = pabulib.parse(text)
    assert parsed.meta["vote_type"] == "cumulative"
    assert parsed.meta["max_sum_points"] == "10"
    assert parsed.meta["points"] == "10"
    assert "voter_id;vote;points" in text
    again = parsed.election()
    assert again.votes() == election.votes()
    assert counting.greedy(again).selected == part["selected"]
    assert counting.mes(again).selected == mes.outcome["parts"][0]["selected"]
    _instance, profile = parse_pabulib_from_string(text)
    assert sorted(sum(ballot.values()) for ballot in profile) == [1, 10, 10, 10]
    csv_text = Client().get(_url("export_csv", setup)).content.decode()
    header, *lines = csv_text.strip().splitlines()
    assert header == "bulletin;projets;points;source"
    hashed = sorted(";".join(line.split(";")[1:3]) for line in lines)
    assert hashlib.sha256("\n".join(hashed).encode()).hexdigest() == greedy.ballots_sha256


@pytest.mark.parametrize("value", ["²", "٣", "-1", "1e3", "9999999", "<b>1</b>", "1.5"])
def test_a_hostile_mark_is_a_french_error_never_a_500(value: str) -> None:
    setup = budget_setup([10, 20], method="cumulative", points=5)
    p = setup["projects"]
    client = _client(verified())
    for step in ("review", "confirm"):
        response = client.post(_url("ballot", setup), {"step": step, "age": "on", f"mark-{p[0].pk}": value})
        assert response.status_code == 400
        assert "Les rangs et les points sont des nombres entiers." in response.content.decode()
    odd_names = {"step": "review", "mark-": "1", "mark-abc": "1", f"mark-{p[0].pk + 999}": "1"}
    assert client.post(_url("ballot", setup), odd_names).status_code == 400
    assert not Ballot.objects.exists()


def _ranking_with_an_envelope(quartier: Any) -> dict[str, Any]:
    """Two commune-wide projects (50 each) and two in `quartier` (30 each, its envelope: 30); rank 3."""
    return budget_setup(
        [50, 50, 30, 30],
        total=130,
        method="ranking",
        max_choices=3,
        envelopes=[(quartier, 30)],
        quartiers=[None, None, quartier, quartier],
    )


def test_a_ranking_with_a_quartier_envelope_counts_each_part_as_its_own_election(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from cocite.territory.tests.factories import QuartierFactory

    port = QuartierFactory()
    setup = _ranking_with_an_envelope(port)
    demarche, p = setup["demarche"], setup["projects"]
    # Commune-wide projects ranked 2nd and 3rd: in that part, 1st and 2nd (3 and 2 points); the
    # second ballot's 2nd choice is its 1st in the quartier.
    _cast(setup, verified(), (2, 1), (1, 2), (0, 3))
    _cast(setup, verified(), (0, 1), (3, 2))
    after_close(monkeypatch, setup["rules"])
    count = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    commune, quartier = count.outcome["parts"]
    assert commune["votes"] == {p[0].key: 3 + 2, p[1].key: 3}
    assert quartier["votes"] == {p[2].key: 3, p[3].key: 3}
    assert quartier["selected"] == [min(p[2].key, p[3].key)]  # a tie, broken by the key
    for index, part in enumerate((commune, quartier)):
        text = Client().get(_url("export_pb", setup, part=index)).content.decode()
        again = pabulib.parse(text).election()
        assert again.votes() == part["votes"]
        assert counting.greedy(again).selected == part["selected"]


def test_the_summary_of_a_ranking_shows_the_points_each_envelope_will_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Ranks 2 and 3 are the first two commune-wide choices: the summary shows 3 and 2 points, as
    the count gives them, not the 2 and 1 of the ranks over the whole ballot."""
    from cocite.territory.tests.factories import QuartierFactory

    port = QuartierFactory(name="Le Port")
    setup = _ranking_with_an_envelope(port)
    demarche, p = setup["demarche"], setup["projects"]
    voter = verified()
    client = _client(voter)
    main = client.get(_url("main", setup)).content.decode()
    assert "r y est la place du projet parmi ceux de la même enveloppe que vous classez" in main
    form = {f"mark-{p[2].pk}": "1", f"mark-{p[1].pk}": "2", f"mark-{p[0].pk}": "3"}
    review = client.post(_url("ballot", setup), {"step": "review", **form})
    assert review.status_code == 200
    text = review.content.decode()
    assert "Chaque enveloppe de quartier est dépouillée à part" in text
    assert 'aria-describedby="budget-parts-note"' in text
    shown = {
        title: (part, int(points))
        for title, part, points in re.findall(
            r'<th scope="row">([^<]+) <span class="budget-part">([^<]+)</span></th><td>(\d+)</td>', text
        )
    }
    assert shown == {
        p[2].title: ("compté dans l’enveloppe Le Port", 3),
        p[1].title: ("compté dans le budget de la commune", 3),
        p[0].title: ("compté dans le budget de la commune", 2),
    }
    assert client.post(_url("ballot", setup), {"step": "confirm", "age": "on", **form}).status_code == 302
    after_close(monkeypatch, setup["rules"])
    count = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    counted = {key: points for part in count.outcome["parts"] for key, points in part["votes"].items() if points}
    assert counted == {project.key: shown[project.title][1] for project in (p[0], p[1], p[2])}
    outcome = Client().get(count.get_absolute_url()).content.decode()
    assert "r y est la place du projet parmi ceux de la même enveloppe que le bulletin classe" in outcome


@pytest.mark.parametrize(
    ("method", "extra"),
    [("approval_budget", {}), ("ranking", {"max_choices": 3}), ("cumulative", {"points": 3})],
)
def test_the_voters_of_an_envelope_are_the_ballots_that_give_something_in_it(
    monkeypatch: pytest.MonkeyPatch, method: str, extra: dict[str, int]
) -> None:
    """Three ballots, two of them with a quartier project: the quartier's 40 € are shared between
    those two (20 € each: the 20 € project is paid by its supporter, the 30 € one is then out of the
    budget), not between all three (13.33 € each, raised one euro at a time to 20.33 € before the
    20 € project is paid); the commune's 50 € between the two ballots giving something there."""
    from cocite.territory.tests.factories import QuartierFactory

    port = QuartierFactory(name="Le Port")
    setup = budget_setup(
        [50, 20, 30],
        total=90,
        method=method,
        counting_rule="mes",
        envelopes=[(port, 40)],
        quartiers=[None, port, port],
        **extra,
    )
    demarche, p = setup["demarche"], setup["projects"]
    for chosen in ((0, 1), (0,), (2,)):
        if method == "approval_budget":
            actions.ballot_cast(
                voter=verified(), demarche=demarche, project_ids=[p[i].pk for i in chosen], age_confirmed=True
            )
        else:
            _cast(setup, verified(), *((i, rank if method == "ranking" else 1) for rank, i in enumerate(chosen, 1)))
    after_close(monkeypatch, setup["rules"])
    count = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="mes")
    commune, quartier = count.outcome["parts"]
    assert (commune["voters"], commune["voter_share"]) == (2, "25.0")
    assert commune["selected"] == [p[0].key]
    assert commune["steps"][p[0].key]["reason"].startswith("equal_shares")
    assert (quartier["voters"], quartier["voter_share"]) == (2, "20.0")
    assert quartier["selected"] == [p[1].key]
    assert quartier["steps"][p[1].key]["reason"].startswith("equal_shares")
    assert quartier["steps"][p[2].key]["reason"] == "over_budget"
    page = Client().get(count.get_absolute_url()).content.decode()
    assert "Part de chaque votant·e : 20.0 €, pour 2 votant·es" in page
    assert "Part de chaque votant·e : 25.0 €, pour 2 votant·es" in page
    # Each part's `.pb` file lists its voters only, and recounts to the same outcome and share.
    for index, part in enumerate((commune, quartier)):
        text = Client().get(_url("export_pb", setup, part=index)).content.decode()
        parsed = pabulib.parse(text)
        assert parsed.meta["num_votes"] == "2"
        assert len(parsed.votes) == 2
        again = counting.mes(parsed.election())
        assert again.selected == part["selected"]
        assert str(round(float(again.voter_share or 0), 2)) == part["voter_share"]
    # Greedy is the same whoever counts as a voter.
    greedy = actions.count_publish(actor=setup["manager"], demarche=demarche, rule="greedy")
    assert [part["selected"] for part in greedy.outcome["parts"]] == [[p[0].key], [min(p[1].key, p[2].key)]]
    assert [part["voters"] for part in greedy.outcome["parts"]] == [2, 2]
