"""The four vendor specs: clean, complete in provenance, and faithful to documented facts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from generator.spec.loader import load_document
from generator.spec.validate import validate_file
from generator.spec.vendors import load_vendor
from generator.spec.walk import iter_operations, resolve_local
from tests.support.project import SPECS, VENDORS


def spec(vendor: str) -> Any:
    return load_document(SPECS / vendor / "openapi.yaml").data


def schema(document: Any, name: str) -> Any:
    return document["components"]["schemas"][name]


def prop(document: Any, schema_name: str, name: str) -> Any:
    return resolve_local(document, schema(document, schema_name)["properties"][name])


@pytest.mark.parametrize("vendor", VENDORS)
def test_vendor_spec_validates_clean(vendor: str) -> None:
    assert validate_file(SPECS / vendor / "openapi.yaml") == []


@pytest.mark.parametrize("vendor", VENDORS)
def test_vendor_config_loads(vendor: str) -> None:
    config = load_vendor(SPECS / vendor)
    assert config.name == vendor
    assert config.import_name == f"{vendor}_client"
    assert config.api_key_env == f"{vendor.upper()}_API_KEY"


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_names_an_existing_source_page(vendor: str, shared_dir: Path) -> None:
    docs = shared_dir / "vendor-docs" / vendor
    urls = set()
    for page in docs.iterdir():
        first = page.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("source: "):
            urls.add(first.removeprefix("source: ").removesuffix(".md"))
    for site in iter_operations(spec(vendor)):
        source = site.operation["x-source"]
        if source.startswith("vendor-docs/"):
            assert (shared_dir / source.split(" ")[0]).is_file(), source
        else:
            assert source.removesuffix(".md") in urls, f"{site.label}: {source} is not a captured page"


def operations(vendor: str) -> set[str]:
    return {site.label for site in iter_operations(spec(vendor))}


def test_ravan_covers_its_documented_operations() -> None:
    assert operations("ravan") == {
        "GET /api/v1/agents/",
        "POST /api/v1/agents/",
        "DELETE /api/v1/agents/{id}/",
        "PATCH /api/v1/agents/{id}/status/",
        "POST /api/v1/calling/create-call",
        "GET /api/v1/calling/call-sessions",
        "POST /api/v1/campaigns/",
        "GET /api/v1/campaigns/{id}",
        "PATCH /api/v1/campaigns/{id}/",
        "GET /api/v1/contacts/",
        "PATCH /api/v1/contacts/{id}",
        "POST /api/v1/contacts/bulk-delete",
        "POST /api/v1/ghl/contacts",
        "POST /api/v1/ghl/calls/data",
        "POST /api/v1/rag/knowledge-base/{kb_id}/add-sources",
        "GET /api/v1/phone-numbers/",
        "POST /api/v1/phone-numbers/buy/",
        "webhook callCompleted POST",
    }


def test_ravan_documented_facts() -> None:
    document = spec("ravan")
    assert document["servers"] == [{"url": "https://api.ravan.ai"}]
    assert document["components"]["securitySchemes"]["ApiKeyAuth"] == {
        "type": "apiKey",
        "in": "header",
        "name": "X-Api-Key",
        "description": "Your Agni API key, from your Ravan AI account settings.",
    }
    create = schema(document, "CreateCampaignRequest")
    assert create["required"] == ["name", "agentId", "phoneNumberId", "fromPhoneNumber", "contactIds"]
    schedule = schema(document, "CreateCampaignSchedule")["properties"]
    assert schedule["windowDays"]["items"] == {"type": "integer", "minimum": 1, "maximum": 7}
    assert schedule["retryGapMin"]["type"] == "integer"
    assert "minutes" in schedule["retryGapMin"]["description"]
    assert prop(document, "CreateAgentRequest", "temperature")["maximum"] == 1
    status = prop(document, "UpdateAgentStatusRequest", "status")["enum"]
    assert status == ["AGENT_STATUS_UNSPECIFIED", "AGENT_STATUS_ACTIVE", "AGENT_STATUS_INACTIVE"]


def test_autocalls_documented_facts() -> None:
    document = spec("autocalls")
    assert document["servers"] == [{"url": "https://app.autocalls.ai/api"}]
    assert document["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"
    assert "allow_dupplicate" in schema(document, "CreateLeadRequest")["properties"]
    assert prop(document, "CreateCampaignRequest", "name")["maxLength"] == 255
    retry_interval = prop(document, "CreateCampaignRequest", "retry_interval")
    assert (retry_interval["minimum"], retry_interval["maximum"], retry_interval["default"]) == (10, 4320, 60)
    max_retries = prop(document, "CreateCampaignRequest", "max_retries")
    assert (max_retries["minimum"], max_retries["maximum"], max_retries["default"]) == (1, 5, 3)
    parallel = prop(document, "CreateCampaignRequest", "max_calls_in_parallel")
    assert (parallel["minimum"], parallel["maximum"], parallel["default"]) == (1, 10, 3)
    assert prop(document, "CreateCampaignRequest", "phone_number_ids")["uniqueItems"] is True
    responses = document["paths"]["/user/campaign"]["post"]["responses"]
    assert sorted(responses) == ["201", "403", "404", "422"]
    assert "end_call_tool.description" in schema(document, "CreateAssistantRequest")["properties"]
    assert "/user/api-keys/" in document["paths"]
    assert prop(document, "UpdateCampaignStatusRequest", "action")["enum"] == ["start", "stop"]


def test_callkaro_documented_facts() -> None:
    document = spec("callkaro")
    assert document["components"]["securitySchemes"]["ApiKeyAuth"]["name"] == "X-API-KEY"
    assert operations("callkaro") == {
        "POST /call/campaign",
        "POST /v2/call/campaign",
        "POST /call/outbound",
        "webhook callEnded POST",
    }
    call = schema(document, "OutboundCallRequest")["properties"]
    assert re.fullmatch(call["to_number"]["pattern"], "+919876543210")
    assert (call["number_of_retries"]["minimum"], call["number_of_retries"]["maximum"]) == (0, 10)
    assert (call["priority"]["minimum"], call["priority"]["maximum"]) == (-100, 100)
    assert call["language"]["enum"] == ["hi", "en", "kn", "mr", "ta", "te", "bn", "gu", "ml"]
    assert [branch["type"] for branch in call["gap_between_retries"]["oneOf"]] == ["integer", "array"]
    name = prop(document, "CampaignV1Request", "name")
    assert (name["minLength"], name["maxLength"]) == (1, 200)


def test_volubile_documented_facts() -> None:
    document = spec("volubile")
    schemes = document["components"]["securitySchemes"]
    assert schemes["ApiKey"]["name"] == "X-Api-Key"
    assert schemes["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Short lived Bearer token issued by /v1/auth/token.",
    }
    assert document["security"] == [{"ApiKey": []}, {"BearerToken": []}]
    assert document["paths"]["/v1/auth/token"]["post"]["security"] == [{"ApiKey": []}]
    campaign = schema(document, "CreateCampaignRequest")
    batch = campaign["properties"]["batchSize"]
    assert (batch["minimum"], batch["maximum"]) == (1, 1000)
    assert campaign["properties"]["timeSlots"]["maxItems"] == 2
    recipients = campaign["properties"]["recipients"]
    assert (recipients["minItems"], recipients["maxItems"]) == (1, 1000)
    retry = schema(document, "Retry")["properties"]
    assert (retry["max"]["minimum"], retry["max"]["maximum"], retry["delay"]["minimum"]) == (0, 3, 1)
    body = document["paths"]["/v1/campaigns/{id}/status"]["post"]["requestBody"]["content"][
        "application/json"
    ]
    assert resolve_local(document, body["schema"]) == {
        "type": "string",
        "description": "Status of the campaign",
        "enum": ["ACTIVE", "PAUSED", "CANCELLED"],
    }
    assert "*/*" in document["components"]["responses"]["TooManyRequests"]["content"]


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_operation_is_tagged_with_a_resource_name(vendor: str) -> None:
    document = spec(vendor)
    declared = {tag["name"] for tag in document["tags"]}
    for site in iter_operations(document):
        assert site.operation["tags"][0] in declared
        assert re.fullmatch(r"[a-z][a-z_]*", site.operation["tags"][0])
