"""A static-files storage for the tests: no `collectstatic`, but as strict as the manifest.

Production serves `CompressedManifestStaticFilesStorage`, whose `url()` raises ValueError for a
file the manifest does not know. Collecting (and compressing) every static file before each
run only to get that check costs seconds; this storage serves the files from their source
folders and raises the same error for a name no static-files finder can find, so a template
that names a missing file still fails the test that renders it. The real manifest is checked
once, by tests/test_static_manifest.py.
"""

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CheckedStaticFilesStorage(StaticFilesStorage):
    def url(self, name):
        clean = name.split("?", 1)[0].split("#", 1)[0]
        if clean and finders.find(clean) is None:
            raise ValueError(f"Missing staticfiles manifest entry for '{clean}'")
        return super().url(name)


class GzipOnlyManifestStorage(CompressedManifestStaticFilesStorage):
    """Production's storage with its brotli pass left out, for tests/test_static_manifest.py.

    Hashing, the manifest and the gzip copies are production's own code; brotli at its highest
    quality spent about 25 s of CPU per run on Django admin's and the vendored files alone, and
    it is whitenoise's code, not ours.
    """

    def create_compressor(self, **kwargs):
        return super().create_compressor(use_brotli=False, **kwargs)
