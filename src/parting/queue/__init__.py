"""The task queue's machinery: workers, the scheduler of periodic work, and what the queue
holds (for `parting tasks` and /healthz).

Application code writes `@task` and `.enqueue()` (Django's Tasks API) and nothing else; the
backend is chosen in settings (PARTING_TASKS_URL) and only this package knows which it is.

- `worker`: `parting worker` on the app's database (threads claim tasks with row locks, so a
  task is taken by exactly one worker), `rq_worker` the same on Redis.
- `beats`: workers note they are alive; a task held by a worker no longer seen is failed.
- `scheduler`: periodic work, unique per (job, account, day); every worker ticks it. Add a
  job with one line in `scheduler.JOBS` (its docstring says how).
- `embedded`: the worker `parting serve` runs beside the web server.
- `status`: the tasks listed by `parting tasks`, and the queue's health for /healthz.
"""
