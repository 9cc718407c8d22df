"""Reading a person's answer to one question from a form, and which questions are shown.

Pure functions over already-fetched questions and choices (no query). Every value of the
request is checked against the question it claims to answer: a choice id of another
question, a scale value out of bounds, a matrix row left out, a malformed date — each gives
a French message, never an exception past the view.

Form fields: ``q<id>`` (single: a choice id; multiple: repeated choice ids; scale, number,
texts, date: the value), ``q<id>-c<choice>`` (ranking: the rank given to that choice),
``q<id>-r<row>`` (matrix: the column's choice id chosen for that row).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.utils.translation import gettext as _

from cocite.core.params import parse_id, parse_int

from .models import NUMBER_LIMIT, TEXT_LONG_MAX_LENGTH, TEXT_SHORT_MAX_LENGTH, Choice, Question

_DATE_FR = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")
_INTEGER = re.compile(r"^\s*(-?)\s*(\d{1,12})\s*$")
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)


class FormData(Protocol):
    def get(self, key: str, default: Any = None, /) -> Any: ...

    def getlist(self, key: str, default: Any = None, /) -> list[Any]: ...


@dataclass(frozen=True)
class Value:
    """One atomic answer, as stored in an `Answer` row."""

    choice_id: int | None = None
    row_id: int | None = None
    rank: int | None = None
    number: int | None = None
    date: datetime.date | None = None
    text: str = ""


@dataclass
class Parsed:
    values: list[Value] = field(default_factory=list)
    error: str = ""

    @property
    def empty(self) -> bool:
        return not self.values


class InvalidAnswer(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def field_name(question: Question) -> str:
    return f"q{question.pk}"


def options_of(question: Question) -> list[Choice]:
    return [c for c in question.choices.all() if c.role == Choice.Role.OPTION]


def rows_of(question: Question) -> list[Choice]:
    return [c for c in question.choices.all() if c.role == Choice.Role.ROW]


def parse_date(text: str) -> datetime.date | None:
    """A date written 14/07/2027 (French) or 2027-07-14 (what a date field sends); None if malformed."""
    match = _DATE_FR.match(text) or _DATE_ISO.match(text)
    if not match:
        return None
    parts = [int(p) for p in match.groups()]
    year, month, day = (parts[2], parts[1], parts[0]) if _DATE_FR.match(text) else (parts[0], parts[1], parts[2])
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return None
    return value if EARLIEST_DATE <= value <= LATEST_DATE else None


def _single_text(data: FormData, name: str) -> str:
    value = data.get(name, "")
    return value if isinstance(value, str) else ""


def parse(question: Question, data: FormData) -> Parsed:
    """The answer the form gives to `question`, or a French error. Emptiness is not an error here."""
    try:
        return Parsed(values=_parse(question, data))
    except InvalidAnswer as error:
        return Parsed(error=error.message)


def _option_id(question: Question, raw: Any, options: Mapping[int, Choice]) -> int:
    choice_id = parse_id(raw) if isinstance(raw, str) else None
    if choice_id is None or choice_id not in options:
        raise InvalidAnswer(_("Ce choix ne fait pas partie des réponses proposées à cette question."))
    return choice_id


def _parse(question: Question, data: FormData) -> list[Value]:
    name = field_name(question)
    kind = question.kind
    if kind == Question.Kind.SINGLE:
        raw = _single_text(data, name)
        if not raw.strip():
            return []
        options = {c.pk: c for c in options_of(question)}
        return [Value(choice_id=_option_id(question, raw, options))]
    if kind == Question.Kind.MULTIPLE:
        raws = [r for r in data.getlist(name) if isinstance(r, str) and r.strip()][: len(options_of(question)) + 1]
        options = {c.pk: c for c in options_of(question)}
        chosen = list(dict.fromkeys(_option_id(question, raw, options) for raw in raws))
        return [Value(choice_id=choice_id) for choice_id in chosen]
    if kind == Question.Kind.SCALE:
        raw = _single_text(data, name)
        if not raw.strip():
            return []
        number = _integer(raw)
        if number is None or not question.scale_min <= number <= question.scale_max:
            raise InvalidAnswer(
                _("Choisissez une valeur entre %(min)s et %(max)s.")
                % {"min": question.scale_min, "max": question.scale_max}
            )
        return [Value(number=number)]
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT):
        text = _single_text(data, name).replace("\x00", "").strip()
        limit = TEXT_SHORT_MAX_LENGTH if kind == Question.Kind.SHORT_TEXT else TEXT_LONG_MAX_LENGTH
        if kind == Question.Kind.SHORT_TEXT:
            text = " ".join(text.split())
        if len(text) > limit:
            raise InvalidAnswer(
                _("Votre réponse compte %(n)s caractères : %(max)s au plus.") % {"n": len(text), "max": limit}
            )
        return [Value(text=text)] if text else []
    if kind == Question.Kind.NUMBER:
        raw = _single_text(data, name)
        if not raw.strip():
            return []
        number = _integer(raw)
        if number is None:
            raise InvalidAnswer(_("Saisissez un nombre entier, par exemple 12."))
        low = question.number_min if question.number_min is not None else -NUMBER_LIMIT
        high = question.number_max if question.number_max is not None else NUMBER_LIMIT
        if not low <= number <= high:
            raise InvalidAnswer(_("Saisissez un nombre entre %(min)s et %(max)s.") % {"min": low, "max": high})
        return [Value(number=number)]
    if kind == Question.Kind.DATE:
        raw = _single_text(data, name)
        if not raw.strip():
            return []
        value = parse_date(raw)
        if value is None:
            raise InvalidAnswer(_("Saisissez une date valide, par exemple 14/07/2027."))
        return [Value(date=value)]
    if kind == Question.Kind.RANKING:
        return _ranking(question, data)
    if kind == Question.Kind.MATRIX:
        return _matrix(question, data)
    raise InvalidAnswer(_("Cette question ne peut pas recevoir de réponse."))


def _integer(raw: str) -> int | None:
    match = _INTEGER.match(raw.replace("\u202f", "").replace("\xa0", ""))
    if not match:
        return None
    number = int(match[2])
    return -number if match[1] else number


def _ranking(question: Question, data: FormData) -> list[Value]:
    options = options_of(question)
    name = field_name(question)
    ranks: dict[int, int] = {}
    for option in options:
        raw = _single_text(data, f"{name}-c{option.pk}")
        if not raw.strip():
            continue
        rank = parse_int(raw, minimum=1, maximum=len(options))
        if rank is None:
            raise InvalidAnswer(_("Chaque rang est un nombre entre 1 et %(n)s.") % {"n": len(options)})
        ranks[option.pk] = rank
    if not ranks:
        return []
    if len(ranks) != len(options):
        raise InvalidAnswer(_("Classez tous les choix, ou aucun."))
    if len(set(ranks.values())) != len(ranks):
        raise InvalidAnswer(_("Chaque rang ne peut être donné qu'à un seul choix."))
    return [Value(choice_id=choice_id, rank=rank) for choice_id, rank in sorted(ranks.items(), key=lambda i: i[1])]


def _matrix(question: Question, data: FormData) -> list[Value]:
    columns = {c.pk: c for c in options_of(question)}
    name = field_name(question)
    values, missing = [], []
    for row in rows_of(question):
        raw = _single_text(data, f"{name}-r{row.pk}")
        if not raw.strip():
            missing.append(row.label)
            continue
        values.append(Value(row_id=row.pk, choice_id=_option_id(question, raw, columns)))
    if values and missing:
        raise InvalidAnswer(_("Répondez pour chaque ligne ; il manque : %(rows)s.") % {"rows": " ; ".join(missing)})
    return values


def required_error(question: Question) -> str:
    if question.kind == Question.Kind.MATRIX:
        return _("Cette question est obligatoire : répondez pour chaque ligne.")
    if question.kind == Question.Kind.RANKING:
        return _("Cette question est obligatoire : classez tous les choix.")
    return _("Cette question est obligatoire.")


# --- what is shown -------------------------------------------------------------------------------


def chosen_by_question(answers: Iterable[Any]) -> dict[int, set[int]]:
    """{question id: chosen option ids} from Answer rows (or Values with question ids)."""
    chosen: dict[int, set[int]] = {}
    for answer in answers:
        if answer.choice_id is not None and answer.row_id is None:
            chosen.setdefault(answer.question_id, set()).add(answer.choice_id)
    return chosen


def visible_questions(questions: Sequence[Question], chosen: Mapping[int, set[int]]) -> list[Question]:
    """The questions shown, in order: those without a condition, and those whose condition is met
    by an earlier, itself shown, question."""
    shown: list[Question] = []
    shown_ids: set[int] = set()
    condition_question = {c.pk: q.pk for q in questions for c in q.choices.all()}
    for question in questions:
        if question.condition_choice_id is not None:
            parent = condition_question.get(question.condition_choice_id)
            if (
                parent is None
                or parent not in shown_ids
                or question.condition_choice_id not in chosen.get(parent, set())
            ):
                continue
        shown.append(question)
        shown_ids.add(question.pk)
    return shown
