"""Errors of the moderation domain::

GatewayError
├── InvalidInput (422)
│   ├── UploadRejected (422, "upload_rejected")      wrong type, empty, a path in the name
│   ├── ReasonRequired (422, "reason_required")
│   └── ClaimNotProvable (422, "claim_not_provable")   e-mail domain is not the website's
├── UploadTooLarge (413, "upload_too_large")
├── accounts.errors.Forbidden (403; the portal shows its error page)
│   ├── NotRepresentative (403, "not_representative")  editing a producer one does not represent
│   └── UploadForbidden (403, "upload_forbidden")
├── NotFound (404): SubmissionNotFound, UploadNotFound
└── Conflict (409): AlreadyDecided, AlreadyClaimed
"""

from __future__ import annotations

from typing import Any

from cagateway.accounts.errors import Forbidden
from cagateway.errors import Conflict, FieldError, GatewayError, InvalidInput, NotFound

__all__ = [
    "AlreadyClaimed",
    "AlreadyDecided",
    "ClaimNotProvable",
    "NotRepresentative",
    "ReasonRequired",
    "SubmissionNotFound",
    "UploadForbidden",
    "UploadNotFound",
    "UploadRejected",
    "UploadTooLarge",
]


class UploadRejected(InvalidInput):
    code = "upload_rejected"

    def __init__(self, field: str, message: str, value: Any = None) -> None:
        super().__init__(message, [FieldError(field, message, value)])


class UploadTooLarge(GatewayError):
    code = "upload_too_large"
    status = 413

    def __init__(self, max_bytes: int) -> None:
        limit = f"{max_bytes / 1_000_000:g} MB" if max_bytes >= 1_000_000 else f"{max_bytes} bytes"
        super().__init__(
            f"The file is larger than {limit}. Upload a smaller file (a scan at 150 dpi, or a PDF of fewer pages).",
            [FieldError("file", f"larger than {limit}")],
        )


class UploadNotFound(NotFound):
    code = "upload_not_found"

    def __init__(self, token: str) -> None:
        super().__init__(f"No uploaded file {token!r}. Use the link shown next to the submission.")


class UploadForbidden(Forbidden):
    code = "upload_forbidden"

    def __init__(self) -> None:
        super().__init__(
            "This file is shown only to the user who uploaded it, the producer's representatives and moderators."
        )


class NotRepresentative(Forbidden):
    """Accounts' Forbidden: the portal shows its error page, the API the error body."""

    code = "not_representative"

    def __init__(self, public_id: str) -> None:
        super().__init__(
            f"You do not represent producer {public_id}, so you cannot change it. "
            f"Claim it first at /producers/{public_id}/claim, or report a mistake on its page."
        )


class SubmissionNotFound(NotFound):
    code = "submission_not_found"

    def __init__(self, submission_id: int) -> None:
        super().__init__(
            f"No submission {submission_id}. List the queue with `cagateway moderation list` to see their ids."
        )


class AlreadyDecided(Conflict):
    code = "already_decided"

    def __init__(self, submission_id: int, status: str) -> None:
        super().__init__(f"Submission {submission_id} was already {status}; a decision is final.")


class EditOutdated(Conflict):
    code = "edit_outdated"

    def __init__(self, submission_id: int, sections: list[str]) -> None:
        super().__init__(
            f"Submission {submission_id} cannot be approved: the producer's {', '.join(sections)} changed after the "
            "representative wrote this edit, and approving it would overwrite that change unseen. Reject it with a "
            "reason asking for a new edit of the current data."
        )


class AlreadyClaimed(Conflict):
    code = "already_claimed"

    def __init__(self, message: str) -> None:
        super().__init__(message)


class ReasonRequired(InvalidInput):
    code = "reason_required"

    def __init__(self) -> None:
        message = "Give a reason for the decision: the submitter is shown it."
        super().__init__(message, [FieldError("reason", message, "")])


class ClaimNotProvable(InvalidInput):
    code = "claim_not_provable"

    def __init__(self, message: str) -> None:
        super().__init__(message, [FieldError("method", message)])
