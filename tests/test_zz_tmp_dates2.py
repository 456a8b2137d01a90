import datetime as dt
from collections import Counter
import pytest, time_machine
from django.contrib.auth import get_user_model
from parting.core.demo import load_demo
from parting.core.models import Ask, Conversation, Lead, Opening

@pytest.mark.django_db
def test_dates():
    for offset in range(0, 60, 3):
        when = dt.datetime(2026, 3, 2, 15, 0, tzinfo=dt.UTC) + dt.timedelta(days=offset, hours=offset * 5)
        with time_machine.travel(when, tick=True):
            email, _ = load_demo()
            u = get_user_model().objects.get(username=email)
            print(offset, dict(Counter(Ask.objects.filter(owner=u).values_list("response", flat=True))),
                  dict(Counter(Lead.objects.filter(owner=u).values_list("status", flat=True))),
                  dict(Counter(Conversation.objects.filter(owner=u).values_list("outcome", flat=True))),
                  Opening.objects.filter(owner=u).values("stage").distinct().count())
