from django.urls import path

from . import views

app_name = "quality"

urlpatterns = [
    path("qualite/", views.services, name="services"),
    path("qualite/q/<slug:code>/", views.short_link, name="short"),
    path("qualite/<slug:slug>/", views.service, name="service"),
    path("qualite/<slug:slug>/avis/", views.feedback, name="feedback"),
    path("qualite/<slug:slug>/qr.svg", views.qr_code, name="qr"),
    path("qualite/<slug:slug>/affiche/", views.poster, name="poster"),
    path("qualite/<slug:slug>/avis-recus/", views.received, name="received"),
    path("informations/", views.pages, name="pages"),
    path("informations/<slug:slug>/", views.page, name="page"),
    path("informations/<slug:slug>/versions/", views.versions, name="versions"),
    path("informations/<slug:slug>/modifier/", views.edit, name="edit"),
    path("informations/<slug:slug>/verifier/", views.verify, name="verify"),
    path("informations/<slug:slug>/faq/", views.promote, name="promote"),
    path("informations/<slug:slug>/questions/", views.ask, name="ask"),
    path("informations/<slug:slug>/questions/<id:pk>/repondre/", views.answer, name="answer"),
    path("informations/<slug:slug>/questions/<id:pk>/avis/", views.counterpoint, name="counterpoint"),
]
