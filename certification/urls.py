from django.urls import path

from certification import views, views_print

urlpatterns = [
    path("verify/<str:code>/", views.verify_view, name="certificate_verify"),
    path("verify/<str:code>/credential.jwt", views.credential_view, name="certificate_credential"),
    path(
        "certification/certificates/<str:code>.pdf",
        views_print.certificate_pdf_view,
        name="certificate_pdf",
    ),
    path(".well-known/jwks.json", views.jwks_view, name="credentials_jwks"),
    path("credentials/issuer", views.issuer_view, name="credentials_issuer"),
    path("credentials/keys/<str:thumbprint>", views.key_view, name="credentials_key"),
    path(
        "credentials/achievements/<int:programme_id>",
        views.achievement_view,
        name="credentials_achievement",
    ),
    path(
        "certification/matrix.<str:fmt>",
        views.matrix_export_view,
        name="certification_matrix_export",
    ),
    path(
        "certification/cleared-today/", views.cleared_today_view, name="certification_cleared_today"
    ),
    path(
        "certification/cleared-today.<str:fmt>",
        views.cleared_today_export_view,
        name="certification_cleared_today_export",
    ),
    path(
        "certification/sign-off/<int:user_id>/<int:programme_id>/",
        views.signoff_view,
        name="certification_signoff",
    ),
]
