from django.urls import path

from . import views

app_name = "analysis"

urlpatterns = [
    # Public dashboards and syntheses (within what each person may see).
    path("analyse/", views.platform_dashboard, name="platform"),
    path("demarches/<slug:slug>/analyse/", views.demarche_dashboard, name="demarche"),
    path("demarches/<slug:slug>/synthese/", views.synthesis_public, name="synthesis"),
    # Analysts: themes.
    path("demarches/<slug:slug>/analyse/themes/", views.themes, name="themes"),
    path("demarches/<slug:slug>/analyse/themes/calcul/", views.run_start, name="run_start"),
    path("demarches/<slug:slug>/analyse/themes/calcul/<id:run_id>/", views.run_progress, name="run_progress"),
    path("analyse/themes/<id:pk>/", views.theme_detail, name="theme"),
    path("analyse/themes/<id:pk>/valider/", views.theme_validate, name="theme_validate"),
    path("analyse/themes/<id:pk>/renommer/", views.theme_rename, name="theme_rename"),
    path("analyse/themes/<id:pk>/fusionner/", views.theme_merge, name="theme_merge"),
    path("analyse/themes/<id:pk>/deplacer/", views.contributions_move, name="move"),
    # Analysts: near-duplicates and merges.
    path("demarches/<slug:slug>/analyse/doublons/", views.duplicates, name="duplicates"),
    path("analyse/doublons/<id:pk>/ecarter/", views.duplicate_dismiss, name="duplicate_dismiss"),
    path("demarches/<slug:slug>/analyse/fusion/", views.merge, name="merge"),
    # Analysts: syntheses.
    path("demarches/<slug:slug>/analyse/synthese/", views.synthesis_edit, name="synthesis_edit"),
    path("demarches/<slug:slug>/analyse/synthese/brouillon/", views.synthesis_start, name="synthesis_start"),
    path("demarches/<slug:slug>/analyse/synthese/themes/", views.synthesis_fill, name="synthesis_fill"),
    path("demarches/<slug:slug>/analyse/synthese/publier/", views.synthesis_publish, name="synthesis_publish"),
    path("demarches/<slug:slug>/analyse/synthese/lignes/", views.line_add, name="line_add"),
    path("analyse/lignes/<id:pk>/", views.line_edit, name="line_edit"),
    path("analyse/lignes/<id:pk>/supprimer/", views.line_delete, name="line_delete"),
]
