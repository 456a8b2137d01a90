"""Every index on an owned table leads with its owner (R9; sharding by owner needs it), and
the indexes the main pages rely on at a career centre's size are there.

bench/explain_hosted.py checks the plans on the hosted data set; this checks the declarations.
"""

from __future__ import annotations

import pytest
from django.apps import apps

from parting.core.models import Contact, Conversation, FollowUp, Lead, Owned

NEEDED = [
    (Contact, ["owner", "name"]),  # contact list, search
    (Contact, ["owner", "-updated_at"]),  # the call page's recent contacts
    (Conversation, ["owner", "-at"]),  # conversation list
    (Conversation, ["owner", "contact", "at"]),  # referral tree
    (Conversation, ["owner", "company", "at"]),  # funnel: a company-only lead's later calls
    (FollowUp, ["owner", "status", "due_on", "kind"]),  # Today
    (Lead, ["owner", "-created_at"]),  # lead list
]


def owned_models():
    found = [
        *apps.get_app_config("core").get_models(),
        *apps.get_app_config("webhooks").get_models(),
    ]
    return [m for m in found if issubclass(m, Owned)]


@pytest.mark.parametrize("model", owned_models(), ids=lambda m: m.__name__)
def test_every_declared_index_leads_with_the_owner(model):
    for index in model._meta.indexes:
        assert index.fields[0] == "owner", f"{model.__name__} index {index.fields}"


@pytest.mark.parametrize(("model", "fields"), NEEDED, ids=lambda x: getattr(x, "__name__", ""))
def test_the_pages_indexes_exist(model, fields):
    assert fields in [list(index.fields) for index in model._meta.indexes]
