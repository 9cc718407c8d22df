"""Demo follow-up: the bicycle project in progress, the public toilets declared done and contested.

The facts are data: `demo/results.yaml` (its header describes each key), replayed through
the actions. Idempotent: runs only while no result exists. Nine concerned people say the
toilets are not done (the rules reopen the follow-up at ten), so the tenth "non" can be given
in the browser by the resident the file keeps aside.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, TextIO

from django.utils import timezone

from cocite.accounts.models import User
from cocite.core import demo
from cocite.decisions.models import Decision
from cocite.decisions.queries import current_decision_for
from cocite.items.models import Item
from cocite.territory.models import Department

from . import actions, queries
from .models import Result

DEMO_DOMAIN = "demo.bellerive.example"
DATA_FILE = "results.yaml"
ITEM_KIND = "contribution"  # the ideas of the participatory budget, reached as items

RESULT_KEYS = {
    "required": {"decision_of", "by", "department", "title", "description", "budget", "milestones"},
    "optional": {"progress", "progress_update", "done_note", "not_done", "done"},
}
MILESTONE_KEYS = {"required": {"title", "days"}, "optional": {"done"}}
PROGRESS_KEYS = {"required": {"progress", "note"}}


@dataclass(frozen=True)
class Content:
    demarche: str
    kept_aside: str  # e-mail local part
    results: list[dict[str, Any]]

    @property
    def kept_aside_email(self) -> str:
        return f"{self.kept_aside}@{DEMO_DOMAIN}"


def _progress(data: demo.DemoData, where: str, value: Any) -> None:
    if not isinstance(value, int) or not 0 <= value <= 100:
        raise demo.fail(data, where, f"progress {value!r} must be a whole number from 0 to 100")


def load_content(data: demo.DemoData | None = None) -> Content:
    """Read and check `demo/results.yaml` (DemoDataError names the file and the entry)."""
    data = data or demo.load(__package__ or "cocite.results", DATA_FILE)
    results = demo.records(data, data["results"], where="results", **RESULT_KEYS)
    for index, entry in enumerate(results):
        where = f"results: {demo.describe(entry, index)}"
        entry["milestones"] = demo.records(data, entry["milestones"], where=f"{where}: milestones", **MILESTONE_KEYS)
        for rank, milestone in enumerate(entry["milestones"]):
            if not isinstance(milestone["days"], int):
                raise demo.fail(data, f"{where}: milestones: {demo.describe(milestone, rank)}", "days: a number")
        if "progress" in entry:
            _progress(data, where, entry["progress"])
        if entry.get("progress_update") is not None:
            entry["progress_update"] = demo.check(
                data, entry["progress_update"], where=f"{where}: progress_update", **PROGRESS_KEYS
            )
            _progress(data, f"{where}: progress_update", entry["progress_update"]["progress"])
        for key in ("not_done", "done"):
            comments = entry.get(key) or []
            if not isinstance(comments, list) or not all(isinstance(c, str) for c in comments):
                raise demo.fail(data, where, f'{key} must be a list of comments ("" for none)')
            entry[key] = comments
    return Content(str(data["demarche"]), str(data["kept_aside"]), results)


def _user(local: str) -> User | None:
    return User.objects.filter(email=f"{local}@{DEMO_DOMAIN}").first()


def _decision_of(demarche: str, title: str) -> Decision | None:
    item = Item.objects.filter(kind=ITEM_KIND, demarche__slug=demarche, title=title).first()
    return current_decision_for(item.pk) if item else None


def _follow(content: Content, entry: dict[str, Any], actor: User, decision: Decision) -> None:
    """One result's life: created, milestones passed, progress, perhaps declared done and checked."""
    today = timezone.localdate()
    result = actions.result_create(
        actor=actor,
        title=entry["title"],
        description=entry["description"],
        department=Department.objects.get(slug=entry["department"]),
        decisions=[decision],
        budget=str(entry["budget"]),
        progress=entry.get("progress", 0),
        milestones=[(m["title"], today + datetime.timedelta(days=m["days"])) for m in entry["milestones"]],
    )
    passed = {m["title"] for m in entry["milestones"] if m.get("done")}
    for milestone in result.milestones.order_by("due_on", "pk"):
        if milestone.title in passed:
            actions.milestone_set_done(actor=actor, milestone=milestone, done=True)
    update = entry.get("progress_update")
    if update is not None:
        actions.result_update_progress(actor=actor, result=result, progress=update["progress"], note=update["note"])
    if entry.get("done_note"):
        actions.result_mark_done(actor=actor, result=result, note=entry["done_note"])
    if not (entry["not_done"] or entry["done"]):
        return
    concerned = list(
        User.objects.filter(pk__in=queries.concerned_user_ids(result))
        .exclude(email=content.kept_aside_email)
        .order_by("pk")
    )
    for person, comment in zip(concerned, entry["not_done"], strict=False):
        actions.completion_check_answer(user=person, result=result, done=False, comment=comment)
    for person, comment in zip(concerned[len(entry["not_done"]) :], entry["done"], strict=False):
        actions.completion_check_answer(user=person, result=result, done=True, comment=comment)


def seed(stdout: TextIO) -> None:
    content = load_content()
    if Result.objects.exists():
        stdout.write(f"  résultats : {Result.objects.count()} résultats déjà suivis, rien d'ajouté")
        return
    ready = []
    for entry in content.results:
        actor, decision = _user(entry["by"]), _decision_of(content.demarche, entry["decision_of"])
        if actor is None or decision is None:
            stdout.write("  résultats : décisions de démonstration absentes, rien d'ajouté")
            return
        ready.append((entry, actor, decision))
    for entry, actor, decision in ready:
        _follow(content, entry, actor, decision)
    stdout.write(f"  résultats : {len(ready)} résultats suivis (un en cours, un déclaré réalisé et contesté)")
