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
    full.themes.set([ThemeFactory.create(), ThemeFactory.create()])
    ContributionImage.objects.bulk_create(  # no file behind it: only its row is read
        [ContributionImage(contribution=full, image="contributions/a.png", alt_text="Une image", width=4, height=3)]
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
                assert list(fast.themes.all()) == list(orm.themes.all())
                assert [field_values(i) for i in fast.images.all()] == [field_values(i) for i in orm.images.all()]
            assert captured.captured_queries == []  # everything read with the contribution
    assert getattr(queries._displayed(full.pk, viewer_pk=reader.pk), queries._SUPPORTED_BY_READER) is True
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
            assert [field_values(p) for p in fast.phases.all()] == [field_values(p) for p in orm.phases.all()]
            assert [field_values(c) for c in fast.components.all()] == [field_values(c) for c in orm.components.all()]
        assert captured.captured_queries == []
    assert demarche_queries._read_frame(10**12) is None
