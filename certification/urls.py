from django.urls import path

from certification import views

urlpatterns = [
    path("verify/<str:code>/", views.verify_view, name="certificate_verify"),
    path(
        "certification/matrix.<str:fmt>",
        views.matrix_export_view,
        name="certification_matrix_export",
    ),
    path(
        "certification/sign-off/<int:user_id>/<int:programme_id>/",
        views.signoff_view,
        name="certification_signoff",
    ),
]
