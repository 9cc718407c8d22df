"""Reading a rendered page as a browser would: its links and its forms with the values it would send.

Used by the hostile-input class test and by tests that submit a form as rendered.
"""

from __future__ import annotations

from collections import defaultdict
from html.parser import HTMLParser
from typing import Any


class PageParser(HTMLParser):
    """Links (href, hx-get, hx-post) and forms (fields, options, submit buttons) of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def _owner(self, attrs: dict[str, str]) -> dict[str, Any] | None:
        return self.by_id.get(attrs.get("form", "")) or self._form

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attributes}
        for attr in ("href", "hx-get", "hx-post"):
            if attrs.get(attr) and tag != "link":
                self.links.append(attrs[attr])
        if tag == "form":
            self._form = {
                "action": attrs.get("action") or attrs.get("hx-post") or attrs.get("hx-get") or "",
                "method": (attrs.get("method") or ("post" if "hx-post" in attrs else "get")).lower(),
                "fields": [],
                "buttons": [],
            }
            self.forms.append(self._form)
            if attrs.get("id"):
                self.by_id[attrs["id"]] = self._form
            return
        owner = self._owner(attrs)
        name = attrs.get("name", "")
        if tag == "input" and owner is not None and name:
            kind = attrs.get("type", "text").lower()
            if kind in ("submit", "image", "button", "reset"):
                if kind == "submit":
                    owner["buttons"].append((name, attrs.get("value", "")))
                return
            owner["fields"].append(
                {"name": name, "kind": kind, "value": attrs.get("value", "on" if kind in ("checkbox", "radio") else ""),
                 "checked": "checked" in attrs, "options": []}
            )  # fmt: skip
        elif tag == "button" and owner is not None and name and attrs.get("type", "submit") == "submit":
            owner["buttons"].append((name, attrs.get("value", "")))
        elif tag == "select" and owner is not None and name:
            self._select = {"name": name, "kind": "select", "value": None, "checked": False, "options": [],
                            "multiple": "multiple" in attrs}  # fmt: skip
            owner["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": "", "selected": "selected" in attrs}
            self._select["options"].append(self._option)
        elif tag == "textarea" and owner is not None and name:
            self._textarea = {"name": name, "kind": "textarea", "value": "", "checked": False, "options": []}
            owner["fields"].append(self._textarea)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["value"] += data


def field_kind(entry: dict[str, Any]) -> str:
    """number, date, text, choice or file: which hostile values suit the field."""
    kind = entry["kind"]
    if kind in ("number", "range", "hidden", "checkbox", "radio", "select"):
        values = [o.get("value") or o.get("text", "") for o in entry["options"]] or [entry["value"]]
        return "number" if all(str(v).strip().isdigit() for v in values if v) or kind == "number" else "choice"
    if kind in ("date", "datetime-local", "time", "month", "week"):
        return "date"
    if kind == "file":
        return "file"
    return "text"


def browser_data(fields: list[dict[str, Any]]) -> dict[str, list[str]]:
    """What a browser sends for a form's fields as rendered (no file, checked boxes only)."""
    data: dict[str, list[str]] = defaultdict(list)
    for entry in fields:
        kind = entry["kind"]
        if kind == "file":
            continue
        if kind in ("checkbox", "radio"):
            if entry["checked"]:
                data[entry["name"]].append(entry["value"])
        elif kind == "select":
            options = entry["options"]
            chosen = [o for o in options if o["selected"]] or options[:1]
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                data[entry["name"]].append(value)
        else:
            data[entry["name"]].append(entry["value"])
    return dict(data)


def page_forms(html: str) -> list[dict[str, Any]]:
    """The forms of a page: {"action", "method", "fields", "buttons"}."""
    parser = PageParser()
    parser.feed(html)
    return parser.forms
