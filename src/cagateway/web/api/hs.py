"""REST API v1: HS code suggestions for product texts, and confirmations that train later suggestions."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from cagateway.classify import record_hs_feedback, suggest_hs
from cagateway.classify.services import MAX_TEXT
from cagateway.classify.suggest import MAX_TOP
from cagateway.web.deps import SettingsDep, WriteSession

router = APIRouter(tags=["hs"])

API_ACTOR = "api"


class SuggestIn(BaseModel):
    """A product text in Russian, Kazakh, Uzbek (Latin or Cyrillic) or English."""

    text: Annotated[str, Field(max_length=MAX_TEXT, examples=["мука пшеничная высшего сорта"])]
    top: Annotated[int, Field(ge=1, le=MAX_TOP)] = 5


class ConfirmIn(BaseModel):
    """A product text and the HS heading or subheading a person confirmed for it."""

    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT, examples=["paxta kalava"])]
    hs_code: Annotated[str, Field(examples=["520512"])]
    lang: Annotated[str | None, Field(max_length=8, examples=["uz"])] = None


@router.post("/api/v1/hs/suggest")
def suggest(data: SuggestIn, settings: SettingsDep) -> dict[str, Any]:
    """Suggested HS 2022 subheadings, best first, each with heading, confidence and the texts it matched.

    ``confident`` is false (and ``message`` says "no confident suggestion") when even the best is uncertain.
    """
    result = suggest_hs(settings.hs_model_path, data.text, data.top)
    return {"ok": True, **result.as_dict()}


@router.post("/api/v1/hs/confirmations", status_code=201)
def confirm(data: ConfirmIn, session: WriteSession) -> dict[str, Any]:
    """Record that a text is an HS code; the next ``cagateway hs train`` learns from it."""
    feedback = record_hs_feedback(session, data.text, data.hs_code, actor=API_ACTOR, lang=data.lang)
    return {"ok": True, "id": feedback.id, "text": feedback.text, "hs_code": feedback.hs_code}
