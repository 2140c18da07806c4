"""The formatter stage: black's output, without formatting what is already in black's style."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from generator.build.escapes import escape_invisible
from generator.emit import formatting
from generator.emit.formatting import BLACK_MODE, format_files
from generator.emit.generate import build_package_ir, provenance_header, settings_for_spec
from generator.emit.relayout import normalize_strings
from generator.emit.render import RUNTIME_MODULES, TEMPLATES_DIR, preformatted_files
from generator.mapping.unified_render import STATIC_MODULES
from generator.spec.loader import load_document
from tests.support.project import SHARED, SPECS, VENDORS

_STATIC = [TEMPLATES_DIR / "runtime" / name for name in RUNTIME_MODULES] + [
    TEMPLATES_DIR / folder / name for folder, name in STATIC_MODULES
]

# The header names the spec's path, which can be longer than a line: black leaves comments alone.
_HEADERS = [provenance_header("specs/ravan/openapi.yaml"), provenance_header("x/" * 80 + "spec.json")]


@pytest.mark.parametrize("path", _STATIC, ids=lambda path: f"{path.parent.name}/{path.name}")
@pytest.mark.parametrize("header", _HEADERS, ids=["short-header", "long-header"])
def test_copied_modules_are_already_black_stable(path: Path, header: str) -> None:
    """What format_files passes through unformatted must be exactly what black would write."""
    source = f"{header}\n{path.read_text(encoding='utf-8')}"
    assert black.format_str(source, mode=BLACK_MODE) == source, (
        f"{path} is not in black's style (line length {BLACK_MODE.line_length}): run black on it "
        "behind a header, or generation writes an unformatted module"
    )
    assert escape_invisible(source) == source, f"{path} holds invisible characters"


def test_preformatted_files_pass_through_and_the_rest_is_formatted() -> None:
    package = "probe_client"
    copied = sorted(preformatted_files(package))[0]
    unformatted = "x = {'a':1}\n"
    files = {copied: unformatted, f"{package}/models.py": unformatted, "README.md": unformatted}
    result = format_files(files, None, preformatted=preformatted_files(package))
    assert result[copied] == unformatted  # trusted: the test above is what makes that safe
    assert result[f"{package}/models.py"] == 'x = {"a": 1}\n'
    assert result["README.md"] == unformatted


def test_every_runtime_module_is_copied_unformatted() -> None:
    assert preformatted_files("p") == {f"p/{name}" for name in RUNTIME_MODULES}


def _models_sources() -> list[tuple[str, str]]:
    if not (SHARED / "corpus").is_dir():
        pytest.fail(f"this test needs the shared corpus at {SHARED / 'corpus'} (see DEVELOPERS.md)")
    specs = [(vendor, SPECS / vendor / "openapi.yaml") for vendor in VENDORS]
    specs += [
        (name, SHARED / "corpus" / name) for name in ("deepgram-openapi.yml", "opc-baseline_openapi_3.0.json")
    ]
    sources = []
    for name, path in specs:
        document = load_document(path)
        _, models = build_package_ir(document, settings_for_spec(document, "probe"))
        sources.append((name, f"{provenance_header(str(path))}\n\n{models.code}"))
    return sources


@pytest.mark.filterwarnings("ignore::UserWarning")  # datamodel-code-generator on corpus formats
def test_models_formatted_in_pieces_are_the_module_black_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "PIECE_SIZE", 1_500)  # many cuts, in every kind of place
    for name, source in _models_sources():
        normalized = normalize_strings(source, BLACK_MODE)  # as format_files does before cutting
        parts = formatting._laid_out_parts(normalized)
        assert len(parts) > 1 or len(source) < 3_000, name
        assert "".join(part for part, _ in parts).replace("\n", "") == normalized.replace("\n", ""), name
        joined = "\n\n".join(
            laid_out if laid_out is not None else black.format_str(part, mode=BLACK_MODE)
            for part, laid_out in parts
        )
        assert joined == black.format_str(source, mode=BLACK_MODE), name
        laid_out_bytes = sum(len(part) for part, laid_out in parts if laid_out is not None)
        assert laid_out_bytes > 0 or len(source) < 3_000, f"{name}: relayout took none of the classes"


def test_a_changed_piece_is_the_only_one_formatted_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formatting, "PIECE_SIZE", 200)
    monkeypatch.setattr(formatting, "_MEMORY", {})
    # each class holds a statement relayout declines, even with black for single statements (two
    # statements on a line), so black formats the classes, in runs
    classes = [f"class Model{i}(Base):\n    field_{i}: int = {i}\n    s = 1; t = 2\n" for i in range(10)]
    source = "from x import Base\n\n\n" + "\n\n".join(classes)
    names = {"p/models.py"}
    first = format_files({"p/models.py": source}, None, not_from_templates=names)["p/models.py"]
    assert first == black.format_str(source, mode=BLACK_MODE)
    calls: list[str] = []
    real = formatting.black.format_str

    def counting(text: str, mode: object) -> str:
        calls.append(text)
        return real(text, mode=BLACK_MODE)

    monkeypatch.setattr(formatting.black, "format_str", counting)
    changed = source.replace("field_7: int = 7", "field_7: str = '7'")
    second = format_files({"p/models.py": changed}, None, not_from_templates=names)["p/models.py"]
    assert second == real(changed, mode=BLACK_MODE)
    assert len(calls) == 1
    assert "field_7" in calls[0]
