"""Every URL, walked as anonymous and as each role: the expected allow/deny must hold.

A new page fails here until it is listed in EXPECTED with the roles that may open it, so no
page ships without a rule. Object ids that do not exist are fine: an allowed role gets past
the gate (404 or 200), a denied one gets 403, an anonymous visitor goes to the login page.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from palliative.models import Role

from .appeals.url_rules import EXPECTED as APPEALS
from .billing.url_rules import EXPECTED as BILLING
from .letters.url_rules import EXPECTED as LETTERS

F, P, B, A = Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN
ALL = {F, P, B, A}
CLINICAL = {F, P, A}

EXPECTED = {
    "palliative:home": ALL,
    "palliative:patient_list": ALL,
    "palliative:patient_search": ALL,
    "palliative:icd10_lookup": ALL,
    "palliative:patient_create": {F, A},
    "palliative:patient_detail": ALL,
    "palliative:patient_edit": {F, A},
    "palliative:patient_record_death": CLINICAL,
    "palliative:patient_mark_reviewed": {A, B},
    "palliative:coverage_create": {F, A},
    "palliative:coverage_edit": {F, A},
    "palliative:hospice_create": CLINICAL,
    "palliative:hospice_edit": CLINICAL,
    "palliative:encounter_create": CLINICAL,
    "palliative:encounter_detail": ALL,
    "palliative:encounter_edit": CLINICAL,
    "palliative:encounter_addendum": {P, A},
    "palliative:acp_create": {P, A},
    "palliative:acp_detail": ALL,
    "palliative:acp_edit": {P, A},
    "palliative:acp_addendum": {P, A},
    "palliative:provider_list": {A},
    "palliative:provider_create": {A},
    "palliative:provider_edit": {A},
    "palliative:payer_list": {A, B},
    "palliative:payer_create": {A, B},
    "palliative:payer_edit": {A, B},
    "palliative:session_keepalive": ALL,
    "palliative:login_lockouts": {A},
    "palliative:login_unlock": {A},
    "palliative:audit_patient": {A},
    "palliative:audit_user": {A},
    "palliative:staff_list": {A},
    "palliative:staff_create": {A},
    "palliative:staff_edit": {A},
    "palliative:staff_password": {A},
    "palliative:staff_deactivate": {A},
    "palliative:staff_reactivate": {A},
    "palliative:notification_list": ALL,
    "palliative:notification_read": ALL,
    "palliative:notification_read_all": ALL,
    **BILLING,
    **LETTERS,
    **APPEALS,
}

# Pages outside the role gate, on purpose: signing in and out, and Django's admin site,
# which has its own staff check.
PUBLIC = {"login", "logout", "favicon"}


def _named_patterns(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _named_patterns(entry, ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", entry


def _url(name, pattern):
    kwargs = {key: 999999 for key in pattern.pattern.converters}
    return reverse(name, kwargs=kwargs)


ALL_PATTERNS = sorted(_named_patterns(), key=lambda item: item[0])


def test_every_url_pattern_has_a_name_and_a_rule():
    names = {name for name, _ in ALL_PATTERNS}
    unnamed = [str(p.pattern) for name, p in ALL_PATTERNS if name.endswith("None")]
    assert not unnamed, f"URL patterns without a name: {unnamed}"
    missing = names - set(EXPECTED) - PUBLIC
    assert not missing, f"Add these pages to EXPECTED with the roles that may open them: {sorted(missing)}"


def test_no_rule_names_a_page_that_does_not_exist():
    assert set(EXPECTED) - {name for name, _ in ALL_PATTERNS} == set()


GATED = [(name, pattern) for name, pattern in ALL_PATTERNS if name not in PUBLIC]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "pattern"), GATED, ids=[name for name, _ in GATED])
def test_anonymous_visitor_is_sent_to_the_login_page(client, name, pattern):
    for method in (client.get, client.post):
        response = method(_url(name, pattern))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("login")), name


@pytest.mark.django_db
@pytest.mark.parametrize("role", [F, P, B, A])
def test_each_role_is_allowed_and_denied_as_expected(client_as, role):
    client = client_as(role)
    wrong = []
    for name, pattern in GATED:
        url = _url(name, pattern)
        allowed = role in EXPECTED[name]
        for method in (client.get, client.post):
            status = method(url).status_code
            if allowed and status == 403:
                wrong.append(f"{name} {method.__name__}: {role} should be allowed, got 403")
            if not allowed and status != 403:
                wrong.append(f"{name} {method.__name__}: {role} should get 403, got {status}")
    assert not wrong, "\n".join(wrong)


def test_every_gated_view_declares_its_roles():
    undeclared = [name for name, pattern in GATED if not getattr(pattern.callback, "allowed_roles", None)]
    assert not undeclared, f"Wrap these views in role_required: {undeclared}"


def test_declared_roles_match_the_expected_table():
    different = {
        name: (sorted(pattern.callback.allowed_roles), sorted(EXPECTED[name]))
        for name, pattern in GATED
        if set(pattern.callback.allowed_roles) != EXPECTED[name]
    }
    assert not different
