"""Syntheses: every line links to its sources with exact counts; minority views kept; validation recorded."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from cocite.analysis import actions, queries
from cocite.analysis.models import AnalysisRun, ContributionTheme, Synthesis, SynthesisLine, SynthesisSource
from cocite.contributions.models import Contribution
from cocite.contributions.tests.factories import ContributionFactory
from cocite.core.errors import ActionError, Conflict, PermissionDenied
from cocite.core.testing import assert_same_cost, real_render_queries
from cocite.demarches.models import Audience
from cocite.demarches.tests.factories import DemarcheFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grouped(corpus_demarche: Any, agent: Any) -> Any:
    run = AnalysisRun.objects.create(demarche=corpus_demarche)
    actions.run_execute(run_id=run.pk)
    return corpus_demarche


def test_lines_from_themes_cite_every_member_and_flag_small_themes(grouped: Any, agent: Any) -> None:
    c = grouped.corpus
    # A fourth, tiny theme: one contribution split off on its own.
    actions.contributions_move(
        analyst=agent, demarche=grouped, contribution_ids=[c[8].pk], new_label="Un parc à chiens"
    )
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    assert actions.synthesis_fill_from_themes(analyst=agent, synthesis=draft) == 4
    assert actions.synthesis_fill_from_themes(analyst=agent, synthesis=draft) == 0  # themes already cited
    lines = {line.text: line for line in draft.lines.all()}
    small = lines["Un parc à chiens"]
    assert small.is_minority
    assert list(small.sources.values_list("pk", flat=True)) == [c[8].pk]
    assert sum(line.sources.count() for line in lines.values()) == 12
    assert sum(line.is_minority for line in lines.values()) == 1


def test_publishing_records_who_validated_and_freezes_the_synthesis(
    grouped: Any, agent: Any, client_for: Any, client: Any
) -> None:
    c = grouped.corpus
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    line = actions.line_add(
        analyst=agent, synthesis=draft, text="Plus de place pour le vélo.", source_ids=[c[1].pk, c[2].pk, c[3].pk]
    )
    actions.line_add(
        analyst=agent,
        synthesis=draft,
        text="Un espace pour les chiens, demandé une seule fois.",
        source_ids=[c[8].pk],
        is_minority=True,
    )
    # Before publication: nothing public, the editor is for analysts only.
    public_url = reverse("analysis:synthesis", kwargs={"slug": grouped.slug})
    assert "Plus de place pour le vélo" not in client.get(public_url).content.decode()
    response = client_for(agent).post(reverse("analysis:synthesis_publish", kwargs={"slug": grouped.slug}))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.validated_by) == ("published", agent)
    assert draft.validated_at is not None
    with pytest.raises(Conflict):
        actions.line_update(analyst=agent, line=line, text="Autre chose.", source_ids=[c[1].pk], is_minority=False)
    with pytest.raises(Conflict):
        actions.line_delete(analyst=agent, line=line)
    html = client.get(public_url).content.decode()
    assert "Plus de place pour le vélo." in html
    assert agent.display_name in html
    minority = html[html.index('id="avis-minoritaires"') :]
    assert "Un espace pour les chiens" in minority


def test_every_public_line_links_to_each_source_and_counts_match(grouped: Any, agent: Any, client: Any) -> None:
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    actions.synthesis_fill_from_themes(analyst=agent, synthesis=draft)
    actions.synthesis_publish(analyst=agent, synthesis=draft)
    html = client.get(reverse("analysis:synthesis", kwargs={"slug": grouped.slug})).content.decode()
    published = queries.published_synthesis(grouped)
    assert published is not None
    for line in published.lines.all():
        block = html[html.index(f'id="ligne-{line.pk}"') :]
        block = block[: block.index("</details>")]
        source_ids = set(SynthesisSource.objects.filter(line=line).values_list("contribution_id", flat=True))
        linked = {int(pk) for pk in re.findall(r'href="/contributions/(\d+)/"', block)}
        assert linked == source_ids
        count = int(re.search(r"Appuyée sur (\d+) contribution", block).group(1))  # type: ignore[union-attr]
        assert count == len(source_ids) == line.source_count  # type: ignore[attr-defined]


def test_publishing_refuses_to_drop_a_minority_view(grouped: Any, agent: Any) -> None:
    c = grouped.corpus
    actions.contributions_move(
        analyst=agent, demarche=grouped, contribution_ids=[c[8].pk], new_label="Un parc à chiens"
    )
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    with pytest.raises(ActionError, match="Ajoutez au moins une ligne"):
        actions.synthesis_publish(analyst=agent, synthesis=draft)
    actions.line_add(analyst=agent, synthesis=draft, text="Le vélo.", source_ids=[c[1].pk])
    with pytest.raises(ActionError, match="Un parc à chiens") as refused:
        actions.synthesis_publish(analyst=agent, synthesis=draft)
    assert refused.value.code == "minority_missing"
    actions.line_add(analyst=agent, synthesis=draft, text="Un parc à chiens.", source_ids=[c[8].pk], is_minority=True)
    assert actions.synthesis_publish(analyst=agent, synthesis=draft).is_published


def test_a_new_version_starts_from_the_published_lines(grouped: Any, agent: Any) -> None:
    c = grouped.corpus
    first = actions.synthesis_draft(analyst=agent, demarche=grouped)
    actions.line_add(analyst=agent, synthesis=first, text="Le vélo.", source_ids=[c[1].pk, c[2].pk])
    actions.synthesis_fill_from_themes(analyst=agent, synthesis=first)
    actions.synthesis_publish(analyst=agent, synthesis=first)
    second = actions.synthesis_draft(analyst=agent, demarche=grouped)
    assert second.number == 2
    assert second.status == "draft"
    assert actions.synthesis_draft(analyst=agent, demarche=grouped).pk == second.pk  # one draft at a time
    assert [
        (line.text, set(line.sources.values_list("pk", flat=True))) for line in second.lines.order_by("position")
    ] == [(line.text, set(line.sources.values_list("pk", flat=True))) for line in first.lines.order_by("position")]


def test_sources_must_belong_to_the_demarche_and_merged_ones_resolve(grouped: Any, agent: Any) -> None:
    from cocite.analysis.merge import contribution_merge

    c = grouped.corpus
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    with pytest.raises(ActionError):
        actions.line_add(analyst=agent, synthesis=draft, text="Ailleurs.", source_ids=[ContributionFactory().pk])
    with pytest.raises(ActionError):
        actions.line_add(analyst=agent, synthesis=draft, text="Rien.", source_ids=[])
    contribution_merge(analyst=agent, target=c[1], sources=[c[2]])
    line = actions.line_add(analyst=agent, synthesis=draft, text="Le vélo.", source_ids=[c[1].pk, c[2].pk])
    assert list(line.sources.values_list("pk", flat=True)) == [c[1].pk]  # counted once


def test_the_editor_is_for_analysts_and_works_in_the_browser(
    grouped: Any, agent: Any, resident: Any, client_for: Any
) -> None:
    url = reverse("analysis:synthesis_edit", kwargs={"slug": grouped.slug})
    assert client_for(resident).get(url).status_code == 403
    client = client_for(agent)
    assert client.get(url).status_code == 200
    client.post(reverse("analysis:synthesis_start", kwargs={"slug": grouped.slug}))
    c = grouped.corpus
    response = client.post(
        reverse("analysis:line_add", kwargs={"slug": grouped.slug}),
        {"text": "Des lampadaires qui marchent.", "extra_sources": f"{c[9].pk}, #{c[11].pk}"},
    )
    assert response.status_code == 302
    line = SynthesisLine.objects.get(text="Des lampadaires qui marchent.")
    edit_url = reverse("analysis:line_edit", kwargs={"pk": line.pk})
    assert client.get(edit_url).status_code == 200
    client.post(edit_url, {"text": "Un éclairage qui marche.", "sources": [c[9].pk], "is_minority": "on"})
    line.refresh_from_db()
    assert line.text == "Un éclairage qui marche."
    assert line.is_minority
    assert list(line.sources.values_list("pk", flat=True)) == [c[9].pk]
    bad = client.post(
        reverse("analysis:line_add", kwargs={"slug": grouped.slug}), {"text": "Ok ok", "extra_sources": "abc"}
    )
    assert bad.status_code == 400
    client.post(reverse("analysis:line_delete", kwargs={"pk": line.pk}))
    assert not SynthesisLine.objects.filter(pk=line.pk).exists()
    with pytest.raises(PermissionDenied):
        actions.synthesis_draft(analyst=resident, demarche=grouped)


def test_a_synthesis_of_a_hidden_demarche_stays_hidden(agent: Any, client: Any, client_for: Any, resident: Any) -> None:
    internal = DemarcheFactory(
        audience=Audience.AGENTS, managing_department=agent.department_memberships.get().department
    )
    contribution = ContributionFactory(demarche=internal)
    draft = actions.synthesis_draft(analyst=agent, demarche=internal)
    actions.line_add(analyst=agent, synthesis=draft, text="Interne.", source_ids=[contribution.pk])
    actions.synthesis_publish(analyst=agent, synthesis=draft)
    url = reverse("analysis:synthesis", kwargs={"slug": internal.slug})
    assert client.get(url).status_code == 404
    assert client_for(resident).get(url).status_code == 404
    assert client_for(agent).get(url).status_code == 200
    assert Synthesis.objects.filter(demarche=internal, status="published").count() == 1


def test_published_synthesis_costs_the_same_with_10_and_500_lines(client: Any, agent: Any) -> None:
    demarche = DemarcheFactory()
    synthesis = Synthesis.objects.create(
        demarche=demarche,
        number=1,
        title="Ce que vous avez dit",
        status=Synthesis.Status.PUBLISHED,
        validated_by=agent,
        validated_at=timezone.now(),
    )
    theme = ContributionTheme.objects.create(demarche=demarche, label="Thème")
    url = reverse("analysis:synthesis", kwargs={"slug": demarche.slug})

    def add(n: int) -> None:
        contributions = Contribution.objects.bulk_create(
            [Contribution(demarche=demarche, kind="idee", title=f"Source n° {i}", body="x") for i in range(n)]
        )
        lines = SynthesisLine.objects.bulk_create(
            [SynthesisLine(synthesis=synthesis, text=f"Ligne {i}", theme=theme, position=i) for i in range(n)]
        )
        SynthesisSource.objects.bulk_create(
            [SynthesisSource(line=line, contribution=c) for line, c in zip(lines, contributions, strict=True)]
        )

    add(10)
    small = real_render_queries(client, url)
    add(490)
    assert_same_cost(small, real_render_queries(client, url), at_most=10, what="the published synthesis")


def test_the_demarche_page_links_to_its_published_synthesis(
    grouped: Any, agent: Any, client: Any, client_for: Any, resident: Any
) -> None:
    """It was reachable only from the analysis dashboard (issue 16); a draft is not linked."""
    page_url = grouped.get_absolute_url()
    synthesis_url = reverse("analysis:synthesis", kwargs={"slug": grouped.slug})
    draft = actions.synthesis_draft(analyst=agent, demarche=grouped)
    actions.line_add(analyst=agent, synthesis=draft, text="Plus de vélos.", source_ids=[grouped.corpus[1].pk])
    assert f'href="{synthesis_url}"' not in client.get(page_url).content.decode()
    actions.synthesis_publish(analyst=agent, synthesis=draft)
    for viewer in (client, client_for(resident), client_for(agent)):
        html = viewer.get(page_url).content.decode()
        assert f'href="{synthesis_url}"' in html
        assert "Lire la synthèse publiée" in html


def test_a_hidden_demarches_synthesis_is_linked_only_for_those_who_see_it(agent: Any, client_for: Any) -> None:
    internal = DemarcheFactory(
        audience=Audience.AGENTS, managing_department=agent.department_memberships.get().department
    )
    draft = actions.synthesis_draft(analyst=agent, demarche=internal)
    source = ContributionFactory(demarche=internal)
    actions.line_add(analyst=agent, synthesis=draft, text="Interne.", source_ids=[source.pk])
    actions.synthesis_publish(analyst=agent, synthesis=draft)
    assert [str(link.url) for link in queries.demarche_page_links(internal, agent)] == [
        reverse("analysis:synthesis", kwargs={"slug": internal.slug})
    ]
    assert queries.demarche_page_links(internal, AnonymousUser()) == []
