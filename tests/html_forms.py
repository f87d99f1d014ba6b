"""Read the forms of a rendered page the way a browser submits them: each form's
method, action and the (name, value) pairs it would send. Elements posting by
htmx (``hx-post``, with ``hx-vals``) count as forms too. Tests post these back
(changed or not) instead of hand-writing every field of an admin page."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "reset", "image", "file"}
VOID_ELEMENTS = {"input", "img", "br", "hr", "meta", "link", "source"}


@dataclass
class Form:
    method: str
    action: str
    id: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def data(self) -> dict[str, str | list[str]]:
        """As the test client's POST data: repeated names become lists."""
        out: dict[str, str | list[str]] = {}
        for name, value in self.fields:
            if name in out:
                previous = out[name]
                out[name] = (
                    [*previous, value]
                    if isinstance(previous, list)
                    else [
                        previous,
                        value,
                    ]
                )
            else:
                out[name] = value
        return out

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(name for name, _ in self.fields))


class _Parser(HTMLParser):
    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self._open: list[tuple[str, Form]] = []  # (tag, form) of open form elements
        self._select: tuple[str, bool, list[tuple[str, bool]]] | None = None
        self._option: list[str] | None = None
        self._option_attrs: dict[str, str] = {}
        self._textarea: tuple[str, list[str]] | None = None
        self._depth: dict[str, int] = {}

    # Every open form (a <form> and htmx elements inside it) receives the field.
    def _add(self, name: str, value: str) -> None:
        for _tag, form in self._open:
            form.fields.append((name, value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" or "hx-post" in a:
            method = "post" if "hx-post" in a else a.get("method", "get").lower()
            action = a.get("hx-post") or a.get("action") or self.page_url
            form = Form(method=method, action=action, id=a.get("id", ""))
            if a.get("hx-vals"):
                try:
                    for k, v in json.loads(a["hx-vals"]).items():
                        form.fields.append((k, str(v)))
                except ValueError:
                    pass
            self.forms.append(form)
            self._open.append((tag, form))
            self._depth[id(form)] = 0
        for _tag, form in self._open:
            if _tag == tag:
                self._depth[id(form)] += 1
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind == "file":
                for _t, form in self._open:
                    form.files.append(name)
            elif kind in ("checkbox", "radio"):
                # A browser cannot send the form without a required box ticked.
                if "checked" in a or (kind == "checkbox" and "required" in a):
                    self._add(name, a.get("value", "on"))
            elif kind not in SKIPPED_INPUTS:
                self._add(name, a.get("value", ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in a, [])
        elif tag == "option" and self._select is not None:
            self._option = []
            self._option_attrs = a
        elif tag == "textarea" and name:
            self._textarea = (name, [])
        if tag in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)
        if self._textarea is not None:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._select is not None and self._option is not None:
            value = self._option_attrs.get("value", "".join(self._option).strip())
            self._select[2].append((value, "selected" in self._option_attrs))
            self._option = None
        elif tag == "select" and self._select is not None:
            name, multiple, options = self._select
            chosen = [v for v, selected in options if selected]
            if not chosen and not multiple and options:
                chosen = [options[0][0]]
            for value in chosen:
                self._add(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, parts = self._textarea
            text = "".join(parts)
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        for tag_, form in list(self._open):
            if tag_ == tag:
                self._depth[id(form)] -= 1
                if self._depth[id(form)] == 0:
                    self._open.remove((tag_, form))


def admin_form(html: str, page_url: str) -> Form:
    """The object form of an admin add/change page (not the logout form)."""
    (form,) = [
        f
        for f in parse_forms(html, page_url)
        if f.method == "post" and f.id.endswith("_form")
    ]
    return form


def parse_forms(html: str, page_url: str) -> list[Form]:
    """Every form on the page, in document order."""
    parser = _Parser(page_url)
    parser.feed(html)
    parser.close()
    return parser.forms
