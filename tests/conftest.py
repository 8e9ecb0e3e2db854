from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from palliative.models import Role

from .factories import ProviderFactory, UserFactory

ROLES = [Role.FRONT_DESK, Role.PROVIDER, Role.BILLING, Role.ADMIN]


@pytest.fixture(scope="session", autouse=True)
def _fast_test_settings():
    """Settings for the whole run, set once (a module-scoped fixture such as `demo` sees them too).

    - Pages render with a static storage that needs no `collectstatic` but fails, like the
      production manifest storage, on a file that does not exist (tests/storage.py); the real
      manifest is checked by tests/test_static_manifest.py.
    - Hashing with the production hasher costs ~0.3 s a user; tests make hundreds. PBKDF2 stays
      listed second so the demo data's (light) PBKDF2 hashes still verify.
    """
    from django.conf import settings

    overrides = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        PASSWORD_HASHERS=[
            "django.contrib.auth.hashers.MD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ],
        STORAGES={**settings.STORAGES, "staticfiles": {"BACKEND": "tests.storage.CheckedStaticFilesStorage"}},
    )
    overrides.enable()
    yield
    overrides.disable()


@dataclass(frozen=True)
class DemoPractice:
    """What `seed_demo` printed; the records themselves are in the database."""

    output: str


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo practice, seeded once for the module that asks for it and rolled back after it.

    Seeding takes seconds, so every assertion about the demo lives in tests/test_demo.py and
    shares this one seed. The seed runs in a transaction that stays open while the module runs;
    each test's own transaction is a savepoint inside it, so a test's writes are undone as
    usual and the next test sees the practice as seeded. Mark the whole module
    `pytest.mark.django_db` (not `transaction=True`, whose flush would empty the practice):
    pytest-django runs database tests before the others, and a module whose tests were split
    into both groups would seed twice.
    """
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            out = StringIO()
            call_command("seed_demo", stdout=out)
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()
            raise
    yield DemoPractice(output=out.getvalue())
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)
    media.disable()


@pytest.fixture
def front_desk_user(db):
    return UserFactory(username="frontdesk", role=Role.FRONT_DESK)


@pytest.fixture
def staff(db):
    """A front-desk member of staff (a fresh user, not the `frontdesk` login)."""
    return UserFactory(role=Role.FRONT_DESK)


@pytest.fixture
def biller(db):
    """A billing user. tests/billing/conftest.py adds the fee schedule for its tests."""
    return UserFactory(role=Role.BILLING)


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


@pytest.fixture
def biller_client(client_as):
    """A test client logged in as a fresh billing user (`biller_client.user`)."""
    return client_as(Role.BILLING)


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete():
    """Empty the database after a transactional test (live server, Celery worker, concurrency
    tests) with DELETE instead of Django's TRUNCATE of all 64 tables: PostgreSQL makes new files
    for every truncated table, 0.25-0.3 s a flush; deleting the few rows a test wrote takes
    0.03 s. The append-only triggers (audit log, signed letters, clinical addenda) and the
    foreign-key checks stay out of the way for this one transaction only, through
    session_replication_role, which needs a superuser (bin/test's default); with any other
    role the flush stays Django's own.

    Either way the role groups a migration made are put back, as a migrated database has them:
    without them every later test on the worker made them again inside its own transaction."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or not tables or not _is_superuser(self.connection):
            emptied = truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        else:
            emptied = ["SET LOCAL session_replication_role = replica;"] + [
                f"DELETE FROM {style.SQL_FIELD(self.quote_name(table))};" for table in tables
            ]
        if "auth_group" in tables:
            names = ", ".join(f"('{role}')" for role in Role.values)
            emptied.append(f"INSERT INTO auth_group (name) VALUES {names};")
        return emptied

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = truncate


def _is_superuser(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return cursor.fetchone()[0]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """Long integration modules first, so the short ones even out the workers' ends (tests/scheduling.py)."""
    if config.getvalue("dist") == "loadscope":
        from .scheduling import LongModulesFirst

        return LongModulesFirst(config, log)
    return None
