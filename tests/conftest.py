import pytest
from django.core.management import call_command

from palliative.models import Role

from .factories import ProviderFactory, UserFactory

ROLES = [Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN]


@pytest.fixture(scope="session", autouse=True)
def _collected_static():
    """Pages render with the production (manifest) static storage, so collect once."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Hashing with the production hasher costs ~0.3 s a user; tests make hundreds.
    # PBKDF2 stays listed second so the demo data's (light) PBKDF2 hashes still verify.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def front_desk_user(db):
    return UserFactory(username="frontdesk", role=Role.FRONT_DESK)


@pytest.fixture
def provider(db):
    return ProviderFactory(user__username="dr.reyes")


@pytest.fixture
def provider_user(provider):
    return provider.user


@pytest.fixture
def billing_user(db):
    return UserFactory(username="billing", role=Role.BILLING)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", role=Role.ADMIN)


@pytest.fixture
def user_with_role(db):
    def make(role):
        if role == Role.PROVIDER:
            return ProviderFactory().user
        return UserFactory(role=role)

    return make


@pytest.fixture
def client_as(client, user_with_role):
    """A test client logged in with a fresh user of the given role."""

    def login(role):
        user = user_with_role(role)
        client.force_login(user)
        client.user = user
        return client

    return login
