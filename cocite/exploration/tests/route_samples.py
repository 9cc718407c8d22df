"""Route samples of the exploration (see cocite/core/tests/route_samples.py).

The demo's completed exploration is « inscription-ecole » (cocite/exploration/demo/exploration.yaml),
run by the department « Enfance et écoles », whose manager is « a.roche ».
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

SLUG = "inscription-ecole"
TEAM_EMAIL = "a.roche@demo.bellerive.example"


def _note_pk() -> int:
    from cocite.exploration.models import FieldNote

    return FieldNote.objects.filter(demarche__slug=SLUG).order_by("pk").values_list("pk", flat=True)[0]


def _journey_pk() -> int:
    from cocite.exploration.models import Journey

    return Journey.objects.filter(demarche__slug=SLUG).order_by("pk").values_list("pk", flat=True)[0]


def _open_irritant_pk() -> int:
    """An irritant no contribution was made from yet (its « créer une contribution » form)."""
    from cocite.exploration.models import Irritant

    return (
        Irritant.objects.filter(step__journey__demarche__slug=SLUG, contribution__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[0]
    )


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "exploration:findings": lambda: reverse("exploration:findings", kwargs={"slug": SLUG}),
    "exploration:workspace": lambda: reverse("exploration:workspace", kwargs={"slug": SLUG}),
    "exploration:field_note_new": lambda: reverse("exploration:field_note_new", kwargs={"slug": SLUG}),
    "exploration:journey_new": lambda: reverse("exploration:journey_new", kwargs={"slug": SLUG}),
    "exploration:finding_new": lambda: reverse("exploration:finding_new", kwargs={"slug": SLUG}),
    "exploration:field_note": lambda: reverse("exploration:field_note", kwargs={"pk": _note_pk()}),
    "exploration:journey": lambda: reverse("exploration:journey", kwargs={"pk": _journey_pk()}),
    "exploration:irritant_contribution": lambda: reverse(
        "exploration:irritant_contribution", kwargs={"pk": _open_irritant_pk()}
    ),
}

LOGIN_AS: dict[str, str] = dict.fromkeys(
    (
        "exploration:workspace",
        "exploration:field_note_new",
        "exploration:journey_new",
        "exploration:finding_new",
        "exploration:field_note",
        "exploration:journey",
        "exploration:irritant_contribution",
    ),
    TEAM_EMAIL,
)

MAIN_ROUTES: set[str] = {"exploration:findings", "exploration:workspace", "exploration:journey"}

EXCLUDED: dict[str, str] = {
    "exploration:photo": "a field-work photo file, not a page (shown on the field note's page, which is sampled)",
    "exploration:finding_publish": "POST only (publish or withdraw a finding; the buttons are on the team's page)",
}


def _photo_path() -> str:
    from cocite.exploration.models import FieldNotePhoto

    photo = FieldNotePhoto.objects.order_by("pk").first()
    if photo is None:  # the demo's notes have no photo: a name that finds none (its 404)
        return reverse("exploration:photo", kwargs={"pk": 1, "name": "photo.jpg"})
    return reverse("exploration:photo", kwargs={"pk": photo.pk, "name": photo.image.name.rsplit("/", 1)[-1]})


REQUEST_SAMPLES: dict[str, Callable[[], str]] = {"exploration:photo": _photo_path}
