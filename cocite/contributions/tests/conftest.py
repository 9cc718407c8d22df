"""Fixtures shared by the contributions tests."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.demarches.tests.factories import DemarcheFactory, RulebookFactory, publish_version


@pytest.fixture
def demarche() -> Any:
    """A démarche with its rules published (version 1): contributions are open."""
    demarche = DemarcheFactory()
    publish_version(RulebookFactory(demarche=demarche), 1)
    return demarche
