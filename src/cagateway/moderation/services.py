"""The services of moderation, in one place for the adapters (portal, API, CLI) and other domains (RFQ).

Services take an open session and never commit: the caller owns the transaction.
"""

from __future__ import annotations

from cagateway.moderation.claims import email_domain_matches, registrable_domain, submit_claim
from cagateway.moderation.decisions import decide_resolution_pair, decide_submission
from cagateway.moderation.edits import (
    EditResult,
    RepresentativeEdit,
    actor_of,
    attach_certificate_scan,
    edit_producer,
    edit_view,
    official_fields,
)
from cagateway.moderation.queue import (
    get_submission,
    list_submissions,
    profile_extras,
    represented_producers,
    submissions_of,
)
from cagateway.moderation.reports import ReportIn, submit_registration, submit_report
from cagateway.moderation.representatives import (
    is_representative,
    link_representative,
    producers_of,
    representatives_of,
)
from cagateway.moderation.uploads import find_upload, record_upload, store_upload, stored_path
from cagateway.moderation.verification import CHECKS, set_verification_tier, verification_records

__all__ = [
    "CHECKS",
    "EditResult",
    "ReportIn",
    "RepresentativeEdit",
    "actor_of",
    "attach_certificate_scan",
    "decide_resolution_pair",
    "decide_submission",
    "edit_producer",
    "edit_view",
    "email_domain_matches",
    "find_upload",
    "get_submission",
    "is_representative",
    "link_representative",
    "list_submissions",
    "official_fields",
    "producers_of",
    "profile_extras",
    "record_upload",
    "registrable_domain",
    "representatives_of",
    "represented_producers",
    "set_verification_tier",
    "store_upload",
    "stored_path",
    "submissions_of",
    "submit_claim",
    "submit_registration",
    "submit_report",
    "verification_records",
]
