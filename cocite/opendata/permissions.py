"""Who may do what with the open data: everyone downloads; administrators regenerate the files now."""

from __future__ import annotations

from cocite.accounts.permissions import is_administrator
from cocite.accounts.viewer import Viewer


def can_regenerate_opendata(user: Viewer) -> bool:
    return is_administrator(user)
