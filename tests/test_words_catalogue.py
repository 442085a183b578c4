"""One catalogue of words (bot/words): no other module writes a sentence a user reads or picks a
language itself, and every entry is whole in both languages."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import bot.words
from tests.words_walk import catalogue_modules, entries

BOT = Path(__file__).resolve().parent.parent / "bot"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
# Data, not words: what they hold is matched, or is the fictional demo itself.
DATA_MODULES = {
    "registry/demo.py": "the fictional demo registry",
    "registry/demo_update.py": "the fictional demo registry's changes a day later",
    "desk/demo_tickets.py": "the demo's tickets, as reporters would write them",
    "districts.py": "Shanghai's district names, matched in every spelling",
    "char_sounds.py": "each character's sound, generated from pypinyin (scripts/char_sounds.py)",
    "normalize.py": "the grammar of a firm's name (legal forms, regions), matched not shown",
    "state_organs.py": "the organs an agency poses as and the claim words, matched not shown",
    "red_flags.py": "the phrases of an agency's promises and offers, matched not shown",
    "query_words.py": "labels and question words around pasted text, matched not shown",
    "reports/redact.py": "the words around a reporter's identity in their text, matched not shown",
}
DATA_PACKAGES = ("words/", "localapi/")  # the catalogue itself; the test Bot API server


def _python_files() -> list[tuple[str, ast.Module]]:
    out = []
    for path in sorted(BOT.rglob("*.py")):
        where = path.relative_to(BOT).as_posix()
        if where in DATA_MODULES or where.startswith(DATA_PACKAGES):
            continue
        out.append((where, ast.parse(path.read_text(encoding="utf-8"))))
    return out


def _unspoken(tree: ast.Module) -> set[int]:
    """ids of constants no user reads: docstrings, and patterns given to re."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if isinstance(owner, ast.Name) and owner.id == "re":
                for arg in node.args[:1]:
                    skip.update(id(part) for part in ast.walk(arg))
    return skip


def test_no_sentence_is_written_outside_the_catalogue() -> None:
    found = []
    for where, tree in _python_files():
        skip = _unspoken(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in skip
                and CJK.search(node.value)
            ):
                found.append(f"bot/{where}:{node.lineno}: {node.value[:40]!r}")
    assert found == [], f"{len(found)} Chinese literals outside bot/words:\n" + "\n".join(found)


def test_no_module_outside_the_catalogue_chooses_a_language() -> None:
    found = []
    for where, tree in _python_files():
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(
                isinstance(op, ast.Eq | ast.NotEq) for op in node.ops
            ):
                sides = [node.left, *node.comparators]
                if any(isinstance(s, ast.Constant) and s.value in ("zh", "en") for s in sides):
                    found.append(f"bot/{where}:{node.lineno}")
    assert found == [], "choose words with bot.words.say:\n" + "\n".join(found)


def _fields(template: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(template) if name)


ENGLISH_MAY_NAME = ("中文",)  # the language switch names Chinese in Chinese


def test_every_entry_is_whole_in_both_languages() -> None:
    problems = []
    count = 0
    for module in catalogue_modules(bot.words):
        for where, zh, en in entries(module):
            count += 1
            if not zh.strip() or not en.strip():
                problems.append(f"{where}: a language is empty")
            if _fields(zh) != _fields(en):
                problems.append(f"{where}: placeholders {_fields(zh)} vs {_fields(en)}")
            english = en
            for word in ENGLISH_MAY_NAME:
                english = english.replace(word, "")
            if CJK.search(english):
                problems.append(f"{where}: Chinese in the English {en!r}")
    assert problems == []
    assert count > 600, "the catalogue walk found too little: is bot/words read at all?"
