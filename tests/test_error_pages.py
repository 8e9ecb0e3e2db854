"""Refused, missing and failed pages: in the app's layout, and a 403 is one log line."""

import logging

import pytest
from django.test import Client
from django.urls import include, path, reverse

from palliative.models import Role

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


def test_a_refused_page_is_in_the_layout_and_logs_one_line_without_a_traceback(client_as, caplog):
    client = client_as(Role.FRONT_DESK)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("palliative:provider_list"))
    assert response.status_code == 403
    assert "This page is not open to your role" in response.content.decode()
    assert "navbar" in response.content.decode()
    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "Forbidden" in records[0].getMessage()


def test_a_missing_record_is_a_styled_404(client_as):
    response = client_as(Role.FRONT_DESK).get(reverse("palliative:patient_detail", args=[999999]))
    assert response.status_code == 404
    assert "This page or record does not exist" in response.content.decode()


def test_a_server_error_is_a_styled_500(settings, db):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
