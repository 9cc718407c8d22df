"""Cocité's admin site: Django's, with every registered ModelAdmin hardened against hostile input.

`CociteAdminConfig` (cocite/core/admin_config.py) makes `CociteAdminSite` the default site, so every
`admin.register`, ours and third-party (auth, allauth, django-tasks), goes through `register()`
below, which adds `HardenedAdmin` to the class. What it guards against, all found by the
hostile-input class test (issue 13), all 500s before:

- a search term past SQLite's 50,000-byte LIKE limit, or holding a NUL byte (PostgreSQL refuses
  those in text), in a changelist search or the autocomplete view;
- a date-hierarchy year Django converts with int() and then overflows (`?published_at__year=` +
  400 digits), a NUL byte in a list filter's value (PostgreSQL);
- a date list filter's bound at the edge of the calendar (`?expires_at__gte=0001-01-01`), which the
  time-zone conversion of a datetime column overflows (OverflowError);
- many-to-many ids past 2**63, which Django sends to SQLite in `pk__in` (OverflowError);
- JSON that Python cannot read (deep nesting, 5,000-digit numbers);
- an autocomplete widget re-rendering a refused value (« ² ») with `pk__in` (ValueError);
- an object id past 2**63 when the primary key is a one-to-one relation (change, delete, history).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import reverse
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from .forms import SAFE_FORMFIELD_OVERRIDES
from .http import local_path
from .params import MAX_ID, parse_int

# Longer admin searches are cut: nobody types more, and SQLite refuses LIKE patterns over 50,000 bytes.
SEARCH_TERM_MAX = 200
DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def clean_search_term(term: str) -> str:
    return term.replace("\x00", "")[:SEARCH_TERM_MAX]


def date_hierarchy_is_valid(query: QueryDict, field: str) -> bool:
    """Every `<field>__year/month/day` value is a number Django's changelist can turn into a date."""
    for part, (low, high) in DATE_PARTS.items():
        for value in query.getlist(f"{field}__{part}"):
            if parse_int(value, minimum=low, maximum=high) is None:
                return False
    return True


def _holds_nul(query: QueryDict) -> bool:
    """A NUL byte in a filter value: PostgreSQL refuses it in a text parameter (DataError).

    The search term (`q`) is cleaned instead, by get_search_results.
    """
    return any("\x00" in value for key, values in query.lists() if key != "q" for value in values)


def _date_at_the_edge(query: QueryDict) -> bool:
    """A date bound in year 1 or 9999: moving it to or from UTC leaves Python's calendar (OverflowError)."""
    for key, values in query.lists():
        if not key.endswith(("__gte", "__gt", "__lte", "__lt")):
            continue
        for value in values:
            try:
                moment = parse_datetime(value) or parse_date(value)
            except ValueError:
                continue
            if moment is not None and not 1 < moment.year < 9999:
                return True
    return False


def _storable(field: Any, value: Any) -> bool:
    """Whether `value` can be looked up in the column a relation points to."""
    try:
        python = field.target_field.to_python(value)
    except ValidationError:
        return False
    return not (isinstance(python, int) and not -MAX_ID - 1 <= python <= MAX_ID)


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete, not re-rendering a refused value (it would query `pk__in` with it)."""

    def format_value(self, value: Any) -> list[str]:
        return [item for item in super().format_value(value) if _storable(self.field, item)]


class SafeAutocompleteSelectMultiple(AutocompleteSelectMultiple):
    def format_value(self, value: Any) -> list[str]:
        return [item for item in super().format_value(value) if _storable(self.field, item)]


class _SafeRelationFields:
    """Autocomplete widgets that survive a refused value (for ModelAdmin and inlines)."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))  # type: ignore[attr-defined]
        return super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]


class HardenedInline(_SafeRelationFields):
    pass


class HardenedAdmin(_SafeRelationFields):
    def get_search_results(self, request: HttpRequest, queryset: Any, search_term: str) -> tuple[Any, bool]:
        found: tuple[Any, bool] = super().get_search_results(  # type: ignore[misc]
            request, queryset, clean_search_term(search_term)
        )
        return found

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        hierarchy = getattr(self, "date_hierarchy", None)
        if (
            (hierarchy and not date_hierarchy_is_valid(request.GET, hierarchy))
            or _holds_nul(request.GET)
            or _date_at_the_edge(request.GET)
        ):
            # What Django's changelist does with parameters it cannot use: back with ?e=1.
            return HttpResponseRedirect(f"{request.path}?e=1")
        response: HttpResponse = super().changelist_view(request, extra_context)  # type: ignore[misc]
        return response

    def get_object(self, request: HttpRequest, object_id: str, from_field: str | None = None) -> Any:
        model = self.model  # type: ignore[attr-defined]
        field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
        # A primary key that is a relation (one-to-one) is looked up without Django's range guard.
        if getattr(field, "target_field", None) is not None and not _storable(field, object_id):
            return None
        return super().get_object(request, object_id, from_field)  # type: ignore[misc]

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[type[Any]]:
        return [_hardened(inline, HardenedInline) for inline in super().get_inlines(request, obj)]  # type: ignore[misc]


_HARDENED: dict[tuple[type[Any], type[Any]], type[Any]] = {}


def _hardened(admin_class: type[Any], mixin: type[Any]) -> type[Any]:
    """`admin_class` with `mixin` in front and the safe form fields in its formfield_overrides."""
    if issubclass(admin_class, mixin):
        return admin_class
    key = (admin_class, mixin)
    if key not in _HARDENED:
        overrides: dict[Any, dict[str, Any]] = {**SAFE_FORMFIELD_OVERRIDES}
        for field_class, options in getattr(admin_class, "formfield_overrides", {}).items():
            overrides[field_class] = {**overrides.get(field_class, {}), **options}
        _HARDENED[key] = type(
            admin_class.__name__,
            (mixin, admin_class),
            {"__module__": admin_class.__module__, "formfield_overrides": overrides},
        )
    return _HARDENED[key]


def _has_totp(user: Any) -> bool:
    """A TOTP authenticator (allauth.mfa): read from the query that loaded the signed-in person when
    accounts annotated it there (`_cocite_has_totp`), else asked."""
    cached = getattr(user, "_cocite_has_totp", None)
    if cached is not None:
        return bool(cached)
    return bool(get_mfa_adapter().is_mfa_enabled(user, [Authenticator.Type.TOTP]))


class CociteAdminSite(admin.AdminSite):
    """Requires the second factor: one signs in through allauth's login page (which asks for the TOTP
    code of an account that has one), and staff without a TOTP authenticator are not let in."""

    # No side menu of every model on every page: rendering it was a third of an add form's time (7 of
    # 21 ms); the index lists the models and each page's breadcrumbs lead back to it.
    enable_nav_sidebar = False

    def has_permission(self, request: HttpRequest) -> bool:
        return bool(super().has_permission(request)) and _has_totp(request.user)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        """Django's admin login form would skip allauth's second factor: send to allauth's login page
        (or, signed in without a second factor, to its setup)."""
        target = local_path(request.GET.get(REDIRECT_FIELD_NAME, ""), request) or reverse(
            "admin:index", current_app=self.name
        )
        if request.user.is_authenticated:
            if not _has_totp(request.user):
                return HttpResponseRedirect(reverse("mfa_activate_totp"))
            raise PermissionDenied(_("Cette page est réservée à l’administration de la plateforme."))
        return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: target})}")

    def register(self, model_or_iterable: Any, admin_class: Any = None, **options: Any) -> None:
        super().register(model_or_iterable, _hardened(admin_class or admin.ModelAdmin, HardenedAdmin), **options)
