"""A tiny HTML reader for no-JavaScript form tests: the first GET form, its fields, and visible text."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str = ""
    hidden: dict[str, str] = field(default_factory=dict)
    radios: dict[str, list[str]] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list)
    selects: list[str] = field(default_factory=list)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.form: Form | None = None
        self.done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and self.form is None and a.get("method") == "get" and "question" in a.get("class", ""):
            self.form = Form(action=a.get("action", ""))
        if self.form is None or self.done:
            return
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "hidden":
                self.form.hidden[a["name"]] = a.get("value", "")
            elif kind == "radio":
                self.form.radios.setdefault(a["name"], []).append(a["value"])
            elif kind == "text":
                self.form.texts.append(a["name"])
        elif tag == "select":
            self.form.selects.append(a["name"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.form is not None:
            self.done = True


def question_form(html: str) -> Form:
    """The guided question's form on a page."""
    parser = _FormParser()
    parser.feed(html)
    assert parser.form is not None, "no question form on the page"
    return parser.form


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title", "desc"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "title", "desc"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    """The page's text, whitespace collapsed."""
    parser = _TextParser()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())
