"""Put template output into black's layout without running black, where the result is certain.

black is the product's formatter, and most of a generation's time (it parses and
lays out every file twice when the input is not already in its style: about 9 µs
a byte). The client templates write regular code: statements on one line,
docstrings, decorators, imports. For those, black's decisions follow a few rules
this module applies directly, with black's own helpers for string quotes, string
prefixes, escapes, numbers and docstrings:

- a statement that fits in the line length stays on one line (unless a bracket in
  it ends with a trailing comma, which black always explodes);
- a ``def`` that does not fit splits at its parameters; any other statement at its
  last bracket pair, when nothing but names, dots, keywords and ``=``/``:`` comes
  before it at the statement's own depth;
- the bracket's contents go on one indented line when they fit there, except in
  a collection literal of several items or a one-parameter ``def``; otherwise one
  item per line, each followed by a comma (a lone item gets none), and each item
  laid out by the same rules.

Anything else (an operator where a split is needed, a comment inside a statement,
a multi-line string that is not a docstring, tabs, a line that cannot be made to
fit) makes :func:`relayout` return ``None``, and the file goes to black as before,
unless the caller lets black format such a statement on its own (``black_for_statements``),
where the statement is one black lays out without looking at its neighbours.
What it does return is checked against black on every vendor, corpus and hostile
spec by ``tests/emit/test_relayout.py``.
"""

from __future__ import annotations

import io
import itertools
import keyword
import re
import tokenize
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from black.mode import Mode
from black.numerics import normalize_numeric_literal
from black.strings import (
    fix_multiline_docstring,
    normalize_string_prefix,
    normalize_string_quotes,
    normalize_unicode_escape_sequences,
    str_width,
)
from blib2to3.pgen2 import token as black_token  # type: ignore[import-untyped]
from blib2to3.pytree import Leaf  # type: ignore[import-untyped]

__all__ = ["FormatModule", "normalize_strings", "relayout"]

_OPENING = {"(": ")", "[": "]", "{": "}"}
_CLOSING = frozenset(_OPENING.values())
# Tokens that may stand before the bracket a statement is split at without giving black
# another place to split (black's delimiters are operators, commas and some keywords).
_SIMPLE_OPS = frozenset({".", "=", ":", "->", "@", "**"})
_SIMPLE_KEYWORDS = frozenset(
    {"return", "lambda", "await", "def", "async", "class", "from", "import", "None", "True", "False"}
)


class _NotCertainError(Exception):
    """The source holds something whose black layout this module does not derive."""


class _Token(NamedTuple):
    """One token: its type, its (normalized) text and where the source has it."""

    kind: int
    text: str
    row: int
    col: int
    end_row: int
    end_col: int


@dataclass
class _Group:
    """A bracket pair of one statement: token indexes of the brackets and of each item."""

    open: int
    close: int
    items: list[tuple[int, int]]
    trailing_comma: bool


class _Statement:
    """One logical line's tokens (without NEWLINE and comments) and its bracket pairs."""

    def __init__(self, tokens: list[_Token], mode: Mode) -> None:
        self.tokens = tokens
        self.mode = mode
        self.groups: dict[int, _Group] = {}  # by index of the opening bracket
        self.top_level_commas: list[int] = []
        self.one_tuples: set[int] = set()  # opening brackets of ``(x,)``: never split here
        stack: list[tuple[int, list[tuple[int, int]], int]] = []
        for index, tok in enumerate(tokens):
            if tok.kind != tokenize.OP:
                continue
            if tok.text in _OPENING:
                stack.append((index, [], index + 1))
            elif tok.text in _CLOSING:
                if not stack:
                    raise _NotCertainError
                start, items, item_start = stack.pop()
                if _OPENING[tokens[start].text] != tok.text:
                    raise _NotCertainError
                trailing = self._magic_comma(start, items, item_start == index and bool(items), tok)
                if item_start < index:
                    items.append((item_start, index))
                self.groups[start] = _Group(start, index, items, trailing)
            elif tok.text == "," and stack:
                start, items, item_start = stack[-1]
                items.append((item_start, index))
                stack[-1] = (start, items, index + 1)
            elif tok.text == ";":
                raise _NotCertainError
            elif tok.text == ",":
                self.top_level_commas.append(index)
        if stack:
            raise _NotCertainError
        self._check_spacing()

    def _magic_comma(self, start: int, items: list[tuple[int, int]], trailing: bool, closing: _Token) -> bool:
        """Whether the bracket pair opened at ``start`` ends in a comma black keeps exploded.

        A one-tuple's comma is not (black keeps ``("id",)`` on one line); such a pair is only ever
        laid out flat here. A one-item subscript's (``t[1,]``) has rules of its own: declined.
        """
        if not (
            trailing and len(items) == 1 and closing.text in ")]" and self._one_tuple_or_subscript(start)
        ):
            return trailing
        if closing.text == "]":
            raise _NotCertainError
        self.one_tuples.add(start)
        return False

    def _one_tuple_or_subscript(self, start: int) -> bool:
        """``(x,)`` that is not a call, or ``a[x,]``: where black's trailing-comma rules differ."""
        before = self.tokens[start - 1] if start > 0 else None
        after_value = before is not None and (
            (before.kind == tokenize.NAME and not keyword.iskeyword(before.text)) or before.text in (")", "]")
        )
        return after_value if self.tokens[start].text == "[" else not after_value

    def _check_spacing(self) -> None:
        """Decline spacing black would change: it re-spaces every token, this module keeps the source's.

        Conservative: only the spacing black itself writes passes (one space after a comma and
        around an arrow, an operator or a keyword; none inside brackets, around a dot or before a
        comma or colon); a colon inside square brackets (a slice) is declined outright.
        """
        brackets: list[str] = []
        for index, (previous, tok) in enumerate(itertools.pairwise(self.tokens)):
            if previous.text in _OPENING:
                brackets.append(previous.text)
            elif previous.text in _CLOSING and brackets:
                brackets.pop()
            if tok.text == ":" and brackets and brackets[-1] == "[":
                raise _NotCertainError
            before = self.tokens[index - 1] if index else None
            if tok.row == previous.end_row and tok.col - previous.end_col not in _expected_gap(
                before, previous, tok
            ):
                raise _NotCertainError

    def text(self, start: int, end: int) -> str | None:
        """Tokens ``start..end-1`` as written, or None when they span more than one row."""
        if start >= end:
            return ""
        parts = [self.tokens[start].text]
        for previous, tok in zip(self.tokens[start : end - 1], self.tokens[start + 1 : end], strict=True):
            if tok.row != previous.end_row:
                return None
            parts.append(" " * (tok.col - previous.end_col))
            parts.append(tok.text)
        return "".join(parts)

    def fits(self, depth: int, text: str) -> bool:
        return 4 * depth + str_width(text) <= self.mode.line_length

    def magic_inside(self, start: int, end: int) -> bool:
        """A bracket between ``start`` and ``end`` that black keeps exploded."""
        return any(
            group.trailing_comma or self.tokens[group.open].row != self.tokens[group.close].row
            for opening, group in self.groups.items()
            if start <= opening < end
        )

    def lay_out(self, start: int, end: int, depth: int, suffix: str, *, is_def: bool) -> list[str]:
        """Lines of tokens ``start..end-1`` at ``depth``, followed by ``suffix``, as black writes them."""
        indent = "    " * depth
        flat = self.text(start, end)
        if flat is not None and self.fits(depth, flat + suffix) and not self.magic_inside(start, end):
            return [indent + flat + suffix]
        if start == 0 and self.tokens[0].text == "from" and not self.groups:
            return self._exploded_import(depth)
        if any(start <= comma < end for comma in self.top_level_commas):
            raise _NotCertainError  # a tuple or several targets: black adds parentheses
        group = self._split_group(start, end, is_def=is_def)
        if group.open in self.one_tuples:
            raise _NotCertainError  # black's layout of a split one-tuple is not derived here
        head = self.text(start, group.open + 1)
        tail = self.text(group.close, end)
        if head is None or tail is None or not self.fits(depth, head) or not self.fits(depth, tail + suffix):
            raise _NotCertainError
        # A bracket pair black must explode (a trailing comma) is the one it splits at, whatever
        # brackets come before it; otherwise it could choose an earlier one.
        self._check_prefix(start, group.open, earlier_brackets_allowed=is_def or group.trailing_comma)
        inner = depth + 1
        # black explodes a collection whose items it splits at commas; one item is laid out like a call's
        collection = self._is_collection(group) and len(group.items) > 1
        magic = group.trailing_comma
        lone_parameter = is_def and len(group.items) == 1
        if not group.items:
            raise _NotCertainError
        if not (collection or magic or lone_parameter or self.magic_inside(group.open + 1, group.close)):
            body = self.text(group.open + 1, group.close)
            if body is not None and self.fits(inner, body):
                return [indent + head, "    " * inner + body, indent + tail + suffix]
        lines = [indent + head]
        if len(group.items) == 1 and not (collection or magic or lone_parameter):
            item_start, item_end = group.items[0]
            lines += self.lay_out(item_start, item_end, inner, "", is_def=False)
        else:
            for item_start, item_end in group.items:
                lines += self.lay_out(item_start, item_end, inner, ",", is_def=False)
        return [*lines, indent + tail + suffix]

    def _exploded_import(self, depth: int) -> list[str]:
        """``from m import a, b`` that does not fit: black wraps the names in parentheses, one a line."""
        names_start = next(i for i, tok in enumerate(self.tokens) if tok.text == "import") + 1
        head = self.text(0, names_start)
        if head is None or not self.fits(depth, head + " ("):
            raise _NotCertainError
        bounds = [names_start - 1, *self.top_level_commas, len(self.tokens)]
        names = [self.text(a + 1, b) for a, b in itertools.pairwise(bounds)]
        indent = "    " * depth
        if any(name is None or not self.fits(depth + 1, name + ",") for name in names):
            raise _NotCertainError
        return [f"{indent}{head} (", *(f"{indent}    {name}," for name in names), f"{indent})"]

    def _split_group(self, start: int, end: int, *, is_def: bool) -> _Group:
        if is_def:
            opening = next(
                (i for i in range(start, end) if self.tokens[i].text == "(" and i in self.groups), None
            )
            if opening is None:
                raise _NotCertainError
            return self.groups[opening]
        last = end - 1
        if self.tokens[last].text not in _CLOSING:
            raise _NotCertainError
        group = next((g for g in self.groups.values() if g.close == last), None)
        if group is None or (self.tokens[group.open].text == "[" and not self._is_collection(group)):
            raise _NotCertainError  # a subscript: black has other rules for those
        return group

    def _check_prefix(self, start: int, opening: int, *, earlier_brackets_allowed: bool) -> None:
        """Nothing before the split bracket, at this depth, that black could split at instead."""
        depth = 0
        for tok in self.tokens[start:opening]:
            if tok.kind == tokenize.OP and tok.text in _OPENING:
                depth += 1
            elif tok.kind == tokenize.OP and tok.text in _CLOSING:
                depth -= 1
                if not earlier_brackets_allowed:
                    raise _NotCertainError  # a call before the last one: black may split there
            elif depth == 0 and (
                (tok.kind == tokenize.OP and tok.text not in _SIMPLE_OPS)
                or (_is_keyword(tok) and tok.text not in _SIMPLE_KEYWORDS)
            ):
                raise _NotCertainError

    def _is_collection(self, group: _Group) -> bool:
        """A list, dict, set or tuple display (not a call, a subscript or a parameter list)."""
        if group.open == 0:
            return True
        before = self.tokens[group.open - 1]
        if before.kind == tokenize.NAME:
            return keyword.iskeyword(before.text) and before.text not in {"None", "True", "False"}
        return not (before.kind == tokenize.OP and before.text in _CLOSING) and before.kind != tokenize.STRING


def _is_keyword(tok: _Token) -> bool:
    """A keyword black spaces as one (``None``, ``True`` and ``False`` are values)."""
    return (
        tok.kind == tokenize.NAME
        and keyword.iskeyword(tok.text)
        and tok.text not in {"None", "True", "False"}
    )


def _expected_gap(  # noqa: PLR0911 - a rule a return
    before: _Token | None, previous: _Token, tok: _Token
) -> set[int]:
    """The spaces black writes between two tokens of our templates' statements (see ``_check_spacing``)."""
    if previous.text in {"*", "**", "-"} and (before is None or before.text in {"(", "[", ",", "="}):
        return {0}  # unpacking or a sign: ``f(**kwargs)``, ``x=-1``
    if previous.text in _OPENING or tok.text in _CLOSING or tok.text in {",", ":"}:
        return {0}
    if "=" in {previous.text, tok.text}:
        return {0, 1}  # a keyword argument or an assignment: the templates write it, tests compare with black
    if _is_keyword(previous) or _is_keyword(tok):
        return {1}  # ``from . import``, ``return x``, ``lambda x``, ``if``/``else``
    if previous.text in {".", "@"} or tok.text == ".":
        return {0}  # attribute access, or a decorator (``a @ b`` is declined)
    if tok.text in _OPENING:
        return {0} if previous.kind in {tokenize.NAME, tokenize.STRING} or previous.text in _CLOSING else {1}
    if previous.text in {",", ":", "->"} or tok.text == "->":
        return {1}
    if tokenize.OP in {tok.kind, previous.kind} and previous.text in {"*", "**", "-", "+", "~"}:
        return set()  # unary or binary: black decides from the tree
    return {1}


def _normalized_string(text: str, mode: Mode) -> str:
    leaf = Leaf(black_token.STRING, text)
    normalize_unicode_escape_sequences(leaf)
    value = normalize_string_prefix(leaf.value, mode)
    return normalize_string_quotes(value)


def _normalized_number(text: str) -> str:
    leaf = Leaf(black_token.NUMBER, text)
    normalize_numeric_literal(leaf)
    return str(leaf.value)


def _docstring(text: str, depth: int, mode: Mode) -> str:
    """Black's treatment of a docstring (``LineGenerator.visit_STRING``), from its own helpers."""
    if re.search(r"\\\s*\n", text):
        # black leaves such a docstring's lines alone (re-indenting them would change its value) and
        # treats it as any other string: prefix and quotes
        return _normalized_string(text, mode)
    value = normalize_string_quotes(normalize_string_prefix(text, mode))
    prefix = value[: len(value) - len(value.lstrip("rRbBuUfF"))]
    value = value[len(prefix) :]
    quote = value[0]
    quote_len = 1 if value[1] != quote else 3
    body = value[quote_len:-quote_len]
    started_empty = not body
    indent = "    " * depth
    body = fix_multiline_docstring(body, indent) if "\n" in text else body.strip()
    trailing_backslash = False
    if body:
        if body[0] == quote:
            body = " " + body
        if body[-1] == quote:
            body += " "
        if body[-1] == "\\" and (len(body) - len(body.rstrip("\\"))) % 2:
            body += " "
            trailing_backslash = True
    elif not started_empty:
        body = " "
    quotes = quote * quote_len
    if quote_len == 3:
        lines = body.splitlines()
        last = len(lines[-1]) if body and not body.endswith("\n") else 0
        if (
            len(lines) > 1
            and last + quote_len > mode.line_length
            and len(indent) + quote_len <= mode.line_length
            and not trailing_backslash
        ):
            if text[-1 - quote_len] == "\n":
                return prefix + quotes + body + quotes
            return prefix + quotes + body + "\n" + indent + quotes
    return prefix + quotes + body + quotes


def _logical_lines(source: str) -> list[tuple[list[_Token], list[_Token]]]:
    """Each statement's tokens and its comments, in order; blank and comment lines are not statements."""
    statements: list[tuple[list[_Token], list[_Token]]] = []
    current: list[_Token] = []
    comments: list[_Token] = []
    skipped = {tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING, tokenize.ENDMARKER}
    try:
        for raw in tokenize.generate_tokens(io.StringIO(source).readline):
            tok = _Token(raw.type, raw.string, raw.start[0], raw.start[1], raw.end[0], raw.end[1])
            if raw.type == tokenize.NEWLINE:
                statements.append((current, comments))
                current, comments = [], []
            elif raw.type == tokenize.COMMENT:
                if current:
                    comments.append(tok)  # inside or after a statement
                else:
                    statements.append(([], [tok]))  # a comment line of its own
            elif raw.type not in skipped:
                current.append(tok)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        raise _NotCertainError from None
    if current:
        raise _NotCertainError
    return statements


def normalize_strings(source: str, mode: Mode) -> str:
    """``source`` with each one-line string literal quoted and prefixed as black writes it.

    For code black formats next (datamodel-code-generator's models): when that was all black
    would change, black finds its own output and makes one pass instead of two. Source that
    does not tokenize is returned as it is, for black to report.
    """
    lines = source.split("\n")
    edits: dict[int, list[tuple[int, int, str]]] = {}
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type == tokenize.STRING and tok.start[0] == tok.end[0]:
                text = _normalized_string(tok.string, mode)
                if text != tok.string:
                    edits.setdefault(tok.start[0], []).append((tok.start[1], tok.end[1], text))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    for row, changes in edits.items():
        line = lines[row - 1]
        for start, end, text in sorted(changes, reverse=True):
            line = line[:start] + text + line[end:]
        lines[row - 1] = line
    return "\n".join(lines)


FormatModule = Callable[[str], str]
"""black on a whole module's source (``black.format_str`` with the generation's mode)."""


def relayout(source: str, mode: Mode, *, black_for_statements: FormatModule | None = None) -> str | None:
    """``source`` as black would write it, or ``None`` when that is not certain here.

    ``source`` must be what black would accept; the result is the same program. With
    ``black_for_statements``, a statement whose layout these rules do not derive (a long union
    annotation, an operator where a split is needed) is formatted by black alone, inside blocks
    of the kinds that hold it (:func:`_through_black`), instead of sending the whole module to
    black for it: one such statement in a 250 KB resource module made black lay out all of it.
    """
    try:
        return _relayout(source, mode, black_for_statements)
    except _NotCertainError:
        return None


def _relayout(source: str, mode: Mode, black_for_statements: FormatModule | None) -> str:
    lines = _checked_lines(source)
    statements = _logical_lines(source)
    _check_continuations(lines, statements)
    out: dict[int, list[str]] = {}  # first row of a statement -> its new lines
    replaced: set[int] = set()
    previous: list[_Token] = []  # the module's start: its first statement is its docstring, if a string
    spacing = _TopLevelSpacing(lines)
    blocks: list[str] = []  # by depth: a stand-in for the block statement that opened it

    def through_black(tokens: list[_Token], depth: int) -> list[str]:
        if black_for_statements is None or len(blocks) < depth:
            raise _NotCertainError
        return _through_black(tokens, lines, blocks[:depth], black_for_statements)

    for tokens, comments in statements:
        if tokens and tokens[-1].text == ":" and tokens[0].col % 4 == 0:
            blocks[tokens[0].col // 4 :] = [_block_stand_in(tokens)]
        start = tokens[0] if tokens else comments[0]
        _check_after_import(previous, start, lines)
        if not tokens:
            _check_comment(lines, comments[0])
            continue
        spacing.check(tokens[0])
        first, last = tokens[0], tokens[-1]
        if comments:  # black moves and spaces those, except a trailing one where it stands
            try:
                _check_trailing_comment(tokens, comments, previous, lines, mode)
                new = lines[first.row - 1 : last.end_row]
            except _NotCertainError:
                if first.col % 4 or any(_is_pragma(comment) for comment in comments):
                    raise
                new = through_black(tokens, first.col // 4)  # the comments are on its rows
        else:
            new = _statement_lines(tokens, previous, lines, mode, through_black)
        if new != lines[first.row - 1 : last.end_row]:
            out[first.row] = new
            replaced |= set(range(first.row, last.end_row + 1))
        previous = tokens
    result: list[str] = []
    for row, line in enumerate(lines[:-1], start=1):
        if row in out:
            result.extend(out[row])
        elif row not in replaced:
            result.append(line)
    return "\n".join(result) + "\n"


_DEFINITIONS = frozenset({"def", "class", "async", "@"})
"""First tokens of a definition's lines: black's blank lines before those are its own."""


class _TopLevelSpacing:
    """Black's two blank lines before and after module-level functions and classes: declined when absent."""

    _CONTINUATIONS = frozenset({"else", "elif", "except", "finally"})

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.started = False
        self.after_definition = False  # the last top-level statement was a def or class
        self.after_decorator = False

    def check(self, first: _Token) -> None:
        """Raise when black would change the blank lines before the statement starting at ``first``."""
        if first.col != 0 or first.text in self._CONTINUATIONS:
            return
        definition = first.text in _DEFINITIONS
        above = first.row - 2  # index of the line above
        while above >= 0 and self.lines[above].startswith("#"):
            above -= 1  # a comment block right above the statement: black's blank lines go above it
        blank = 0
        while above >= 0 and not self.lines[above]:
            blank, above = blank + 1, above - 1
        needs_two = self.started and (self.after_definition or definition) and not self.after_decorator
        if needs_two and (blank != 2 or (above >= 0 and self.lines[above].startswith("#"))):
            raise _NotCertainError
        self.after_definition = definition or (self.after_decorator and self.after_definition)
        self.after_decorator = first.text == "@"
        self.started = True


def _check_continuations(lines: list[str], statements: list[tuple[list[_Token], list[_Token]]]) -> None:
    """Decline a backslash that continues a line (black joins such lines), not one inside a string.

    A docstring's line may end with a backslash (an escaped one, or one that continues the
    string's own text): that is the string's content, which black leaves as it is.
    """
    ending = {row for row, line in enumerate(lines, start=1) if line.endswith("\\")}
    if not ending:
        return
    inside = {
        row
        for tokens, _ in statements
        for tok in tokens
        if tok.kind == tokenize.STRING
        for row in range(tok.row, tok.end_row)
    }
    if ending - inside:
        raise _NotCertainError


def _checked_lines(source: str) -> list[str]:
    """The source's lines, when nothing in its whole text is something black would change here."""
    if any(mark in source for mark in ("\t", "\r")):
        raise _NotCertainError  # tabs, other line breaks (backslash continuations: _check_continuations)
    if not source.endswith("\n") or source.endswith("\n\n"):
        raise _NotCertainError
    lines = source.split("\n")
    if any(line != line.rstrip() for line in lines):
        raise _NotCertainError
    _check_blank_runs(lines)
    return lines


_IMPORTS = frozenset({"import", "from"})


def _check_after_import(previous: list[_Token], start: _Token, lines: list[str]) -> None:
    """Raise unless one blank line stands where black writes one: after an import, before other code.

    At the import's depth, before anything but another import or a definition (whose two blank
    lines :class:`_TopLevelSpacing` checks): black writes exactly one, taking out a second one too
    (``import a``, two blank lines, ``x = 1`` comes back with one).
    """
    if not previous or previous[0].text not in _IMPORTS or previous[0].col != start.col:
        return
    if start.text in _IMPORTS and start.kind == tokenize.NAME:
        return
    if start.text in _DEFINITIONS:
        return
    blank = 0
    while start.row - 2 - blank >= 0 and not lines[start.row - 2 - blank]:
        blank += 1
    if blank != 1:
        raise _NotCertainError


def _check_trailing_comment(
    tokens: list[_Token], comments: list[_Token], previous: list[_Token], lines: list[str], mode: Mode
) -> None:
    """Raise unless black leaves a one-line statement with a comment after it exactly as it is.

    That is: the statement is one line black would not change, the comment follows it after two
    spaces and starts ``# ``, and the whole line fits (the comment counts towards the length, so a
    longer line is one black would split). The generated imports' ``# noqa`` comments are such.
    """
    first, last = tokens[0], tokens[-1]
    if len(comments) != 1 or not (first.row == last.end_row == comments[0].row):
        raise _NotCertainError
    comment = comments[0]
    line = lines[comment.row - 1]
    code = line[: comment.col]
    if not (code.endswith("  ") and code[:-2] == code.rstrip()):
        raise _NotCertainError
    if not (comment.text == "#" or comment.text.startswith("# ")) or comment.end_col != len(line):
        raise _NotCertainError
    if not line.isascii() or len(line) > mode.line_length:
        raise _NotCertainError
    if _statement_lines(tokens, previous, lines, mode) != [code.rstrip()]:
        raise _NotCertainError


def _is_pragma(comment: _Token) -> bool:
    """A comment black reads (``# fmt: skip``, ``# type: ignore``): it may reach past the statement."""
    return "fmt:" in comment.text or "type:" in comment.text


def _check_comment(lines: list[str], comment: _Token) -> None:
    text = lines[comment.row - 1].lstrip()
    if not (text == "#" or text.startswith("# ")) or lines[comment.row - 1][: comment.col].strip():
        raise _NotCertainError  # black respaces comments, and moves those that follow code


def _opens_body(tokens: list[_Token]) -> bool:
    """A ``def`` or ``class`` line: the statement after it is a docstring if it is a string."""
    return not tokens or (tokens[-1].text == ":" and tokens[0].text in {"def", "class", "async"})


def _statement_lines(
    tokens: list[_Token],
    previous: list[_Token],
    lines: list[str],
    mode: Mode,
    through_black: Callable[[list[_Token], int], list[str]] | None = None,
) -> list[str]:
    first, last = tokens[0], tokens[-1]
    if first.col % 4:
        raise _NotCertainError
    if first.kind == tokenize.NAME and first.text in _BLOCK_KEYWORDS and last.text != ":":
        raise _NotCertainError  # ``def f(): return x``: black puts the body on a line of its own
    depth = first.col // 4
    if len(tokens) == 1 and first.kind == tokenize.STRING and _opens_body(previous):
        following = lines[last.end_row] if last.end_row < len(lines) else ""
        if (
            previous
            and previous[0].text == "class"
            and following.startswith("    " * depth)
            and following.strip()
        ):
            raise _NotCertainError  # black puts one blank line after a class docstring
        return ("    " * depth + _docstring(first.text, depth, mode)).split("\n")
    if len(tokens) == 1 and first.kind == tokenize.STRING and first.row != first.end_row:
        return _lone_multiline_string(first, previous, depth, mode)
    is_def = _is_def(tokens)
    try:
        normalized = [_normalize(tok, mode) for tok in tokens]
        new = _Statement(normalized, mode).lay_out(0, len(normalized), depth, "", is_def=is_def)
    except _NotCertainError:
        if through_black is None:
            raise
        return through_black(tokens, depth)
    return "\n".join(new).split("\n")


_BLOCK_KEYWORDS = frozenset(
    {"async", "class", "def", "elif", "else", "except", "finally", "for", "if", "try", "while", "with"}
)
"""Keywords that start a block statement (``match`` and ``case`` are names elsewhere: left out)."""


def _is_def(tokens: list[_Token]) -> bool:
    """A ``def`` or ``async def`` statement."""
    first = tokens[0].text
    return first == "def" or (first == "async" and len(tokens) > 1 and tokens[1].text == "def")


def _block_stand_in(opener: list[_Token]) -> str:
    """A block statement that stands in for ``opener`` around a statement black formats alone.

    What can change a statement's layout is its depth and the grammar it is parsed in (``await``
    in an ``async def``, ``return`` in a ``def``), so the kind is kept and nothing else.
    """
    if opener[0].text == "class":
        return "class _:"
    if _is_def(opener):
        return "async def _():" if opener[0].text == "async" else "def _():"
    return "if _:"


def _through_black(
    tokens: list[_Token], lines: list[str], enclosing: list[str], format_module: FormatModule
) -> list[str]:
    """The lines black writes for one statement, formatted alone inside ``enclosing`` stand-in blocks.

    black lays out each logical line from its own tokens, its depth and the line length; blank
    lines around it stay this module's business (they are checked before and after). Declined:
    decorators and block statements other than ``def`` and ``class`` (they need what follows),
    a ``;`` (several statements: black puts blank lines between some), and any output whose
    stand-ins came back changed.
    """
    first, last = tokens[0], tokens[-1]
    definition = first.text == "class" or _is_def(tokens)
    if first.text == "@" or any(tok.text == ";" for tok in tokens):
        raise _NotCertainError
    if last.text == ":" and not definition:
        raise _NotCertainError
    depth = len(enclosing)
    head = ["    " * level + stand_in for level, stand_in in enumerate(enclosing)]
    body = ["    " * (depth + 1) + "pass"] if last.text == ":" else []
    snippet = "\n".join([*head, *lines[first.row - 1 : last.end_row], *body]) + "\n"
    try:
        formatted = format_module(snippet).split("\n")
    except Exception:  # noqa: BLE001 - black refuses the snippet: the module goes to black whole
        raise _NotCertainError from None
    if formatted[: len(head)] != head or formatted[-1] != "":
        raise _NotCertainError
    statement = formatted[len(head) : -1]
    if body:
        if not statement or statement[-1] != body[0]:
            raise _NotCertainError
        statement = statement[:-1]
    while statement and not statement[0]:
        statement = statement[1:]
    while statement and not statement[-1]:
        statement = statement[:-1]
    if not statement or not statement[0].startswith("    " * depth + first.text):
        raise _NotCertainError
    return statement


def _lone_multiline_string(tok: _Token, previous: list[_Token], depth: int, mode: Mode) -> list[str]:
    """A multi-line string alone on its lines, after a statement that opens no block.

    datamodel-code-generator writes a field's description so, under the field: 641 of the 719
    classes of Stripe's models that relayout declined had one. black treats such a string as it
    treats any string (``visit_default``: prefix and quotes normalized) and, unable to split it,
    writes its lines as they stand. A string first in a block (after any ``...:`` line, a
    ``def`` or ``class`` included) is a docstring to black, with rules of its own: declined
    here when it is not a def's or class's, whose rules :func:`_docstring` follows.
    """
    if not previous or previous[-1].text == ":":
        raise _NotCertainError
    return ("    " * depth + _normalized_string(tok.text, mode)).split("\n")


def _check_blank_runs(lines: list[str]) -> None:
    """At most two blank lines before a top-level line and one before an indented one, as black allows.

    Blank lines inside strings count too, which only makes this stricter.
    """
    run = 0
    for line in lines:
        if not line:
            run += 1
            continue
        if run > (1 if line.startswith(" ") else 2) or (run and line.startswith(")")):
            raise _NotCertainError
        run = 0


def _normalize(tok: _Token, mode: Mode) -> _Token:
    if tok.kind == tokenize.STRING:
        if tok.row != tok.end_row:
            raise _NotCertainError  # a multi-line string that is not a docstring
        text = _normalized_string(tok.text, mode)
    elif tok.kind == tokenize.NUMBER:
        text = _normalized_number(tok.text)
    elif tok.kind == tokenize.ERRORTOKEN:
        raise _NotCertainError
    else:
        return tok
    # the positions stay those of the source: they give the spacing between tokens
    return tok if text == tok.text else _Token(tok.kind, text, tok.row, tok.col, tok.end_row, tok.end_col)
