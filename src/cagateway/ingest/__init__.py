"""Import national registers: streaming readers, mapping files, row validation with a rejects report, staging
of rejected rows, idempotent and resumable chunked writes with provenance (``cagateway import``).

Entity resolution lives in :mod:`cagateway.ingest.resolution` and is not imported from here.
"""

from cagateway.ingest.pipeline import ImportOptions, ImportReport, import_file

__all__ = ["ImportOptions", "ImportReport", "import_file"]
