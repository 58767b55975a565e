"""Entity resolution: Splink on DuckDB finds records of one producer across registers; golden records merge them.

Public entry points: :func:`resolve_producers`, :func:`list_review`, :func:`decide_review`,
:func:`merge_records`, :func:`unmerge_producer`; :func:`generate_registers` makes labelled synthetic registers.
Splink and DuckDB are imported only when scoring or training runs.
"""

from cagateway.ingest.resolution.golden import merge_records, unmerge_producer
from cagateway.ingest.resolution.services import ResolveReport, decide_review, list_review, resolve_producers
from cagateway.ingest.resolution.synthetic import generate_registers

__all__ = [
    "ResolveReport",
    "decide_review",
    "generate_registers",
    "list_review",
    "merge_records",
    "resolve_producers",
    "unmerge_producer",
]
