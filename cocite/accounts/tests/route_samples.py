"""Route samples of accounts: our profile page, allauth's pages and the user admin.

See ``cocite/core/tests/route_samples.py`` for what a route sample is.
"""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.core import signing
from django.urls import reverse
from django.utils.http import urlencode

from cocite.accounts import oidc
from cocite.accounts.demo import DEMO_DOMAIN
from cocite.accounts.models import User

RESIDENT_EMAIL = f"camille.martin@{DEMO_DOMAIN}"
ADMIN_EMAIL = f"admin@{DEMO_DOMAIN}"
# A second, not yet verified address of the resident: what a confirmation link points to.
UNVERIFIED_EMAIL = f"camille.nouvelle-adresse@{DEMO_DOMAIN}"


def _resident() -> User:
    return User.objects.get(email=RESIDENT_EMAIL)


def _confirm_email_path() -> str:
    address, _created = EmailAddress.objects.get_or_create(
        email=UNVERIFIED_EMAIL, defaults={"user": _resident(), "verified": False, "primary": False}
    )
    return reverse("account_confirm_email", kwargs={"key": EmailConfirmationHMAC(address).key})


def _reset_password_from_key_path() -> str:
    # The link of the "reset your password" mail; allauth stores the key in the session
    # and redirects to the form at .../set-password/.
    user = _resident()
    return reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )


def _logged_out_path() -> str:
    """The provider's return after its logout, with a state Cocité signed (config/settings/test.py
    offers FranceConnect in every test)."""
    state = signing.dumps({"p": "franceconnect", "r": "sample"}, salt=oidc.LOGOUT_STATE_SALT)
    return f"{reverse('accounts:oidc_logged_out')}?{urlencode({'state': state})}"


ROUTE_SAMPLES: dict[str, Callable[[], str]] = {
    "accounts:profile": lambda: reverse("accounts:profile"),
    "accounts:delete": lambda: reverse("accounts:delete"),
    # allauth
    "account_login": lambda: reverse("account_login"),
    "account_logout": lambda: reverse("account_logout"),  # GET shows the "log out?" confirmation
    "account_signup": lambda: reverse("account_signup"),
    "account_inactive": lambda: reverse("account_inactive"),
    "account_reauthenticate": lambda: reverse("account_reauthenticate"),
    # allauth's default ACCOUNT_REAUTHENTICATION_METHODS include an emailed code.
    "account_request_reauthentication_code": lambda: reverse("account_request_reauthentication_code"),
    "account_email": lambda: reverse("account_email"),
    "account_email_verification_sent": lambda: reverse("account_email_verification_sent"),
    "account_confirm_email": _confirm_email_path,
    "account_change_password": lambda: reverse("account_change_password"),
    "account_reset_password": lambda: reverse("account_reset_password"),
    "account_reset_password_done": lambda: reverse("account_reset_password_done"),
    "account_reset_password_from_key": _reset_password_from_key_path,
    "account_reset_password_from_key_done": lambda: reverse("account_reset_password_from_key_done"),
    # Identity providers (cocite/accounts/oidc.py): a GET of the login URL shows allauth's
    # « continue with FranceConnect » confirmation; the return after the provider's logout.
    "openid_connect_login": lambda: reverse("openid_connect_login", kwargs={"provider_id": "franceconnect"}),
    "accounts:oidc_logged_out": _logged_out_path,
    "socialaccount_signup": lambda: reverse("socialaccount_signup"),  # without a pending identity: to login
    "socialaccount_connections": lambda: reverse("socialaccount_connections"),
    "socialaccount_login_cancelled": lambda: reverse("socialaccount_login_cancelled"),
    # The user admin: one changelist and one change form of the back-office.
    "admin:accounts_user_changelist": lambda: reverse("admin:accounts_user_changelist"),
    "admin:accounts_user_change": lambda: reverse("admin:accounts_user_change", args=[_resident().pk]),
}

LOGIN_AS: dict[str, str] = {
    "accounts:profile": RESIDENT_EMAIL,
    "accounts:delete": RESIDENT_EMAIL,
    "account_logout": RESIDENT_EMAIL,
    "account_reauthenticate": RESIDENT_EMAIL,
    "account_request_reauthentication_code": RESIDENT_EMAIL,
    "account_email": RESIDENT_EMAIL,
    "account_change_password": RESIDENT_EMAIL,
    "socialaccount_connections": RESIDENT_EMAIL,
    "admin:accounts_user_changelist": ADMIN_EMAIL,
    "admin:accounts_user_change": ADMIN_EMAIL,
}

MAIN_ROUTES: set[str] = {"account_login", "account_signup", "accounts:profile"}

EXCLUDED: dict[str, str] = {
    "openid_connect_callback": (
        "the provider's return: a redirect on success, a French refusal (400) otherwise; the hostile-input "
        "test requests it, test_identity_journeys.py checks the refusal page with axe"
    ),
    "socialaccount_login_error": (
        "allauth's error page (401), linked from nowhere: our adapter renders the French refusal instead; "
        "the hostile-input test requests it"
    ),
    "accounts:personal_data": "POST-only « Télécharger mes données »: a JSON file download, not a page",
}
