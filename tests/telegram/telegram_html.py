"""Telegram's HTML parse mode, as strict as Telegram: the fake Bot API server's parser.

Accepted tags: b strong i em u ins s strike del span class="tg-spoiler" tg-spoiler a href code
pre blockquote tg-emoji. Entities: &lt; &gt; &amp; &quot; and numeric ones. Anything else —
an unknown tag, a "<" that opens no supported tag, bad nesting, an unclosed tag, an unknown
entity — is rejected like Telegram does ("can't parse entities").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ALLOWED = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "code",
    "pre",
    "blockquote",
    "tg-emoji",
}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+\s*=\s*(?:\"[^\"<>]*\"|'[^'<>]*'|[^\s\"'<>]+))*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+))")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityError(ValueError):
    """The text would be refused by Telegram with 400 "can't parse entities"."""


@dataclass(frozen=True)
class Parsed:
    """The text a user sees and the number of formatting entities."""

    text: str
    entities: int


def parse(markup: str) -> Parsed:
    """Parse Telegram HTML; raise EntityError where Telegram would."""
    out: list[str] = []
    stack: list[str] = []
    entities = 0
    i = 0
    while i < len(markup):
        char = markup[i]
        if char == "<":
            match = _TAG.match(markup, i)
            if not match:
                raise EntityError(f"can't parse entities: unsupported start tag at byte offset {i}")
            closing, name = match.group(1) == "/", match.group(2).lower()
            if name not in ALLOWED:
                raise EntityError(f'can\'t parse entities: unsupported start tag "{name}" at byte offset {i}')
            if closing:
                if not stack or stack[-1] != name:
                    expected = stack[-1] if stack else ""
                    raise EntityError(
                        f"can't parse entities: unmatched end tag at byte offset {i}, "
                        f'expected "</{expected}>", found "</{name}>"'
                    )
                stack.pop()
            else:
                attrs = {
                    m.group(1).lower(): m.group(2) or m.group(3) or m.group(4) or ""
                    for m in _ATTR.finditer(match.group(3))
                }
                if name == "a" and not re.match(r"^(https?://|tg://)", attrs.get("href", "")):
                    raise EntityError("can't parse entities: wrong URL in <a href>")
                if name == "span" and attrs.get("class") != "tg-spoiler":
                    raise EntityError("can't parse entities: span must have class tg-spoiler")
                stack.append(name)
                entities += 1
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(markup, i)
            if not match:
                # Telegram leaves a lone "&" followed by a space alone but refuses unknown entities.
                if re.match(r"&[a-zA-Z#][a-zA-Z0-9]*;", markup[i:]):
                    raise EntityError(f"can't parse entities: unsupported entity at byte offset {i}")
                out.append("&")
                i += 1
                continue
            name = match.group(1)
            out.append(
                _NAMED[name]
                if name in _NAMED
                else chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
            )
            i = match.end()
        elif char == ">":
            out.append(">")
            i += 1
        else:
            out.append(char)
            i += 1
    if stack:
        raise EntityError(
            f"can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\""
        )
    return Parsed("".join(out), entities)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
