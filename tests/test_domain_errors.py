"""Every error the app raises for a person to read is a DomainError, so a view needs one except."""

import pytest

from appeals.deadlines import DeadlineError
from appeals.services import AppealError
from appeals.x835 import RemittanceFileError
from billing.services import ClaimBlocked, ClaimError
from letters.models import LetterLocked
from letters.services import LetterError, LetterTampered, SigningRefused
from palliative.errors import DomainError
from palliative.services import StaffError
from palliative.workflow import TransitionNotAllowed


@pytest.mark.parametrize(
    "error",
    [
        TransitionNotAllowed,
        ClaimError,
        ClaimBlocked,
        LetterError,
        LetterLocked,
        LetterTampered,
        SigningRefused,
        AppealError,
        DeadlineError,
        RemittanceFileError,
        StaffError,
    ],
)
def test_each_domain_exception_is_a_domain_error(error):
    assert issubclass(error, DomainError)


def test_rule_errors_stay_value_errors_for_callers_that_validate_input():
    assert issubclass(DeadlineError, ValueError)
    assert issubclass(RemittanceFileError, ValueError)
