"""Legal forms in company names: find them (``ТОО``, ``ЖШС``, ``MChJ``, ``有限公司``…) and strip them off.

Registry names put the form in front (Russian style, ``ТОО «Шымкентцемент»``), behind (Kazakh, Uzbek, Turkish and
Chinese style, ``«Шымкентцемент» ЖШС``, ``"Toshkent Tekstil" MChJ``, ``新疆天山水泥有限公司``), or both, in
bilingual strings (``«Оңтүстік Цемент» ЖШС / ТОО «Южный Цемент»``). :data:`LEGAL_FORMS` lists the spellings
and the class each one belongs to; :func:`detect_legal_form` finds one, :func:`strip_legal_form` returns the
bare name.

How spellings match:

* whole words only: ``ТОО`` does not match inside ``ТООЛ``, nor ``AO`` inside ``KAOLIN``; a hyphen counts as
  part of a word, so the Kyrgyz ``Ала-ТОО`` is a name, not a form. Chinese forms have no word boundaries;
* Cyrillic abbreviations match as written or in capitals only (``ОсОО``, ``ОСОО``), because in other cases they
  are words: Kazakh ``Ақ`` is "white", Kyrgyz ``Тоо`` is "mountain". Latin forms match in any case
  (``LLC``, ``Llc``, ``llc``) except the few that are also words or initials (``TOO``, ``AO``, ``AJ``…), which
  are flagged ``exact_case``. Spelled-out forms match in any case. Strip legal forms *before* lower-casing;
* dots and the comma in ``Co., Ltd.`` are optional, spaces may be any whitespace or a hyphen, and an apostrophe
  matches any apostrophe variant (``mas'uliyati``, ``masʼuliyati``, ``masʻuliyati``).

Where a registry string is bilingual, separated by a spaced slash, a pipe or a line break, the first part wins.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal

__all__ = [
    "LEGAL_FORMS",
    "LegalForm",
    "LegalFormClass",
    "LegalFormMatch",
    "Position",
    "detect_legal_form",
    "strip_legal_form",
]


class LegalFormClass(StrEnum):
    """What kind of entity a legal form makes, normalised across countries."""

    LLP = "LLP"  # limited liability partnership: ТОО / ЖШС
    JSC = "JSC"  # joint-stock company: АО, АҚ, AJ, A.Ş., 股份有限公司
    LLC = "LLC"  # limited liability company: ООО, MChJ, ОсОО, Ltd, GmbH, 有限公司
    IE = "IE"  # individual entrepreneur: ИП, ЖК, YaTT
    STATE = "STATE"  # state enterprise or institution: РГП, ГКП, DUK
    COOP = "COOP"  # cooperative: ПК, СПК
    FARM = "FARM"  # peasant or farm holding: КХ, ФХ, шаруа қожалығы
    OTHER = "OTHER"  # anything else: Co., associations, private enterprises


Position = Literal["prefix", "suffix", "infix"]


@dataclass(frozen=True)
class LegalForm:
    """One spelling of a legal form: its class, language (ISO 639-1) and script (ISO 15924).

    ``exact_case`` None means the default rule: Cyrillic abbreviations match as written or in capitals,
    everything else in any case.
    """

    spelling: str
    form_class: LegalFormClass
    language: str
    script: str
    exact_case: bool | None = None

    @property
    def case_sensitive(self) -> bool:
        """Whether the spelling matches only as written or in capitals."""
        if self.exact_case is not None:
            return self.exact_case
        return self.script == "Cyrl" and " " not in self.spelling


@dataclass(frozen=True)
class LegalFormMatch:
    """A legal form found in a name: its class, the text as written, and where it stood."""

    form_class: LegalFormClass
    local: str
    position: Position


_LLP, _JSC, _LLC, _IE = LegalFormClass.LLP, LegalFormClass.JSC, LegalFormClass.LLC, LegalFormClass.IE
_STATE, _COOP, _FARM, _OTHER = LegalFormClass.STATE, LegalFormClass.COOP, LegalFormClass.FARM, LegalFormClass.OTHER


def _cyrl(spelling: str, form_class: LegalFormClass, language: str) -> LegalForm:
    return LegalForm(spelling, form_class, language, "Cyrl")


def _latn(spelling: str, form_class: LegalFormClass, language: str, *, exact_case: bool = False) -> LegalForm:
    return LegalForm(spelling, form_class, language, "Latn", exact_case)


def _hans(spelling: str, form_class: LegalFormClass) -> LegalForm:
    return LegalForm(spelling, form_class, "zh", "Hans")


LEGAL_FORMS: tuple[LegalForm, ...] = (
    # Limited liability partnerships (Kazakhstan)
    _cyrl("ТОО", _LLP, "ru"),
    _cyrl("товарищество с ограниченной ответственностью", _LLP, "ru"),
    _cyrl("ЖШС", _LLP, "kk"),
    _cyrl("жауапкершілігі шектеулі серіктестік", _LLP, "kk"),
    _cyrl("жауапкершілігі шектеулі серіктестігі", _LLP, "kk"),
    _latn("TOO", _LLP, "ru", exact_case=True),  # "too" is an English word
    _latn("ZhShS", _LLP, "kk"),
    _latn("JShS", _LLP, "kk"),
    _latn("LLP", _LLP, "en"),
    _latn("Limited Liability Partnership", _LLP, "en"),
    # Joint-stock companies
    _cyrl("АО", _JSC, "ru"),
    _cyrl("НАО", _JSC, "ru"),
    _cyrl("ОАО", _JSC, "ru"),
    _cyrl("ЗАО", _JSC, "ru"),
    _cyrl("ПАО", _JSC, "ru"),
    _cyrl("акционерное общество", _JSC, "ru"),
    _cyrl("открытое акционерное общество", _JSC, "ru"),
    _cyrl("закрытое акционерное общество", _JSC, "ru"),
    _cyrl("публичное акционерное общество", _JSC, "ru"),
    _cyrl("некоммерческое акционерное общество", _JSC, "ru"),
    _cyrl("АҚ", _JSC, "kk"),
    _cyrl("акционерлік қоғам", _JSC, "kk"),
    _cyrl("акционерлік қоғамы", _JSC, "kk"),
    _latn("AO", _JSC, "ru", exact_case=True),
    _latn("AQ", _JSC, "kk", exact_case=True),
    _latn("AJ", _JSC, "uz", exact_case=True),  # also initials
    _latn("aksiyadorlik jamiyati", _JSC, "uz"),
    _cyrl("АЖ", _JSC, "uz"),
    _cyrl("акциядорлик жамияти", _JSC, "uz"),
    _cyrl("ААК", _JSC, "ky"),
    _cyrl("ЖАК", _JSC, "ky"),
    _cyrl("ачык акционердик коом", _JSC, "ky"),
    _cyrl("жабык акционердик коом", _JSC, "ky"),
    _cyrl("ҶСК", _JSC, "tg"),
    _latn("ASC", _JSC, "az", exact_case=True),
    _latn("QSC", _JSC, "az", exact_case=True),
    _latn("açıq səhmdar cəmiyyəti", _JSC, "az"),
    _latn("qapalı səhmdar cəmiyyəti", _JSC, "az"),
    _latn("A.Ş.", _JSC, "tr"),
    _latn("Anonim Şirketi", _JSC, "tr"),
    _latn("JSC", _JSC, "en"),
    _latn("OJSC", _JSC, "en"),
    _latn("CJSC", _JSC, "en"),
    _latn("PJSC", _JSC, "en"),
    _latn("Joint Stock Company", _JSC, "en"),
    _latn("Open Joint Stock Company", _JSC, "en"),
    _latn("Closed Joint Stock Company", _JSC, "en"),
    _latn("Inc.", _JSC, "en"),
    _latn("PLC", _JSC, "en"),
    _latn("AG", _JSC, "de", exact_case=True),
    _hans("股份有限公司", _JSC),
    _hans("股份公司", _JSC),
    # Limited liability companies
    _cyrl("ООО", _LLC, "ru"),
    _cyrl("общество с ограниченной ответственностью", _LLC, "ru"),
    _cyrl("ОсОО", _LLC, "ru"),  # Kyrgyzstan's Russian abbreviation
    _cyrl("ЖЧК", _LLC, "ky"),
    _cyrl("жоопкерчилиги чектелген коом", _LLC, "ky"),
    _cyrl("МЧЖ", _LLC, "uz"),
    _cyrl("масъулияти чекланган жамият", _LLC, "uz"),
    _cyrl("масъулияти чекланган жамияти", _LLC, "uz"),
    _latn("MChJ", _LLC, "uz"),
    _latn("mas'uliyati cheklangan jamiyat", _LLC, "uz"),
    _latn("mas'uliyati cheklangan jamiyati", _LLC, "uz"),
    _cyrl("ҶДММ", _LLC, "tg"),
    _cyrl("ҷамъияти дорои масъулияти маҳдуд", _LLC, "tg"),
    _cyrl("ХЖ", _LLC, "tk"),
    _latn("HJ", _LLC, "tk", exact_case=True),
    _latn("hojalyk jemgyýeti", _LLC, "tk"),
    _latn("hojalyk jemgyyeti", _LLC, "tk"),  # without the ý, as often typed
    _latn("paýdarlar jemgyýeti", _JSC, "tk"),
    _latn("hususy kärhanasy", _OTHER, "tk"),
    _latn("daýhan birleşigi", _COOP, "tk"),
    _latn("Tarım Kalkınma Kooperatifi", _COOP, "tr"),
    _latn("Kooperatifi", _COOP, "tr"),
    _latn("MMC", _LLC, "az"),
    _latn("Məhdud Məsuliyyətli Cəmiyyət", _LLC, "az"),
    _latn("Ltd. Şti.", _LLC, "tr"),
    _latn("Limited Şirketi", _LLC, "tr"),
    _latn("LLC", _LLC, "en"),
    _latn("L.L.C.", _LLC, "en"),
    _latn("Limited Liability Company", _LLC, "en"),
    _latn("Ltd.", _LLC, "en"),
    _latn("Limited", _LLC, "en"),
    _latn("Co., Ltd.", _LLC, "en"),
    _latn("GmbH", _LLC, "de"),
    _hans("有限公司", _LLC),
    _hans("有限责任公司", _LLC),
    # Individual entrepreneurs
    _cyrl("ИП", _IE, "ru"),
    _cyrl("индивидуальный предприниматель", _IE, "ru"),
    _cyrl("ЖК", _IE, "kk"),
    _cyrl("ЖИ", _IE, "ky"),
    _cyrl("жеке ишкер", _IE, "ky"),
    _cyrl("жеке кәсіпкер", _IE, "kk"),
    _latn("YaTT", _IE, "uz"),
    _latn("yakka tartibdagi tadbirkor", _IE, "uz"),
    _cyrl("ЯТТ", _IE, "uz"),
    _cyrl("якка тартибдаги тадбиркор", _IE, "uz"),
    _latn("Individual Entrepreneur", _IE, "en"),
    # State enterprises and institutions
    _cyrl("РГП", _STATE, "ru"),
    _cyrl("РГП на ПХВ", _STATE, "ru"),
    _cyrl("РГП на праве хозяйственного ведения", _STATE, "ru"),
    _cyrl("РГКП", _STATE, "ru"),
    _cyrl("ГКП", _STATE, "ru"),
    _cyrl("ГКП на ПХВ", _STATE, "ru"),
    _cyrl("ГКП на праве хозяйственного ведения", _STATE, "ru"),
    _cyrl("ГККП", _STATE, "ru"),
    _cyrl("КГП", _STATE, "ru"),
    _cyrl("КГКП", _STATE, "ru"),
    _cyrl("ГУП", _STATE, "ru"),
    _cyrl("ГП", _STATE, "ru"),
    _cyrl("ГУ", _STATE, "ru"),
    _cyrl("КГУ", _STATE, "ru"),
    _cyrl("РГУ", _STATE, "ru"),
    _cyrl("государственное предприятие", _STATE, "ru"),
    _cyrl("республиканское государственное предприятие", _STATE, "ru"),
    _cyrl("государственное коммунальное предприятие", _STATE, "ru"),
    _cyrl("государственное унитарное предприятие", _STATE, "ru"),
    _cyrl("государственное учреждение", _STATE, "ru"),
    _cyrl("РМК", _STATE, "kk"),
    _cyrl("ШЖҚ РМК", _STATE, "kk"),
    _cyrl("МКҚК", _STATE, "kk"),
    _cyrl("ММ", _STATE, "kk"),
    _latn("DUK", _STATE, "uz"),
    _latn("davlat unitar korxonasi", _STATE, "uz"),
    _cyrl("ДУК", _STATE, "uz"),
    _cyrl("МИ", _STATE, "ky"),
    _cyrl("мамлекеттик ишкана", _STATE, "ky"),
    _cyrl("КВД", _STATE, "tg"),
    _cyrl("корхонаи воҳиди давлатӣ", _STATE, "tg"),
    _cyrl("давлат унитар корхонаси", _STATE, "uz"),
    # Cooperatives
    _cyrl("ПК", _COOP, "ru"),
    _cyrl("СПК", _COOP, "ru"),
    _cyrl("кооператив", _COOP, "ru"),
    _cyrl("производственный кооператив", _COOP, "ru"),
    _cyrl("сельскохозяйственный производственный кооператив", _COOP, "ru"),
    _latn("PK", _COOP, "ru", exact_case=True),
    _cyrl("ӨК", _COOP, "kk"),
    _cyrl("өндірістік кооператив", _COOP, "kk"),
    _latn("Cooperative", _COOP, "en"),
    # Peasant and farm holdings
    _cyrl("КХ", _FARM, "ru"),
    _cyrl("ФХ", _FARM, "ru"),
    _cyrl("К(Ф)Х", _FARM, "ru"),
    _cyrl("крестьянское хозяйство", _FARM, "ru"),
    _cyrl("фермерское хозяйство", _FARM, "ru"),
    _cyrl("крестьянское (фермерское) хозяйство", _FARM, "ru"),
    _cyrl("ШҚ", _FARM, "kk"),
    _cyrl("шаруа қожалығы", _FARM, "kk"),
    _latn("fermer xo'jaligi", _FARM, "uz"),
    _latn("dehqon xo'jaligi", _FARM, "uz"),
    _cyrl("фермер хўжалиги", _FARM, "uz"),
    _cyrl("КФХ", _FARM, "ru"),
    _cyrl("крестьянское фермерское хозяйство", _FARM, "ru"),
    _cyrl("ДХ", _FARM, "ru"),
    _cyrl("дехканское хозяйство", _FARM, "ru"),
    _cyrl("ДЧ", _FARM, "ky"),
    _cyrl("дыйкан чарбасы", _FARM, "ky"),
    _cyrl("ХД", _FARM, "tg"),
    _cyrl("хоҷагии деҳқонӣ", _FARM, "tg"),
    _latn("FX", _FARM, "uz", exact_case=True),
    # Other
    _latn("Co.", _OTHER, "en"),
    _cyrl("ОЮЛ", _OTHER, "ru"),
    _cyrl("ОО", _OTHER, "ru"),
    _cyrl("ЧП", _OTHER, "ru"),
    _latn("XK", _OTHER, "uz", exact_case=True),
    _latn("xususiy korxona", _OTHER, "uz"),
    _cyrl("ХК", _OTHER, "uz"),
    _cyrl("хусусий корхона", _OTHER, "uz"),
)

_APOSTROPHES = "'‘’`´ʻʼ"
_APOSTROPHE_CLASS = f"[{re.escape(_APOSTROPHES)}]"
_SEGMENT_SEPARATOR = re.compile(r"\s+[/|]\s+|\s*\n\s*")
_QUOTED = re.compile(r"«[^»]*»|„[^“”]*[“”]|“[^”]*”|\"[^\"]*\"|‹[^›]*›|「[^」]*」|『[^』]*』")
_QUOTE_CHARS = re.compile(r"[«»„“”\"‹›「」『』]")
# An apostrophe is a quote mark where it opens a word, or closes one that does not end in o/g (Uzbek "tog'").
_APOSTROPHE_QUOTE = re.compile(rf"(?<!\w){_APOSTROPHE_CLASS}|(?<=[^\WoOgG]){_APOSTROPHE_CLASS}(?!\w)")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|（\s*）")
_SPACE_INSIDE_BRACKETS = re.compile(r"(?<=[(\[（])\s+|\s+(?=[)\]）])")
_LEADING_JUNK = re.compile(r"^[\s,;:.\-–—/|·]+")
# A trailing dot is junk unless it ends an initial or an abbreviation ("Ахметов Б.К.").
_TRAILING_JUNK = re.compile(r"(?:[\s,;:\-–—/|·]|(?<![\w.])\.)+$")
_WORD_CHAR = re.compile(r"\w")


def _spelling_regex(spelling: str) -> str:
    parts: list[str] = []
    previous = ""
    for char in spelling:
        if char == " ":
            parts.append(r"[\s\-]*" if previous in {".", ","} else r"[\s\-]+")
        elif char in {".", ","}:
            parts.append(re.escape(char) + "?")
        elif char in _APOSTROPHES:
            parts.append(_APOSTROPHE_CLASS + "?")
        else:
            parts.append(re.escape(char))
        previous = char
    return "".join(parts)


def _form_regex(form: LegalForm) -> str:
    if form.case_sensitive:
        variants = sorted({form.spelling, form.spelling.upper()})
        body = "(?:" + "|".join(_spelling_regex(variant) for variant in variants) + ")"
    else:
        body = f"(?i:{_spelling_regex(form.spelling)})"
    if form.script == "Hans":  # Chinese writes no spaces: a form is found anywhere
        return body
    return rf"(?<![\w\-]){body}(?![\w\-])"


# Longest spellings first, so that at any position "Co., Ltd." wins over "Co." and 股份有限公司 over 有限公司.
_BY_LENGTH = sorted(LEGAL_FORMS, key=lambda form: -len(form.spelling))
_NOTHING = re.compile(r"(?!)")
_NOT_LETTERS_OR_DIGITS = re.compile(rf"(?:[\W_]|{_APOSTROPHE_CLASS})+")  # ʻ and ʼ are letters to \w


def _squash(text: str) -> str:
    # upper() first so that letters a case-insensitive regex takes as equal fold alike: ı and i, ſ and s.
    return _NOT_LETTERS_OR_DIGITS.sub("", text.upper().lower())


# One alternation of several hundred forms costs about a millisecond a name, and almost every form is absent from
# any one name. A form's regex only matches where the letters of its spelling stand in order with nothing but
# punctuation and spaces between them, so the spelling squashed to its letters must be a substring of the
# segment squashed the same way; only the forms that pass this test go into the segment's regex.
_SQUASHED = [(_squash(form.spelling), index) for index, form in enumerate(_BY_LENGTH)]


@lru_cache(maxsize=4096)
def _forms_regex(candidates: tuple[int, ...]) -> re.Pattern[str]:
    if not candidates:
        return _NOTHING
    return re.compile("|".join(f"(?P<f{index}>{_form_regex(_BY_LENGTH[index])})" for index in candidates))


def _forms_in(segment: str) -> re.Pattern[str]:
    """A regex of the forms that can occur in ``segment`` (longest first, as in ``_BY_LENGTH``)."""
    squashed = _squash(segment)
    return _forms_regex(tuple(index for key, index in _SQUASHED if key in squashed))


def _segments(name: str) -> list[str]:
    return [segment for segment in _SEGMENT_SEPARATOR.split(name) if segment.strip()]


def _quoted_spans(segment: str) -> list[tuple[int, int]]:
    return [found.span() for found in _QUOTED.finditer(segment)]


def _is_inside(spans: list[tuple[int, int]], index: int) -> bool:
    return any(left < index < right for left, right in spans)


def _position(segment: str, start: int, end: int) -> Position:
    if not _WORD_CHAR.search(segment[:start]):
        return "prefix"
    if not _WORD_CHAR.search(segment[end:]):
        return "suffix"
    return "infix"


def _best_match(segment: str) -> LegalFormMatch | None:
    """The form outside quotes at either end if there is one, else the first infix, else one inside quotes."""
    quoted = _quoted_spans(segment)
    ranked: list[tuple[bool, bool, int, LegalFormMatch]] = []
    for found in _forms_in(segment).finditer(segment):
        form = _BY_LENGTH[int(str(found.lastgroup)[1:])]
        start, end = found.span()
        position = _position(segment, start, end)
        match = LegalFormMatch(form.form_class, found[0], position)
        ranked.append((_is_inside(quoted, start), position == "infix", start, match))
    return min(ranked, key=lambda item: item[:3])[3] if ranked else None


def detect_legal_form(name: str) -> LegalFormMatch | None:
    """Find the legal form in a registry name, or None.

    Example: ``detect_legal_form("«Шымкентцемент» ЖШС")`` is ``LegalFormMatch(LLP, "ЖШС", "suffix")``.
    In a bilingual string the first part that has a form decides.
    """
    for segment in _segments(unicodedata.normalize("NFC", name)):
        match = _best_match(segment)
        if match is not None:
            return match
    return None


def _clean(text: str) -> str:
    text = _QUOTE_CHARS.sub(" ", text)
    text = _APOSTROPHE_QUOTE.sub(" ", text)
    text = _EMPTY_BRACKETS.sub(" ", text)
    text = _SPACE_INSIDE_BRACKETS.sub("", " ".join(text.split()))
    return _TRAILING_JUNK.sub("", _LEADING_JUNK.sub("", text))


def _without_any_form(segment: str) -> str:
    return _forms_in(segment).sub(" ", segment)


def _without_forms_outside_quotes(segment: str) -> str:
    quoted = _quoted_spans(segment)
    return _forms_in(segment).sub(lambda found: found[0] if _is_inside(quoted, found.start()) else " ", segment)


def _strip_once(text: str) -> str:
    segments = _segments(text)
    # A name that is itself a form ("ТОО «АО»") keeps the quoted part; one that is nothing else keeps it all.
    for remove_forms in (_without_any_form, _without_forms_outside_quotes):
        for segment in segments:
            bare = _clean(remove_forms(segment))
            if bare:
                return bare
    return _clean(segments[0]) if segments else ""


def strip_legal_form(name: str) -> str:
    """The bare name: legal forms, quotes and surrounding punctuation removed, whitespace collapsed.

    Example: ``strip_legal_form("ТОО «Шымкентцемент»")`` is ``"Шымкентцемент"``; for a bilingual
    ``«Оңтүстік Цемент» ЖШС / ТОО «Южный Цемент»`` it is the first part's ``"Оңтүстік Цемент"``.

    Every form is removed, also one inside the quotes (``ТОО «ИП Сервис»`` gives ``"Сервис"``): once the quotes
    are gone it could not be told from a real form, and stripping is idempotent. A name that is nothing but a
    form is kept as it is.
    """
    text = unicodedata.normalize("NFC", name)
    # Each pass shortens the text or replaces a quote or odd space with a plain one, so this ends.
    for _ in range(2 * len(text) + 2):
        stripped = _strip_once(text)
        if stripped == text:
            break
        text = stripped
    return text
