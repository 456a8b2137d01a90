"""A client of the Parting API using only httpx: log a rejected call, record the parting
question's answer with two leads, list the follow-ups it opened and mark one done.

    python tests/api/round_trip.py http://127.0.0.1:8000 pt_… "Rita Recruiter"
"""

from __future__ import annotations

import json
import sys
from typing import Any

import httpx


def round_trip(base: str, token: str, contact_name: str) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=f"{base}/api/v1", headers=headers, timeout=30) as api:
        found = api.get("/contacts", params={"search": contact_name}).raise_for_status().json()
        contact = next(c for c in found["items"] if c["name"] == contact_name)
        call = api.post("/conversations", json={"contact_id": contact["id"], "outcome": "rejected"})
        convo = call.raise_for_status().json()
        assert convo["needs_ask"], convo
        asked = (
            api.post(
                base + convo["ask_url"],  # a path from the server's root
                json={
                    "archetype": "same_company",
                    "response": "gave_lead",
                    "leads": [
                        {"name": "Lena Lead", "permission": "granted"},
                        {"name": "Max Miller", "permission": "granted"},
                    ],
                },
            )
            .raise_for_status()
            .json()
        )
        listed = api.get("/followups", params={"status": "open"}).raise_for_status().json()
        thanks = next(f for f in listed["items"] if f["kind"] == "thank_referrer")
        done = api.post(f"/followups/{thanks['id']}/done").raise_for_status().json()
        after = api.get("/followups").raise_for_status().json()
    return {"conversation": convo, "ask": asked, "done": done, "followups": after["items"]}


if __name__ == "__main__":
    print(json.dumps(round_trip(sys.argv[1], sys.argv[2], sys.argv[3]), indent=2))
