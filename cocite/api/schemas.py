"""The API's shapes (OpenAPI components). Objects are built field by field by `serialise.py`."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

NO_NUL = r"^[^\x00]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"


class Problem(Schema):
    """RFC 9457 problem details; `code` is stable, `title` and `detail` follow Accept-Language."""

    type: str
    title: str
    status: int
    code: str
    detail: str
    instance: str | None = None
    errors: list[dict[str, Any]] | None = None


class ThemeOut(Schema):
    id: int
    slug: str
    name: str
    description: str


class QuartierOut(Schema):
    id: int
    slug: str
    name: str
    population: int | None


class PhaseOut(Schema):
    kind: str
    label: str
    position: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    description: str
    current: bool


class RulesOut(Schema):
    version: int
    effective_at: datetime.datetime
    change_note: str
    who_may_take_part: str
    what_happens_to_contributions: str
    support_threshold: int | None
    answer_deadline_days: int | None
    decider: str
    text: str


class DemarcheOut(Schema):
    slug: str
    title: str
    framing_question: str
    status: str
    audience: str
    url: str
    themes: list[str]
    quartiers: list[str]
    current_phase: str | None
    components: list[str]


class DemarcheDetailOut(DemarcheOut):
    context: str
    phases: list[PhaseOut]
    rules: RulesOut | None


class DemarcheList(Schema):
    items: list[DemarcheOut]


class ContributionOut(Schema):
    id: int
    url: str
    demarche: str
    kind: str
    status: str
    channel: str
    hidden: str | None  # null, or why the text is not shown: "moderated" | "pending"
    title: str | None
    body: str | None
    author: str | None
    themes: list[str]
    quartier: str | None
    latitude: float | None
    longitude: float | None
    address: str
    support_count: int
    comment_count: int
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    merged_into: int | None


class ContributionPageOut(Schema):
    items: list[ContributionOut]
    total: int
    next_cursor: str | None
    previous_cursor: str | None


class CommentOut(Schema):
    id: int
    parent: int | None
    depth: int
    state: str  # visible | deleted | hidden
    stance: str
    body: str | None
    author: str | None
    official: bool
    department: str | None
    useful_count: int
    reply_count: int
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    replies: list[CommentOut]


class ArgumentSide(Schema):
    stance: str
    label: str
    count: int


class DebateOut(Schema):
    comment_count: int | None
    arguments: list[ArgumentSide]
    officials: list[CommentOut]
    threads: list[CommentOut]
    next_cursor: str | None


class DecisionOut(Schema):
    id: int
    url: str
    demarche: str
    department: str | None
    outcome: str
    outcome_label: str
    explanation: str
    criteria: list[str]
    body: str
    official_name: str
    deliberation_ref: str
    decided_on: datetime.date
    published_at: datetime.datetime
    supersedes: int | None
    items: list[dict[str, Any]]


class NumberedPage(Schema):
    page: int
    pages: int
    count: int


class DecisionPageOut(NumberedPage):
    items: list[DecisionOut]


class LogEntryOut(Schema):
    seq: int
    kind: str
    timestamp: datetime.datetime
    hash: str
    prev_hash: str
    summary: dict[str, Any]


class LogPageOut(NumberedPage):
    items: list[LogEntryOut]


class MilestoneOut(Schema):
    title: str
    due_on: datetime.date | None
    done_on: datetime.date | None


class ResultOut(Schema):
    id: int
    url: str
    title: str
    description: str
    status: str
    progress: int
    demarche: str | None
    department: str | None
    done_at: datetime.datetime | None
    updated_at: datetime.datetime
    milestones: list[MilestoneOut]


class ResultPageOut(NumberedPage):
    items: list[ResultOut]


class OpinionGroupOut(Schema):
    index: int
    label: str
    size: int
    representative: list[dict[str, Any]]


class OpinionGroupsOut(Schema):
    demarche: str
    computed_at: datetime.datetime | None
    participants: int
    statements: int
    votes: int
    groups: list[OpinionGroupOut]
    consensus: list[dict[str, Any]]
    dividing: list[dict[str, Any]]


class SupportIn(Schema):
    supported: bool = True


class SupportOut(Schema):
    supported: bool
    support_count: int


class CommentIn(Schema):
    body: str = Field(max_length=5000, pattern=NO_NUL)
    stance: str = Field("", pattern=r"^(pour|contre|nuance)?$", description="pour, contre ou nuance (un argument)")
    parent: int | None = Field(None, ge=1, le=2**63 - 1)


class ContributionIn(Schema):
    kind: str = Field(pattern=r"^(probleme|idee|question)$")
    title: str = Field(max_length=140, pattern=NO_NUL)
    body: str = Field(max_length=10000, pattern=NO_NUL)
    themes: list[Annotated[str, Field(max_length=100, pattern=SLUG)]] = Field(default_factory=list, max_length=10)
    quartier: str | None = Field(None, max_length=100, pattern=SLUG)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)


class RoutingIn(Schema):
    department: str = Field(max_length=150, pattern=SLUG)
    reason: str = Field(max_length=2000, pattern=NO_NUL)


class RoutingOut(Schema):
    contribution: int
    department: str
    routed_at: datetime.datetime | None
