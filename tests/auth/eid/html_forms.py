"""Reads the forms and links of a page, as a browser would submit and follow them."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    """A form: where it posts, its hidden and text fields, and its submit buttons."""

    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class _PageReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.forms.append(
                Form(attributes.get("action", ""), attributes.get("method", "get").lower())
            )
        elif tag == "a" and "href" in attributes:
            self.links.append(attributes["href"])
        elif tag == "input" and self.forms and attributes.get("name"):
            self.forms[-1].fields[attributes["name"]] = attributes.get("value", "")
        elif tag == "button" and self.forms and attributes.get("name"):
            self.forms[-1].buttons.append((attributes["name"], attributes.get("value", "")))


def read_forms(html: str) -> list[Form]:
    """Return the forms of ``html`` in document order."""
    reader = _PageReader()
    reader.feed(html)
    return reader.forms


def read_links(html: str) -> list[str]:
    """Return the ``href`` of every link of ``html``."""
    reader = _PageReader()
    reader.feed(html)
    return reader.links
