import datetime as dt
import pytest, time_machine
from django.contrib.auth import get_user_model
from parting.core.demo import load_demo
from tests import test_demo as T

@pytest.mark.django_db
@pytest.mark.parametrize("offset", range(0, 60, 3))
def test_dates(offset):
    when = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC) + dt.timedelta(days=offset, hours=offset * 5)
    with time_machine.travel(when, tick=True):
        email, _ = load_demo()
        u = get_user_model().objects.get(username=email)
        for name in dir(T):
            if name.startswith("test_") and T.__dict__[name].__code__.co_varnames[:1] == ("demo",) and T.__dict__[name].__code__.co_argcount == 1:
                T.__dict__[name](u)
