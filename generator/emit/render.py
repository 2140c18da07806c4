"""Render a package's files from its IR with the Jinja templates in ``templates/``.

The environment is strict (a missing value fails loudly) and has two
filters: ``py`` writes any value as a Python literal, so spec text can never
break out of a string, and ``docline`` makes spec text safe inside a one-line
docstring.  Runtime modules are copied as they are, behind the provenance
header.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from generator.build.ir import ClientIR, Operation
from generator.emit.publish import PACKAGE_LOCK_FILE

__all__ = [
    "RUNTIME_MODULES",
    "TEMPLATES_DIR",
    "preformatted_files",
    "render_package",
    "template_environment",
    "templates_digest",
]

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"
RUNTIME_MODULES = (
    "_base_client.py",
    "_bodies.py",
    "_context.py",
    "_exceptions.py",
    "_models.py",
    "_pagination.py",
    "_params.py",
    "_response.py",
    "_streamed.py",
    "_streaming.py",
    "_types.py",
    "_validation.py",
    "_wrappers.py",
)


def _docline(value: Any) -> str:
    text = " ".join("".join(ch if ch.isprintable() else " " for ch in str(value)).split())
    return text.replace("\\", "\\\\").replace('"""', "'''").strip('"') or "-"


def _py(value: Any) -> str:
    return repr(value)


def template_environment(folder: str, *, autoescape: bool = False) -> jinja2.Environment:
    """The Jinja settings every template folder shares: strict names, no stray whitespace, ``py`` filter."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR / folder)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=autoescape,
    )
    env.filters["py"] = _py
    return env


@functools.cache
def _environment() -> jinja2.Environment:
    """The package templates' environment, one per process.

    It keeps each template compiled (0.1 s for all of them) and still reloads one whose file changed.
    """
    env = template_environment("package")
    env.filters["docline"] = _docline
    env.filters["tojson"] = _tojson
    env.filters["md"] = _markdown_text
    return env


def _tojson(value: Any) -> str:
    """JSON text that is also a valid TOML basic string: DEL, which JSON leaves raw, escaped."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _markdown_text(value: Any) -> str:
    """Spec text for the package README: never HTML (``<script>``), never out of a code span."""
    text = str(value)
    for raw, escaped in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("`", "'")):
        text = text.replace(raw, escaped)
    return "".join(char if char.isprintable() else "?" for char in text)


@dataclass(frozen=True)
class _Variant:
    """What differs between the sync and async forms of a method."""

    prefix: str
    wait: str
    pager: str
    first_page: str
    paginate: str

    def body(self, op: Operation) -> str:
        options = f"RequestOptions({', '.join(op.request_arguments)})"
        sent = f"{self.wait}self._client.request({options}, {op.cast_to})"
        setup = f"body = {op.body_setup}\n        " if op.body_setup else ""
        if op.return_type == "None":  # nothing to return: the call is a statement
            return f"{setup}{sent}"
        return setup + (f"return cast({op.return_type}, {sent})" if op.needs_cast else f"return {sent}")


VARIANTS = {
    "sync": _Variant(
        "", "", pager="SyncPager", first_page="``.first_page()`` is the first", paginate="paginate"
    ),
    "async": _Variant(
        "async ", "await ", pager="AsyncPager", first_page="``await`` it for the first", paginate="apaginate"
    ),
}


def templates_digest() -> str:
    """Hash of every client template and runtime file: part of each package's lock file."""
    digest = hashlib.sha256()
    paths = [*(TEMPLATES_DIR / "package").rglob("*"), *(TEMPLATES_DIR / "runtime").rglob("*")]
    for path in sorted(paths):
        if path.is_file():
            digest.update(path.relative_to(TEMPLATES_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def preformatted_files(import_name: str) -> frozenset[str]:
    """The files of a package copied from ``templates/runtime`` as they are: already black-formatted."""
    return frozenset(f"{import_name}/{module}" for module in RUNTIME_MODULES)


def _project_urls(ir: ClientIR, spec_file: str, changelog: bool) -> tuple[tuple[str, str], ...]:
    """The index links; with a changelog and a ``Repository`` link, a ``Changelog`` link beside it.

    The changelog lives beside the spec (``specs/<vendor>/CHANGELOG.md``), so the link is only
    as good as the repository link a vendor configures; without one there is no link to make up.
    """
    urls = dict(ir.project_urls)
    repository = urls.get("Repository", "").rstrip("/")
    if changelog and repository and spec_file and "Changelog" not in urls:
        spec_folder = Path(spec_file).parent.as_posix()
        urls["Changelog"] = f"{repository}/blob/HEAD/{spec_folder}/CHANGELOG.md"
    return tuple(urls.items())


def render_package(
    ir: ClientIR, models_code: str, header: str, lock: dict[str, Any], changelog: str | None = None
) -> dict[str, str]:
    """Every file of the package, by path relative to the package folder (not yet formatted)."""
    env = _environment()
    package = ir.import_name
    auth_names = [option.name for option in ir.auth_options] + ["none"]
    context: dict[str, Any] = {
        "ir": ir,
        "header": header,
        "header_toml": header,
        "header_text": header.lstrip("# "),
        "variants": VARIANTS,
        "auth_names": ", ".join(repr(n) for n in auth_names),
        "auth_help": ", ".join(f"``{n!r}``" for n in auth_names),
        "default_auth": ir.default_auth or "none",
        "changelog": changelog is not None,
        "project_urls": _project_urls(ir, str(lock.get("spec", "")), changelog is not None),
        "resource_exports": sorted(
            name for r in ir.resources for name in (r.class_name, f"Async{r.class_name}")
        ),
    }

    def render(name: str, **extra: Any) -> str:
        return env.get_template(name).render(**context, **extra)

    files = {
        "pyproject.toml": render("pyproject.toml.jinja"),
        "README.md": render("README.md.jinja"),
        "api.md": render("api.md.jinja"),
        PACKAGE_LOCK_FILE: json.dumps(lock, indent=2, sort_keys=True) + "\n",
        f"{package}/__init__.py": render("__init__.py.jinja"),
        f"{package}/_client.py": render("_client.py.jinja"),
        f"{package}/_version.py": render("_version.py.jinja"),
        f"{package}/models.py": f"{header}\n\n{models_code}",
        f"{package}/params.py": render("params.py.jinja", dicts=ir.request_dicts),
        f"{package}/py.typed": "",
        **({"CHANGELOG.md": changelog} if changelog is not None else {}),
        f"{package}/resources/__init__.py": render("resources/__init__.py.jinja"),
    }
    for resource in ir.resources:
        files[f"{package}/resources/{resource.module}.py"] = render(
            "resources/resource.py.jinja", resource=resource
        )
    for module in RUNTIME_MODULES:
        text = (TEMPLATES_DIR / "runtime" / module).read_text(encoding="utf-8")
        files[f"{package}/{module}"] = f"{header}\n{text}"
    return files
