"""The import's background work, as tasks of Django's Tasks framework (the django-tasks backport
until Django 6.0 has ``django.tasks``), queued in the database and run by ``manage.py db_worker``.

Both tasks are safe to run twice, at once or after a killed worker: reading keeps the first
parse of a file, and storing consumes each file in the transaction that stores it
(``pending.import_next``). Their arguments are the batch's id as text, as the queue keeps JSON.
"""

from __future__ import annotations

from django_tasks import task

from ..models import ImportBatch
from . import pending


@task()
def read_files(batch_id: str) -> None:
    """Parse each unread file of an uploaded batch, so its preview can be shown."""
    pending.read_batch(batch_id)


@task()
def import_files(batch_id: str) -> dict[str, int]:
    """Store each waiting file of a confirmed batch; the counts of what became of them."""
    return pending.import_batch(batch_id)


def enqueue(task_to_run, batch: ImportBatch) -> None:
    """Queue ``task_to_run`` for ``batch`` and remember the task, to tell later if it failed.

    Called outside any transaction (views and the command run in autocommit), so the batch a
    worker is told about is already committed.
    """
    result = task_to_run.enqueue(str(batch.pk))
    ImportBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


def last_task_failed(batch: ImportBatch) -> bool:
    """Whether the batch's last task ended in an error (known only to a queue that keeps results)."""
    from django_tasks import TaskResultStatus, default_task_backend
    from django_tasks.exceptions import TaskResultDoesNotExist

    if not batch.task_id or not default_task_backend.supports_get_result:
        return False
    try:
        return default_task_backend.get_result(batch.task_id).status == TaskResultStatus.FAILED
    except TaskResultDoesNotExist:
        return False
