"""`{% contribution_cards %}` writes exactly what the template loop over the cards wrote (issue 15)."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template
from django.utils import translation

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.contributions.templatetags.contribution_cards import contribution_cards
from cocite.contributions.tests.factories import ContributionFactory
from cocite.demarches.tests.factories import DemarcheFactory
from cocite.territory.tests.factories import QuartierFactory, ThemeFactory

# The loop results.html held before the tag: the reference the tag must reproduce byte for byte.
TEMPLATE_LOOP = """{% load i18n people %}{% for item in items %}
<li class="card contribution-card">
  <h3 class="card__heading"><a href="{% url 'contributions:detail' item.pk %}">{{ item.title }}</a></h3>
  <p class="card__meta">
    <span class="badge badge--{{ item.kind }}">{{ item.get_kind_display }}</span>
    {% if item.status != "recue" %}<span class="badge badge--status">{{ item.get_status_display }}</span>{% endif %}
    {% if item.quartier %}<span>{{ item.quartier.name }}</span>{% endif %}
    {% for theme in item.themes.all %}<span>{{ theme.name }}</span>{% endfor %}
  </p>
  <p class="card__meta">
    <span>{% person item.author item.public_author_name unlinked=demarche.pseudonymous scope=demarche.pk as author_link %}{% blocktranslate trimmed with name=author_link date=item.created_at|long_date %}par {{ name }}, le {{ date }}{% endblocktranslate %}</span>
    {% if item.channel != "en_ligne" %}<span class="badge">{% blocktranslate trimmed with channel=item.get_channel_display %}recueillie : {{ channel }}{% endblocktranslate %}</span>{% endif %}
    <span>{% blocktranslate trimmed count n=item.support_count %}{{ n }} soutien{% plural %}{{ n }} soutiens{% endblocktranslate %}</span>
    <span>{% blocktranslate trimmed count n=item.comment_count %}{{ n }} commentaire{% plural %}{{ n }} commentaires{% endblocktranslate %}</span>
    <!--c:soutien:{{ item.pk }}-->
  </p>
</li>
{% endfor %}"""  # noqa: E501


def _items(demarche: Any) -> list[Contribution]:
    other_status = next(status for status in Contribution.Status if status != "recue")
    quartier = QuartierFactory(name="Les <Lilas> & Co")
    linked = UserFactory(display_name="Zoé <b>", public_profile=True)
    first = ContributionFactory(
        demarche=demarche, title='Un "titre" <script>', author=linked, quartier=quartier, support_count=1
    )
    first.themes.add(ThemeFactory(name="Mobilité & <vélo>"), ThemeFactory(name="Eau"))
    ContributionFactory(
        demarche=demarche,
        author=None,
        offline_author_name="M. <Dupont>",
        channel=Contribution.Channel.PAPER,
        status=other_status,
        support_count=12345,
        comment_count=1,
        kind=Contribution.Kind.PROBLEM,
    )
    ContributionFactory(demarche=demarche, author=None, comment_count=2)
    ContributionFactory(demarche=demarche, author=UserFactory(is_active=False))
    items = list(
        Contribution.objects.filter(demarche=demarche)
        .select_related("author", "quartier", "demarche")
        .prefetch_related("themes")
        .order_by("pk")
    )
    assert len(items) == 4
    return items


@pytest.mark.django_db
@pytest.mark.parametrize("pseudonymous", [False, True])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_cards_equal_the_template_loop(pseudonymous: bool, language: str) -> None:
    demarche = DemarcheFactory(pseudonymous=pseudonymous)
    items = _items(demarche)
    with translation.override(language):
        expected = Template(TEMPLATE_LOOP).render(Context({"items": items, "demarche": demarche}))
        assert contribution_cards(items, demarche) == expected
