"""Drives a real worker's database from outside it, as a separate process would:

    python -m tests.queue.drive account EMAIL            -> the account's id
    python -m tests.queue.drive enqueue TASK ARGS [N]    -> N task ids (ARGS: a JSON list)
    python -m tests.queue.drive each TASK ARG-LISTS      -> a task id per list of arguments
    python -m tests.queue.drive wait SECONDS ID...       -> JSON {id: {status, workers, error}}
    python -m tests.queue.drive contacts                 -> JSON list of contact names
    python -m tests.queue.drive status ID                -> the task's status now

Settings come from the environment (PARTING_HOME, DATABASE_URL, PARTING_TASKS_URL).
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(argv: list[str]) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parting.settings")
    django.setup()
    from django_tasks import task_backends

    from parting.core.models import Contact
    from tests.queue import tasks

    backend = task_backends["default"]
    what, *rest = argv
    if what == "account":
        from parting.core.domain.accounts import create_user

        print(create_user(rest[0], None).pk)
    elif what == "enqueue":
        name, args = rest[0], json.loads(rest[1])
        count = int(rest[2]) if len(rest) > 2 else 1
        for _ in range(count):
            print(getattr(tasks, name).enqueue(*args).id)
    elif what == "each":
        for args in json.loads(rest[1]):
            print(getattr(tasks, rest[0]).enqueue(*args).id)
    elif what == "status":
        print(backend.get_result(rest[0]).status)
    elif what == "wait":
        deadline, ids, done = time.monotonic() + float(rest[0]), rest[1:], {}
        while len(done) < len(ids) and time.monotonic() < deadline:
            for result_id in ids:
                found = backend.get_result(result_id)
                if found.status in ("SUCCESSFUL", "FAILED"):
                    done[result_id] = {
                        "status": found.status,
                        "workers": list(found.worker_ids),
                        "error": found.errors[-1].traceback if found.errors else "",
                    }
            time.sleep(0.1)
        print(json.dumps(done))
    elif what == "contacts":
        print(json.dumps(list(Contact.objects.order_by("pk").values_list("name", flat=True))))


if __name__ == "__main__":
    main(sys.argv[1:])
