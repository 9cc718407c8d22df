"""The plain-SQL reads of cocite.core.rows give exactly what the ORM gives (PostgreSQL), and the ORM elsewhere."""

from __future__ import annotations

import pytest
from django.db import connection

from cocite.accounts.backends import ModelBackend, _viewer, _viewer_through_the_orm
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution, ContributionImage
from cocite.contributions.queries import _contribution_row, is_supported_by
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.rows import ChildRows, JoinedRows, LinkedRows, quoted
from cocite.core.testing import field_values
from cocite.demarches.models import Demarche, DemarcheComponent, Phase
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.models import DepartmentMembership, Quartier, Theme
from cocite.territory.queries import _all_by_name
from cocite.territory.tests.factories import DepartmentFactory, QuartierFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_the_viewer_and_the_bare_contribution_are_the_orms_instances_field_by_field() -> None:
    agent = UserFactory()
    DepartmentMembership.objects.create(department=DepartmentFactory(), user=agent)
    resident = UserFactory()
    contribution = ContributionFactory(latitude=47.84119, longitude=1.94939)
    for person, is_agent in ((agent, True), (resident, False)):
        fast, orm = _viewer.get(person.pk), _viewer_through_the_orm(person.pk)
        assert fast is not None
        assert orm is not None
        assert type(fast) is type(orm)
        assert field_values(fast) == field_values(orm)
        assert fast._cocite_is_agent is orm._cocite_is_agent is is_agent  # a bool, not 0/1
        assert fast._cocite_unread == orm._cocite_unread == 0
        assert fast._state.adding is False
        assert fast._state.db == "default"
    fast_row, orm_row = (
        _contribution_row.get(contribution.pk),
        ContributionFactory._meta.model.objects.get(pk=contribution.pk),
    )
    assert fast_row is not None
    assert field_values(fast_row) == field_values(orm_row)
    assert _viewer.get(10**12) is None
    assert _contribution_row.get(10**12) is None
    assert ModelBackend().get_user(agent.pk) == agent


def test_the_plain_sql_path_runs_on_postgresql_and_the_orm_elsewhere() -> None:
    person = UserFactory()
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        _viewer.get(person.pk)
    (query,) = captured.captured_queries
    plain = not query["sql"].rstrip().endswith("LIMIT 1")  # the ORM's first() limits; our SQL asks for one key
    assert plain is (connection.vendor == "postgresql")


def test_support_lookups_answer_the_same_as_the_rows() -> None:
    from cocite.contributions.models import Support

    contribution, person = ContributionFactory(), UserFactory()
    assert is_supported_by(person, contribution) is False
    Support.objects.create(contribution=contribution, user=person)
    assert is_supported_by(person, contribution) is True
    assert is_supported_by(UserFactory(), contribution) is False


def test_quoting_escapes_quotes_and_refuses_no_name() -> None:
    assert quoted('a"b') == '"a""b"'
    with pytest.raises(ValueError, match="name is needed"):
        quoted(None)


def test_the_organisation_is_the_orms_first() -> None:
    from cocite.territory.models import Organisation
    from cocite.territory.queries import _first_organisation
    from cocite.territory.tests.factories import OrganisationFactory

    Organisation.objects.all().delete()
    assert _first_organisation() is None
    first, _second = OrganisationFactory.create(), OrganisationFactory.create()
    found = _first_organisation()
    assert found is not None
    assert field_values(found) == field_values(Organisation.objects.get(pk=first.pk))
    assert found._state.adding is False


def test_order_by_names_columns_as_querysets_do_and_refuses_what_is_not_one() -> None:
    phases = JoinedRows(Phase)
    assert phases.order_by(("position", "starts_on")) == ('"demarches_phase"."position", "demarches_phase"."starts_on"')
    assert phases.order_by(("pk",)) == '"demarches_phase"."id"'
    with pytest.raises(ValueError, match="not a column"):
        JoinedRows(Demarche).order_by(("phases",))  # a reverse relation, no column of its own


def test_linked_rows_refuse_what_is_not_a_link_between_two_models() -> None:
    with pytest.raises(ValueError, match="not a many-to-many field"):
        LinkedRows(Demarche, "phase_override", ("pk",))
    linked = LinkedRows(Demarche, "themes", ("name", "pk"))
    assert linked.rows.model is Theme
    assert linked.sql.endswith(
        'WHERE "demarches_demarche_themes"."demarche_id" = ANY(%s) '
        'ORDER BY "territory_theme"."name", "territory_theme"."id"'
    )


@pytest.mark.postgres_only
def test_linked_rows_give_each_row_its_targets_as_the_orm_does() -> None:
    first, second, bare = ContributionFactory(), ContributionFactory(), ContributionFactory()
    first.themes.set([ThemeFactory(name="Voirie"), ThemeFactory(name="Espaces verts")])
    second.themes.set([ThemeFactory(name="Culture")])
    linked = LinkedRows(Contribution, "themes", ("name", "pk")).of([first.pk, second.pk, bare.pk])
    assert set(linked) == {first.pk, second.pk}
    for contribution in (first, second):
        orm = contribution.themes.order_by("name", "pk")
        assert [field_values(t) for t in linked[contribution.pk]] == [field_values(t) for t in orm]
    assert [t.name for t in linked[first.pk]] == ["Espaces verts", "Voirie"]


def test_the_theme_and_quartier_lists_are_every_row_by_name() -> None:
    ThemeFactory(name="Voirie")
    ThemeFactory(name="Espaces verts")
    QuartierFactory(name="Nord")
    QuartierFactory(name="Centre")
    for model in (Theme, Quartier):
        read = _all_by_name(model)
        assert [field_values(row) for row in read] == [
            field_values(row) for row in model._default_manager.order_by("name", "pk")
        ]
        names = [row.name for row in read]
        assert names == sorted(names)


def test_child_rows_refuse_a_column_json_cannot_carry_and_what_is_no_foreign_key() -> None:
    with pytest.raises(ValueError, match="FloatField is not read from JSON"):
        ChildRows(Contribution, "demarche", ("pk",))  # latitude, longitude
    with pytest.raises(ValueError, match="not a foreign key"):
        ChildRows(Phase, "kind", ("pk",))


@pytest.mark.postgres_only
def test_child_rows_read_in_the_parents_query_are_the_orms_rows_field_by_field() -> None:
    demarche = DemarcheFactory.create()
    Phase.objects.create(demarche=demarche, kind="cloture", position=9, starts_on="2027-02-01", ends_on=None)
    DemarcheComponent.objects.create(
        demarche=demarche,
        name="sondage",
        position=3,
        settings={"titre": 'L\'été « chaud » "<b>"', "valeurs": [1, 2.5, None, True], "profond": {"x": {"y": []}}},
    )
    contribution = ContributionFactory(demarche=demarche)
    for alt in ("Un banc", "Une fontaine"):
        ContributionImage.objects.create(
            contribution=contribution, image="c/x.jpg", alt_text=alt, width=640, height=480
        )
    phase_order, by_position, by_pk = ("position", "starts_on", "pk"), ("position", "pk"), ("pk",)
    cases = [
        (ChildRows(Phase, "demarche", phase_order), demarche.phases.order_by(*phase_order)),
        (ChildRows(DemarcheComponent, "demarche", by_position), demarche.components.order_by(*by_position)),
        (ChildRows(ContributionImage, "contribution", by_pk), contribution.images.order_by(*by_pk)),
    ]
    for children, expected in cases:
        parent = demarche if children.model is not ContributionImage else contribution
        table = quoted(parent._meta.db_table)
        sql = f"SELECT {children.subquery(f'{table}.{quoted("id")}')} FROM {table} WHERE id = %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [parent.pk])
            read = children.build(cursor.fetchone()[0])
        assert len(read) == len(expected) > 0
        assert [field_values(row) for row in read] == [field_values(row) for row in expected]
    images = cases[2][0]
    with connection.cursor() as cursor:  # no child: an empty list, not NULL
        cursor.execute(f"SELECT {images.subquery('0')}")
        assert images.build(cursor.fetchone()[0]) == []


@pytest.mark.postgres_only
def test_linked_rows_read_as_a_column_are_what_of_gives() -> None:
    first, bare = ContributionFactory(), ContributionFactory()
    first.themes.set([ThemeFactory(name="Voirie"), ThemeFactory(name="Espaces verts « & » <b>")])
    linked = LinkedRows(Contribution, "themes", ("name", "pk"))
    table = quoted(Contribution._meta.db_table)
    sql = f"SELECT {linked.subquery(f'{table}.{quoted("id")}')} FROM {table} WHERE id = %s"  # noqa: S608
    for contribution, expected in ((first, linked.of([first.pk])[first.pk]), (bare, [])):
        with connection.cursor() as cursor:
            cursor.execute(sql, [contribution.pk])
            read = linked.build(cursor.fetchone()[0])
        assert [field_values(theme) for theme in read] == [field_values(theme) for theme in expected]
