"""The judged evaluation set of bench/search.py: queries built from the demo data's ground truth, plus hand-written.

Each query carries a judgement rule, not a fixed list of answers, because on a million generated producers many
share a name or a product: a hit is relevant when
- ``name``: any of its names has the same :func:`cagateway.text.name_key` (the entity-resolution key, independent
  of the search code) as the target's name; the query is the name as registered, transliterated into the other
  script, or with one typo;
- ``id``: it is the producer with that identifier;
- ``hs``: it has a product line under the HS prefix; ``product``: the same, for a product word in kk, ru, uz or en
  (the demo generator's descriptions), optionally with a country filter; ``place``: HS prefix and city.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from cagateway.demo.products import PRODUCTS
from cagateway.text import detect_script, name_key, transliterate

__all__ = ["HAND_WRITTEN", "build_eval_set", "is_relevant"]

# Hand-written: what buyers type (judged by HS prefix and, where named, the city's key).
HAND_WRITTEN: list[dict[str, Any]] = [
    {"q": "цемент Шымкент", "hs": "2523", "city": "Shymkent"},
    {"q": "cement Shymkent", "hs": "2523", "city": "Shymkent"},
    {"q": "Chimkent cement", "hs": "2523", "city": "Shymkent"},
    {"q": "sement", "hs": "2523"},
    {"q": "цемент", "hs": "2523"},
    {"q": "cement", "hs": "2523"},
    {"q": "портландцемент", "hs": "2523"},
    {"q": "мука пшеничная", "hs": "1101"},
    {"q": "wheat flour", "hs": "1101"},
    {"q": "bugʻdoy uni", "hs": "1101"},
    {"q": "бидай ұны", "hs": "1101"},
    {"q": "paxta tolasi", "hs": "5201"},
    {"q": "хлопок", "hs": "5201"},
    {"q": "cotton yarn", "hs": "5205"},
    {"q": "пряжа хлопчатобумажная", "hs": "5205"},
    {"q": "мука Костанай", "hs": "1101", "city": "Kostanay"},
    {"q": "flour Kostanay", "hs": "1101", "city": "Kostanay"},
    {"q": "cement Almaty", "hs": "2523", "city": "Almaty"},
    {"q": "цемент Алматы", "hs": "2523", "city": "Almaty"},
    {"q": "Toshkent paxta", "hs": "52", "city": "Toshkent"},
]


def _typo(word: str, rng: random.Random) -> str:
    """One edit in a word of 5+ letters: swap two inner letters, drop one or double one."""
    i = rng.randrange(1, len(word) - 2)
    kind = rng.choice(("swap", "drop", "double"))
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]


def _with_typo(name: str, rng: random.Random) -> str | None:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6 and w.strip("«»\"'").isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    core = words[i].strip("«»\"'")
    words[i] = words[i].replace(core, _typo(core, rng))
    return " ".join(words)


def _other_script(name: str, lang: str | None) -> str:
    if detect_script(name) == "Cyrl":
        return transliterate(name, lang, "Latn", romanisation="simple")
    return transliterate(name, lang if lang in {"kk", "ky", "uz", "ru"} else "ru", "Cyrl")


def _sample(session: Session, count: int, seed: int) -> list[Any]:
    top = session.execute(text("SELECT max(id) FROM legal_entities")).scalar_one()
    rng = random.Random(seed)
    ids = sorted(rng.sample(range(1, top + 1), count))
    stmt = text(
        "SELECT e.id, e.public_id, e.country_code, n.value, n.lang, i.value AS ident FROM legal_entities e "
        "JOIN entity_names n ON n.entity_id = e.id LEFT JOIN identifiers i ON i.entity_id = e.id "
        "WHERE e.id IN (" + ",".join(map(str, ids)) + ") AND e.deleted_at IS NULL ORDER BY e.id, n.id"
    )
    first: dict[int, Any] = {}
    for row in session.execute(stmt):
        first.setdefault(row.id, row)
    return list(first.values())


def build_eval_set(session: Session, seed: int = 1) -> list[dict[str, Any]]:
    """At least 300 judged queries from the data in ``session``'s database (deterministic for a seed)."""
    rng = random.Random(seed)
    rows = _sample(session, 260, seed)
    queries: list[dict[str, Any]] = []
    for row in rows[:90]:
        queries.append({"kind": "name", "q": row.value, "key": name_key(row.value)})
    for row in rows[90:160]:
        queries.append(
            {"kind": "name-cross-script", "q": _other_script(row.value, row.lang), "key": name_key(row.value)}
        )
    for row in rows[160:230]:
        typo = _with_typo(row.value, rng) if detect_script(row.value) in {"Latn", "Cyrl"} else None
        if typo:
            queries.append({"kind": "name-typo", "q": typo, "key": name_key(row.value)})
    for row in rows[230:260]:
        if row.ident:
            queries.append({"kind": "id", "q": row.ident, "target": row.public_id})
    for product in rng.sample(PRODUCTS, 12):
        for lang in ("kk", "ru", "uz", "en"):
            queries.append({"kind": "product", "q": product.descriptions[lang], "hs": product.hs[:4]})
    for product in rng.sample(PRODUCTS, 20):
        country = rng.choice(("KZ", "UZ", "KG"))
        lang = rng.choice(("ru", "en", "kk", "uz"))
        queries.append(
            {"kind": "product-filtered", "q": product.descriptions[lang], "hs": product.hs[:4], "country": country}
        )
    for product in rng.sample(PRODUCTS, 10):
        code = product.hs[:4]
        queries.append({"kind": "hs", "q": code if rng.random() < 0.5 else f"{code[:2]}.{code[2:]}", "hs": code})
    queries += [{"kind": "hand-written", **case} for case in HAND_WRITTEN]
    return queries


def is_relevant(query: dict[str, Any], hit: dict[str, Any]) -> bool:
    """The judgement of ``hit`` (``{"id", "names", "hs_codes", "city", "country"}``) for ``query``."""
    if "key" in query:
        return any(name_key(n) == query["key"] for n in hit["names"])
    if "target" in query:
        return bool(hit["id"] == query["target"])
    if query.get("country") and hit["country"] != query["country"]:
        return False
    if not any(code.startswith(query["hs"]) for code in hit["hs_codes"]):
        return False
    return "city" not in query or name_key(hit.get("city") or "") == name_key(query["city"])


def save(queries: list[dict[str, Any]], path: Path) -> None:
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in queries) + "\n", encoding="utf-8")
