"""RCA, density, ECI and PCI agree with ``ecomplexity`` on the same input; product-space density by hand."""

from __future__ import annotations

import warnings
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from ecomplexity import ecomplexity

from cagateway.trade import complexity, diversification, export_matrix, load_product_space
from cagateway.trade.errors import TradeConfigurationError
from cagateway.trade.productspace import ProductSpace, density_scores


def _random_exports(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    exports = rng.lognormal(2.0, 1.5, (12, 18)) * (rng.random((12, 18)) < 0.6)
    exports[:, 0] += 1.0  # every product and country has some exports
    exports[0, :] += 1.0
    return exports


def _ecomplexity(exports: np.ndarray) -> pd.DataFrame:
    rows = [
        {"year": 2023, "loc": f"C{c:02d}", "prod": f"P{p:02d}", "val": exports[c, p]}
        for c in range(exports.shape[0])
        for p in range(exports.shape[1])
    ]
    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecation notices inside the library
        out = ecomplexity(pd.DataFrame(rows), cols, check_logsupermodularity=False, verbose=False)
    return out.sort_values(["loc", "prod"]).reset_index(drop=True)


@pytest.mark.parametrize("seed", [1, 2])
def test_agrees_with_ecomplexity(seed: int) -> None:
    exports = _random_exports(seed)
    ours = complexity(exports)
    ref = _ecomplexity(exports)
    shape = exports.shape
    np.testing.assert_allclose(ours.rca, ref["rca"].to_numpy().reshape(shape), rtol=1e-9)
    np.testing.assert_array_equal(ours.mcp, ref["mcp"].to_numpy().reshape(shape))
    np.testing.assert_allclose(ours.density, ref["density"].to_numpy().reshape(shape), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.eci, ref["eci"].to_numpy().reshape(shape)[:, 0], rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours.pci, ref["pci"].to_numpy().reshape(shape)[0, :], rtol=1e-6, atol=1e-9)


def test_rca_by_hand() -> None:
    exports = np.array([[40.0, 10.0], [0.0, 50.0]])  # world: 40, 60; total 100
    result = complexity(exports)
    assert result.rca[0, 0] == pytest.approx((40 / 50) / (40 / 100))
    assert result.rca[1, 1] == pytest.approx((50 / 50) / (60 / 100))
    assert result.mcp.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_export_matrix_reads_the_flows(con: duckdb.DuckDBPyConnection) -> None:
    countries, products, matrix = export_matrix(con, 2023, digits=4)
    assert countries == ["CHN", "KAZ", "RUS", "UZB"] and products == ["1001", "5201", "7202"]
    assert matrix[countries.index("KAZ")].tolist() == [40.0, 10.0, 40.0]


def _space(folder: Path) -> Path:
    folder.mkdir()
    (folder / "product_space_hs4_nodes.csv").write_text(
        "hs4,x,y,short_label,long_label,color\n1001,0,0,Wheat,,\n1101,0,0,Flour,,\n5201,0,0,Cotton,,\n"
        "5205,0,0,Yarn,,\n7202,0,0,Ferroalloys,,\n",
        encoding="utf-8",
    )
    (folder / "product_space_hs4_edges.csv").write_text(
        "source_hs4,target_hs4\n1001,1101\n5201,5205\n1101,5205\n7202,5205\n", encoding="utf-8"
    )
    return folder


def test_product_space_density_by_hand(tmp_path: Path) -> None:
    space = load_product_space(_space(tmp_path / "ps"))
    # Neighbours of 5205: 5201, 1101, 7202; a country with RCA in 5201 and 7202 holds 2 of 3.
    assert density_scores(space, {"5201", "7202"})["5205"] == (pytest.approx(2 / 3), 2, 3)
    assert density_scores(space, {"5201", "7202"})["1001"][0] == 0.0


def test_diversification_ranks_by_density(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    space = load_product_space(_space(tmp_path / "ps"))
    result = diversification(con, space, ("KAZ",), 2023)
    # KAZ has RCA >= 1 in 1001 and 7202 (see test_rca_is_balassa). 1101's neighbours 1001, 5205: one held (1/2);
    # 5205's neighbours 5201, 1101, 7202: one held (1/3); 5201 (RCA 0.26) has neighbour 5205, not held.
    assert [(i["hs4"], i["density"]) for i in result["items"]] == [("1101", 0.5), ("5205", 0.3333), ("5201", 0.0)]
    assert result["headings_with_rca"] == 2 and result["data_headings_not_in_space"] == 0


def test_the_shared_product_space_loads() -> None:
    folder = Path(__file__).resolve().parents[4] / "shared" / "data" / "product_space"
    if not folder.is_dir():
        pytest.skip("../shared/data/product_space is not beside the repository")
    space = load_product_space(folder)
    assert len(space.labels) == 866 and sum(len(v) for v in space.neighbours.values()) == 2 * 2532


def test_missing_product_space_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(TradeConfigurationError, match="CAGATEWAY_PRODUCT_SPACE_DIR"):
        load_product_space(tmp_path)


def test_a_product_space_without_labels_is_usable() -> None:
    space = ProductSpace({"0101": ""}, {"0101": frozenset()})
    assert density_scores(space, set())["0101"] == (0.0, 0, 0)
