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
from .models import BudgetRules, CountingRule, Method, Project

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

    def __init__(self, *args: Any, demarche: Demarche, rules: BudgetRules | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = list(Project.objects.filter(demarche=demarche).order_by("title")[:500])
        self.scored = rules is not None and rules.scored
        if not self.scored:
            projects_field = self.fields["projects"]
            assert isinstance(projects_field, forms.TypedMultipleChoiceField)
            projects_field.choices = [(p.pk, f"{p.title} ({p.cost} €)") for p in projects]
            return
        assert rules is not None
        # A ranking or points: one field per project, as written on the sheet.
        del self.fields["projects"]
        self.mark_fields: dict[int, str] = {}
        for project in projects:
            name = f"mark-{project.pk}"
            self.mark_fields[project.pk] = name
            if rules.method == Method.RANKING:
                self.fields[name] = forms.TypedChoiceField(
                    label=_("Rang de « %(title)s » sur le bulletin") % {"title": project.title},
                    choices=[("", _("Non classé"))]
                    + [(rank, str(rank)) for rank in range(1, (rules.max_choices or 0) + 1)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
            else:
                self.fields[name] = forms.IntegerField(
                    label=_("Points donnés à « %(title)s » sur le bulletin") % {"title": project.title},
                    min_value=0,
                    max_value=rules.points,
                    required=False,
                    error_messages={
                        "invalid": _("Les points sont un nombre entier."),
                        "min_value": _("Les points ne peuvent pas être négatifs."),
                        "max_value": _("Un projet ne peut pas recevoir plus de %(limit_value)s points."),
                    },
                )

    def marks(self) -> dict[int, int]:
        """The ranks or points keyed (after is_valid), blank fields left out."""
        return {
            pk: self.cleaned_data[name]
            for pk, name in getattr(self, "mark_fields", {}).items()
            if self.cleaned_data.get(name)
        }


class BudgetRulesForm(forms.Form):
    """The budget rules of a rule version (French errors); `budget_rules_publish` attaches them."""

    total_budget = forms.IntegerField(label=_("Budget total (€)"), min_value=1)
    method = forms.ChoiceField(label=_("Façon de voter"), choices=Method.choices)
    max_choices = forms.IntegerField(
        label=_("Nombre maximal de projets par bulletin (choisis ou classés)"),
        min_value=1,
        max_value=100,
        required=False,
    )
    points = forms.IntegerField(
        label=_("Points à répartir par bulletin"),
        min_value=1,
        max_value=10000,
        required=False,
        error_messages={
            "min_value": _("Chaque bulletin répartit au moins 1 point."),
            "max_value": _("Chaque bulletin répartit 10 000 points au plus."),
        },
    )
    counting = forms.ChoiceField(label=_("Règle de dépouillement"), choices=CountingRule.choices)
    opens_at = forms.DateTimeField(label=_("Ouverture du vote"))
    closes_at = forms.DateTimeField(label=_("Clôture du vote"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        if (
            method in (Method.K_APPROVAL, Method.RANKING)
            and not data.get("max_choices")
            and "max_choices" not in self.errors
        ):
            self.add_error(
                "max_choices",
                _("Indiquez combien de projets un bulletin peut classer.")
                if method == Method.RANKING
                else _("Indiquez combien de projets un bulletin peut retenir."),
            )
        if method == Method.CUMULATIVE and not data.get("points") and "points" not in self.errors:
            self.add_error("points", _("Indiquez combien de points chaque bulletin répartit."))
        if method != Method.CUMULATIVE:
            data["points"] = None
        opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            self.add_error("closes_at", _("La clôture du vote vient après son ouverture."))
        return data


class BudgetRulesAdoptForm(BudgetRulesForm):
    """The vote's rules set from the budget's management page (a new rule version carries them)."""

    verified_only = forms.BooleanField(
        label=_("Réservé aux habitant·es dont la résidence est vérifiée"), required=False
    )
    minimum_age = forms.IntegerField(label=_("Âge minimal pour voter"), min_value=0, max_value=120, initial=16)
    agents_may_vote = forms.BooleanField(label=_("Les agent·es de la commune votent aussi"), required=False)
    changeable = forms.BooleanField(label=_("Chacun·e peut changer son vote jusqu'à la clôture"), required=False)
    change_note = LineField(
        label=_("Ce qui change, en une phrase (affiché dans l'historique du règlement)"), max_length=500
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name].widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        if not self.is_bound:
            self.initial.setdefault("verified_only", True)
            self.initial.setdefault("agents_may_vote", True)
            self.initial.setdefault("changeable", True)


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
        meta = {"meta": parsed.meta, "names": names, "supporters": election.supporters()}
        data["parsed"] = (election, meta, parsed.selected())
        return data
