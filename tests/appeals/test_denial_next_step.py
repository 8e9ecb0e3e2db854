from appeals.rules import denial_next_step


def test_a_drafted_appeal_is_filed_next():
    assert denial_next_step(appeal_status="drafting", route="appeal") == "File appeal"


def test_a_filed_appeal_waits_for_its_decision():
    assert denial_next_step(appeal_status="filed", route="appeal_with_lmn") == "Decision due"


def test_a_denial_routed_to_a_corrected_claim_is_corrected_not_appealed():
    assert denial_next_step(appeal_status=None, route="corrected_claim") == "Send corrected claim"


def test_a_denial_that_cannot_be_appealed_says_so():
    assert denial_next_step(appeal_status=None, route="not_appealable") == "Not appealable"


def test_any_other_open_denial_starts_an_appeal():
    assert denial_next_step(appeal_status=None, route="appeal_with_lmn") == "Start appeal"
