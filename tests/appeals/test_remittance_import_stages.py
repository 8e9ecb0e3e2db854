import pytest

from appeals.models import RemittanceImport

S = RemittanceImport.Status


@pytest.mark.parametrize("status", [S.QUEUED, S.CHECKING, S.REFUSED, S.FAILED])
def test_the_check_step_is_not_ticked_before_posting_starts_or_when_the_file_was_refused(status):
    assert RemittanceImport(status=status).is_checked is False


@pytest.mark.parametrize("status", [S.POSTING, S.DONE])
def test_the_check_step_is_ticked_once_posting_has_started(status):
    assert RemittanceImport(status=status).is_checked is True


def test_only_a_finished_import_is_done():
    assert [s for s in S if RemittanceImport(status=s).is_done] == [S.DONE]
