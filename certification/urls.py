from django.urls import path

from certification import views

urlpatterns = [
    path("<str:code>/", views.verify_view, name="certificate_verify"),
]
