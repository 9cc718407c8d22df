"""`manage.py demo_totp`: the current second-factor code of the demo's administrator and moderator.

Only accounts whose TOTP secret is the demo's published one (cocite.accounts.demo) are listed: the
command knows no other secret and prints nothing else.
"""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.core.management.base import BaseCommand

from cocite.accounts import totp
from cocite.accounts.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Affiche le code de double authentification du moment pour les comptes de démonstration."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Authenticator.objects.filter(type=Authenticator.Type.TOTP).select_related("user").order_by("user__email")
        demo = [row.user.email for row in rows if decrypt(row.data.get("secret", "")) == DEMO_TOTP_SECRET]
        if not demo:
            self.stdout.write("Aucun compte de démonstration avec double authentification (lancez seed_demo).")
            return
        self.stdout.write(f"Code du moment (valable 30 secondes) : {totp.code(DEMO_TOTP_SECRET)}")
        for email in demo:
            self.stdout.write(f"  {email}")
