from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.report, name="report"),
    path("moderation/file/", views.queue, name="queue"),
    path("moderation/signaler/<slug:kind>/<id:pk>/", views.flag, name="flag"),
    path("moderation/contester/<slug:kind>/<id:pk>/", views.appeal, name="appeal"),
    path("moderation/caviarder/<slug:kind>/<id:pk>/", views.redact, name="redact"),
    path("moderation/sanctionner/<id:pk>/", views.sanction, name="sanction"),
    path("moderation/retablir/<slug:kind>/<id:pk>/", views.restore, name="restore"),
    path("moderation/lever/<id:pk>/", views.lift, name="lift"),
    path("moderation/recours/<id:pk>/", views.appeal_decide, name="appeal_decide"),
]
