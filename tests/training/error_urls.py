"""The site's URLs plus one view that fails, for the 500 page's tests."""

from django.urls import path

from training.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]
