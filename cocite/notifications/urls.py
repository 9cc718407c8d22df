from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("notifications/", views.notification_list, name="list"),
    path("notifications/tout-lu/", views.mark_all_read, name="mark_all_read"),
    path("notifications/<id:pk>/ouvrir/", views.notification_open, name="open"),
    path("notifications/preferences/", views.preferences, name="preferences"),
    path("notifications/abonnements/", views.follow_list, name="follows"),
    path("notifications/desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("suivre/<slug:kind>/<id:pk>/", views.follow, name="follow"),
    path("ne-plus-suivre/<slug:kind>/<id:pk>/", views.unfollow, name="unfollow"),
]
