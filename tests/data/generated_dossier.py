"""A dossier of any size, made up, for the large-dossier tests and benchmarks.

Entries alternate featured track and influence; every tenth has a quote.  Linked, each
influence shaped three featured tracks and every fifth influence is a film with a
director, so the influence map has edges and more than one kind of node to draw.
"""

from __future__ import annotations

from pathlib import Path

import yaml

WORDS = [
    "night",
    "drive",
    "neon",
    "hero",
    "city",
    "river",
    "chrome",
    "heart",
    "tape",
    "glass",
    "motor",
    "signal",
    "pulse",
    "velvet",
    "static",
    "dream",
    "fever",
    "shadow",
    "wire",
    "echo",
]


def generated_dossier(n: int, *, linked: bool = False) -> dict:
    """The dossier's data, as read from its YAML, with ``n`` entries."""
    featured, influences, commentary = [], [], []
    for i in range(n):
        title = " ".join(WORDS[(i * k + 3) % len(WORDS)] for k in (1, 3, 7)).title() + f" {i}"
        entry = {
            "id": f"e{i}",
            "title": title,
            "artists": [f"Artist {i % 97}"],
            "year": 1970 + i % 50,
            "duration": 120 + i % 300,
        }
        if i % 2 == 0:
            entry["number"] = i + 1
            featured.append(entry)
        else:
            influences.append(entry)
        if i % 10 == 0:
            commentary.append(
                {
                    "id": f"q{i}",
                    "about": [f"e{i}"],
                    "speaker": "p",
                    "source": "s",
                    "segments": [f"The {title} was {WORDS[i % 20]}."],
                }
            )
    if linked:
        ids = [e["id"] for e in featured]
        for i, entry in enumerate(influences):
            entry["influenced"] = [ids[(i * 7 + k * 13) % len(ids)] for k in range(3)]
            if i % 5 == 0:
                entry.update(kind="film", directors=[f"Director {i % 41}"])
                entry.pop("artists", None)
                entry.pop("duration", None)
    return {
        "schema_version": 1,
        "id": "generated",
        "film": {"title": "Generated", "year": 2000},
        "people": [{"id": "p", "name": "Pat Example", "role": "Director"}],
        "sources": [{"id": "s", "publication": "Bench", "title": "Generated"}],
        "commentary": commentary,
        "featured": featured,
        "influences": influences,
    }


def write_generated_dossier(path: Path, n: int, *, linked: bool = False) -> Path:
    """The generated dossier written as YAML to ``path``; returns ``path``."""
    doc = generated_dossier(n, linked=linked)
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path
