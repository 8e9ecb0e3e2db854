"""The app's URLs plus the bench's yardstick: a trivial signed-in page (session, user, base template)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import include, path


@login_required
def trivial(request):
    return render(request, "base.html", {})


urlpatterns = [path("bench/trivial/", trivial), path("", include("config.urls"))]
