"""Route samples of contributions (see cocite/core/tests/route_samples.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.contributions.models import Contribution

PUBLIC = "securite-rue-ecoles"
RESIDENT_EMAIL = "camille.martin@demo.bellerive.example"


def _contribution() -> Contribution:
    """A located contribution of the public démarche with supports."""
    return (
        Contribution.objects.filter(demarche__slug=PUBLIC, latitude__isnull=False)
        .exclude(status=Contribution.Status.WITHDRAWN)
        .order_by("-support_count", "pk")
        .first()
    ) or Contribution.objects.order_by("pk").first()  # type: ignore[return-value]


def _edited() -> Contribution:
    return Contribution.objects.filter(edited_at__isnull=False).order_by("pk").first() or _contribution()


def _own_editable() -> Contribution:
    """A fresh contribution of the resident, with no support nor comment: editable.

    Submitted through the action, as a person would: indexed for the search like any other
    (made with the ORM it existed unindexed, and the browser search test that picks the newest
    contribution could not find it).
    """
    from cocite.accounts.models import User
    from cocite.contributions.actions import contribution_submit
    from cocite.demarches.models import Demarche

    author = User.objects.get(email=RESIDENT_EMAIL)
    demarche = Demarche.objects.get(slug=PUBLIC)
    title = "Un passage piéton devant la boulangerie"
    existing = Contribution.objects.filter(demarche=demarche, author=author, title=title).first()
    if existing is not None:
        return existing
    return contribution_submit(
        author=author,
        demarche=demarche,
        kind=Contribution.Kind.IDEA,
        title=title,
        body="Les enfants traversent ici chaque matin.",
        rate_limited=False,
    )


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "contributions:list": lambda: reverse("contributions:list", kwargs={"slug": PUBLIC}) + "?q=velo&tri=soutenues",
    "contributions:submit": lambda: reverse("contributions:submit", kwargs={"slug": PUBLIC}),
    "contributions:detail": lambda: reverse("contributions:detail", kwargs={"pk": _contribution().pk}),
    "contributions:edit": lambda: reverse("contributions:edit", kwargs={"pk": _own_editable().pk}),
    "contributions:history": lambda: reverse("contributions:history", kwargs={"pk": _edited().pk}),
}

LOGIN_AS: dict[str, str] = {
    "contributions:submit": RESIDENT_EMAIL,
    "contributions:edit": RESIDENT_EMAIL,
}

MAIN_ROUTES: set[str] = {"contributions:list", "contributions:submit", "contributions:detail"}

EXCLUDED: dict[str, str] = {
    "contributions:similar": "htmx fragment (suggestions) inserted in the submission form, which is sampled",
    "contributions:support": "POST only (support toggle; the form is on the contribution page)",
    "contributions:withdraw": "POST only (withdraw; the button is on the contribution page)",
    "contributions:image": "an image file, not a page (shown on the contribution page, which is sampled)",
}
