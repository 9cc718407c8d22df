"""Fixtures of the moderation tests: a commented idea in a démarche open for comments, two moderators."""

from __future__ import annotations

from typing import Any

import pytest

from cocite.accounts.tests.factories import UserFactory
from cocite.contributions.tests.factories import ContributionFactory
from cocite.debate import actions as debate_actions
from cocite.demarches.tests.factories import DemarcheFactory


@pytest.fixture
def author(db: Any) -> Any:
    return UserFactory(display_name="Auteur_Argument")


@pytest.fixture
def idea(db: Any) -> Any:
    return ContributionFactory(demarche=DemarcheFactory(), title="Des bancs sur la place du marché")


@pytest.fixture
def comment(idea: Any, author: Any) -> Any:
    return debate_actions.comment_post(
        author=author, target=idea, body="Texte injurieux ZORGLUBMARK contre le voisin.", stance="contre"
    )


@pytest.fixture
def second_moderator(db: Any) -> Any:
    return UserFactory(is_moderator=True, display_name="Seconde_Moderatrice")
