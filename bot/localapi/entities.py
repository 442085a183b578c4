"""Telegram's HTML parse mode: markup in, plain text plus MessageEntity dicts out.

The parser follows tdlib's `parse_html` (the code behind the Bot API server) closely, so
a bot that forgets to escape `<` fails here with the same "can't parse entities" message
it would get from Telegram. Offsets and lengths are in UTF-16 code units, as in the API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

TEXT_LIMIT = 4096

# tdlib treats these (and the end of the text) as spaces inside tags.
_TAG_SPACES = " \t\r\n\v\f\0"
# Telegram trims these from both ends of a message after parsing.
_TRIM = " \t\r\n\v\f"

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",  # only with class="tg-spoiler", checked at the start tag
}
SUPPORTED_TAGS = frozenset({*_SIMPLE_TAGS, "a", "code", "pre", "blockquote", "tg-emoji"})

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}


class EntityParseError(ValueError):
    """The markup is malformed; str(error) is Telegram's wording after "can't parse entities: "."""


@dataclass
class FormattedText:
    """Text as Telegram stores it: plain characters and entities over them."""

    text: str
    entities: list[JSON] = field(default_factory=list)


_MARKUP = re.compile("[&<]")


def utf16_len(text: str) -> int:
    """Length as Telegram counts it: characters outside the BMP take two units."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class _OpenTag:
    name: str
    argument: str
    offset: int  # UTF-16 offset in the output where the tag's content starts
    output_index: int  # index into the output list, to recover the text of <a> without href


class _HtmlParser:
    """One pass over the source, as tdlib does; `pos` indexes characters of `source`."""

    def __init__(self, source: str, *, strict_ampersand: bool) -> None:
        self.source = source
        self.strict_ampersand = strict_ampersand
        self.pos = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.open: list[_OpenTag] = []
        self.entities: list[JSON] = []

    def char(self, index: int) -> str:
        # "\0" past the end mirrors tdlib's NUL-terminated CSlice, so loops stop there.
        return self.source[index] if index < len(self.source) else "\0"

    def byte_offset(self, index: int) -> int:
        return len(self.source[:index].encode("utf-8"))

    def emit(self, text: str) -> None:
        self.out.append(text)
        self.utf16 += utf16_len(text)

    def run(self) -> FormattedText:
        while self.pos < len(self.source):
            c = self.source[self.pos]
            if c == "&":
                self.ampersand()
            elif c == "<":
                if self.char(self.pos + 1) == "/":
                    self.end_tag()
                else:
                    self.start_tag()
            else:  # plain text up to the next markup, in one piece (not a char at a time)
                found = _MARKUP.search(self.source, self.pos)
                end = found.start() if found else len(self.source)
                self.emit(self.source[self.pos : end])
                self.pos = end
        if self.open:
            raise EntityParseError(
                f'Can\'t find end tag corresponding to start tag "{self.open[-1].name}"'
            )
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self.out), self.entities)

    def ampersand(self) -> None:
        decoded, end = decode_html_entity(self.source, self.pos)
        if decoded is None:
            # tdlib keeps a stray "&" as is; the Bot API docs say it must be escaped, and a
            # bot that forgets usually mangles "&lt;" in user text too, so strict mode refuses.
            if self.strict_ampersand:
                raise EntityParseError(
                    f'Unescaped "&" at byte offset {self.byte_offset(self.pos)}; '
                    "use &amp; (stricter than Telegram, which keeps it)"
                )
            self.emit("&")
            self.pos += 1
            return
        self.emit(decoded)
        self.pos = end

    def start_tag(self) -> None:
        begin = self.pos
        i = begin + 1
        while self.char(i) not in _TAG_SPACES and self.char(i) != ">":
            i += 1
        if i >= len(self.source):
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = self.source[begin + 1 : i].lower()
        if name not in SUPPORTED_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        argument, i = self.attributes(name, begin, i)
        if name == "span" and argument != "spoiler":
            raise EntityParseError(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.open.append(_OpenTag(name, argument, self.utf16, len(self.out)))
        self.pos = i + 1

    def attributes(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        """Reads attributes up to ">"; returns the argument `tag` keeps and the index of ">"."""
        argument = ""
        while self.char(i) != ">":
            while i < len(self.source) and self.char(i) in _TAG_SPACES:
                i += 1
            if self.char(i) == ">":
                break
            name_start = i
            while self.char(i) not in _TAG_SPACES and self.char(i) not in "=>":
                i += 1
            name = self.source[name_start:i].lower()
            if not name:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(begin)}"
                )
            if tag == "blockquote" and name == "expandable" and self.char(i) != "=":
                argument = "expandable"
                continue
            value, i = self.attribute_value(tag, begin, i)
            argument = _tag_argument(tag, name, value) or argument
        return argument, i

    def attribute_value(self, tag: str, begin: int, i: int) -> tuple[str, int]:
        while i < len(self.source) and self.char(i) in _TAG_SPACES:
            i += 1
        if self.char(i) != "=":
            raise EntityParseError(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {self.byte_offset(begin)}"
            )
        i += 1
        while i < len(self.source) and self.char(i) in _TAG_SPACES:
            i += 1
        if i >= len(self.source):
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
            )
        quote = self.char(i)
        if quote not in "'\"":
            # An unquoted name token: letters, digits, "." and "-", case-insensitive.
            start = i
            while self.char(i).isascii() and (self.char(i).isalnum() or self.char(i) in ".-"):
                i += 1
            if self.char(i) not in _TAG_SPACES and self.char(i) != ">":
                raise EntityParseError(
                    f"Unexpected end of name token at byte offset {self.byte_offset(i)}"
                )
            return self.source[start:i].lower(), i
        end = self.source.find(quote, i + 1)
        if end < 0:
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        return decode_html(self.source[i + 1 : end]), end + 1

    def end_tag(self) -> None:
        begin = self.pos
        if not self.open:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while self.char(i) not in _TAG_SPACES and self.char(i) != ">":
            i += 1
        name = self.source[begin + 2 : i].lower()
        while i < len(self.source) and self.char(i) in _TAG_SPACES:
            i += 1
        if self.char(i) != ">":
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        tag = self.open.pop()
        if name and name != tag.name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self.close(tag)
        self.pos = i + 1

    def close(self, tag: _OpenTag) -> None:
        length = self.utf16 - tag.offset
        if length == 0:
            return  # Telegram drops empty entities
        entity: JSON = {"offset": tag.offset, "length": length}
        if tag.name in _SIMPLE_TAGS:
            entity["type"] = _SIMPLE_TAGS[tag.name]
        elif tag.name == "a":
            url = tag.argument or "".join(self.out[tag.output_index :])
            if not _looks_like_url(url):
                return  # tdlib silently drops links it cannot check
            entity.update(type="text_link", url=_normalise_url(url))
        elif tag.name == "code":
            entity["type"] = "code"
            if tag.argument:
                entity["language"] = tag.argument
        elif tag.name == "pre":
            entity["type"] = "pre"
            inner = self.entities[-1] if self.entities else None
            # <pre><code class="language-x">…</code></pre> becomes one pre with a language.
            if (
                inner is not None
                and inner["type"] == "code"
                and "language" in inner
                and (inner["offset"], inner["length"]) == (tag.offset, length)
            ):
                self.entities.pop()
                entity["language"] = inner["language"]
        elif tag.name == "blockquote":
            expandable = tag.argument == "expandable"
            entity["type"] = "expandable_blockquote" if expandable else "blockquote"
        else:  # tg-emoji
            entity.update(type="custom_emoji", custom_emoji_id=tag.argument)
        self.entities.append(entity)


def _tag_argument(tag: str, attribute: str, value: str) -> str:
    """The part of an attribute tdlib keeps for an entity; "" when it ignores the attribute."""
    if tag == "a" and attribute == "href":
        return value
    if tag == "code" and attribute == "class" and value.startswith("language-"):
        return value.removeprefix("language-")
    if tag == "span" and attribute == "class" and value.startswith("tg-"):
        return value.removeprefix("tg-")
    if tag == "tg-emoji" and attribute == "emoji-id":
        return value
    return ""


def _looks_like_url(url: str) -> bool:
    return bool(url) and not any(c.isspace() for c in url)


def _normalise_url(url: str) -> str:
    # Telegram adds http:// to links written without a scheme, e.g. href="example.com".
    if "://" in url or url.startswith(("tg:", "mailto:", "tel:")):
        return url
    return f"http://{url}"


def decode_html_entity(text: str, pos: int) -> tuple[str | None, int]:
    """Decodes the entity at text[pos] == "&"; returns (None, pos) when it is not one.

    Like tdlib: &lt; &gt; &amp; &quot; and numeric references; the ";" is optional.
    """
    end = pos + 1
    if text[end : end + 1] == "#":
        end += 1
        hexadecimal = text[end : end + 1] in ("x", "X")
        if hexadecimal:
            end += 1
        digits_start = end
        allowed = "0123456789abcdefABCDEF" if hexadecimal else "0123456789"
        while end < len(text) and text[end] in allowed:
            end += 1
        digits = text[digits_start:end]
        code = int(digits, 16 if hexadecimal else 10) if digits else 0
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return None, pos
        decoded = chr(code)
    else:
        while end < len(text) and text[end].isascii() and text[end].isalpha():
            end += 1
        name = text[pos + 1 : end]
        if name not in _NAMED_ENTITIES:
            return None, pos
        decoded = _NAMED_ENTITIES[name]
    if text[end : end + 1] == ";":
        end += 1
    return decoded, end


def decode_html(text: str) -> str:
    """Decodes entities in an attribute value, keeping stray "&" as tdlib does there."""
    parts: list[str] = []
    pos = 0
    while pos < len(text):
        if text[pos] == "&":
            decoded, end = decode_html_entity(text, pos)
            if decoded is not None:
                parts.append(decoded)
                pos = end
                continue
        parts.append(text[pos])
        pos += 1
    return "".join(parts)


def parse_html(source: str, *, strict_ampersand: bool = True) -> FormattedText:
    """Parses Bot API HTML; raises EntityParseError with Telegram's message on bad markup."""
    return _HtmlParser(source, strict_ampersand=strict_ampersand).run()


def trim(formatted: FormattedText) -> FormattedText:
    """Strips surrounding whitespace as Telegram does, clipping entities to what is left."""
    text = formatted.text
    lead = utf16_len(text[: len(text) - len(text.lstrip(_TRIM))])
    stripped = text.strip(_TRIM)
    limit = utf16_len(stripped)
    entities: list[JSON] = []
    for entity in formatted.entities:
        start = max(entity["offset"] - lead, 0)
        end = min(entity["offset"] + entity["length"] - lead, limit)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return FormattedText(stripped, entities)
