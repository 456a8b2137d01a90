"""Signed webhooks: a seeker's endpoints, the events they hear, and each delivery.

- `models`: Endpoint (URL, events, secret, enabled) and Delivery (one message to one endpoint).
- `signing`: the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature).
- `targets`: which addresses an endpoint may reach (SSRF), checked when it is added and again
  at each delivery, connecting to the address that was checked.
- `outbox`: an event after its transaction commits becomes one delivery per endpoint.
- `delivery`: one attempt, retries with exponential backoff, disabling after 3 days of failure.
"""
