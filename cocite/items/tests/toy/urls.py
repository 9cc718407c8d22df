from django.urls import path

from . import views

app_name = "toy"
urlpatterns = [path("<id:pk>/", views.detail, name="detail")]
