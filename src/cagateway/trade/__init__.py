"""Trade intelligence: bilateral flows in Parquet (queried with DuckDB), indicators, export potential, gaps.

Stands alone except for country and HS codes; the gap finder takes producers as a table, so the registry is read
by ``cagateway.cooperation``, not here.
"""

from cagateway.trade.codes import CENTRAL_ASIA, GROUPS, parse_selector
from cagateway.trade.complexity import ComplexityResult, complexity, export_matrix, rca_matrix
from cagateway.trade.demo import DemoSpec, generate_demo_flows
from cagateway.trade.errors import ComtradeError, DatasetNotFound, TradeFileRejected, TradeInputError
from cagateway.trade.fetch import ComtradeQuery, fetch_comtrade
from cagateway.trade.gaps import ProducerCapacity, find_gaps
from cagateway.trade.indicators import Target, breakdown, cagr, growth_series, latest_year, target_progress, turnover
from cagateway.trade.ingest import FORMATS, LoadReport, load_trade_file
from cagateway.trade.potential import export_potential
from cagateway.trade.productspace import ProductSpace, diversification, load_product_space
from cagateway.trade.services import rca_table
from cagateway.trade.store import CIF_FOB_CAVEAT, DatasetInfo, TradeStore, parquet_metadata

__all__ = [
    "CENTRAL_ASIA",
    "CIF_FOB_CAVEAT",
    "FORMATS",
    "GROUPS",
    "ComplexityResult",
    "ComtradeError",
    "ComtradeQuery",
    "DatasetInfo",
    "DatasetNotFound",
    "DemoSpec",
    "LoadReport",
    "ProducerCapacity",
    "ProductSpace",
    "Target",
    "TradeFileRejected",
    "TradeInputError",
    "TradeStore",
    "breakdown",
    "cagr",
    "complexity",
    "diversification",
    "export_matrix",
    "export_potential",
    "fetch_comtrade",
    "find_gaps",
    "generate_demo_flows",
    "growth_series",
    "latest_year",
    "load_product_space",
    "load_trade_file",
    "parquet_metadata",
    "parse_selector",
    "rca_matrix",
    "rca_table",
    "target_progress",
    "turnover",
]
