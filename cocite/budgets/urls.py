from django.urls import path

from . import views

app_name = "budgets"

urlpatterns = [
    path("demarches/<slug:slug>/budget/", views.main, name="main"),
    path("demarches/<slug:slug>/budget/projets/<id:pk>/", views.project, name="project"),
    path("demarches/<slug:slug>/budget/projets/<id:pk>/image/", views.project_image, name="project_image"),
    path("demarches/<slug:slug>/budget/vote/", views.ballot, name="ballot"),
    path("demarches/<slug:slug>/budget/mon-vote/", views.receipt, name="receipt"),
    path("demarches/<slug:slug>/budget/gestion/", views.manage, name="manage"),
    path("demarches/<slug:slug>/budget/bulletins-papier/", views.paper, name="paper"),
    path("demarches/<slug:slug>/budget/depouillements/<id:pk>/", views.outcome, name="outcome"),
    path("demarches/<slug:slug>/budget/bulletins-<int:part>.pb", views.export_pb, name="export_pb"),
    path("demarches/<slug:slug>/budget/bulletins.csv", views.export_csv, name="export_csv"),
    path("budget-participatif/recompter/", views.recount, name="recount"),
]
