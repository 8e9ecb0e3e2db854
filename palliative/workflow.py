"""State machines for stateful records (claims, letters, appeals, denials).

A model mixes in `Workflow`, declares `TRANSITIONS = {from_status: {to_status, ...}}` and
changes state only through `transition_to(new, by=user, note="")`. A move not in the table
raises `TransitionNotAllowed`; every allowed move writes one append-only `StatusChange` row
(who, when, from, to, note), which the pages show as the record's timeline. Asking for the
status the record already has is a no-op: nothing is saved and no row is written (as
django-oscar's `Order.set_status`), so a service may settle a record without asking first.
"""

from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from palliative.db import history_rows_insert, records_insert
from palliative.errors import DomainError


class TransitionNotAllowed(DomainError):
    """The record cannot move from its current status to the one asked for."""


class StatusChange(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"{self.from_status or 'new'} → {self.to_status}"


class Workflow(models.Model):
    """Abstract: a `status` field moved only along `TRANSITIONS`."""

    TRANSITIONS: dict[str, set[str]] = {}
    status_changes = GenericRelation(StatusChange)

    class Meta:
        abstract = True

    def can_transition_to(self, new: str) -> bool:
        return new in self.TRANSITIONS.get(self.status, set())

    def allowed_transitions(self) -> list[str]:
        return sorted(self.TRANSITIONS.get(self.status, set()))

    def transition_to(self, new: str, *, by=None, note: str = "") -> StatusChange | None:
        """Move to `new` and return the timeline row; None when the record is already there."""
        if new == self.status:
            return None
        if not self.can_transition_to(new):
            raise self._refusal(new)
        with transaction.atomic():
            old = self.status
            self.status = new
            self.save()
            return StatusChange.objects.create(record=self, from_status=old, to_status=new, by=by, note=note)

    transition_to.alters_data = True

    def _refusal(self, new: str) -> TransitionNotAllowed:
        label = dict(self._meta.get_field("status").choices).get
        return TransitionNotAllowed(
            f"A {self._meta.verbose_name} that is {label(self.status, self.status)} cannot become {label(new, new)}."
        )

    @classmethod
    def transition_many(cls, records, new: str, *, by=None, note: str = "", fields=()) -> list[StatusChange]:
        """`transition_to` for a batch: the same check for each record (all or none move), one
        history row and one timeline row each, in a few queries whatever the batch size.
        `fields` are other fields the caller set on the records, saved with the status."""
        moving = [record for record in records if record.status != new]
        for record in moving:
            if not record.can_transition_to(new):
                raise record._refusal(new)
        old = {record.pk: record.status for record in moving}
        for record in moving:
            record.status = new
        content_type = ContentType.objects.get_for_model(cls)
        # One UPDATE per distinct set of values (a batch usually shares them all), not a CASE per row.
        groups = defaultdict(list)
        for record in moving:
            groups[tuple(getattr(record, name) for name in fields)].append(record.pk)
        with transaction.atomic():
            for values, ids in groups.items():
                cls.objects.filter(pk__in=ids).update(status=new, **dict(zip(fields, values, strict=True)))
            history_rows_insert(cls, moving, by=by, update=True)
            return records_insert(
                StatusChange,
                [
                    StatusChange(
                        content_type=content_type,
                        object_id=record.pk,
                        from_status=old[record.pk],
                        to_status=new,
                        by=by,
                        note=note,
                    )
                    for record in moving
                ],
            )

    def record_created(self, *, by=None, note: str = "") -> StatusChange:
        """The first row of the timeline, written when the record is made."""
        return StatusChange.objects.create(record=self, from_status="", to_status=self.status, by=by, note=note)

    record_created.alters_data = True

    @classmethod
    def record_created_many(cls, records, *, by=None, notes) -> list[StatusChange]:
        """`record_created` for a batch, one query: `notes[i]` is the note of `records[i]`."""
        content_type = ContentType.objects.get_for_model(cls)
        return records_insert(
            StatusChange,
            [
                StatusChange(
                    content_type=content_type,
                    object_id=record.pk,
                    from_status="",
                    to_status=record.status,
                    by=by,
                    note=note,
                )
                for record, note in zip(records, notes, strict=True)
            ],
        )
