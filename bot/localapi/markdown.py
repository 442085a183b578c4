"""Telegram's Markdown and MarkdownV2 parse modes, after tdlib's parse_markdown(_v2).

MarkdownV2 is where bots most often fail in production: every reserved character
outside an entity ("." "!" "-" …) must be escaped, and Telegram refuses the whole message
otherwise. The messages raised here are Telegram's.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.localapi.entities import JSON, EntityParseError, FormattedText, utf16_len

_RESERVED = "_*[]()~`>#+-=|{}.!"
_SPACES = " \t\r\n\v\f\0"


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _escapable(text: str, index: int) -> bool:
    # tdlib lets "\" escape any ASCII character from 1 to 126.
    return index < len(text) and 0 < ord(text[index]) <= 126


def _at(text: str, index: int) -> str:
    return text[index] if index < len(text) else "\0"


def _reserved_error(char: str) -> EntityParseError:
    return EntityParseError(
        f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
    )


def _skip_pre_language(text: str, i: int) -> tuple[str, int]:
    """After ``` : an optional language up to a space, then one line break is skipped."""
    end = i
    while _at(text, end) not in _SPACES and _at(text, end) != "`":
        end += 1
    language = ""
    if end != i and end < len(text) and text[end] != "`":
        language, i = text[i:end], end
    if _at(text, i) in "\r\n":
        pair = _at(text, i + 1) in "\r\n" and text[i] != _at(text, i + 1)
        i += 2 if pair else 1
    return language, i


def _link(url: str, offset: int, length: int) -> JSON | None:
    url = url.strip()
    if not url or any(c.isspace() for c in url):
        return None  # tdlib drops links it cannot check
    if "://" not in url and not url.startswith(("tg:", "mailto:", "tel:")):
        url = f"http://{url}"
    return {"type": "text_link", "offset": offset, "length": length, "url": url}


def _v1_entity(
    marker: str, is_pre: bool, language: str, url: str, offset: int, length: int
) -> JSON | None:
    if marker == "[":
        return _link(url, offset, length)
    kind = {"_": "italic", "*": "bold"}.get(marker, "pre" if is_pre else "code")
    entity: JSON = {"type": kind, "offset": offset, "length": length}
    if is_pre and language:
        entity["language"] = language
    return entity


def parse_markdown(text: str) -> FormattedText:
    """Legacy Markdown: *bold* _italic_ `code` ```pre``` [text](url); "\\" escapes those."""
    out: list[str] = []
    entities: list[JSON] = []
    utf16 = 0
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\" and _at(text, i + 1) in "_*`[":
            out.append(text[i + 1])
            utf16 += 1
            i += 2
            continue
        if c not in "_*`[":
            out.append(c)
            utf16 += utf16_len(c)
            i += 1
            continue
        begin, end_char, is_pre, language = i, "]" if c == "[" else c, False, ""
        i += 1
        if c == "`" and text[i : i + 2] == "``":
            is_pre = True
            language, i = _skip_pre_language(text, i + 2)
        start, start_index, url = utf16, len(out), ""
        while i < len(text) and (text[i] != end_char or (is_pre and text[i + 1 : i + 3] != "``")):
            out.append(text[i])
            utf16 += utf16_len(text[i])
            i += 1
        if i == len(text):
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {_byte_offset(text, begin)}"
            )
        length = utf16 - start
        if c == "[" and _at(text, i + 1) == "(":
            url_end = text.find(")", i + 2)
            url_end = len(text) if url_end < 0 else url_end
            url, i = text[i + 2 : url_end], url_end
        elif c == "[":
            url = "".join(out[start_index:])  # [text] alone: the text is the URL
        entity = _v1_entity(c, is_pre, language, url, start, length) if length else None
        if entity is not None:
            entities.append(entity)
        i += 3 if is_pre else 1
    return FormattedText("".join(out), entities)


@dataclass
class _Open:
    kind: str  # tdlib's type name, used in "Can't find end of <kind> entity"
    offset: int
    byte_offset: int
    out_index: int
    language: str = ""


_V2_TYPES = {
    "Bold": "bold",
    "Italic": "italic",
    "Underline": "underline",
    "Strikethrough": "strikethrough",
    "Spoiler": "spoiler",
    "Code": "code",
    "Pre": "pre",
    "PreCode": "pre",
}


class _MarkdownV2:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.out: list[str] = []
        self.utf16 = 0
        self.open: list[_Open] = []
        self.entities: list[JSON] = []
        self.quote_start: int | None = None  # UTF-16 offset where a "> " block began

    def emit(self, char: str) -> None:
        self.out.append(char)
        self.utf16 += utf16_len(char)

    def run(self) -> FormattedText:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c == "\\" and _escapable(text, self.i + 1):
                self.emit(text[self.i + 1])
                self.i += 2
                continue
            if self.line_start() and not self.in_code():
                self.quote_line(c)
                if c == ">":
                    self.i += 1
                    continue
            reserved = "`" if self.in_code() else _RESERVED
            if c not in reserved:
                self.emit(c)
                self.i += 1
                continue
            if self.ends_open_entity(c):
                self.close()
            else:
                self.begin(c)
            self.i += 1
        if self.open:
            last = self.open[-1]
            raise EntityParseError(
                f"Can't find end of {last.kind} entity at byte offset {last.byte_offset}"
            )
        self.end_quote(self.utf16)
        self.entities.sort(key=lambda e: (e["offset"], -e["length"]))
        return FormattedText("".join(self.out), self.entities)

    def line_start(self) -> bool:
        return self.i == 0 or self.text[self.i - 1] == "\n"

    def in_code(self) -> bool:
        return bool(self.open) and self.open[-1].kind in ("Code", "Pre", "PreCode")

    def quote_line(self, c: str) -> None:
        """Lines starting with ">" form one blockquote; the first line without it ends it."""
        if c == ">" and self.quote_start is None:
            self.quote_start = self.utf16
        elif c != ">":
            # The quote ends before the line break that precedes this line.
            self.end_quote(self.utf16 - 1 if self.out else self.utf16)

    def end_quote(self, end: int) -> None:
        if self.quote_start is not None and end > self.quote_start:
            length = end - self.quote_start
            self.entities.append(
                {"type": "blockquote", "offset": self.quote_start, "length": length}
            )
        self.quote_start = None

    def ends_open_entity(self, c: str) -> bool:
        if not self.open:
            return False
        nxt, after = _at(self.text, self.i + 1), _at(self.text, self.i + 2)
        return {
            "Bold": c == "*",
            "Italic": c == "_" and nxt != "_",
            "Underline": c == "_" and nxt == "_",
            "Strikethrough": c == "~",
            "Spoiler": c == "|" and nxt == "|",
            "Code": c == "`",
            "Pre": c == "`" and nxt == "`" and after == "`",
            "PreCode": c == "`" and nxt == "`" and after == "`",
            "TextUrl": c == "]",
            "CustomEmoji": c == "]",
        }[self.open[-1].kind]

    def begin(self, c: str) -> None:
        text, begin = self.text, self.i
        nxt = _at(text, self.i + 1)
        language = ""
        if c == "_" and nxt == "_":
            kind, self.i = "Underline", self.i + 1
        elif c in "_*~[":
            kind = {"_": "Italic", "*": "Bold", "~": "Strikethrough", "[": "TextUrl"}[c]
        elif c == "|" and nxt == "|":
            kind, self.i = "Spoiler", self.i + 1
        elif c == "!" and nxt == "[":
            kind, self.i = "CustomEmoji", self.i + 1
        elif c == "`" and text[self.i + 1 : self.i + 3] == "``":
            language, after = _skip_pre_language(text, self.i + 3)
            kind, self.i = ("PreCode" if language else "Pre"), after - 1
        elif c == "`":
            kind = "Code"
        else:
            raise _reserved_error(c)
        self.open.append(
            _Open(kind, self.utf16, _byte_offset(text, begin), len(self.out), language)
        )

    def close(self) -> None:
        tag = self.open.pop()
        if tag.kind in ("Underline", "Spoiler"):
            self.i += 1
        elif tag.kind in ("Pre", "PreCode"):
            self.i += 2
        url = ""
        if tag.kind in ("TextUrl", "CustomEmoji"):
            url = self.link_target(tag)
        length = self.utf16 - tag.offset
        if length == 0:
            return  # tdlib skips empty entities
        if tag.kind == "TextUrl":
            entity = _link(url, tag.offset, length)
        elif tag.kind == "CustomEmoji":
            emoji_id = url.removeprefix("tg://emoji?id=")
            entity = {"type": "custom_emoji", "offset": tag.offset, "length": length}
            entity["custom_emoji_id"] = emoji_id
        else:
            entity = {"type": _V2_TYPES[tag.kind], "offset": tag.offset, "length": length}
            if tag.language:
                entity["language"] = tag.language
        if entity is not None:
            self.entities.append(entity)

    def link_target(self, tag: _Open) -> str:
        """Reads "(url)" after "]"; without it the link text is the URL, as in tdlib."""
        text = self.text
        if _at(text, self.i + 1) != "(":
            return "".join(self.out[tag.out_index :])
        self.i += 2
        url_begin = self.i
        url: list[str] = []
        while self.i < len(text) and text[self.i] != ")":
            if text[self.i] == "\\" and _escapable(text, self.i + 1):
                url.append(text[self.i + 1])
                self.i += 2
                continue
            url.append(text[self.i])
            self.i += 1
        if self.i >= len(text):
            raise EntityParseError(
                f"Can't find end of a URL at byte offset {_byte_offset(text, url_begin)}"
            )
        return "".join(url)


def parse_markdown_v2(text: str) -> FormattedText:
    """MarkdownV2; raises EntityParseError with Telegram's message on unescaped characters."""
    return _MarkdownV2(text).run()
