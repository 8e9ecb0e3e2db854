"""The billing pages: worklist, dashboard, upload, paper entry, denial and appeal pages."""

import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals import carc, services
from appeals.models import Appeal, ClaimPayment, Denial, PayerAppealWindow, Remittance, RemittanceImport
from billing.models import Claim
from palliative.models import Role

from ..factories import CommercialPayerFactory
from .factories import AppealFactory, DenialFactory, medicare_file_claims, submitted_claim

pytestmark = pytest.mark.django_db
MEDICARE = (Path(__file__).parent / "x12" / "835-medicare-denials.x12").read_text()


@pytest.fixture
def biller(client_as):
    return client_as(Role.BILLING)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _mixed_rows(n):
    for _ in range(n):
        DenialFactory()
        AppealFactory()
        AppealFactory(status="filed", filed_on=date(2026, 11, 1), decision_due=date(2026, 12, 31))


def test_worklist_query_count_does_not_grow_with_rows(biller):
    _mixed_rows(2)
    few = _queries(biller, reverse("appeals:denial_list"))
    _mixed_rows(12)
    assert _queries(biller, reverse("appeals:denial_list")) == few


def _refresh_queries():
    with CaptureQueriesContext(connection) as ctx:
        services.dashboard_refresh(today=timezone.localdate())
    return len(ctx.captured_queries)


def test_dashboard_refresh_query_count_does_not_grow_with_rows():
    _mixed_rows(2)
    _refresh_queries()  # the first refresh inserts the kept row; later ones replace it
    few = _refresh_queries()
    _mixed_rows(12)
    for appeal in Appeal.objects.filter(status="filed")[:5]:
        Appeal.objects.filter(pk=appeal.pk).update(status="upheld", decided_on=date(2026, 11, 20))
    assert _refresh_queries() == few


def test_worklist_sorts_by_the_next_date_and_marks_overdue(biller):
    today = timezone.localdate()
    late = DenialFactory(appeal_deadline=today - timedelta(days=1))
    soon = DenialFactory(appeal_deadline=today + timedelta(days=3))
    later = DenialFactory(appeal_deadline=today + timedelta(days=60))
    page = biller.get(reverse("appeals:denial_list"))
    rows = list(page.context["page"])
    assert [d.pk for d in rows] == [late.pk, soon.pk, later.pk]
    html = page.content.decode()
    assert 'class="overdue"' in html
    assert 'class="due-soon"' in html


def test_worklist_uses_the_drafting_appeal_deadline(biller):
    appeal = AppealFactory(deadline=timezone.localdate() + timedelta(days=2))
    DenialFactory(appeal_deadline=timezone.localdate() + timedelta(days=1))
    rows = list(biller.get(reverse("appeals:denial_list")).context["page"])
    assert rows[1].pk == appeal.denial_id
    assert rows[1].next_due == appeal.deadline


def test_worklist_filters_by_category(biller):
    DenialFactory()
    coding = DenialFactory(carc="97", category="coding_bundling", route="appeal")
    rows = list(biller.get(reverse("appeals:denial_list"), {"category": "coding_bundling"}).context["page"])
    assert [d.pk for d in rows] == [coding.pk]


def test_worklist_filters_by_payer(biller):
    DenialFactory()
    aetna = CommercialPayerFactory()
    theirs = DenialFactory(payer=aetna)
    rows = list(biller.get(reverse("appeals:denial_list"), {"payer": aetna.pk}).context["page"])
    assert [d.pk for d in rows] == [theirs.pk]


def test_worklist_filters_by_level(biller):
    DenialFactory()
    appeal = AppealFactory()
    rows = list(biller.get(reverse("appeals:denial_list"), {"level": "redetermination"}).context["page"])
    assert [d.pk for d in rows] == [appeal.denial_id]


def test_worklist_filters_unassigned(biller):
    mine = DenialFactory(owner=biller.user)
    nobodys = DenialFactory()
    rows = list(biller.get(reverse("appeals:denial_list"), {"owner": "none"}).context["page"])
    assert [d.pk for d in rows] == [nobodys.pk]
    rows = list(biller.get(reverse("appeals:denial_list"), {"owner": str(biller.user.pk)}).context["page"])
    assert [d.pk for d in rows] == [mine.pk]


@pytest.fixture
def upload(biller, django_capture_on_commit_callbacks):
    """Post a file to the upload page and run the queued import, as the worker would; returns
    the page the biller lands on (the import's progress page, or the upload form refused)."""

    def post(name: str, data: bytes):
        with django_capture_on_commit_callbacks(execute=True):
            response = biller.post(reverse("appeals:remittance_upload"), {"file": SimpleUploadedFile(name, data)})
        return biller.get(response.url) if response.status_code == 302 else response

    return post


def test_the_upload_page_imports_an_835(biller, upload):
    medicare_file_claims()
    response = upload("era.x12", MEDICARE.encode())
    assert "era.x12: matched 7, paid 4, denied 4, unmatched 1" in response.content.decode()
    assert Denial.objects.count() == 4


def test_the_upload_page_refuses_a_malformed_file_with_the_segment(biller, upload):
    medicare_file_claims()
    broken = MEDICARE.replace("CLP*RB00000104*4", "CLP*RB00000104*Q")
    html = upload("bad.x12", broken.encode()).content.decode()
    assert "nothing of it was imported" in html
    assert "CLP (segment" in html
    assert not Remittance.objects.exists()


def test_the_upload_page_refuses_a_binary_file(biller):
    response = biller.post(reverse("appeals:remittance_upload"), {"file": SimpleUploadedFile("x.pdf", b"%PDF\xff\xfe")})
    assert "not a plain-text X12 file" in response.content.decode()


def test_the_upload_page_refuses_an_837_at_once_without_queueing_it(biller):
    claim_file = (Path(__file__).parent / "x12" / "real" / "837p" / "lfh-demo.example1.837").read_bytes()
    response = biller.post(reverse("appeals:remittance_upload"), {"file": SimpleUploadedFile("c.837", claim_file)})
    assert "this file holds claims (837), not a payment advice (835)" in response.content.decode()
    assert not RemittanceImport.objects.exists()


def test_an_upload_is_queued_and_its_page_shows_it_waiting(biller):
    sample = (Path(__file__).parent / "x12" / "real" / "835" / "e835-emedny_sample.txt").read_bytes()
    response = biller.post(reverse("appeals:remittance_upload"), {"file": SimpleUploadedFile("era.835", sample)})
    job = RemittanceImport.objects.get()
    assert response.url == job.get_absolute_url()
    page = biller.get(response.url).content.decode()
    assert "Waiting to start" in page
    assert 'http-equiv="refresh"' in page
    assert not Remittance.objects.exists()


def test_a_finished_import_links_its_remittances_and_stops_refreshing(upload):
    sample = (Path(__file__).parent / "x12" / "real" / "835" / "e835-emedny_sample.txt").read_bytes()
    page = upload("era.835", sample).content.decode()
    assert "era.835: matched 0, paid 0, denied 0, unmatched 3" in page
    assert Remittance.objects.get().get_absolute_url() in page
    assert 'http-equiv="refresh"' not in page


def test_the_upload_page_takes_a_file_that_starts_with_a_byte_order_mark(upload):
    sample = (Path(__file__).parent / "x12" / "real" / "835" / "e835-emedny_sample.txt").read_bytes()
    upload("bom.835", b"\xef\xbb\xbf" + sample)
    assert ClaimPayment.objects.filter(claim__isnull=True).count() == 3


def test_a_paper_remittance_posts_a_denial_in_two_steps(biller):
    claim = submitted_claim("RB00000301", [("99215", [], "190"), ("99497", [], "85")])
    step1 = biller.post(
        reverse("appeals:remittance_paper"),
        {
            "patient_control_number": "RB00000301",
            "payer": claim.coverage.payer_id,
            "trace_number": "CHK 5521",
            "payment_date": "2026-11-10",
            "notice_date": "2026-11-09",
            "source": "Paper EOB mailed by the payer",
        },
    )
    assert step1.status_code == 302
    lines = list(claim.lines.order_by("line_number"))
    data = {
        f"line{lines[0].pk}-paid": "0",
        f"line{lines[0].pk}-group": "CO",
        f"line{lines[0].pk}-reason": "50",
        f"line{lines[0].pk}-remarks": "N115",
        f"line{lines[1].pk}-paid": "68",
        f"line{lines[1].pk}-group": "CO",
        f"line{lines[1].pk}-reason": "45",
    }
    response = biller.post(reverse("appeals:remittance_paper_lines"), data)
    remittance = Remittance.objects.get()
    assert response.url == remittance.get_absolute_url()
    assert (remittance.source, remittance.origin, remittance.posted_by) == (
        "paper",
        "Paper EOB mailed by the payer",
        biller.user,
    )
    denial = Denial.objects.get()
    assert (denial.code, denial.category, denial.notice_date) == ("CO-50", "medical_necessity", date(2026, 11, 9))
    assert Claim.objects.get(pk=claim.pk).status == "partially_paid"


def test_a_paper_line_paid_short_without_a_reason_is_refused(biller):
    claim = submitted_claim("RB00000302", [("99215", [], "190")])
    biller.post(
        reverse("appeals:remittance_paper"),
        {
            "patient_control_number": "RB00000302",
            "payer": claim.coverage.payer_id,
            "trace_number": "CHK 1",
            "payment_date": "2026-11-10",
            "notice_date": "2026-11-09",
            "source": "fax",
        },
    )
    line = claim.lines.get()
    response = biller.post(reverse("appeals:remittance_paper_lines"), {f"line{line.pk}-paid": "100"})
    assert "Enter the group and reason code" in response.content.decode()
    assert not Remittance.objects.exists()


def test_a_paper_remittance_for_an_unknown_claim_is_refused(biller):
    response = biller.post(
        reverse("appeals:remittance_paper"),
        {
            "patient_control_number": "NOPE",
            "payer": CommercialPayerFactory().pk,
            "trace_number": "1",
            "payment_date": "2026-11-10",
            "notice_date": "2026-11-09",
            "source": "fax",
        },
    )
    assert "No claim of ours has this number" in response.content.decode()


def test_a_timely_filing_denial_page_says_not_appealable_and_offers_the_exceptions(biller):
    denial = DenialFactory(
        carc="29", rarcs=["N211"], category="timely_filing", route="not_appealable", appeal_deadline=None
    )
    html = biller.get(denial.get_absolute_url()).content.decode()
    assert "Not appealable." in html
    assert "Administrative error" in html
    assert "Start the appeal" not in html


def test_a_co16_denial_page_offers_the_replacement_claim_instead_of_an_appeal(biller):
    denial = DenialFactory(carc="16", rarcs=["MA130"], category="missing_information", route="corrected_claim")
    html = biller.get(denial.get_absolute_url()).content.decode()
    assert "Start the replacement claim" in html
    assert "Start the appeal" not in html


def test_the_replacement_claim_is_built_by_billing_and_resolves_the_denial(biller):
    denial = DenialFactory(carc="16", rarcs=["MA130"], category="missing_information", route="corrected_claim")
    response = biller.post(reverse("appeals:denial_correct", args=[denial.pk]))
    replacement = Claim.objects.get(original_claim=denial.claim)
    assert response.url == replacement.get_absolute_url()
    assert replacement.frequency_code == "7"
    denial.refresh_from_db()
    assert denial.status == "corrected"


def test_an_appeal_goes_from_start_to_escalation_through_the_pages(biller):
    denial = DenialFactory(notice_date=date(2026, 3, 2))
    start = biller.post(reverse("appeals:appeal_start", args=[denial.pk]), {})
    appeal = Appeal.objects.get()
    assert start.url == appeal.get_absolute_url()
    biller.post(reverse("appeals:appeal_file", args=[appeal.pk]), {"filed_on": "2026-04-01", "reference": "R-1"})
    biller.post(
        reverse("appeals:appeal_decide", args=[appeal.pk]),
        {"outcome": "upheld", "decided_on": "2026-05-20", "amount_recovered": "0"},
    )
    escalate = biller.post(reverse("appeals:appeal_escalate", args=[appeal.pk]), {})
    escalation = Appeal.objects.get(previous=appeal)
    assert escalate.url == escalation.get_absolute_url()
    assert (escalation.level, escalation.deadline) == ("reconsideration", date(2026, 11, 21))


def test_a_refused_step_is_shown_as_a_message(biller):
    appeal = AppealFactory(status="filed", filed_on=date(2026, 11, 1))
    response = biller.post(
        reverse("appeals:appeal_decide", args=[appeal.pk]),
        {"outcome": "upheld", "decided_on": "2026-11-02", "amount_recovered": "5"},
        follow=True,
    )
    assert "An upheld denial recovers nothing" in response.content.decode()


def test_the_dashboard_links_each_figure_to_its_rows(biller, upload):
    medicare_file_claims()
    upload("era.x12", MEDICARE.encode())
    html = biller.get(reverse("appeals:dashboard")).content.decode()
    assert reverse("appeals:denial_list") + "?category=medical_necessity&amp;scope=all" in html
    assert "CO-50" in html
    assert reverse("appeals:denial_list") + "?acp=1&amp;scope=all" in html


def test_the_dashboard_acp_rate_counts_denied_acp_lines(biller, upload):
    medicare_file_claims()
    upload("era.x12", MEDICARE.encode())
    board = biller.get(reverse("appeals:dashboard")).context["board"]
    # ACP lines adjudicated: 99497 on 101, 102 and 105, 99498 on 105; denied: the 99498 (CO-97).
    assert (board["acp_denial_rate"], board["acp_detail"]) == (25.0, "1 of 4 ACP lines adjudicated")


def test_the_claims_by_age_page_lists_the_bucket(biller):
    claim = submitted_claim("RB00000401", [("99215", [], "190")])
    Claim.objects.filter(pk=claim.pk).update(submitted_at=timezone.now() - timedelta(days=45))
    page = biller.get(reverse("appeals:claim_age_list"), {"bucket": "31–60"})
    assert [c.pk for c in page.context["page"]] == [claim.pk]


def test_the_remittance_page_shows_plb_rows_and_reconciles_the_deposit(biller, upload):
    sample = (Path(__file__).parent / "x12" / "real" / "835-repaired" / "fixed-lfh-medicare-part-a.835").read_bytes()
    upload("a.835", sample)
    remittance = Remittance.objects.get()
    html = biller.get(remittance.get_absolute_url()).content.decode()
    assert (
        '<td>CV <small class="text-muted">Capital passthru</small></td><td>CP</td><td class="text-end">$-1.27</td>'
        in html
    )
    assert "claims paid $149998.73 − provider adjustments $-1.27 = $150000.00" in html
    assert "matches the deposit" in html


def test_the_remittance_page_says_what_each_adjustment_and_remark_means(biller, upload):
    medicare_file_claims()
    upload("era.x12", MEDICARE.encode())
    html = biller.get(Remittance.objects.get().get_absolute_url()).content.decode()
    assert "Contractual obligation (practice write-off; do not bill the patient): " + carc.carc_meaning("50") in html
    assert "Patient responsibility: " + carc.carc_meaning("1") in html
    assert carc.rarc_meaning("N211") in html


def test_a_payer_appeal_window_is_saved_from_its_page(biller):
    payer = CommercialPayerFactory()
    response = biller.post(
        reverse("appeals:window_create"),
        {"payer": payer.pk, "level": "redetermination", "days": "60", "source": "Provider manual 2026, §7.2"},
    )
    assert response.url == reverse("appeals:window_list")
    window = PayerAppealWindow.objects.get()
    assert (window.payer, window.level, window.days) == (payer, "redetermination", 60)


def test_the_same_paper_remittance_posted_twice_makes_one_payment(biller):
    claim = submitted_claim("RB00000303", [("99215", [], "190")])
    biller.post(
        reverse("appeals:remittance_paper"),
        {
            "patient_control_number": "RB00000303",
            "payer": claim.coverage.payer_id,
            "trace_number": "CHK 77",
            "payment_date": "2026-11-10",
            "notice_date": "2026-11-09",
            "source": "paper EOB",
            "form_token": "6f1c1d2e-8a51-4d5e-9b1f-1c2d3e4f5a6b",
        },
    )
    # A double click: the second request read the same session before the first one ended it.
    started = dict(biller.session)
    line = claim.lines.get()
    data = {f"line{line.pk}-paid": "150", f"line{line.pk}-group": "CO", f"line{line.pk}-reason": "45"}
    page = biller.get(reverse("appeals:remittance_paper_lines")).content.decode()
    data["form_token"] = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    first = biller.post(reverse("appeals:remittance_paper_lines"), data)
    session = biller.session
    session.update(started)
    session.save()
    second = biller.post(reverse("appeals:remittance_paper_lines"), data)
    assert Remittance.objects.count() == 1
    assert ClaimPayment.objects.count() == 1
    assert second.url == first.url == Remittance.objects.get().get_absolute_url()


def test_a_denial_returned_as_unprocessable_says_to_send_a_new_claim_not_an_appeal(biller):
    denial = DenialFactory(carc="16", rarcs=["MA130"], category="missing_information", route="new_claim")
    page = biller.get(denial.get_absolute_url()).content.decode()
    assert "Send a new claim, not an appeal." in page
    assert denial.claim.get_absolute_url() in page
