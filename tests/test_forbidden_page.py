import pytest
from django.urls import reverse

from palliative.models import Role

pytestmark = pytest.mark.django_db


def test_a_page_outside_the_role_says_so_inside_the_apps_layout(client_as):
    response = client_as(Role.FRONT_DESK).get(reverse("billing:claim_list"))
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page is not open to your role" in page
    assert 'class="navbar' in page
    assert reverse("palliative:home") in page
