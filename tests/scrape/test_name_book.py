"""Field names a capture lost, recovered from a document that has them (#17): the vendor a
white-label copy copies (``--names-from``), or the previous scrape of the same pages.

The pages here are an invented vendor's, written for these tests. tests/fixtures/scrape/holdout3
(Callvia, a white-label copy of Konekt) was written before the rules and is scored in
tests/scrape/test_scrape_score.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner

from generator.cli import app
from generator.scrape.run import name_book, scrape_sources
from tests.support.project import FIXTURES

runner = CliRunner()
HOLDOUT3 = FIXTURES / "scrape" / "holdout3"

_NAMED = (
    "source: https://docs.beacon.example/api/alerts/create\n\nPOST\n/\nv1\n/\nalerts\nCreate alert\n"
    "curl --request POST \\\n  --url https://api.beacon.example/v1/alerts \\\n"
    "  --header 'X-Key: <api-key>'\n\n"
    "Query Parameters\n\ndry_run\nboolean\n\nCheck the alert without saving it.\n\n"
    "Body\napplication/json\n\nmessage\nstring\nrequired\n\nText the alert speaks.\n\n"
    "repeat_minutes\ninteger\n\nMinutes between repeats of the alert.\n\n"
    "channel\nstring\n\nWhere it goes.\n"
)
_NAMELESS = (
    "source: https://developers.lookout.example/api/alerts/create\n\nPOST\n/\nv1\n/\nalerts\nCreate alert\n"
    "curl --request POST \\\n  --url https://api.lookout.example/v1/alerts \\\n"
    "  --header 'X-Key: <api-key>'\n\nQuery Parameters\n\nCheck the alert without saving it.\n\n"
    "Keep the alert for this many days.\n\n"
    "Body\napplication/json\n\nText the alert speaks.\n\nMinutes between repeats of the alert.\n\n"
    "Where it goes.\n\nA sentence no page names.\n"
)


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def _operation(document: dict[str, Any]) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"]["/v1/alerts"]["post"]
    return operation


def test_a_white_label_copy_takes_the_names_its_original_documents(tmp_path: Path) -> None:
    original = _write(tmp_path / "beacon", "create.rendered.md", _NAMED)
    copy = _write(tmp_path / "lookout", "create.rendered.md", _NAMELESS)
    without = _operation(scrape_sources([str(copy)], tmp_path).document)
    assert "requestBody" not in without, "no names, no fields"
    assert "parameters" not in without
    book = name_book([str(original)], tmp_path)
    operation = _operation(scrape_sources([str(copy)], tmp_path, names=book).document)
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert list(schema["properties"]) == ["message", "repeat_minutes", "channel"]
    assert schema["required"] == ["message"]
    assert schema["properties"]["repeat_minutes"]["type"] == "integer"
    message = schema["properties"]["message"]
    assert message["x-name-from"] == str(original)
    assert (
        message["x-source"] == "https://developers.lookout.example/api/alerts/create"
    ), "the text is the copy's"
    [parameter] = operation["parameters"]
    assert (parameter["in"], parameter["name"], parameter["schema"]["type"]) == (
        "query",
        "dry_run",
        "boolean",
    )
    assert operation["x-docs-incomplete"] is True, "two descriptions found no name: the page says so"


def test_words_that_document_two_fields_name_neither(tmp_path: Path) -> None:
    twice = _NAMED.replace("Where it goes.", "Text the alert speaks.")
    book = name_book([str(_write(tmp_path / "beacon", "create.rendered.md", twice))], tmp_path)
    copy = _write(tmp_path / "lookout", "create.rendered.md", _NAMELESS)
    schema = _operation(scrape_sources([str(copy)], tmp_path, names=book).document)["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert "message" not in schema["properties"]
    assert "channel" not in schema["properties"]
    assert list(schema["properties"]) == ["repeat_minutes"]


def test_the_same_operation_decides_between_fields_of_others(tmp_path: Path) -> None:
    other = _NAMED.replace("alerts\nCreate alert", "mutes\nCreate mute").replace("/v1/alerts", "/v1/mutes")
    other = other.replace("channel\nstring", "target\nstring")
    folder = _write(tmp_path / "beacon", "create.rendered.md", _NAMED)
    _write(folder, "mute.rendered.md", other.replace("alerts/create", "mutes/create"))
    copy = _write(tmp_path / "lookout", "create.rendered.md", _NAMELESS)
    book = name_book([str(folder)], tmp_path)
    schema = _operation(scrape_sources([str(copy)], tmp_path, names=book).document)["requestBody"]["content"][
        "application/json"
    ]["schema"]
    assert "channel" in schema["properties"]
    assert "target" not in schema["properties"]


def test_a_field_this_scrape_names_is_not_marked_borrowed(tmp_path: Path) -> None:
    folder = _write(tmp_path / "beacon", "create.rendered.md", _NAMED)
    book = name_book([str(folder)], tmp_path)
    document = scrape_sources([str(folder)], tmp_path, names=book).document
    assert "x-name-from" not in yaml.safe_dump(document)


def test_the_command_line_and_a_spec_as_the_source(tmp_path: Path) -> None:
    original = _write(tmp_path / "beacon", "create.rendered.md", _NAMED)
    copy = _write(tmp_path / "lookout", "create.rendered.md", _NAMELESS)
    spec = tmp_path / "beacon.yaml"
    assert runner.invoke(app, ["scrape", "--from", str(original), "--output", str(spec)]).exit_code == 0
    out = tmp_path / "lookout.yaml"
    result = runner.invoke(
        app, ["scrape", "--from", str(copy), "--names-from", str(spec), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    operation = _operation(yaml.safe_load(out.read_text(encoding="utf-8")))
    properties = operation["requestBody"]["content"]["application/json"]["schema"]["properties"]
    assert properties["channel"]["x-name-from"] == str(spec)
    refused = runner.invoke(app, ["scrape", "ravan", "--names-from", str(spec)])
    assert refused.exit_code != 0
    assert "goes with --from" in refused.output


def test_a_vendor_recovers_names_from_its_previous_scrape(tmp_path: Path) -> None:
    pages = _write(tmp_path / "pages", "create.rendered.md", _NAMED)
    vendor = tmp_path / "specs" / "beacon"
    vendor.mkdir(parents=True)
    (vendor / "vendor.yaml").write_text(
        "display_name: Beacon\ndistribution: beacon-client\nimport_name: beacon_client\n"
        "client_name: Beacon\napi_key_env: BEACON_API_KEY\nversion: '0.1.0'\ndocs:\n  - pages\n",
        encoding="utf-8",
    )
    specs = str(tmp_path / "specs")
    assert runner.invoke(app, ["scrape", "beacon", "--specs", specs]).exit_code == 0
    _write(pages, "create.rendered.md", _NAMELESS.replace("lookout", "beacon"))
    result = runner.invoke(app, ["scrape", "beacon", "--check", "--specs", specs])
    assert result.exit_code == 1
    assert "x-name-from" in result.output, "a name taken from the previous scrape is a reported change"
    changes = [line.split()[0] for line in result.output.splitlines() if "POST /v1/alerts" in line]
    assert "removed" not in changes, "the fields whose names the capture lost are not lost"
    assert result.output.count('x-name-from: (absent) → "specs/beacon/scraped.yaml"') == 4
