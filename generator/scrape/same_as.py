"""A webhook page that says its payload is another operation's response.

Pages often document a webhook by pointing at an endpoint instead of listing fields: "Once a
call is completed, a POST request is sent with the details of the call. Same as Get a call
endpoint." Read from its example alone, such a payload would be a second, weaker schema of the
same object (types guessed from values, no descriptions, no enums) that the spec could only
replace whole. Read as the page says, it is that operation's success response: the object's
fields come from the page that documents them, and the webhook page gives the example, so a
field renamed in either is a change of page content.

The operation is found by its title ("Get a call") or, for a page whose capture lost its title,
by its address (``/api-reference/calls/get``: the words *calls* and *get*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from generator.scrape.model import PageDoc, names_webhook
from generator.scrape.pages import Page

__all__ = ["read_same_as", "same_words"]

_SAME_AS_RE = re.compile(
    r"\b(?i:the\s+)?(?i:same\s+as|identical\s+to)\s+(?:the\s+)?(?:endpoint\s+|response\s+of\s+)?"
    r"[`\"“]?(?P<title>[A-Z][\w' -]*?)[`\"”]?(?:\s+endpoint)?\s*(?:[.;:,)]|$)"
)
_ARTICLES = frozenset({"a", "an", "the", "one"})


def read_same_as(page: Page, doc: PageDoc) -> None:
    """Record the operation a webhook page's payload is said to be (its title and the line)."""
    if doc.endpoints or not names_webhook(page.label):
        return
    for index, line in page.unfenced():
        match = _SAME_AS_RE.search(line)
        if match is not None:
            doc.same_as = (match["title"].strip(), page.line_of(index))
            return


def same_words(words: Iterable[str]) -> frozenset[str]:
    """Words as compared between a title and an address: lower case, no articles, no plural ``s``."""
    found = set()
    for word in words:
        for token in re.findall(r"[a-z0-9]+", word.lower()):
            if token not in _ARTICLES:
                found.add(token[:-1] if len(token) > 3 and token.endswith("s") else token)
    return frozenset(found)
