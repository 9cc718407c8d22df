from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("demarches/<slug:slug>/questionnaires/", views.main, name="main"),
    path("demarches/<slug:slug>/questionnaires/nouveau/", views.create, name="create"),
    path("questionnaires/<id:pk>/", views.detail, name="detail"),
    path("questionnaires/<id:pk>/resultats/", views.results, name="results"),
    path("questionnaires/<id:pk>/reponses.csv", views.export, name="export"),
    path("questionnaires/<id:pk>/preparer/", views.edit, name="edit"),
    path("questionnaires/<id:pk>/questions/", views.question_add, name="question_add"),
    path("questionnaires/<id:pk>/publier/", views.publish, name="publish"),
    path("questionnaires/questions/<id:pk>/", views.question_edit, name="question_edit"),
    path("questionnaires/questions/<id:pk>/deplacer/", views.question_move, name="question_move"),
    path("questionnaires/questions/<id:pk>/supprimer/", views.question_delete, name="question_delete"),
]
