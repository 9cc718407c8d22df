from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration."

    def handle(self, *args: Any, **options: Any) -> None:
        from cocite.accounts.demo import demo_logins_text

        self.stdout.write(demo_logins_text())
