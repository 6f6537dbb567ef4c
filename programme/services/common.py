"""What the OCOP cycle's writes share: the producer's right, the reviewer's comments, and the private files a
write stores and removes (kept only if the write is committed)."""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programme.selectors import producer_ids_for_user


def producer_user_require(*, user, producer_id: int) -> None:
    """PermissionDenied unless ``user`` is one of the producer's own users (``Partner.users``)."""
    if producer_id not in producer_ids_for_user(user=user):
        raise PermissionDenied(_("Only the producer's own users may do this."))


def files_delete_on_rollback(stored: list) -> None:
    """Delete files already written to storage when the transaction they belong to rolls back."""
    for field_file in stored:
        with contextlib.suppress(Exception):  # best effort: the row that named it is gone anyway
            field_file.storage.delete(field_file.name)


def review_comment_require(comment: str) -> str:
    """A return needs comments (what the producer should change): the comment, stripped."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Write what the producer should change.")})
    return comment


class FileChanges:
    """The files of one write: ``store`` saves an upload into a row's file field (before the row is saved),
    ``remove`` deletes a row whose file goes once the write is committed."""

    def __init__(self):
        self.stored = []
        self.removed = []

    def store(self, field_file, content) -> None:
        field_file.save(content.name, content, save=False)
        self.stored.append(field_file)

    def remove(self, row) -> None:
        self.removed.append(row.file)
        row.delete()


@contextlib.contextmanager
def files_atomic():
    """``transaction.atomic()`` for a write that stores and removes private files (yields its FileChanges): if the
    write raises, the files it stored are deleted again; once it is committed, the removed rows' files go."""
    changes = FileChanges()
    try:
        with transaction.atomic():
            yield changes
    except BaseException:
        files_delete_on_rollback(changes.stored)
        raise
    for field_file in changes.removed:
        field_file.storage.delete(field_file.name)
