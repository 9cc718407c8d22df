from django.urls import path

from . import views

app_name = "contributions"

urlpatterns = [
    path("demarches/<slug:slug>/contributions/", views.contribution_list, name="list"),
    path("demarches/<slug:slug>/contribuer/", views.contribution_submit, name="submit"),
    path("demarches/<slug:slug>/contribuer/similaires/", views.similar, name="similar"),
    path("contributions/<id:pk>/", views.contribution_detail, name="detail"),
    path("contributions/<id:pk>/soutien/", views.support, name="support"),
    path("contributions/<id:pk>/modifier/", views.contribution_edit, name="edit"),
    path("contributions/<id:pk>/retirer/", views.contribution_withdraw, name="withdraw"),
    path("contributions/<id:pk>/historique/", views.contribution_history, name="history"),
    path("contributions/<id:pk>/images/<id:image_pk>/<str:name>", views.image, name="image"),
]
