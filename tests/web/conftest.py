"""Alice's account with a row of every kind (tests/web/test_r9_every_url.py), for every web
test that checks what another account may see of it."""

from tests.web.test_r9_every_url import world  # noqa: F401
