"""Errors of entity resolution."""

from __future__ import annotations

from cagateway.errors import Conflict, InvalidInput, NotFound

__all__ = ["NotMerged", "ReviewItemDecided", "ReviewItemNotFound", "TooFewRecords"]


class NotMerged(InvalidInput):
    code = "not_merged"

    def __init__(self, public_id: str) -> None:
        super().__init__(
            f"Producer {public_id} is not a golden record and is not merged into one: there is nothing to unmerge. "
            "Give the id of a golden record (`cagateway producers show ID --json` lists its sources)."
        )


class ReviewItemNotFound(NotFound):
    code = "review_item_not_found"

    def __init__(self, item_id: int) -> None:
        super().__init__(f"No review item {item_id}. `cagateway review` lists the pending items and their ids.")


class ReviewItemDecided(Conflict):
    code = "review_item_decided"

    def __init__(self, item_id: int, status: str) -> None:
        super().__init__(f"Review item {item_id} was already {status}; `cagateway review` lists the pending items.")


class TooFewRecords(InvalidInput):
    code = "too_few_records"

    def __init__(self, count: int, needed: int) -> None:
        super().__init__(
            f"Training the resolution model needs at least {needed} producer records; the registry has {count}. "
            "Import more registers first, or point CAGATEWAY_RESOLUTION_MODEL_PATH at a model trained elsewhere."
        )
