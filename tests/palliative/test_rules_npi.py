import pytest

from palliative.rules import npi_check_digit, npi_is_valid


@pytest.mark.parametrize("npi", ["1234567893", "1558598797", "2000000002"])
def test_npi_with_correct_check_digit_is_valid(npi):
    assert npi_is_valid(npi)


def test_npi_with_wrong_check_digit_is_invalid():
    assert not npi_is_valid("1234567890")


@pytest.mark.parametrize("npi", ["123456789", "12345678931", "", "12345 6789"])
def test_npi_that_is_not_ten_digits_is_invalid(npi):
    assert not npi_is_valid(npi)


@pytest.mark.parametrize("npi", ["3234567893", "0234567893"])
def test_npi_starting_with_other_than_1_or_2_is_invalid(npi):
    assert not npi_is_valid(npi)


def test_npi_with_letters_is_invalid():
    assert not npi_is_valid("12345678A3")


def test_npi_given_as_number_is_invalid():
    assert not npi_is_valid(1234567893)


def test_check_digit_of_the_cms_worked_example_is_3():
    assert npi_check_digit("123456789") == "3"
