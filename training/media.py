"""Uploaded files in development (DEBUG), served as the production proxy is told to."""

import posixpath

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.static import serve

# Lesson documents go out through Wagtail's /documents/ view, which checks the log-in; their
# files must never be reachable by their media path.
PRIVATE_FOLDERS = ("documents/",)


@login_required
def serve_media(request, path: str):
    if posixpath.normpath(path).lstrip("/").startswith(PRIVATE_FOLDERS):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def session_check(request):
    """For the proxy's sub-request (nginx `auth_request`, README) before it serves an uploaded
    image: 204 for someone logged in, 401 for anyone else. Nothing else is said."""
    status = 204 if request.user.is_authenticated else 401
    return HttpResponse(status=status)
