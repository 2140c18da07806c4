"""vendorgen diff: one before/after case per rule, refactors that report nothing, git revisions, reports."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import app
from generator.emit.generate import settings_for_spec
from generator.review.diff import RULES, diff_specs, suggested_bump
from generator.review.report import VendorDiff, render
from generator.review.surface import spec_changes
from generator.spec.loader import load_document
from tests.support.project import FIXTURES, ROOT, SPECS

runner = CliRunner()
Spec = dict[str, Any]


def base() -> Spec:
    return {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "security": [{"Key": []}],
        "paths": {
            "/calls": {
                "post": {
                    "operationId": "createCall",
                    "tags": ["calls"],
                    "summary": "Create",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/CallRequest"}},
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Call"}}
                            },
                        }
                    },
                },
                "get": {
                    "operationId": "listCalls",
                    "tags": ["calls"],
                    "parameters": [
                        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Call"},
                                    }
                                }
                            },
                        }
                    },
                },
            },
            "/calls/{id}": {
                "get": {
                    "operationId": "getCall",
                    "tags": ["calls"],
                    "deprecated": True,
                    "x-sunset": "2020-01-01",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {"200": {"description": "ok"}},
                }
            },
        },
        "components": {
            "securitySchemes": {"Key": {"type": "apiKey", "in": "header", "name": "X-Key"}},
            "schemas": {
                "CallRequest": {
                    "type": "object",
                    "required": ["to"],
                    "properties": {
                        "to": {"type": "string", "maxLength": 20},
                        "note": {"type": ["string", "null"]},
                        "priority": {"type": "integer", "minimum": 0, "maximum": 10, "default": 1},
                        "language": {"type": "string", "enum": ["en", "hi"]},
                        "gap": {
                            "oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]
                        },
                    },
                },
                "Call": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"type": "string", "enum": ["queued", "done"]},
                        "duration": {"type": "integer"},
                        "result": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
                    },
                },
            },
        },
    }


def schema(spec: Spec, name: str) -> Any:
    return spec["components"]["schemas"][name]


def request(spec: Spec) -> Any:
    return schema(spec, "CallRequest")["properties"]


def response(spec: Spec) -> Any:
    return schema(spec, "Call")["properties"]


def post(spec: Spec) -> Any:
    return spec["paths"]["/calls"]["post"]


def get_list(spec: Spec) -> Any:
    return spec["paths"]["/calls"]["get"]


def move_path(s: Spec) -> None:
    s["paths"]["/v2/calls"] = {"post": s["paths"]["/calls"].pop("post")}


def add_path_parameter(s: Spec) -> None:
    s["paths"]["/calls/{id}"]["get"]["parameters"].append(
        {"name": "region", "in": "path", "required": True, "schema": {"type": "string"}}
    )
    s["paths"]["/calls/{region}/{id}"] = s["paths"].pop("/calls/{id}")


CASES: dict[str, Callable[[Spec], None]] = {
    "operation-removed": lambda s: s["paths"]["/calls"].pop("get"),
    "operation-removed-after-sunset": lambda s: s["paths"].pop("/calls/{id}"),
    "operation-added": lambda s: s["paths"]["/calls"].update(
        {"delete": {"operationId": "d", "responses": {"204": {"description": "x"}}}}
    ),
    "path-changed": move_path,
    "path-parameter-added": add_path_parameter,
    "operation-id-changed": lambda s: post(s).update(operationId="placeCall"),
    "tag-changed": lambda s: post(s).update(tags=["dialer"]),
    "security-changed": lambda s: post(s).update(security=[]),
    "security-scheme-changed": lambda s: s["components"]["securitySchemes"]["Key"].update(name="X-Api-Key"),
    "parameter-added-required": lambda s: get_list(s)["parameters"].append(
        {"name": "agent", "in": "query", "required": True, "schema": {"type": "string"}}
    ),
    "parameter-added": lambda s: get_list(s)["parameters"].append(
        {"name": "agent", "in": "query", "schema": {"type": "string"}}
    ),
    "parameter-removed": lambda s: get_list(s).update(parameters=[]),
    "parameter-became-required": lambda s: get_list(s)["parameters"][0].update(required=True),
    "request-body-became-required": lambda s: None,  # set up in the test: old body optional
    "request-media-type-removed": lambda s: post(s)["requestBody"].update(
        content={"application/xml": post(s)["requestBody"]["content"]["application/json"]}
    ),
    "request-media-type-added": lambda s: post(s)["requestBody"]["content"].update(
        {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}
    ),
    "request-property-added-required": lambda s: (
        request(s).update(extra={"type": "string"}),
        schema(s, "CallRequest")["required"].append("extra"),
    ),
    "request-property-became-required": lambda s: schema(s, "CallRequest")["required"].append("note"),
    "request-property-added": lambda s: request(s).update(extra={"type": "string"}),
    "request-property-removed": lambda s: request(s).pop("note"),
    "request-property-renamed": lambda s: request(s).update(remark=request(s).pop("note")),
    "parameter-renamed": lambda s: get_list(s)["parameters"][0].update(name="max"),
    "response-property-renamed": lambda s: response(s).update(seconds=response(s).pop("duration")),
    "request-type-changed": lambda s: request(s)["priority"].update(type="string"),
    "request-type-widened": lambda s: request(s)["to"].update(type=["string", "integer"]),
    "numeric-format-changed": lambda s: response(s)["duration"].update(format="double", type="integer"),
    "request-numeric-format-narrowed": lambda s: request(s)["priority"].update(format="int32"),
    "request-property-became-non-nullable": lambda s: request(s)["note"].update(type="string"),
    "request-enum-value-removed": lambda s: request(s)["language"].update(enum=["en"]),
    "request-enum-value-added": lambda s: request(s)["language"].update(enum=["en", "hi", "ta"]),
    "request-constraint-tightened": lambda s: request(s)["to"].update(maxLength=15),
    "request-constraint-relaxed": lambda s: request(s)["to"].update(maxLength=30),
    "request-default-changed": lambda s: request(s)["priority"].update(default=5),
    "request-union-branch-removed": lambda s: request(s)["gap"].update(oneOf=[{"type": "integer"}]),
    "request-union-branch-added": lambda s: request(s)["gap"]["oneOf"].append({"type": "string"}),
    "response-success-status-removed": lambda s: post(s)["responses"].update(
        {"200": post(s)["responses"].pop("201")}
    ),
    "response-media-type-removed": lambda s: post(s)["responses"]["201"].update(
        content={"text/csv": {"schema": {"type": "string"}}}
    ),
    "response-required-property-removed": lambda s: (
        response(s).pop("id"),
        schema(s, "Call").update(required=[]),
    ),
    "response-property-removed": lambda s: response(s).pop("duration"),
    "response-property-became-optional": lambda s: schema(s, "Call").update(required=[]),
    "response-property-became-nullable": lambda s: response(s)["duration"].update(type=["integer", "null"]),
    "response-property-added": lambda s: response(s).update(cost={"type": "number"}),
    "response-type-changed": lambda s: response(s)["duration"].update(type="string"),
    "response-enum-value-added": lambda s: response(s)["status"].update(enum=["queued", "done", "failed"]),
    "response-enum-value-removed": lambda s: response(s)["status"].update(enum=["queued"]),
    "response-union-branch-added": lambda s: response(s)["result"]["oneOf"].append({"type": "boolean"}),
    "response-constraint-relaxed": lambda s: None,  # set up in the test: old maxLength
    "parameter-became-optional": lambda s: None,  # set up in the test: old parameter required
    "request-property-became-optional": lambda s: schema(s, "CallRequest").update(required=[]),
    "docs-changed": lambda s: post(s).update(summary="Create a call"),
}

SETUP: dict[str, Callable[[Spec, Spec], None]] = {
    "request-body-became-required": lambda old, new: post(old)["requestBody"].update(required=False),
    "response-constraint-relaxed": lambda old, new: response(old)["id"].update(maxLength=10),
    "parameter-became-optional": lambda old, new: get_list(old)["parameters"][0].update(required=True),
}


SURFACE_RULES = {  # rules that need the generated surfaces (tests/review/test_impact.py)
    "wire-name-changed",
    "surface-model-renamed",
    "surface-method-renamed",
    "surface-method-removed",
    "surface-argument-removed",
    "surface-model-removed",
    "surface-field-removed",
    "surface-field-renamed",
}


@pytest.mark.parametrize(
    ("side", "old", "new", "rule"),
    [
        ("response", None, "double", "numeric-format-changed"),
        ("request", None, "double", "numeric-format-changed"),
        ("request", "int32", "int64", "numeric-format-changed"),
        ("request", "int64", "int32", "request-numeric-format-narrowed"),
        ("response", "int64", "int32", "numeric-format-changed"),
        ("request", None, "int32", "request-numeric-format-narrowed"),
    ],
)
def test_numeric_formats_change_no_python_type(side: str, old: str | None, new: str, rule: str) -> None:
    """Regression: `price type number -> number (double)` was reported as breaking."""
    before, after = base(), base()
    for spec, fmt in ((before, old), (after, new)):
        field = (request(spec) if side == "request" else response(spec))[
            "duration" if side == "response" else "priority"
        ]
        field["type"] = "number"
        if fmt:
            field["format"] = fmt
    changes = diff_specs(before, after)
    assert changes, "a format change is reported"
    for change in changes:  # once per operation that uses the schema
        assert change.rule == rule
        assert change.severity != "breaking"
        assert "the Python type is unchanged" in change.message


def test_a_string_format_change_still_changes_the_python_type() -> None:
    before, after = base(), base()
    after_field = request(after)["to"]
    after_field["format"] = "date-time"
    changes = diff_specs(before, after)
    assert changes
    assert {change.rule for change in changes} == {"request-type-changed"}


def test_every_rule_has_a_case() -> None:
    assert sorted(CASES) == sorted(set(RULES) - SURFACE_RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_rule(rule: str) -> None:
    old, new = base(), base()
    CASES[rule](new)
    if rule in SETUP:
        SETUP[rule](old, new)
    changes = diff_specs(old, new, today=date(2026, 11, 22))
    rules = {c.rule for c in changes}
    assert rule in rules, [c.to_json() for c in changes]
    assert all(c.severity == RULES[c.rule] for c in changes)


def test_same_spec_reports_nothing() -> None:
    assert diff_specs(base(), base()) == []


def test_inline_and_referenced_schemas_are_equal() -> None:
    new = base()
    post(new)["requestBody"]["content"]["application/json"]["schema"] = copy.deepcopy(
        schema(new, "CallRequest")
    )
    assert diff_specs(base(), new) == []


def test_split_all_of_equals_the_whole_schema() -> None:
    new = base()
    whole = schema(new, "Call")
    new["components"]["schemas"]["CallBase"] = {
        "type": "object",
        "required": ["id"],
        "properties": {"id": whole["properties"]["id"]},
    }
    rest = {k: v for k, v in whole["properties"].items() if k != "id"}
    new["components"]["schemas"]["Call"] = {
        "allOf": [{"$ref": "#/components/schemas/CallBase"}, {"type": "object", "properties": rest}]
    }
    assert diff_specs(base(), new) == []


def test_openapi_30_nullable_equals_31_null_type() -> None:
    old, new = base(), base()
    request(old)["note"] = {"type": "string", "nullable": True}
    assert diff_specs(old, new) == []


def test_reordered_enum_reports_nothing() -> None:
    new = base()
    request(new)["language"]["enum"] = ["hi", "en"]
    assert diff_specs(base(), new) == []


def test_description_change_is_docs_only() -> None:
    new = base()
    request(new)["to"]["description"] = "Number to call."
    changes = diff_specs(base(), new)
    assert [c.severity for c in changes] == ["docs-only"]
    assert suggested_bump(changes) == "patch"


def changed(rule: str) -> Spec:
    spec = base()
    CASES[rule](spec)
    return spec


def test_suggested_bumps() -> None:
    breaking = diff_specs(base(), changed("operation-removed"))
    added = diff_specs(base(), changed("operation-added"))
    assert (suggested_bump(breaking), suggested_bump(added), suggested_bump([])) == ("major", "minor", "none")
    assert (suggested_bump(breaking, "0.3.1"), suggested_bump(added, "0.3.1")) == ("minor", "patch")


def write(path: Path, spec: Spec) -> Path:
    path.write_text(yaml.safe_dump(spec, sort_keys=False))
    return path


def test_cli_formats_and_fail_on(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", base())
    new_spec = base()
    CASES["request-enum-value-removed"](new_spec)
    CASES["response-enum-value-added"](new_spec)
    new = write(tmp_path / "new.yaml", new_spec)
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["vendors"]["new"]["bump"] == "major"
    assert {c["rule"] for c in report["vendors"]["new"]["changes"]} == {
        "request-enum-value-removed",
        "response-enum-value-added",
    }
    assert set(report["vendors"]["new"]["changes"][0]) == {
        "rule",
        "severity",
        "operation",
        "location",
        "message",
        "python",
        "migration",
        "before",
        "after",
    }
    assert runner.invoke(app, ["diff", str(old), str(new), "--fail-on", "breaking"]).exit_code == 1
    assert runner.invoke(app, ["diff", str(old), str(old), "--fail-on", "any"]).exit_code == 0
    github = runner.invoke(app, ["diff", str(old), str(new), "--format", "github"]).output
    assert "::error file=" in github
    assert "::warning file=" in github
    [enum_removed] = [
        line for line in github.splitlines() if "no longer accepts" in line or "lost enum" in line
    ]
    language_line = new.read_text().splitlines().index("        language:") + 1
    assert enum_removed.startswith(f"::error file={new},line={language_line},title=breaking%3A POST /calls::")


def test_annotations_name_the_file_relative_to_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = tmp_path / "repo"
    (repo / "specs").mkdir(parents=True)
    git(repo, "init", "-q")
    old = write(repo / "specs" / "old.yaml", base())
    new_spec = base()
    CASES["request-constraint-tightened"](new_spec)
    new = write(repo / "specs" / "new.yaml", new_spec)
    monkeypatch.chdir(tmp_path)  # outside the repository: the path is still the repository's
    github = runner.invoke(app, ["diff", str(old), str(new), "--format", "github"]).output
    to_line = new.read_text().splitlines().index("        to:") + 1
    assert github.startswith(
        f"::error file=specs/new.yaml,line={to_line},title=breaking%3A POST /calls::"
    ), github


def test_markdown_report_golden() -> None:
    old = load_document(FIXTURES / "diff" / "old.yaml")
    new = load_document(FIXTURES / "diff" / "new.yaml")
    changes = spec_changes(old, new, settings_for_spec(new, None))
    report = render(
        {"acme": VendorDiff(tuple(changes), suggested_bump(changes, "1.2.0"), "specs/acme/openapi.yaml")},
        "markdown",
    )
    golden = FIXTURES / "diff" / "expected.md"
    if os.environ.get("VENDORGEN_UPDATE_GOLDEN") == "1":
        golden.write_text(report)
    assert (
        report == golden.read_text()
    ), "run: VENDORGEN_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/review/test_diff.py"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_git_revision_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SPECS / "callkaro", repo / "specs" / "callkaro")
    shutil.copytree(SPECS / "volubile", repo / "specs" / "volubile")
    git(repo, "init", "-q")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    spec = repo / "specs" / "callkaro" / "openapi.yaml"
    spec.write_text(spec.read_text().replace("maximum: 10\n", "maximum: 5\n", 1))
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["diff", "--base", "HEAD", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert list(report["vendors"]) == ["callkaro"]  # only the vendor whose spec changed
    [change] = report["vendors"]["callkaro"]["changes"]
    assert change["rule"] == "request-constraint-tightened"
    assert change["operation"] == "POST /call/outbound"
    assert report["vendors"]["callkaro"]["bump"] == "minor"  # 0.1.0: breaking bumps the minor digit


def _one_vendor_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SPECS / "callkaro", repo / "specs" / "callkaro")
    git(repo, "init", "-q")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(repo, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    return repo


@pytest.mark.parametrize("revision", ["nosuchrev", "HEAD~5", "main..HEAD"])
def test_a_base_that_does_not_resolve_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, revision: str
) -> None:
    monkeypatch.chdir(_one_vendor_repo(tmp_path))
    result = runner.invoke(app, ["diff", "--base", revision, "--format", "markdown"])
    assert result.exit_code == 2, result.output
    assert f"--base {revision!r} does not resolve to a commit" in result.output
    assert "breaking" not in result.output, "no review is printed"


def test_a_vendor_added_since_the_base_is_new(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = _one_vendor_repo(tmp_path)
    shutil.copytree(SPECS / "volubile", repo / "specs" / "volubile")
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["diff", "--base", "HEAD", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.output)["vendors"]) == ["volubile"]


def test_outside_a_git_repository_base_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(SPECS / "callkaro", tmp_path / "specs" / "callkaro")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    result = runner.invoke(app, ["diff", "--base", "HEAD"])
    assert result.exit_code == 2, result.output
    assert "does not resolve to a commit" in result.output


def test_pr_check_script_runs_locally(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    skipped = (
        ".git",
        ".venv",
        "node_modules",
        ".vendorgen-cache",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
    )
    shutil.copytree(ROOT, clone, ignore=shutil.ignore_patterns(*skipped, ".ruff_cache"))
    git(clone, "init", "-q")
    git(clone, "-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git(clone, "-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base")
    spec = clone / "specs" / "callkaro" / "openapi.yaml"
    assert "summary: Create Outbound Call\n" in spec.read_text(), "the edit below must change the spec"
    spec.write_text(spec.read_text().replace("Create Outbound Call", "Create an Outbound Call"))
    summary, review = tmp_path / "summary.md", tmp_path / "review.md"
    completed = subprocess.run(
        ["bash", "scripts/pr-check", "HEAD", "--skip-tests", "--fail-on", "any"],
        cwd=clone,
        env={
            **os.environ,
            "GITHUB_STEP_SUMMARY": str(summary),
            "VENDORGEN_REVIEW_FILE": str(review),
            "VENDORGEN_PYTHON": str(Path(os.sys.executable)),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr  # generated/ is now stale
    assert "| callkaro | 0 | 0 | 0 | 1 | **patch** |" in review.read_text()
    assert summary.read_text() == review.read_text()
    annotations = [line for line in completed.stdout.splitlines() if line.startswith("::")]
    line = spec.read_text().splitlines().index("      summary: Create an Outbound Call") + 1
    assert annotations == [
        f"::notice file=specs/callkaro/openapi.yaml,line={line},title=docs-only%3A POST /call/outbound::"
        "POST /call/outbound summary: docstring of client.calls.create_outbound() changed "
        "(wire: operation summary changed) “Create Outbound Call” → “Create an Outbound Call”"
    ]
    assert "| callkaro" not in completed.stdout, "the Markdown review is not mixed into the log"
    assert "spec changes reach --fail-on any" in completed.stdout


@pytest.mark.parametrize(
    ("arguments", "message"), [(["--fail-on", "major"], "--fail-on must be"), (["-x"], "unknown option")]
)
def test_pr_check_refuses_bad_options(arguments: list[str], message: str) -> None:
    completed = subprocess.run(
        ["bash", "scripts/pr-check", "HEAD", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 2
    assert message in completed.stderr


def test_every_workflow_is_valid_yaml_and_runs_scripts_that_exist() -> None:
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        document = yaml.safe_load(workflow.read_text())
        for job in document["jobs"].values():
            for step in job["steps"]:
                for script in re.findall(r"scripts/[\w-]+", step.get("run", "")):
                    assert (ROOT / script).is_file(), f"{workflow.name} runs {script}, which is missing"


def test_generated_surface_removals_and_renames(tmp_path: Path) -> None:
    old = write(tmp_path / "old.yaml", base())
    new_spec = base()
    post(new_spec)["operationId"] = "placeCall"  # renames client.calls.create
    request(new_spec)["destination"] = request(new_spec).pop("to")  # renames an argument and a field
    schema(new_spec, "CallRequest")["required"] = ["destination"]
    new_spec["components"]["schemas"]["CallRecord"] = new_spec["components"]["schemas"].pop("Call")
    text = yaml.safe_dump(new_spec, sort_keys=False).replace(
        "#/components/schemas/Call'", "#/components/schemas/CallRecord'"
    )
    new = tmp_path / "new.yaml"
    new.write_text(text.replace("#/components/schemas/Call\n", "#/components/schemas/CallRecord\n"))
    result = runner.invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = json.loads(result.output)["vendors"]["new"]["changes"]
    rules = {c["rule"]: f"{c['python']}: {c['migration']}" for c in changes}
    assert len(changes) == 3, changes  # one entry per change: no method, argument or field rows beside them
    assert rules["operation-id-changed"] == (
        "method renamed from client.calls.create() to client.calls.place(): call client.calls.place() instead"
    )
    assert rules["request-property-renamed"] == (
        "argument `to` of client.calls.place() renamed to `destination`: pass `destination=` instead of `to=`"
    )
    assert (
        rules["surface-model-renamed"]
        == "model `Call` is now `CallRecord`: import and annotate with `CallRecord` instead"
    )
