"""What runs on the task queue (Django's Tasks API: `@task`, `.enqueue()`)."""
