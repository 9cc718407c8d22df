from django.urls import path

from . import open311, views

app_name = "reports"

urlpatterns = [
    path("signalements/", views.report_list, name="list"),
    path("signalements/nouveau/", views.report_new, name="new"),
    path("signalements/proches/", views.nearby, name="nearby"),
    path("signalements/file/", views.queue, name="queue"),
    path("signalements/mes-signalements/", views.mine, name="mine"),
    path("signalements/tendances/", views.patterns, name="patterns"),
    path("signalements/tendances/en-demarche/", views.to_demarche, name="to_demarche"),
    path("signalements/demarche/<slug:slug>/", views.demarche_reports, name="demarche"),
    path("signalements/<id:pk>/", views.report_detail, name="detail"),
    path("signalements/<id:pk>/meme-probleme/", views.join, name="join"),
    path("signalements/<id:pk>/suivre/", views.follow, name="follow"),
    path("signalements/<id:pk>/statut/", views.set_status, name="status"),
    path("signalements/<id:pk>/reorienter/", views.reassign, name="reassign"),
    path("signalements/<id:pk>/confirmer/", views.confirm, name="confirm"),
    path("signalements/<id:pk>/photos/<id:photo_pk>/<str:name>", views.photo, name="photo"),
    path("open311/v2/discovery.<str:fmt>", open311.discovery, name="open311_discovery"),
    path("open311/v2/services.<str:fmt>", open311.services, name="open311_services"),
    path("open311/v2/services/<slug:code>.<str:fmt>", open311.service_definition, name="open311_service"),
    path("open311/v2/requests.<str:fmt>", open311.requests, name="open311_requests"),
    path("open311/v2/requests/<str:request_id>.<str:fmt>", open311.request_detail, name="open311_request"),
]
