from django.urls import path

from . import views

app_name = "missions"

urlpatterns = [
    path("missions/", views.mission_list, name="list"),
    path("missions/nouvelle/", views.mission_create, name="create"),
    path("missions/<id:pk>/", views.mission_detail, name="detail"),
    path("missions/<id:pk>/question/", views.mission_contact, name="mission_contact"),
    path("missions/<id:pk>/gestion/", views.mission_manage, name="mission_manage"),
    path("missions/<id:pk>/inscriptions.csv", views.mission_export, name="mission_export"),
    path("missions/<id:pk>/message/", views.mission_message, name="mission_message"),
    path("missions/<id:pk>/annuler/", views.mission_cancel, name="mission_cancel"),
    path("missions/creneaux/<id:pk>/inscription/", views.slot_register, name="register"),
    path("missions/creneaux/<id:pk>/presences/", views.slot_attendance, name="attendance"),
    path("missions/inscriptions/<id:pk>/annuler/", views.registration_cancel, name="cancel"),
    path("missions/inscriptions/<id:pk>/calendrier.ics", views.registration_calendar, name="calendar"),
    path("missions/mes-inscriptions/", views.mine, name="mine"),
    path("missions/mes-inscriptions/attestation.pdf", views.hours_certificate, name="certificate"),
    path("rencontres/", views.event_list, name="events"),
    path("rencontres/nouvelle/", views.event_create, name="event_create"),
    path("rencontres/<id:pk>/", views.event_detail, name="event"),
    path("rencontres/<id:pk>/question/", views.event_contact, name="event_contact"),
    path("rencontres/<id:pk>/gestion/", views.event_manage, name="event_manage"),
    path("rencontres/<id:pk>/inscriptions.csv", views.event_export, name="event_export"),
    path("rencontres/<id:pk>/message/", views.event_message, name="event_message"),
    path("rencontres/<id:pk>/annuler/", views.event_cancel, name="event_cancel"),
    path("rencontres/<id:pk>/compte-rendu/", views.event_notes, name="event_notes"),
]
