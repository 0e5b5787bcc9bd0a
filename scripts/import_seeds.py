"""Convert ../shared/seeds (raw text + SOURCES.json) into corpus/ posts; kept for reproducibility."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from bot.ingest.corpus import import_jsonl

IDS = {
    "000_6afe0ca0d33196b7.txt": "aventuriers-restitution-cd-val-d-oise-lab-pole-emploi",
    "001_4b95212f11852c27.txt": "semaine-innovation-publique-2016-morceaux-choisis",
    "002_091cebf7b4c1f1fe.txt": "aventuriers-escale-lab-pole-emploi",
    "003_2465ce6aaf34df76.txt": "departements-pionniers-innovation-publique",
    "004_00f342887ebcffad.txt": "transfo-strasbourg-session-9-labo-cas-pratique",
}


def main(seeds: Path, corpus: Path) -> None:
    """Write one corpus post per seed, body kept as in the source (cleaning happens at load)."""
    sources = json.loads((seeds / "SOURCES.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        jsonl = Path(tmp) / "seeds.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for source in sources:
                record = {
                    "id": IDS[source["file"]],
                    "title": source["title"],
                    "url": source["url"],
                    "date": source["date"],
                    "author": source["author"],
                    "text": (seeds / source["file"]).read_text(encoding="utf-8"),
                }
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        for path in import_jsonl(jsonl, corpus):
            print(path)


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
