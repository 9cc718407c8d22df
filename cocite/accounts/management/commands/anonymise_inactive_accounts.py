"""Anonymise accounts unused for 3 years (privacy page, « Durées de conservation »). Run daily.

An account is unused when its last login (or its sign-up, if it never logged in) is older than
`--days` days. Staff and superusers are never touched. Idempotent: an anonymised account is
inactive, so a second run finds nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cocite.accounts.actions import INACTIVE_DAYS, anonymise_inactive_accounts


class Command(BaseCommand):
    help = "Anonymise les comptes inutilisés depuis 3 ans (1095 jours par défaut)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=INACTIVE_DAYS,
            help="Nombre de jours sans connexion au-delà duquel un compte est anonymisé (défaut : 1095).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"]
        if days < 1:
            raise CommandError("--days doit être un nombre de jours positif.")
        count = anonymise_inactive_accounts(days=days)
        self.stdout.write(f"{count} compte(s) inutilisé(s) depuis plus de {days} jours anonymisé(s).")
