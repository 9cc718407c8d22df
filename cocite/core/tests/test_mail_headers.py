"""Mail subjects stay on one line, whatever a person posted.

Found from outside: an organiser's message posted with « x\\r\\nSet-Cookie: a=b » as its subject
made the delivery task fail (Python's mail library refuses a line break in a header, rightly: it
is how a posted title would add a Bcc). The class is « text a person wrote reaches a mail header »;
two sweeps cover it: every place that builds a mail passes its subject through `one_line` (or
builds it from a constant), and the senders that take a subject deliver it folded.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.core import mail

from cocite.core.forms import LineField
from cocite.core.validators import one_line

HOSTILE = "Réunion\r\nBcc: victime@example.org\u2028suite"
MAIL_BUILDERS = {"send_mail", "EmailMessage", "EmailMultiAlternatives"}
SOURCE = Path(__file__).resolve().parents[2]


def _subject_argument(call: ast.Call) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == "subject":
            return keyword.value
    return call.args[0] if call.args else None


def _is_safe(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _is_safe(node.left) and _is_safe(node.right)
    if isinstance(node, ast.Name) and node.id.isupper():  # a module constant (SUBJECT_PREFIX)
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.func.id == "one_line":
            return True
        # A translated constant: _("Cocité : courriel d'essai").
        return node.func.id in {"_", "gettext"} and all(isinstance(arg, ast.Constant) for arg in node.args)
    return False


def _mail_calls() -> list[tuple[str, int, ast.Call]]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                # allauth's adapter.send_mail(template_prefix, …) renders its subject and folds it itself.
                on_adapter = isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call)
                if name in MAIL_BUILDERS and not on_adapter and _subject_argument(node) is not None:
                    found.append((str(path.relative_to(SOURCE)), node.lineno, node))
    return found


def test_every_mail_subject_is_folded_onto_one_line() -> None:
    calls = _mail_calls()
    assert len(calls) >= 6, calls  # the sweep sees the senders of missions, network, reports, quality…
    unsafe = [f"{path}:{line}" for path, line, call in calls if not _is_safe(_subject_argument(call))]  # type: ignore[arg-type]
    assert not unsafe, f"mail subjects not passed through one_line: {unsafe}"


def test_one_line_folds_every_line_break_and_keeps_the_rest() -> None:
    assert one_line(HOSTILE) == "Réunion Bcc: victime@example.org suite"
    assert one_line("Fête  de quartier") == "Fête  de quartier"


def test_a_line_field_folds_a_posted_line_break() -> None:
    class Form(forms.Form):
        title = LineField()

    form = Form(data={"title": "Le titre\r\nSet-Cookie: a=b"})
    assert form.is_valid()
    assert form.cleaned_data["title"] == "Le titre Set-Cookie: a=b"


@pytest.mark.django_db
def test_the_senders_deliver_a_hostile_subject_on_one_line() -> None:
    from cocite.missions import mails
    from cocite.network.tasks import send_network_mail
    from cocite.reports.tasks import send_report_mail

    mails.send(to=["a@example.org"], subject=HOSTILE, body="corps")
    send_network_mail.call(["b@example.org"], HOSTILE, "corps")
    send_report_mail.call(HOSTILE, "corps", ["c@example.org"])
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        rendered = message.message()
        assert "\n" not in rendered["Subject"]
        assert "\r" not in rendered["Subject"]
        assert rendered["Bcc"] is None
        assert message.recipients() == message.to
