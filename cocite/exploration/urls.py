from django.urls import path

from . import views

app_name = "exploration"

urlpatterns = [
    path("demarches/<slug:slug>/exploration/", views.findings, name="findings"),
    path("demarches/<slug:slug>/exploration/terrain/", views.workspace, name="workspace"),
    path("demarches/<slug:slug>/exploration/notes/nouvelle/", views.field_note_new, name="field_note_new"),
    path("demarches/<slug:slug>/exploration/parcours/nouveau/", views.journey_new, name="journey_new"),
    path("demarches/<slug:slug>/exploration/constats/nouveau/", views.finding_new, name="finding_new"),
    path("exploration/notes/<id:pk>/", views.field_note, name="field_note"),
    path("exploration/photos/<id:pk>/<str:name>", views.photo, name="photo"),
    path("exploration/parcours/<id:pk>/", views.journey, name="journey"),
    path("exploration/irritants/<id:pk>/contribution/", views.irritant_contribution, name="irritant_contribution"),
    path("exploration/constats/<id:pk>/publication/", views.finding_publish, name="finding_publish"),
]
