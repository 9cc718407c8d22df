"""Every read of the quality pages: bounded queries (indicators are aggregated in the database)."""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from cocite.accounts.viewer import Viewer
from cocite.contributions.models import Contribution
from cocite.debate.models import Comment
from cocite.demarches.queries import visible_demarches

from .models import (
    HELPED,
    Counterpoint,
    FaqEntry,
    Feedback,
    Help,
    InformationPage,
    PageQuestion,
    PageVersion,
    PublicService,
    RecurringPoint,
    Respondent,
)

TREND_QUARTERS = 4  # quarters shown in the trend (the last four: a year)
FEEDBACK_PAGE_SIZE = 30
QUESTIONS_SHOWN = 50
FAQ_CANDIDATES = 30


# Services --------------------------------------------------------------------------------------


def services_list() -> list[PublicService]:
    """Every service open to feedback, with its department and the number of answers (one query)."""
    return list(
        PublicService.objects.filter(is_active=True)
        .select_related("department")
        .annotate(answers=Count("feedback"))
        .order_by("name")
    )


def service_get(slug: str) -> PublicService:
    service = PublicService.objects.select_related("department").filter(slug=slug).first()
    if service is None:
        raise Http404
    return service


def service_by_code(code: str) -> PublicService:
    service = PublicService.objects.filter(short_code=code).only("slug").first()
    if service is None:
        raise Http404
    return service


@dataclass
class Indicators:
    """« Je donne mon avis » indicators for one group of answers."""

    label: str
    answers: int = 0
    satisfaction: dict[int, int] = field(default_factory=lambda: {0: 0, 1: 0, 2: 0})
    ease: dict[int, int] = field(default_factory=lambda: {0: 0, 1: 0, 2: 0})
    clarity: dict[int, int] = field(default_factory=lambda: {0: 0, 1: 0, 2: 0})
    helped: int = 0
    needed: int = 0

    def add(self, row: dict[str, Any]) -> None:
        self.answers += row["n"]
        for level in (0, 1, 2):
            self.satisfaction[level] += row[f"sat{level}"]
            self.ease[level] += row[f"ease{level}"]
            self.clarity[level] += row[f"clar{level}"]
        self.helped += row["helped"]
        self.needed += row["needed"]

    @staticmethod
    def _score(levels: dict[int, int]) -> float | None:
        total = sum(levels.values())
        return round((levels[2] * 10 + levels[1] * 5) / total, 1) if total else None

    @property
    def satisfaction_score(self) -> float | None:
        """Out of 10: « Bien » counts 10, « Moyen » 5, « Pas bien » 0 (the State's observatory)."""
        return self._score(self.satisfaction)

    @property
    def ease_score(self) -> float | None:
        return self._score(self.ease)

    @property
    def clarity_score(self) -> float | None:
        return self._score(self.clarity)

    @property
    def help_share(self) -> int | None:
        """Percentage of those who needed help who got it."""
        return round(100 * self.helped / self.needed) if self.needed else None


def _aggregates(qs: QuerySet[Feedback], *group: str) -> list[dict[str, Any]]:
    counts: dict[str, Any] = {"n": Count("pk")}
    for level in (0, 1, 2):
        counts[f"sat{level}"] = Count("pk", filter=Q(satisfaction=level))
        counts[f"ease{level}"] = Count("pk", filter=Q(ease=level))
        counts[f"clar{level}"] = Count("pk", filter=Q(clarity=level))
    counts["helped"] = Count("pk", filter=Q(help__in=HELPED))
    counts["needed"] = Count("pk", filter=~Q(help=Help.NOT_NEEDED))
    return list(qs.values(*group).annotate(**counts).order_by(*group))


def quarter_label(day: datetime.date) -> str:
    return gettext("T%(quarter)s %(year)s") % {"quarter": (day.month - 1) // 3 + 1, "year": day.year}


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@dataclass
class ServicePage:
    service: PublicService
    residents: Indicators
    agents: Indicators
    trend: list[tuple[Indicators, Indicators]]  # per quarter: residents, agents
    points: list[RecurringPoint]

    @property
    def chart(self) -> dict[str, Any]:
        """Residents' satisfaction out of 10 per quarter, as SVG bars (600 units wide)."""
        rows = []
        for index, (residents, agents) in enumerate(self.trend):
            rows.append(
                {
                    "label": residents.label,
                    "y": index * 48,
                    "residents": residents.satisfaction_score,
                    "agents": agents.satisfaction_score,
                    "residents_width": round(30 * (residents.satisfaction_score or 0), 1),
                    "agents_width": round(30 * (agents.satisfaction_score or 0), 1),
                }
            )
        return {"rows": rows, "height": max(1, len(rows)) * 48 + 4}


def service_page(service: PublicService, today: datetime.date | None = None) -> ServicePage:
    """Indicators by kind of respondent, their trend over the last four quarters, the department's
    answers: three queries whatever the number of answers."""
    today = today or timezone.localdate()
    qs = Feedback.objects.filter(service=service)
    residents = Indicators(label=gettext("Usager·ères"))
    agents = Indicators(label=gettext("Agent·es"))
    for row in _aggregates(qs, "respondent_kind"):
        (agents if row["respondent_kind"] == Respondent.AGENT else residents).add(row)
    first = quarter_start(today)
    starts = [first]
    for _index in range(TREND_QUARTERS - 1):
        previous = starts[-1] - datetime.timedelta(days=1)
        starts.append(quarter_start(previous))
    starts.reverse()
    by_quarter = {
        start: (Indicators(label=quarter_label(start)), Indicators(label=quarter_label(start))) for start in starts
    }
    recent = qs.filter(day__gte=starts[0]).annotate(quarter=TruncQuarter("day"))
    for row in _aggregates(recent, "quarter", "respondent_kind"):
        quarter = row["quarter"]
        if isinstance(quarter, datetime.datetime):
            quarter = quarter.date()
        pair = by_quarter.get(quarter)
        if pair is not None:
            (pair[1] if row["respondent_kind"] == Respondent.AGENT else pair[0]).add(row)
    points = list(service.recurring_points.order_by("-created_at", "-pk")[:20])
    return ServicePage(service, residents, agents, list(by_quarter.values()), points)


def indicators_by_service(service_ids: list[int]) -> dict[int, tuple[Indicators, Indicators]]:
    """{service id: (residents, agents)} over all answers, as each service's page counts them (one query)."""
    found = {
        pk: (Indicators(label=gettext("Usager·ères")), Indicators(label=gettext("Agent·es"))) for pk in service_ids
    }
    for row in _aggregates(Feedback.objects.filter(service_id__in=service_ids), "service_id", "respondent_kind"):
        pair = found[row["service_id"]]
        (pair[1] if row["respondent_kind"] == Respondent.AGENT else pair[0]).add(row)
    return found


def feedback_received(service: PublicService, page_number: Any) -> Page[Feedback]:
    """The answers with their free text, newest first, for the department (who answered is not shown)."""
    qs = (
        Feedback.objects.filter(service=service)
        .exclude(comment="")
        .only("pk", "day", "respondent_kind", "satisfaction", "ease", "clarity", "help", "comment")
        .order_by("-day", "-pk")
    )
    return Paginator(qs, FEEDBACK_PAGE_SIZE).get_page(page_number)


def already_answered_today(service: PublicService, viewer: Viewer, today: datetime.date) -> bool:
    if not viewer.is_authenticated:
        return False
    return Feedback.objects.filter(service=service, respondent_id=viewer.pk, day=today).exists()


# Information pages --------------------------------------------------------------------------------


def pages_list(today: datetime.date | None = None) -> list[InformationPage]:
    today = today or timezone.localdate()
    pages: list[InformationPage] = list(
        InformationPage.objects.select_related("department")
        .annotate(
            open_questions=Count(
                "questions", filter=Q(questions__answered_at__isnull=True, questions__masked_at__isnull=True)
            )
        )
        .order_by("department__name", "title")
    )
    for page in pages:
        page.overdue_review = page.review_by < today  # type: ignore[attr-defined]
    return pages


def page_get(slug: str) -> InformationPage:
    page = InformationPage.objects.select_related("department").filter(slug=slug).first()
    if page is None:
        raise Http404
    return page


@dataclass
class PageView:
    page: InformationPage
    overdue_review: bool
    sources: list[Any]
    questions: list[PageQuestion]
    question_count: int
    faq: list[FaqEntry]
    verified_by_version: PageVersion | None


def page_view(page: InformationPage, today: datetime.date | None = None) -> PageView:
    """A page with its sources, FAQ and questions (the latest 50, with the contradictory opinions)."""
    today = today or timezone.localdate()
    # Hidden ones keep their place with the moderation's tombstone.
    questions = list(
        page.questions.select_related("author", "correction")
        .prefetch_related(Prefetch("counterpoints", queryset=Counterpoint.objects.select_related("department")))
        .order_by("-created_at", "-pk")[:QUESTIONS_SHOWN]
    )
    now = timezone.now()
    for question in questions:
        question.is_late = question.answered_at is None and question.due_at < now  # type: ignore[attr-defined]
        question.answered_late = (  # type: ignore[attr-defined]
            question.answered_at is not None and question.answered_at > question.due_at
        )
    return PageView(
        page=page,
        overdue_review=page.review_by < today,
        sources=list(page.sources.all()),
        questions=questions,
        question_count=page.questions.filter(masked_at__isnull=True).count(),
        faq=list(page.faq.order_by("pk")[:50]),
        verified_by_version=None,
    )


def page_versions(page: InformationPage) -> list[PageVersion]:
    return list(page.versions.select_related("page").order_by("-number"))


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def diff_versions(old: PageVersion, new: PageVersion) -> dict[str, Any]:
    """A readable line diff of two versions (as for rulebooks)."""
    lines = []
    old_lines = [f"# {old.title}", *old.body.splitlines()]
    new_lines = [f"# {new.title}", *new.body.splitlines()]
    for line in difflib.ndiff(old_lines, new_lines):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        lines.append(DiffLine(kind={"+ ": "added", "- ": "removed"}.get(code, "same"), text=text))
    return {"old": old, "new": new, "lines": lines}


def question_get(page: InformationPage, pk: int) -> PageQuestion:
    question = (
        PageQuestion.objects.filter(page=page, pk=pk, masked_at__isnull=True)
        .select_related("author", "correction")
        .prefetch_related(Prefetch("counterpoints", queryset=Counterpoint.objects.select_related("department")))
        .first()
    )
    if question is None:
        raise Http404
    return question


def faq_candidates(page: InformationPage) -> list[tuple[Comment, str]]:
    """The owning department's official answers on public contributions, not yet in the FAQ (newest 30),
    with the contribution's title as the question. Two queries."""
    public = Contribution.objects.filter(demarche__in=visible_demarches(None), masked_at__isnull=True)
    promoted = page.faq.values("comment_id")
    comments = list(
        Comment.objects.filter(
            is_official=True,
            department_id=page.department_id,
            deleted_at__isnull=True,
            masked_at__isnull=True,
            content_type=ContentType.objects.get_for_model(Contribution),
            object_id__in=public.values("pk"),
        )
        .exclude(pk__in=promoted)
        .only("pk", "body", "object_id", "created_at")
        .order_by("-created_at", "-pk")[:FAQ_CANDIDATES]
    )
    titles = dict(public.filter(pk__in=[c.object_id for c in comments]).values_list("pk", "title"))
    return [(comment, titles[comment.object_id]) for comment in comments if comment.object_id in titles]


def questions_visible_among(ids: list[int] | Any) -> QuerySet[PageQuestion]:
    """Information pages are public: every question of these ids that exists."""
    return PageQuestion.objects.filter(pk__in=list(ids))


# Commitments (/engagements/) -------------------------------------------------------------------------


def question_deadlines() -> list[tuple[str, str, datetime.datetime, datetime.datetime, datetime.datetime | None]]:
    """(department slug, department name, asked at, due at, answered at) of every public question."""
    return [
        (slug, name, created, due, answered)
        for slug, name, created, due, answered in PageQuestion.objects.filter(masked_at__isnull=True).values_list(
            "page__department__slug", "page__department__name", "created_at", "due_at", "answered_at"
        )
    ]


def personal_data(user: Any) -> dict[str, Any]:
    return {
        "service_feedback": list(
            Feedback.objects.filter(respondent_id=user.pk)
            .order_by("pk")
            .values("service__name", "day", "satisfaction", "ease", "clarity", "help", "comment")
        ),
        "page_questions": list(
            PageQuestion.objects.filter(author_id=user.pk)
            .order_by("pk")
            .values("page__title", "kind", "statement", "body", "source_url", "created_at", "answer")
        ),
    }
