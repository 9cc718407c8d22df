"""Demo debates: hand-written threads on a dozen contributions of the two public demo démarches.

Each debate has arguments for, against and nuanced, replies (one thread deep enough to be
shown flat), a few "utile" marks, and, for most, the official answer of the competent
department, given by its manager. Everything goes through the debate actions, so counters
(`comment_count`, `reply_count`, `useful_count`) are exactly what the app maintains; dates
are then spread between the contribution's publication and now.

The texts are data: `demo/debates.yaml` (its header describes each key). The debated objects
are found by their title among the items of commentable resources (cocite.items): the debate
does not import the app they come from.

Idempotent: a contribution that already has comments is left untouched.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.core.errors import ActionError
from cocite.items.models import Item, ItemStatus
from cocite.items.registry import registry as resources
from cocite.territory.models import Department, DepartmentMembership

from . import actions
from .models import Comment, CommentRevision, Stance

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "debates.yaml"


@dataclass(frozen=True)
class Say:
    """A comment: who (demo e-mail local part) says what; its replies; who finds it useful."""

    who: str
    text: str
    stance: str = ""
    replies: tuple[Say, ...] = ()
    useful: tuple[str, ...] = ()
    # The first version, edited by its author within the quarter of an hour allowed.
    edited_from: str = ""
    # Deleted by its author once answered: a tombstone stays above the replies.
    deleted: bool = False


@dataclass(frozen=True)
class Debate:
    title: str
    arguments: tuple[Say, ...]
    department: str = ""  # slug of the competent department that answers
    answer: str = ""
    signed: bool = False
    answer_replies: tuple[Say, ...] = ()


SAY_KEYS = {"required": {"who", "text"}, "optional": {"stance", "replies", "useful", "edited_from", "deleted"}}
DEBATE_KEYS = {"required": {"title", "arguments"}, "optional": {"department", "answer", "signed", "answer_replies"}}


@dataclass(frozen=True)
class Content:
    demarches: tuple[str, ...]  # slugs of the démarches whose contributions are debated
    debates: tuple[Debate, ...]


def _says(data: demo.DemoData, raw: Any, where: str, *, top_level: bool) -> tuple[Say, ...]:
    says = []
    for index, entry in enumerate(demo.records(data, raw, where=where, **SAY_KEYS)):
        at = f"{where}: {demo.describe(entry, index)}"
        stance = entry.get("stance") or ""
        if stance not in {"", *Stance.values} or (top_level and not stance):
            raise demo.fail(data, at, f"stance must be one of {', '.join(Stance.values)} (required on an argument)")
        useful = entry.get("useful") or []
        if not isinstance(useful, list):
            raise demo.fail(data, at, "useful must be a list of e-mail local parts")
        says.append(
            Say(
                who=str(entry["who"]),
                text=str(entry["text"]),
                stance=str(stance),
                replies=_says(data, entry.get("replies"), f"{at}: replies", top_level=False),
                useful=tuple(str(local) for local in useful),
                edited_from=str(entry.get("edited_from") or ""),
                deleted=bool(entry.get("deleted", False)),
            )
        )
    return tuple(says)


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/debates.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.debate", DATA_FILE)
    debates = []
    for index, raw in enumerate(demo.records(data, data["debates"], where="debates", **DEBATE_KEYS)):
        where = f"debates: {demo.describe(raw, index)}"
        if raw.get("answer") and not raw.get("department"):
            raise demo.fail(data, where, "an official answer needs the department that gives it")
        debates.append(
            Debate(
                title=str(raw["title"]),
                arguments=_says(data, raw["arguments"], f"{where}: arguments", top_level=True),
                department=str(raw.get("department") or ""),
                answer=str(raw.get("answer") or ""),
                signed=bool(raw.get("signed", False)),
                answer_replies=_says(data, raw.get("answer_replies"), f"{where}: answer_replies", top_level=False),
            )
        )
    return Content(demarches=tuple(str(slug) for slug in data["demarches"]), debates=tuple(debates))


def _debated_item(title: str, demarches: tuple[str, ...]) -> tuple[Item, models.Model] | None:
    """The item of a commentable resource with this title in these démarches, and its object."""
    commentable = {spec.kind: spec.model for spec in resources.all() if spec.commentable is not None}
    item = (
        Item.objects.filter(kind__in=commentable, demarche__slug__in=demarches, title=title)
        .exclude(status=ItemStatus.WITHDRAWN)
        .order_by("-created_at", "-pk")
        .first()
    )
    if item is None:
        return None
    obj = apps.get_model(commentable[item.kind])._default_manager.filter(pk=item.object_id).first()
    return (item, obj) if obj is not None else None


def _comment_target_is_free(obj: models.Model) -> bool:
    content_type = ContentType.objects.get_for_model(type(obj))
    return not Comment.objects.filter(content_type=content_type, object_id=obj.pk).exists()


class _Seeder:
    def __init__(self) -> None:
        self.people = {u.email.split("@", 1)[0]: u for u in User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}")}
        self.posted: list[tuple[Comment, str]] = []  # comments in creation order, with their first version
        self.useful: list[tuple[Comment, tuple[str, ...]]] = []
        self.deleted: list[Comment] = []
        self.comments = 0

    def person(self, local: str) -> User | None:
        return self.people.get(local)

    def say(self, target: models.Model, said: Say, parent: Comment | None = None) -> None:
        author = self.person(said.who)
        if author is None:
            return
        comment = actions.comment_post(
            author=author,
            target=None if parent else target,
            parent=parent,
            body=said.edited_from or said.text,
            stance=said.stance,
            rate_limited=False,
        )
        if said.edited_from:
            comment = actions.comment_edit(user=author, comment=comment, body=said.text, stance=said.stance)
        self.posted.append((comment, said.edited_from))
        self.useful.append((comment, said.useful))
        self.comments += 1
        for reply in said.replies:
            self.say(target, reply, parent=comment)
        if said.deleted:
            self.deleted.append(comment)

    def official(self, target: models.Model, debate: Debate) -> None:
        department = Department.objects.filter(slug=debate.department).first()
        membership = (
            DepartmentMembership.objects.filter(department=department).select_related("user").order_by("-role").first()
            if department
            else None
        )
        if department is None or membership is None:
            return
        try:
            answer = actions.official_answer_post(
                author=membership.user,
                target=target,
                department=department,
                body=debate.answer,
                signed=debate.signed,
                rate_limited=False,
            )
        except ActionError:
            return  # the department is not competent for this object's themes
        self.posted.append((answer, ""))
        self.comments += 1
        for reply in debate.answer_replies:
            self.say(target, reply, parent=answer)

    def finish(self, published: datetime.datetime) -> None:
        """Marks, deletions, then dates spread between the object's publication and now."""
        for comment, who in self.useful:
            for local in who:
                person = self.person(local)
                if person is not None and person.pk != comment.author_id:
                    actions.useful_set(user=person, comment=comment, useful=True)
        for comment in self.deleted:
            actions.comment_delete(user=comment.author, comment=comment)
        now = timezone.now()
        start = max(published, now - datetime.timedelta(days=20)) + datetime.timedelta(hours=2)
        end = now - datetime.timedelta(minutes=30)
        step = (end - start) / max(len(self.posted), 1)
        for index, (comment, first_version) in enumerate(self.posted):
            moment = start + step * index
            updates: dict[str, Any] = {"created_at": moment, "updated_at": moment}
            if first_version:
                edited = moment + datetime.timedelta(minutes=6)
                updates.update(edited_at=edited, updated_at=edited)
                CommentRevision.objects.filter(comment=comment).update(replaced_at=edited)
            Comment.objects.filter(pk=comment.pk).update(**updates)
        self.posted, self.useful, self.deleted = [], [], []


def seed(stdout: TextIO) -> None:
    content = load_content()
    seeder = _Seeder()
    debated = skipped = 0
    for debate in content.debates:
        found = _debated_item(debate.title, content.demarches)
        if found is None:
            continue
        item, target = found
        if not _comment_target_is_free(target):
            skipped += 1
            continue
        for argument in debate.arguments:
            seeder.say(target, argument)
        if debate.answer:
            seeder.official(target, debate)
        seeder.finish(item.created_at)
        debated += 1
    if skipped and not debated:
        stdout.write(f"  débat : {skipped} contributions déjà commentées, rien d'ajouté")
    else:
        stdout.write(f"  débat : {seeder.comments} commentaires et réponses officielles sur {debated} contributions")
