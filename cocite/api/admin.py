"""Application tokens and webhook subscriptions are created here (the secret is shown once, in a
message); the delivery log is read here, and a delivery is replayed by an admin action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cocite.core.errors import ActionError

from . import actions
from .models import APPLICATION_SCOPES, ApiToken, WebhookDelivery, WebhookEvent, WebhookSubscription


class ApplicationTokenForm(forms.ModelForm[ApiToken]):
    scopes = forms.MultipleChoiceField(
        label=_("Droits"),
        choices=[(s.value, s.label) for s in APPLICATION_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    days = forms.IntegerField(label=_("Valable (jours)"), min_value=1, max_value=actions.MAX_TOKEN_DAYS, initial=365)

    class Meta:
        model = ApiToken
        fields = ["name", "user"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["name", "kind", "user", "prefix", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["kind"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    actions = ["revoke"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ApplicationTokenForm
        return super().get_form(request, obj, change, **kwargs)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return []
        return ["kind", "user", "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        if change:
            return
        try:
            token, secret = actions.token_create(
                user=form.cleaned_data["user"],
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                days=form.cleaned_data["days"],
                kind=ApiToken.Kind.APPLICATION,
                created_by=request.user,  # type: ignore[arg-type]
            )
        except ActionError as error:
            messages.error(request, error.message)
            return
        obj.pk = token.pk
        messages.warning(
            request,
            gettext("Jeton créé. Copiez-le maintenant, il ne sera plus affiché : %(secret)s") % {"secret": secret},
        )

    @admin.action(description=_("Révoquer les jetons choisis"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            actions.token_revoke(user=request.user, token=token)  # type: ignore[arg-type]


class SubscriptionForm(forms.ModelForm[WebhookSubscription]):
    events = forms.MultipleChoiceField(
        label=_("Événements"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "active"]


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(admin.ModelAdmin[WebhookSubscription]):
    form = SubscriptionForm
    list_display = ["name", "url", "active", "created_at"]

    def save_model(self, request: HttpRequest, obj: WebhookSubscription, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            created = actions.subscription_create(
                name=obj.name,
                url=obj.url,
                events=form.cleaned_data["events"],
                created_by=request.user,  # type: ignore[arg-type]
            )
        except ActionError as error:
            messages.error(request, error.message)
            return
        obj.pk = created.pk
        messages.warning(
            request,
            gettext("Abonnement créé. Secret de signature, à copier maintenant : %(secret)s")
            % {"secret": created.secret},
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = ["event", "subscription", "status", "attempts", "last_status_code", "created_at", "delivered_at"]
    list_filter = ["status", "event"]
    list_select_related = ["subscription"]
    actions = ["replay"]
    readonly_fields = [
        "subscription",
        "message_id",
        "event",
        "payload",
        "status",
        "attempts",
        "next_attempt_at",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Renvoyer les livraisons choisies"))
    def replay(self, request: HttpRequest, queryset: QuerySet[WebhookDelivery]) -> None:
        for delivery in queryset:
            actions.delivery_replay(delivery_id=delivery.pk)
        messages.success(request, gettext("Livraisons renvoyées."))
