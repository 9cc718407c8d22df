"""What the quality app plugs into the machinery (from QualityConfig.ready()): questions and
contestations are moderated (cocite/moderation/registry.py), and their answer delays are measured
on /engagements/ (cocite/decisions/commitment_sources.py)."""

from __future__ import annotations

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from cocite.decisions.commitment_sources import CommitmentSource
from cocite.decisions.commitment_sources import register as register_commitments
from cocite.moderation.registry import Moderated, registry

from . import actions, queries
from .models import PageQuestion


def _url(question: PageQuestion) -> str:
    return f"{question.page.get_absolute_url()}#question-{question.pk}"


def register() -> None:
    registry.register(
        Moderated(
            kind="page_question",
            model="quality.PageQuestion",
            label=_("question sur une page d’information"),
            # Information pages are public: anyone may see a question that exists.
            can_view=lambda _viewer, _question: True,
            visible_among=lambda _viewer, ids: set(queries.questions_visible_among(ids).values_list("pk", flat=True)),
            author_id=lambda question: question.author_id,
            excerpt=lambda question: Truncator(f"{question.statement} — {question.body}").chars(400),
            url=_url,
            hide=lambda question, reason, _moderator: actions.question_mask(question, reason),
            restore=lambda question, _moderator: actions.question_unmask(question),
            text_fields=("statement", "body"),
            redact=actions.question_redact,
            related=("page",),
            tombstone=_("Cette question a été masquée par la modération"),
            # The commune's word list holds a question back (« À valider »), like a contribution.
        )
    )
    register_commitments(
        CommitmentSource(
            key="questions-informations",
            title=_("Questions sur les pages d’information"),
            intro=_(
                "Chaque service qui publie une page d’information promet de répondre publiquement aux questions "
                "et contestations dans le délai affiché sur la page."
            ),
            first_column=_("Service"),
            empty=_("Aucune question n’a encore été posée sur les pages d’information."),
            rows=lambda _viewer: queries.question_deadlines(),  # public pages: the same for everyone
        )
    )
