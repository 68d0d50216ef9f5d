from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class DefaultLanguageMiddleware:
    """Chinese unless the person chose otherwise.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English
    browser would open the site in English; the customer wants zh-hans by default, with
    English one click away (the choice is kept in the language cookie).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class PrivateResponseMiddleware:
    """What a browser may do with the site's pages.

    A page for someone logged in is theirs: no shared cache (a proxy, the browser's
    back-forward cache on a shared PC) keeps it. No page uses the camera, microphone,
    location or payment, so none may ask for them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), loosened for Wagtail's admin
    only (settings.CSP_ADMIN_EXCEPTIONS says what and why)."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts.update = settings.CSP_ADMIN_EXCEPTIONS
        return parts


ADMIN_PREFIX = "/cms/"
