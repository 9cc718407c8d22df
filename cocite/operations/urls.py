from django.urls import path

from . import views

app_name = "operations"
urlpatterns = [path("metrics", views.metrics_view, name="metrics")]
