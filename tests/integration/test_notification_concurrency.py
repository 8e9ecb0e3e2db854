import threading

import pytest
from django.core import mail
from django.db import close_old_connections

from palliative.models import Notification
from palliative.services import notification_send

from ..factories import UserFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_eight_concurrent_sends_of_one_key_make_one_notification_and_one_email():
    user = UserFactory()
    barrier = threading.Barrier(8)
    errors = []

    def send():
        try:
            barrier.wait()
            notification_send(
                recipient=user, kind="test", key="appeal:7:deadline-7d:2026-11-23", subject="Appeal #7 is due in 7 days"
            )
        except Exception as error:  # collected and asserted below
            errors.append(error)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
