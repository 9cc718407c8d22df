"""The contribution page's plain-SQL reads (PostgreSQL) give what the ORM's querysets give, relations included."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions import queries
from cocite.contributions.models import ContributionImage, Support
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.testing import field_values
from cocite.demarches import queries as demarche_queries
from cocite.demarches.models import Demarche
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

# The plain SQL is PostgreSQL's (other databases run the ORM's querysets): deselected on SQLite, run by CI's
# PostgreSQL pass.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres_only]


def test_the_displayed_contribution_is_the_orms_with_its_relations_and_columns() -> None:
    demarche = DemarcheFactory.create()
    rulebook = RulebookFactory.create(demarche=demarche)
    version = publish_version(rulebook)
    reader = UserFactory.create()
    full = ContributionFactory.create(demarche=demarche, quartier=QuartierFactory.create(), rule_version=version)
    # Created in the other order than they are shown: by name for themes, as added for images.
    full.themes.set([ThemeFactory.create(name="Voirie"), ThemeFactory.create(name="Espaces verts")])
    ContributionImage.objects.bulk_create(  # no file behind them: only their rows are read
        [
            ContributionImage(contribution=full, image=f"contributions/{name}.png", alt_text=name, width=4, height=3)
            for name in ("b", "a")
        ]
    )
    Support.objects.create(contribution=full, user=reader)
    bare = ContributionFactory.create(demarche=demarche, author=None, quartier=None, rule_version=None)
    for contribution in (full, bare):
        for viewer_pk in (None, reader.pk):
            fast = queries._displayed(contribution.pk, viewer_pk=viewer_pk)
            orm = queries._displayed_through_the_orm(contribution.pk, queries._displayed_columns(viewer_pk))
            assert fast is not None
            assert orm is not None
            assert fast._state.adding is False
            assert fast._state.db == "default"
            with CaptureQueriesContext(connection) as captured:
                for one, other in ((fast, orm), (fast.author, orm.author), (fast.quartier, orm.quartier)):
                    assert field_values(one) == field_values(other)
                assert field_values(fast.rule_version) == field_values(orm.rule_version)
                if fast.rule_version is not None and orm.rule_version is not None:
                    assert field_values(fast.rule_version.rulebook) == field_values(orm.rule_version.rulebook)
                for name in queries._displayed_columns(viewer_pk):
                    assert getattr(fast, name) == getattr(orm, name)
                assert [field_values(t) for t in fast.shown_themes()] == [field_values(t) for t in orm.shown_themes()]
                assert [field_values(i) for i in fast.shown_images()] == [field_values(i) for i in orm.shown_images()]
                assert all(image.contribution is fast for image in fast.shown_images())
            assert captured.captured_queries == []  # everything read with the contribution
    shown = queries._displayed(full.pk, viewer_pk=reader.pk)
    assert shown is not None
    assert [theme.name for theme in shown.shown_themes()] == ["Espaces verts", "Voirie"]
    assert [image.alt_text for image in shown.shown_images()] == ["b", "a"]
    assert getattr(shown, queries._SUPPORTED_BY_READER) is True
    assert queries._displayed(10**12) is None


def test_the_demarche_frame_is_the_orms_with_its_phases_and_components() -> None:
    demarche = DemarcheFactory.create()
    Demarche.objects.filter(pk=demarche.pk).update(
        phase_override=demarche.phases.order_by("position").last(), phase_override_reason="Prolongée"
    )
    for pk in (demarche.pk, DemarcheFactory.create().pk):
        fast = demarche_queries._read_frame(pk)
        orm = demarche_queries._with_frame(Demarche.objects.all()).filter(pk=pk).first()
        assert fast is not None
        assert orm is not None
        with CaptureQueriesContext(connection) as captured:
            assert field_values(fast) == field_values(orm)
            assert field_values(fast.phase_override) == field_values(orm.phase_override)
            assert [field_values(p) for p in fast.ordered_phases()] == [field_values(p) for p in orm.ordered_phases()]
            assert [field_values(c) for c in fast.enabled_components()] == [
                field_values(c) for c in orm.enabled_components()
            ]
            assert fast.components_were_read()
            assert orm.components_were_read()
            assert all(part.demarche is fast for part in [*fast.ordered_phases(), *fast.enabled_components()])
        assert captured.captured_queries == []
    assert demarche_queries._read_frame(10**12) is None


def test_the_demarche_structure_is_the_orms_with_its_themes_and_quartiers() -> None:
    demarche = DemarcheFactory.create()
    # Linked in the other order than they are shown (by name).
    demarche.themes.set([ThemeFactory.create(name="Voirie"), ThemeFactory.create(name="Espaces verts")])
    demarche.quartiers.set([QuartierFactory.create(name="Nord"), QuartierFactory.create(name="Centre")])
    for field, value in (("pk", demarche.pk), ("slug", demarche.slug), ("slug", DemarcheFactory.create().slug)):
        fast = demarche_queries._read_structure(field, value)
        orm = demarche_queries._with_display_relations(Demarche.objects.all()).filter(**{field: value}).first()
        assert fast is not None
        assert orm is not None
        with CaptureQueriesContext(connection) as captured:
            assert field_values(fast) == field_values(orm)
            assert [field_values(t) for t in fast.scope_themes()] == [field_values(t) for t in orm.scope_themes()]
            assert [field_values(q) for q in fast.scope_quartiers()] == [field_values(q) for q in orm.scope_quartiers()]
            assert [field_values(p) for p in fast.ordered_phases()] == [field_values(p) for p in orm.ordered_phases()]
            assert [field_values(c) for c in fast.enabled_components()] == [
                field_values(c) for c in orm.enabled_components()
            ]
        assert captured.captured_queries == []
    shown = demarche_queries._read_structure("slug", demarche.slug)
    assert shown is not None
    assert [theme.name for theme in shown.scope_themes()] == ["Espaces verts", "Voirie"]
    assert [quartier.name for quartier in shown.scope_quartiers()] == ["Centre", "Nord"]
    assert demarche_queries._read_structure("slug", "aucune-demarche") is None
