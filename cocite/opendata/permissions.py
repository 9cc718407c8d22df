"""Who may do what with the open data: everyone downloads; administrators regenerate the files now."""

from __future__ import annotations

from typing import Any

from cocite.accounts.permissions import is_administrator


def can_regenerate_opendata(user: Any) -> bool:
    return is_administrator(user)
