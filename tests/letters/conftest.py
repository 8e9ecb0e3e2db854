import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads go to a throwaway folder, never the real MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
