"""Resolution keys agree across scripts and spellings; clusters and pairwise scores count right."""

from __future__ import annotations

import pytest

from cagateway.ingest.resolution.clusters import clusters_of, pairwise_scores
from cagateway.ingest.resolution.features import RawRecord, features_of, phone_key, web_domain
from cagateway.ingest.resolution.model import ScoredPair


def _record(name: str, city: str, **kwargs: object) -> RawRecord:
    return RawRecord(1, "KZ", [name], city=city, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("«Оңтүстік Цемент» ЖШС", "Шымкент"),
        ("ТОО «Оңтүстік Цемент»", "г. Шымкент"),
        ("Ontustik Cement LLP", "Shymkent"),
        ('"ONTUSTIK SEMENT" TOO', "Shymkent city"),
    ],
)
def test_one_plant_written_four_ways_has_one_name_key_and_city_key(name: str, city: str) -> None:
    features = features_of(_record(name, city))
    assert (features.name_key, features.city_key) == ("ontustik sement", "shymkent")


def test_a_trading_company_keeps_its_extra_word() -> None:
    assert features_of(_record("Ontustik Cement Trading LLP", "Almaty")).name_tokens == ["ontustik", "sement", "tradin"]


def test_phones_compare_by_subscriber_number_and_domains_without_www() -> None:
    assert phone_key("+7 (7252) 53-40-10") == phone_key("87252534010") == "252534010"
    assert phone_key("12-34") is None
    assert web_domain("https://www.ontustik-cement.example/ru") == "ontustik-cement.example"
    assert web_domain("sales@ontustik-cement.example") == "ontustik-cement.example"
    assert web_domain("ontustik@gmail.com") is None  # a public mail provider says nothing about the company


def test_features_take_headings_and_the_first_of_each_contact() -> None:
    raw = RawRecord(
        7, "kz", ["ТОО «Алтын Ұн»"], ["KZ-BIN:940140000385"], "Астана", "kz-71", ["110100", "1102", "11"],
        ["+77172000000", "+77172111111"], ["info@altyn-un.example"],
    )  # fmt: skip
    features = features_of(raw)
    assert features.country == "KZ" and features.region == "KZ-71"
    assert (features.hs_headings, features.hs_chapter) == (["1101", "1102"], "11")
    assert (features.identifier, features.phone, features.domain) == (
        "KZ-BIN:940140000385",
        "172000000",
        "altyn-un.example",
    )


def test_clusters_join_transitively_except_through_rejected_pairs() -> None:
    pairs = [ScoredPair(1, 2, 0.99), ScoredPair(2, 3, 0.97), ScoredPair(4, 5, 0.6), ScoredPair(5, 6, 0.99)]
    assert clusters_of(pairs, 0.95) == [[1, 2, 3], [5, 6]]
    assert clusters_of(pairs, 0.95, forbidden={(2, 3)}) == [[1, 2], [5, 6]]
    assert clusters_of(pairs, 0.5) == [[1, 2, 3], [4, 5, 6]]


def test_pairwise_scores_count_pairs_inside_clusters() -> None:
    truth = {1: "a", 2: "a", 3: "a", 4: "b", 5: "b", 6: "c"}
    scores = pairwise_scores([[1, 2], [3, 4]], truth)  # 1 right pair out of 2 predicted; 4 true pairs
    assert (scores.predicted_pairs, scores.correct_pairs, scores.true_pairs) == (2, 1, 4)
    assert scores.precision == 0.5 and scores.recall == 0.25
    assert scores.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)
