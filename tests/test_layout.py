"""The tree follows the pipeline: a stage imports only the base and the stages before it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"

# Flow order, lowest first. A module may import its own stage and the stages before it.
STAGES = {
    "base": 0,  # settings, domain, errors, texts, locks, analysis, topics: bot/*.py
    "ingest": 1,
    "search": 2,
    "synthesis": 3,  # hits → a checked written answer
    "store": 4,
    "alerts": 5,
    "service": 6,  # bot/service.py and bot/doctor.py: the operations the edges share
    "present": 7,
    "telegram": 8,
    "cli": 9,  # `innobot run` starts the bot: the command line sits above Telegram
}
BASE = {"settings", "domain", "errors", "texts", "locks", "analysis", "topics", "__init__", "__main__"}


def stage_of(module: str) -> str:
    """The stage of a dotted module name below `bot`."""
    parts = module.split(".")
    assert parts[0] == "bot", module
    if len(parts) == 1 or parts[1] in BASE:
        return "base" if parts[1:2] != ["__main__"] else "cli"
    if parts[1] in ("service", "doctor"):
        return "service"
    assert parts[1] in STAGES, f"{module}: a module outside the stages, add it to STAGES or BASE"
    return parts[1]


def bot_imports(path: Path) -> list[tuple[int, str]]:
    """Every `bot…` module a file imports, lazily imported ones included, with the line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.split(".")[0] == "bot"]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bot":
            if node.module == "bot":
                found += [(node.lineno, f"bot.{a.name}") for a in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def module_name(path: Path) -> str:
    return ".".join(("bot", *path.relative_to(BOT).with_suffix("").parts))


def upward(path: Path, module: str) -> list[str]:
    """`module:line imports target` for every import of a file that runs against the flow."""
    mine = STAGES[stage_of(module)]
    return [
        f"{module}:{line} imports {target}"
        for line, target in bot_imports(path)
        if STAGES[stage_of(target)] > mine
    ]


def test_no_stage_imports_a_later_one() -> None:
    assert [w for p in sorted(BOT.rglob("*.py")) for w in upward(p, module_name(p))] == []


def test_nothing_below_telegram_imports_it() -> None:
    below = [p for p in BOT.rglob("*.py") if stage_of(module_name(p)) not in ("telegram", "cli")]
    assert below
    offenders = [
        f"{p.relative_to(BOT.parent)}:{line}"
        for p in below
        for line, target in bot_imports(p)
        if target.startswith("bot.telegram")
    ]
    assert offenders == []


def test_every_package_says_what_its_stage_takes_and_gives() -> None:
    for package in BOT.iterdir():
        if package.is_dir() and (package / "__init__.py").is_file():
            doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text(encoding="utf-8")))
            assert doc, f"{package.name}/__init__.py has no docstring"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from bot.search.retrieval import Retriever\n", ["bot.ingest.x:1 imports bot.search.retrieval"]),
        ("def f():\n    from bot.telegram import app\n", ["bot.ingest.x:2 imports bot.telegram"]),
        ("from bot import service\n", ["bot.ingest.x:1 imports bot.service"]),
        ("from bot.analysis import analyze\nfrom bot.ingest import corpus\n", []),
    ],
)
def test_the_check_catches_an_upward_import(tmp_path: Path, source: str, expected: list[str]) -> None:
    module = tmp_path / "x.py"
    module.write_text(source, encoding="utf-8")
    assert upward(module, "bot.ingest.x") == expected
