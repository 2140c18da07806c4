"""YAML 1.2 (the core schema) on top of PyYAML, which implements YAML 1.1.

OpenAPI 3.x documents are YAML 1.2. Read as YAML 1.1, an unquoted ``no`` in an enum (the
Norwegian language code) becomes ``False``, ``on``/``off``/``yes`` become booleans,
``12:30:45`` a sexagesimal integer, ``0755`` an octal 493, ``1_000`` a thousand and
``2024-07-30`` a date: the enum stops being a string enum and examples change meaning. Here
only what the 1.2 core schema says is not a string is resolved as such: ``true``/``false``,
``null``/``~``/empty, decimal, ``0o`` and ``0x`` integers, floats, ``.inf`` and ``.nan``.

Merge keys (``<<: *anchor``) are kept although YAML 1.2 dropped them: specs in the wild use
them, and reading one as a plain ``"<<"`` key would silently lose the merged fields.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import ScalarNode

__all__ = ["Yaml12Constructor", "Yaml12Resolver", "dump_yaml", "load_yaml12"]

_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_MERGE = re.compile(r"^<<$")


class Yaml12Resolver(yaml.resolver.BaseResolver):
    """Implicit tags of the YAML 1.2 core schema (plus merge keys)."""


for _tag, _pattern, _first in (
    ("tag:yaml.org,2002:bool", _BOOL, "tTfF"),
    ("tag:yaml.org,2002:null", _NULL, ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:int", _INT, "-+0123456789"),
    ("tag:yaml.org,2002:float", _FLOAT, "-+.0123456789"),
    ("tag:yaml.org,2002:merge", _MERGE, "<"),
):
    Yaml12Resolver.add_implicit_resolver(_tag, _pattern, list(_first))


class Yaml12Constructor(yaml.constructor.SafeConstructor):
    """Integers as YAML 1.2 reads them: ``0755`` is 755, ``0o755`` octal, no ``_`` or ``:``."""

    def construct_yaml_int(self, node: ScalarNode) -> int:
        """An integer of the 1.2 core schema (an explicit ``!!int`` follows the same rules)."""
        value = str(self.construct_scalar(node))
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)


Yaml12Constructor.add_constructor(
    "tag:yaml.org,2002:int", Yaml12Constructor.construct_yaml_int  # type: ignore[type-var]
)


class _Loader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    pass


_Loader.yaml_implicit_resolvers = dict(Yaml12Resolver.yaml_implicit_resolvers)
_Loader.add_constructor("tag:yaml.org,2002:int", Yaml12Constructor.construct_yaml_int)


def load_yaml12(text: str) -> Any:
    """Plain YAML 1.2 data of a trusted, small text (no locations, no limits: see the loader for specs)."""
    return yaml.load(text, Loader=_Loader)


class _QuotingDumper(yaml.SafeDumper):
    """Quotes every string that YAML 1.1 *or* 1.2 would read as something else.

    PyYAML decides quoting with its 1.1 rules, so ``32488962e064`` (a fingerprint) was written
    plain, and YAML 1.2 reads that as the float 3.2e71. Files vendorgen writes must read back
    the same in the project's loader and in every other tool (Prism, other generators).
    """


_QuotingDumper.yaml_implicit_resolvers = {
    first: [
        *yaml.SafeDumper.yaml_implicit_resolvers.get(first, []),
        *Yaml12Resolver.yaml_implicit_resolvers.get(first, []),
    ]
    for first in {*yaml.SafeDumper.yaml_implicit_resolvers, *Yaml12Resolver.yaml_implicit_resolvers}
}


def dump_yaml(data: Any, *, width: int = 100) -> str:
    """YAML text of plain data in its key order, quoting strings either YAML version would misread."""
    return yaml.dump(data, Dumper=_QuotingDumper, sort_keys=False, allow_unicode=True, width=width)
