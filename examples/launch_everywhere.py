"""Launch one canonical campaign on each of the four vendors, and print what each could not hold.

Needs the four clients and the unified package (``pip install "vendorgen-unified[all]"``) and each
vendor's API key in its variable (``AUTOCALLS_API_KEY``, ``CALLKARO_API_KEY``, ``RAVAN_API_KEY``,
``VOLUBILE_API_KEY``).  ``<VENDOR>_BASE_URL`` points a client elsewhere (the tests: at Prism).
A launch that stops half-way prints what the vendor accepted; ``dialer.resume(error.launch)``
carries on from there without creating the campaign again or calling a contact twice.
"""

from __future__ import annotations

import os
from datetime import date
from typing import Any

from autocalls_client import AutocallsClient
from callkaro_client import CallKaroClient
from ravan_client import RavanClient
from vendorgen_unified import Campaign, Contact, Dialer, LaunchError, TimeWindow, Weekday
from volubile_client import VolubileClient

CLIENTS: dict[str, Any] = {
    "autocalls": AutocallsClient,
    "callkaro": CallKaroClient,
    "ravan": RavanClient,
    "volubile": VolubileClient,
}

campaign = Campaign(
    name="Spring renewals",
    agent_id="3c90c3cc-0d44-4b50-8888-8dd25736052a",  # the Volubile agent; the others' below
    per_vendor={
        "autocalls": {"agent_id": "12"},
        "callkaro": {"agent_id": "6803fa770b666a64ab1694c1e"},
        "ravan": {"agent_id": "agent-1", "contact_ids": ["019e92f4-097d-7a52-b5e5-fa7e0dd0761f"]},
    },
    caller_id="+15551234567",
    phone_number_ids=["7"],
    contacts=[
        Contact(phone="+33612345678", variables={"first_name": "Ada"}),
        Contact(phone="+33698765432", variables={"first_name": "Alan"}),
    ],
    timezone="Europe/Paris",
    calling_windows=[TimeWindow(start="11:00", end="13:00")],
    allowed_days=[Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY],
    start=date(2026, 3, 2),
    max_concurrent_calls=3,
    daily_call_cap=100,
    max_retries=2,
    retry_delay=120,
)


def main() -> int:
    """Launch on every vendor; 1 when any launch stopped half-way."""
    failed = 0
    for vendor, client_class in CLIENTS.items():
        base_url = os.environ.get(f"{vendor.upper()}_BASE_URL")
        with client_class(**({"base_url": base_url} if base_url else {})) as client:
            dialer = Dialer(vendor, client)
            try:
                launch = dialer.launch(campaign, on_unsupported="drop")
            except LaunchError as exc:
                print(exc)
                failed = 1
                continue
        steps = ", ".join(step.operation for step in launch.steps)
        print(f"{vendor}: campaign {launch.campaign_id} ({steps})")
        for adjustment in launch.adjustments:
            print(f"  {adjustment.action} {adjustment.concept}: {adjustment.reason}")
    return failed


if __name__ == "__main__":
    raise SystemExit(main())
