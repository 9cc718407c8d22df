"""The contributions demo: its YAML is checked with clear errors, and it is replayed through the actions."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.utils import timezone

from cocite.contributions import demo as contributions_demo
from cocite.contributions.models import Contribution, ContributionRevision, Support
from cocite.core import demo

ENTRY = """\
recorder: e.chevalier
demarches:
  - demarche: securite-rue-ecoles
    default_quartier: la-gare
    contributions:
      - kind: idee
        popularity: 1
        themes: [voirie]
        title: Un titre assez long
        body: Un texte.
      - kind: {kind}
        popularity: 1
        themes: [voirie]
        title: Des potelets aux angles des passages piétons
        body: Un autre texte.
"""


def _content(tmp_path: Path, text: str) -> contributions_demo.Content:
    path = tmp_path / "contributions.yaml"
    path.write_text(text, encoding="utf-8")
    return contributions_demo.load_content(demo.read(path))


def test_the_demo_file_loads_with_its_150_contributions() -> None:
    content = contributions_demo.load_content()
    assert [len(block.entries) for block in content.demarches] == [55, 70, 25]
    titles = [entry.title for block in content.demarches for entry in block.entries]
    assert len(set(titles)) == len(titles) == 150
    assert sum(entry.withdrawn for block in content.demarches for entry in block.entries) == 3
    assert sum(entry.edited_from is not None for block in content.demarches for entry in block.entries) == 5


def test_a_malformed_entry_names_the_file_the_demarche_and_the_contribution(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError) as error:
        _content(tmp_path, ENTRY.format(kind="suggestion"))
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'contributions.yaml'}: demarche 'securite-rue-ecoles': contributions: ")
    assert "entry 2 (title: 'Des potelets aux angles des passages piétons')" in message
    assert "kind 'suggestion' is not one of probleme, idee, question" in message


def test_a_missing_title_is_named(tmp_path: Path) -> None:
    with pytest.raises(demo.DemoDataError, match=r"entry 2: missing key\(s\) 'title'"):
        _content(
            tmp_path,
            ENTRY.format(kind="idee").replace("        title: Des potelets aux angles des passages piétons\n", ""),
        )


def test_threshold_crossings_name_contributions_of_the_file(tmp_path: Path) -> None:
    content = contributions_demo.load_content()
    assert content.threshold_crossings is not None
    assert content.threshold_crossings.demarche == "budget-participatif-2027"
    assert len(content.threshold_crossings.crossings) == 6
    crossing = (
        "threshold_crossings:\n  demarche: securite-rue-ecoles\n  crossings:\n"
        "    - {title: Un titre absent, days_ago: 3}\n"
    )
    with pytest.raises(demo.DemoDataError) as error:
        _content(tmp_path, ENTRY.format(kind="idee") + crossing)
    assert str(error.value) == (
        f"{tmp_path / 'contributions.yaml'}: threshold_crossings: crossings: entry 1 (title: 'Un titre absent'): "
        "no contribution of 'securite-rue-ecoles' has this title"
    )
    with pytest.raises(demo.DemoDataError, match=r"threshold_crossings: unknown key\(s\) 'kept_asid'"):
        _content(tmp_path, ENTRY.format(kind="idee") + crossing + "  kept_asid: camille.martin\n")
    with pytest.raises(demo.DemoDataError, match=r"threshold_crossings: missing key\(s\) 'crossings'"):
        _content(tmp_path, ENTRY.format(kind="idee") + crossing.replace("  crossings:", "  crosings:"))


@pytest.mark.django_db
def test_the_demo_goes_through_the_actions(db: Any) -> None:
    from cocite.accounts import demo as accounts_demo
    from cocite.demarches import demo as demarches_demo
    from cocite.demarches.registry import registry
    from cocite.territory import demo as territory_demo

    out = StringIO()
    territory_demo.seed(out)
    accounts_demo.seed(out)
    contributions = registry.get("contributions")
    with (
        mock.patch.object(registry, "all", return_value=[contributions]),
        mock.patch.object(
            contributions_demo.actions, "contribution_submit", wraps=contributions_demo.actions.contribution_submit
        ) as submit,
        mock.patch.object(
            contributions_demo.actions, "support_set", wraps=contributions_demo.actions.support_set
        ) as support,
    ):
        demarches_demo.seed(out)
    assert submit.call_count == Contribution.objects.count() == 150
    assert support.call_count == Support.objects.count()
    # The rules hold: nobody supports their own contribution, counters match the rows.
    for contribution in Contribution.objects.all():
        assert contribution.support_count == contribution.supports.count()
        assert not contribution.supports.filter(user_id=contribution.author_id).exists()
        assert contribution.created_at <= contribution.updated_at
        if contribution.withdrawn_at is not None:  # supported before it was withdrawn
            assert not contribution.supports.filter(created_at__gte=contribution.withdrawn_at).exists()
    assert ContributionRevision.objects.count() == 5
    assert Contribution.objects.filter(status=Contribution.Status.WITHDRAWN).count() == 3
    # Offline contributions are recorded by the reception agent, without an author account.
    offline = Contribution.objects.exclude(channel=Contribution.Channel.ONLINE)
    assert offline.exists()
    assert set(offline.values_list("recorded_by__email", flat=True)) == {"e.chevalier@demo.bellerive.example"}
    assert not offline.filter(author__isnull=False).exists()
    # The arbitration demo's ideas reached their threshold (30 supports) the given number of days ago.
    crossings = contributions_demo.load_content().threshold_crossings
    assert crossings is not None
    today = timezone.localdate()
    for title, days_ago in crossings.crossings:
        supports = Support.objects.filter(contribution__title=title).order_by("created_at", "pk")
        assert supports.count() == 30, title
        assert (today - timezone.localdate(supports[29].created_at)).days == days_ago, title
    assert Support.objects.filter(
        contribution__title=crossings.kept_aside[1] if crossings.kept_aside else "",
        user__email="camille.martin@demo.bellerive.example",
    ).exists()
    dates = sorted(Support.objects.values_list("pk", "created_at"))
    # Seeding again adds nothing, and moves no support.
    again = StringIO()
    contributions_demo.seed(again)
    assert Contribution.objects.count() == 150
    assert sorted(Support.objects.values_list("pk", "created_at")) == dates
    assert "0 idées portées à leur seuil" in again.getvalue()
    assert "(0 ajoutées)" in again.getvalue()


def test_days_ago_are_calendar_days_across_a_change_of_summer_time() -> None:
    """At 23:30 in Paris in December, 58 days back is 8 October (summer time), not the 9th."""
    evening = datetime.datetime(2026, 12, 5, 22, 30, tzinfo=datetime.UTC)  # 23:30 in Paris
    back = contributions_demo.days_before(evening, 58)
    assert timezone.localdate(back) == datetime.date(2026, 10, 8)
    assert timezone.localtime(back).time() == datetime.time(23, 30)
    assert timezone.localdate(evening - datetime.timedelta(days=58)) == datetime.date(2026, 10, 9)  # the old bug
