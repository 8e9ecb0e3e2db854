from letters.models import LMNRequest

S = LMNRequest.Status


def test_an_approved_request_shows_a_green_badge():
    assert LMNRequest(status=S.APPROVED).status_badge == "bg-success"


def test_a_request_waiting_on_the_provider_shows_an_amber_badge():
    assert LMNRequest(status=S.IN_REVIEW).status_badge == "bg-warning text-dark"


def test_signed_and_submitted_requests_share_the_out_of_our_hands_badge():
    assert (
        LMNRequest(status=S.SIGNED).status_badge == LMNRequest(status=S.SUBMITTED).status_badge == "bg-info text-dark"
    )


def test_a_request_still_being_drafted_shows_a_neutral_badge():
    assert LMNRequest(status=S.REQUESTED).status_badge == "bg-light text-dark border"
