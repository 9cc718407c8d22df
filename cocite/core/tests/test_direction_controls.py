"""Bidi embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) in what people write.

A right-to-left override in a pseudonym or a title reverses what follows it on the line
(« Camille\u202e… » shows the rest backwards, and can disguise a file name or a link). The
rule, one validator in cocite.core.validators used everywhere:

- single-line text (pseudonyms, names, titles, statements, labels, search terms): refused
  with a French form error;
- multi-line text (bodies, Markdown, notes): the controls are removed on input — a person
  pasting a mixed-direction paragraph cannot see them to delete them, and the Unicode
  bidirectional algorithm lays out the text correctly without them.

The sweep walks every form class of every `cocite.*.forms` module.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.test import Client
from django.urls import reverse

from cocite.accounts.models import User
from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.models import Contribution
from cocite.core.testing import report_coverage
from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version
from cocite.territory.models import Quartier, Theme

pytestmark = pytest.mark.django_db

CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
RLO = "\u202e"
FRENCH_ERROR = "caractère invisible qui change le sens d"


def test_signup_refuses_an_override_in_the_pseudonym() -> None:
    response = Client().post(
        reverse("account_signup"),
        {
            "email": "rlo@exemple.fr",
            "password1": "velo-et-tilleuls-2026",
            "password2": "velo-et-tilleuls-2026",
            "display_name": f"Camille{RLO}gpj.exe",
        },
    )
    assert response.status_code == 200
    assert FRENCH_ERROR in response.content.decode()
    assert not User.objects.filter(email="rlo@exemple.fr").exists()


def test_profile_refuses_an_isolate_in_the_pseudonym() -> None:
    user = UserFactory(display_name="Avant")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "Tom\u2067 du Port"})
    assert response.status_code == 200
    assert FRENCH_ERROR in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Avant"


def test_a_contribution_title_is_refused_and_its_body_cleaned() -> None:
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    client = Client()
    client.force_login(UserFactory())
    url = reverse("contributions:submit", kwargs={"slug": demarche.slug})
    data = {"kind": "idee", "title": f"Des bancs {RLO}erag al sérp", "body": "Il fait chaud."}
    response = client.post(url, data)
    assert response.status_code == 400
    assert FRENCH_ERROR in response.content.decode()
    assert not Contribution.objects.exists()
    response = client.post(url, {**data, "title": "Des bancs près de la gare", "body": "Texte \u202bمرحبا\u202c ici"})
    assert response.status_code == 302
    assert Contribution.objects.get().body == "Texte مرحبا ici"


# --- the sweep -----------------------------------------------------------------------------------

# Values for the keyword arguments form constructors require (by argument name).
ARGUMENTS: dict[str, Any] = {
    "demarche": lambda: DemarcheFactory(),
    "offline": lambda: True,  # the offline form has one more field (the resident's name)
    "user": lambda: UserFactory(),
    "themes": lambda: Theme.objects.none(),  # a list for some forms, a queryset for others: both
    "quartiers": lambda: Quartier.objects.none(),
    "choices": lambda: [],
    "departments": lambda: [],
    "demarches": lambda: [],
    "ids": lambda: [],
    "criteria_choices": lambda: [],
    "categories": lambda: apps.get_model("reports", "Category").objects.none(),  # reports' filters and transform
    "notes": lambda: apps.get_model("exploration", "FieldNote").objects.none(),  # exploration's findings
    "journeys": lambda: apps.get_model("exploration", "Journey").objects.none(),
    "people": lambda: [],  # network's referent candidates
    "actors": lambda: [],  # the actors one is a member of (network, missions)
    "steps": lambda: [],  # a journey's steps (exploration's irritant form)
    "contributions": lambda: Contribution.objects.none(),
    "opinions": lambda: [],
    "officials": lambda: User.objects.none(),
    "candidates": lambda: [],
    "stance_mode": lambda: "required",
    "text_fields": lambda: {"title": "Un titre", "body": "Un texte"},  # moderation's redaction form
}


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.forms"
        if not config.name.startswith("cocite.") or importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module_name and issubclass(cls, forms.BaseForm):
                found.append(cls)
    return found


def _instantiate(cls: type[forms.BaseForm]) -> forms.BaseForm:
    kwargs = {}
    # A subclass passes **kwargs on to its parents' constructors: collect theirs too.
    constructors = [k.__init__ for k in cls.__mro__ if "__init__" in vars(k) and k.__module__.startswith("cocite.")]
    for constructor in constructors:
        for name, parameter in inspect.signature(constructor).parameters.items():
            if parameter.kind is not inspect.Parameter.KEYWORD_ONLY or name in kwargs:
                continue
            if name in ARGUMENTS:
                kwargs[name] = ARGUMENTS[name]()
            elif parameter.default is inspect.Parameter.empty:
                pytest.fail(f"{cls.__qualname__} needs `{name}`: add a value to ARGUMENTS")
    return cls(**kwargs)


def _value(field: forms.CharField, control: str) -> str:
    """A value the field would accept but for the control character."""
    if isinstance(field, forms.URLField):  # a web address, valid but for the control (hosts may be IDN)
        return "https://exemple.fr/Texte" + control + "a"
    length = max(field.min_length or 0, 12)
    if field.max_length is not None:
        length = min(length, field.max_length)
    return "Texte" + control + "a" * max(length - 6, 0)


def _clean(field: forms.Field, value: str) -> tuple[forms.ValidationError | None, Any]:
    try:
        return None, field.clean(value)
    except forms.ValidationError as error:
        return error, None


def test_every_single_line_text_field_refuses_direction_controls_and_long_texts_lose_them() -> None:
    checked_forms, single, multi = 0, [], []
    for cls in _form_classes():
        form = _instantiate(cls)
        checked_forms += 1
        for name, field in form.fields.items():
            if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
                continue  # choices, numbers, dates; a password may hold any character
            where = f"{cls.__module__}.{cls.__qualname__}.{name}"
            multiline = isinstance(field.widget, forms.Textarea)
            for control in CONTROLS:
                refused, cleaned = _clean(field, _value(field, control))
                if refused is not None and isinstance(field, forms.EmailField):
                    continue  # an address's own grammar is ASCII before the @ and IDNA after: refused anyway
                if refused is not None:
                    assert any(e.code == "direction_control" for e in refused.error_list), (where, refused)
                    assert FRENCH_ERROR in " ".join(refused.messages), (where, refused.messages)
                else:
                    assert multiline, f"{where} accepts U+{ord(control):04X} in a single-line field"
                    assert not set(cleaned) & set(CONTROLS), f"{where} keeps U+{ord(control):04X}"
            (multi if multiline else single).append(where)
    assert checked_forms >= 25
    report_coverage(
        f"direction controls: {checked_forms} forms, {len(single)} single-line fields refuse and "
        f"{len(multi)} multi-line fields drop each of {len(CONTROLS)} controls"
    )
