"""Print the configuration reference (Markdown table) or .env.example from the Settings class.

Run: .venv/bin/python scripts/settings_doc.py table | env
"""

from __future__ import annotations

import sys

from bot.settings import Settings


def rows() -> list[tuple[str, str, str]]:
    """(variable, default, description) for every setting."""
    out = []
    for name, field in Settings.model_fields.items():
        default = field.default
        if isinstance(default, frozenset):
            default = ",".join(str(v) for v in sorted(default))
        out.append(
            (f"INNOBOT_{name.upper()}", "" if default is None else str(default), field.description or "")
        )
    return out


def main(kind: str) -> None:
    if kind == "table":
        print("| variable | default | meaning |\n|---|---|---|")
        for var, default, text in rows():
            print(f"| `{var}` | `{default}` | {text} |" if default else f"| `{var}` | — | {text} |")
    else:
        print("# innobot settings: copy to .env and edit. Every variable is optional.")
        for var, default, text in rows():
            print(f"\n# {text}\n# {var}={default}")
        print("\n# docker-compose.yml only: the PostgreSQL password of the bundled database.")
        print("# POSTGRES_PASSWORD=innobot")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "table")
