"""Hostile documentation pages: `vendorgen scrape` gives a clean error or a spec that validates.

Pages are untrusted input too: markup that tries to break out of the spec or the generated
code, pages far larger than any documentation, binary junk, and nesting deep enough to
exhaust a recursive parser. A spec that comes out must pass `vendorgen validate`, and the
package generated from it must compile.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import app
from generator.scrape.pages import MAX_PAGE_BYTES
from generator.spec.loader import load_document

INJECTED = (
    '""" + __import__("os").system("PWNED") + """ {{ 7*7 }} {% raw %} </script><script>x</script> \\ \u2028'
)
MINTLIFY = f"""# Create thing {INJECTED}

> {INJECTED}

```bash
curl -X POST https://api.example.test/things -H "X-Key: YOUR_KEY" -d '{{"name": "n"}}'
```

<ParamField body="name" type="string" required placeholder="{INJECTED.replace('"', "'")}">
  {INJECTED}
</ParamField>

<ParamField body="mode" type="string">
  One of the modes. Must be one of: `a{INJECTED.replace('`', "")}`, `b`
</ParamField>
"""


def _nested_expandables(levels: int) -> str:
    opening = "".join(
        f'<ParamField body="f{i}" type="object">\n<Expandable title="f{i}">\n' for i in range(levels)
    )
    closing = "</Expandable>\n</ParamField>\n" * levels
    return (
        "# Deep\n\n```bash\ncurl -X POST https://api.example.test/deep -d '{}'\n```\n\n" + opening + closing
    )


def _deep_json_example(levels: int) -> str:
    body = "[" * levels + "]" * levels
    return f'POST\n/\ndeep\ncurl --request POST --url https://api.example.test/deep\n{{"a": {body}}}\n'


def _embedded_bomb() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "# Bomb\n\n## OpenAPI\n\n````yaml POST /bomb\n" + "\n".join(lines) + "\n````\n"


CASES = {
    "markup-injection": (MINTLIFY.encode(), "spec"),
    "huge-page": (b"# Big\n\n" + b"x" * (MAX_PAGE_BYTES + 1), "larger than"),
    "binary-junk": (bytes(range(256)) * 64, "not UTF-8"),
    "nul-bytes": (b"# Page\n\x00\x00", "NUL"),
    "deep-expandables": (_nested_expandables(200).encode(), "nest deeper"),
    "deep-json-example": (_deep_json_example(100_000).encode(), "spec"),
    "embedded-alias-bomb": (_embedded_bomb().encode(), "aliases expand"),
}


@pytest.mark.parametrize("name", CASES, ids=str)
def test_hostile_pages_give_a_clean_error_or_a_valid_spec(name: str, tmp_path: Path) -> None:
    data, expected = CASES[name]
    page = tmp_path / f"{name}.md"
    page.write_bytes(data)
    output = tmp_path / "spec.yaml"
    result = CliRunner().invoke(app, ["scrape", "--from", str(page), "--output", str(output)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if expected != "spec":
        assert result.exit_code == 1
        assert f"{name}.md:" in result.output
        assert expected in result.output
        assert not output.exists()
        return
    assert result.exit_code == 0, result.output
    assert CliRunner().invoke(app, ["validate", str(output)]).exit_code == 0
    generated = tmp_path / "generated"
    made = CliRunner().invoke(
        app, ["generate", "--spec", str(output), "--output", str(generated), "--package", "pages"]
    )
    assert made.exit_code == 0, made.output
    for module in generated.rglob("*.py"):
        compile(module.read_text(encoding="utf-8"), str(module), "exec", dont_inherit=True)
    assert load_document(output).data["paths"]
