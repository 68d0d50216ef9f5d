from django.urls import path

from evaluation import api

urlpatterns = [
    path("kpis/", api.kpis_push, name="evaluation_api_kpis"),
]
