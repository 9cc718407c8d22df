"""Who may follow, and who may be told about a démarche: pure functions shared by views and tasks."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from cocite.accounts.viewer import Viewer, is_active_user
from cocite.demarches.models import Audience, Demarche
from cocite.territory.models import DepartmentMembership


def can_follow(user: Viewer) -> bool:
    return bool(is_active_user(user))


def viewers_of(demarche: Demarche | None) -> Q:
    """A filter on active users: those who may see `demarche`.

    The set-based twin of `cocite.demarches.permissions.can_view_demarche`, so a fan-out
    to thousands of followers is one query; `test_permissions.py` checks both agree on
    every audience and status.
    """
    active = Q(is_active=True)
    if demarche is None:
        return active
    administrator = Q(is_superuser=True)
    if demarche.status == Demarche.Status.DRAFT:
        return active & administrator
    agent = Q(Exists(DepartmentMembership.objects.filter(user_id=OuterRef("pk"))))
    # Those the démarche names: its team and its managing department's agents.
    named = Q(Exists(Demarche.team.through.objects.filter(demarche_id=demarche.pk, user_id=OuterRef("pk"))))
    if demarche.managing_department_id is not None:
        named |= Q(
            Exists(
                DepartmentMembership.objects.filter(
                    department_id=demarche.managing_department_id, user_id=OuterRef("pk")
                )
            )
        )
    if demarche.audience == Audience.AGENTS:
        return active & (administrator | agent | named)
    if demarche.audience == Audience.INVITED:
        invited = Q(Exists(Demarche.invited.through.objects.filter(demarche_id=demarche.pk, user_id=OuterRef("pk"))))
        associated = Q(
            Exists(
                DepartmentMembership.objects.filter(
                    user_id=OuterRef("pk"),
                    department_id__in=Demarche.associated_departments.through.objects.filter(
                        demarche_id=demarche.pk
                    ).values("department_id"),
                )
            )
        )
        return active & (administrator | invited | named | associated)
    return active
