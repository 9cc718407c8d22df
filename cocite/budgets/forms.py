"""Forms of the participatory budget pages (French errors; the actions check the rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cocite.core.forms import LineField, TextField
from cocite.decisions.models import Opinion
from cocite.demarches.models import Demarche
from cocite.territory.models import Quartier, Theme

from . import pabulib, queries
from .models import CountingRule, Project

RECOUNT_MAX_BYTES = 5 * 1024 * 1024
RECOUNT_MAX_VOTERS = 20000
RECOUNT_MAX_PROJECTS = 300


class ProjectForm(forms.Form):
    items = forms.TypedMultipleChoiceField(
        label=_("Contributions retenues qui forment le projet"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    cost_opinion = forms.TypedChoiceField(label=_("Avis de service qui donne le coût"), coerce=int)
    title = LineField(label=_("Titre du projet"), max_length=160)
    description = TextField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    quartier = forms.ModelChoiceField(
        label=_("Quartier"),
        queryset=Quartier.objects.order_by("name"),
        required=False,
        empty_label=_("Toute la commune"),
    )
    theme = forms.ModelChoiceField(label=_("Thème"), queryset=Theme.objects.order_by("name"), required=False)
    image = forms.ImageField(label=_("Image (facultative)"), required=False)
    image_alt = LineField(label=_("Description de l'image"), max_length=300, required=False)

    def __init__(self, *args: Any, demarche: Demarche, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        decisions = list(queries.retained_items(demarche)[:200])
        items: dict[int, str] = {item.pk: item.title for decision in decisions for item in decision.items.all()}
        items_field = self.fields["items"]
        assert isinstance(items_field, forms.TypedMultipleChoiceField)
        items_field.choices = [(pk, title) for title, pk in sorted((title, pk) for pk, title in items.items())]
        opinions = Opinion.objects.filter(
            request__item_id__in=list(items), estimated_cost__isnull=False, published_at__isnull=False
        ).select_related("request__department", "request__item")[:500]
        cost_field = self.fields["cost_opinion"]
        assert isinstance(cost_field, forms.TypedChoiceField)
        cost_field.choices = [
            (o.pk, f"{o.request.department.name} — {o.request.item.title} : {o.estimated_cost} €") for o in opinions
        ]


class CountForm(forms.Form):
    rule = forms.ChoiceField(label=_("Règle de dépouillement"), choices=CountingRule.choices)


class PaperForm(forms.Form):
    station = LineField(label=_("Bureau de vote"), max_length=120)
    sheet = LineField(label=_("Numéro du bulletin papier"), max_length=40)
    projects = forms.TypedMultipleChoiceField(
        label=_("Projets cochés sur le bulletin"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, demarche: Demarche, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects_field = self.fields["projects"]
        assert isinstance(projects_field, forms.TypedMultipleChoiceField)
        projects_field.choices = [
            (p.pk, f"{p.title} ({p.cost} €)") for p in Project.objects.filter(demarche=demarche).order_by("title")[:500]
        ]


class RecountForm(forms.Form):
    file = forms.FileField(label=_("Fichier pabulib (.pb)"))
    rule = forms.ChoiceField(label=_("Règle de dépouillement"), choices=CountingRule.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > RECOUNT_MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 5 Mo."))
        try:
            text = upload.read().decode("utf-8")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(_("Le fichier doit être encodé en UTF-8.")) from error
        try:
            parsed = pabulib.parse(text)
            election = parsed.election()
        except pabulib.PabulibError as error:
            raise forms.ValidationError(str(error)) from error
        if len(election.ballots) > RECOUNT_MAX_VOTERS or len(election.costs) > RECOUNT_MAX_PROJECTS:
            raise forms.ValidationError(
                _("Ce recomptage en ligne accepte %(v)s bulletins et %(p)s projets au plus.")
                % {"v": RECOUNT_MAX_VOTERS, "p": RECOUNT_MAX_PROJECTS}
            )
        names = {key: row.get("name", "") for key, row in parsed.projects.items()}
        data["parsed"] = (election, {"meta": parsed.meta, "names": names}, parsed.selected())
        return data
