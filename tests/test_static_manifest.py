"""The production static files: collected once, with the manifest storage production uses.

Every other test renders with tests/storage.py (no collecting, same error for a missing file).
"""

import re

import pytest
from django.core.management import call_command

# Production's CompressedManifestStaticFilesStorage, without its brotli pass (tests/storage.py).
PRODUCTION_STATIC = {"BACKEND": "tests.storage.GzipOnlyManifestStorage"}


@pytest.fixture
def collected(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "staticfiles"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": PRODUCTION_STATIC}
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


@pytest.mark.django_db
def test_pages_link_the_hashed_static_files_the_manifest_lists_and_collectstatic_wrote(collected, client):
    html = client.get("/login/").content.decode()
    urls = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
    assert {re.sub(r"\.[0-9a-f]{12}\.", ".", url) for url in urls} >= {
        "vendor/bootstrap/bootstrap.min.css",
        "css/app.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
    }
    for url in urls:
        assert re.search(r"\.[0-9a-f]{12}\.\w+$", url), url
        assert (collected / url).is_file(), url
        if url.endswith((".css", ".js")):
            assert (collected / f"{url}.gz").is_file(), url
    assert (collected / "staticfiles.json").is_file()


@pytest.mark.django_db
def test_a_page_naming_a_static_file_that_does_not_exist_fails_under_the_test_storage_too():
    from django.template import Context, Template

    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        Template("{% load static %}{% static 'css/no-such-file.css' %}").render(Context())
