"""Where a contribution's map point falls: inside a quartier's boundary, or refused outside them."""

from __future__ import annotations

import pytest

from cocite.contributions.actions import locate
from cocite.core.errors import ActionError
from cocite.territory.queries import quartier_for_point
from cocite.territory.tests.factories import QuartierFactory, square

pytestmark = pytest.mark.django_db


def test_the_quartier_comes_from_the_point_and_a_point_outside_is_refused() -> None:
    inside = QuartierFactory(boundary=square(2.0, 48.0))
    unmapped = QuartierFactory(boundary=None)  # a quartier whose outline is not drawn yet
    assert locate(48.005, 2.005, unmapped) == inside
    assert quartier_for_point(2.005, 48.005) == inside
    with pytest.raises(ActionError) as refused:
        locate(48.5, 2.5, None)
    assert refused.value.code == "point_outside"


def test_without_any_drawn_outline_every_point_is_accepted() -> None:
    unmapped = QuartierFactory(boundary=None)
    QuartierFactory(boundary=None)
    assert locate(48.5, 2.5, unmapped) == unmapped  # nothing to check the point against
    assert quartier_for_point(2.5, 48.5) is None
