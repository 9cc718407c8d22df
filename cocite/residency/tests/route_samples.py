"""Route samples of residency, and of the second factor's pages (allauth.mfa) this work switched on.
(allauth.socialaccount's pages are sampled by accounts.)

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from cocite.accounts.demo import DEMO_DOMAIN

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
# « e.chevalier »: agente, accueil du public — the front desk.
FRONT_DESK_EMAIL = f"e.chevalier@{DEMO_DOMAIN}"
# Not verified in the demo: the front desk looks this person up.
UNVERIFIED_RESIDENT_EMAIL = f"yanis.benali@{DEMO_DOMAIN}"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"

ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "residency:about": lambda: reverse("residency:about"),
    "residency:mine": lambda: reverse("residency:mine"),
    "residency:front_desk": lambda: f"{reverse('residency:front_desk')}?personne={UNVERIFIED_RESIDENT_EMAIL}",
    # allauth.mfa: the demo's administrator has a TOTP authenticator (cocite.accounts.demo).
    "mfa_index": lambda: reverse("mfa_index"),
    "mfa_activate_totp": lambda: reverse("mfa_activate_totp"),
    "mfa_deactivate_totp": lambda: reverse("mfa_deactivate_totp"),
    "mfa_reauthenticate": lambda: reverse("mfa_reauthenticate"),
    "mfa_generate_recovery_codes": lambda: reverse("mfa_generate_recovery_codes"),
}

LOGIN_AS: dict[str, str] = {
    "residency:mine": RESIDENT_EMAIL,
    "residency:front_desk": FRONT_DESK_EMAIL,
    "mfa_index": ADMIN_EMAIL,
    "mfa_activate_totp": RESIDENT_EMAIL,
    "mfa_deactivate_totp": ADMIN_EMAIL,
    "mfa_reauthenticate": ADMIN_EMAIL,
    "mfa_generate_recovery_codes": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"residency:mine", "residency:front_desk"}

EXCLUDED: dict[str, str] = {
    "mfa_authenticate": "only mid-login, after the password of an account with a second factor (a journey test)",
    "mfa_download_recovery_codes": "the recovery codes as a text file download, not a page",
    "mfa_view_recovery_codes": (
        "only once recovery codes exist (made with the TOTP setup; journey in accounts/tests/test_second_factor.py); "
        "the demo's authenticators are seeded without them, and their generation page is sampled"
    ),
}
