"""The brief as validated data: pydantic models of input format version 1.

Models are frozen and forbid unknown fields, so a typo never vanishes silently. A validator
here checks one value on its own; checks across the file (ids that must exist or be unique)
live in references.py. A likelihood depends on the brief's scale, which validation receives
in its context under the key "scale".
"""

from __future__ import annotations

import re
from datetime import date
from difflib import get_close_matches
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from brief.model.grades import CREDIBILITY, RELIABILITY
from brief.model.markdown import MAX_DEPTH as MAX_MARKDOWN_DEPTH
from brief.model.markdown import depth as markdown_depth
from brief.model.rules import RULES, find_rule
from brief.model.scales import SCALES, Scale, normalise
from brief.model.tables import DEFAULT_SCALE, DEFAULT_TEMPLATE, INPUT_SUFFIXES

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
# BCP 47 in the shapes briefs meet: language, optional script, region and variants.
LANGUAGE_PATTERN = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$")
Kind = Literal["official", "news", "report", "academic", "social", "video", "other"]


def _refuse(kind: str, message: str) -> PydanticCustomError:
    """A validation error whose message is final: no context, so braces in it stay literal."""
    return PydanticCustomError(kind, message)


def _quoted(value: Any) -> str:
    return "nothing" if value is None else repr(str(value))


def _lowercase(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _one_or_many(value: Any) -> Any:
    """A single string where a list is expected is a list of one."""
    return [value] if isinstance(value, str) else value


def _iso_date(value: Any) -> Any:
    """Accept only YYYY-MM-DD: a bare number must never become a date from 1970."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _refuse("iso_date", f"{_quoted(value)} is not a date; write it as YYYY-MM-DD, e.g. 2025-03-14")


def _web_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise _refuse("web_url", f"{value!r} is not accepted; a source's url is an http:// or https:// address")
    return value


def _language(value: str) -> str:
    if not LANGUAGE_PATTERN.match(value):
        raise _refuse("language_tag", f"{value!r} is not a BCP 47 language tag; write e.g. en, en-GB, ru, uk or be")
    return value


def _scale(value: str) -> str:
    """A built-in scale's name, or the path of a scale file, which the loader reads."""
    if is_file_reference(value):
        return value
    if normalise(value).replace(" ", "") not in SCALES:
        raise _refuse("scale", f"{value!r} is not a known scale; accepted: {', '.join(SCALES)}, or the path of a scale file (.yaml)")
    return normalise(value).replace(" ", "")


def is_file_reference(value: str) -> bool:
    """Whether a value names a YAML or JSON file rather than a built-in name."""
    return value.lower().endswith(INPUT_SUFFIXES)


def _rule(value: str) -> str:
    found = find_rule(value)
    if found is None:
        accepted = ", ".join(f"{rule.code} {rule.name}" for rule in RULES)
        raise _refuse("rule", f"{value!r} is not a rule; accepted: {accepted}")
    return found.code


def _one_silence_or_many(value: Any) -> Any:
    return [value] if isinstance(value, dict) else value


def _likelihood(value: str, info: ValidationInfo) -> str:
    """The id of the term `value` spells in the brief's scale."""
    scale: Scale | None = (info.context or {}).get("scale")
    if scale is None:  # the scale itself is wrong, and that is reported at its own line
        return value
    term = scale.find(value)
    if term is None:
        accepted = ", ".join(term.label for term in scale.terms)
        close = get_close_matches(normalise(value), [term.label for term in scale.terms], n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise _refuse("likelihood_term", f"{value!r} is not a term of the {scale.id} scale; {hint}accepted: {accepted}")
    return term.id


def _credibility(value: Any) -> int:
    text = str(value).strip()
    if text.isdigit() and int(text) in CREDIBILITY:
        return int(text)
    accepted = ", ".join(f"{grade} ({meaning})" for grade, meaning in CREDIBILITY.items())
    raise _refuse("credibility", f"{_quoted(value)} is not an information credibility grade; accepted: {accepted}")


def _reliability(value: Any) -> str:
    text = str(value).strip().upper()
    if text in RELIABILITY:
        return text
    accepted = ", ".join(f"{grade} ({meaning})" for grade, meaning in RELIABILITY.items())
    raise _refuse("reliability", f"{_quoted(value)} is not a source reliability grade; accepted: {accepted}")


def _at_least_one(judgements: tuple[Any, ...]) -> tuple[Any, ...]:
    """Checked after the items, so a broken item is not also reported as a missing one."""
    if not judgements:
        raise _refuse("at_least_one", "a brief needs at least one key judgement")
    return judgements


def _tlp(value: Any) -> Any:
    """TLP labels as FIRST writes them (TLP:AMBER) or short (amber), in any case."""
    return re.sub(r"^tlp:", "", value.strip().lower()) if isinstance(value, str) else value


def _printable_depth(text: str) -> str:
    """Markdown nested past what the renderer prints would lose its words in every format: refuse it instead."""
    found = markdown_depth(text)
    if found > MAX_MARKDOWN_DEPTH:
        raise _refuse(
            "markdown_depth",
            f"its lists, quotes and emphasis nest {found} levels deep, and words past {MAX_MARKDOWN_DEPTH} levels would not print; "
            "flatten it (a list inside a list is two levels; most briefs need four or fewer)",
        )
    return text


def _author(value: Any) -> Any:
    """A person (author or recipient): a string is the name alone; "organization" is another spelling of organisation."""
    if isinstance(value, str):
        return {"name": value}
    if isinstance(value, dict) and "organization" in value and "organisation" not in value:
        return {("organisation" if key == "organization" else key): item for key, item in value.items()}
    return value  # both spellings stay, and validation refuses the one the model does not know


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Markdown = Annotated[Text, AfterValidator(_printable_depth), Field(json_schema_extra={"contentMediaType": "text/markdown"})]
Id = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN, max_length=64)]
Ids = Annotated[tuple[Id, ...], BeforeValidator(_one_or_many)]
IsoDate = Annotated[date, BeforeValidator(_iso_date), Field(json_schema_extra={"format": "date"})]
Likelihood = Annotated[
    Text, AfterValidator(_likelihood), Field(description="A term of the brief's scale; case, spaces and hyphens are ignored.")
]
Confidence = Annotated[Literal["high", "moderate", "low"], BeforeValidator(_lowercase)]
Credibility = Annotated[int, BeforeValidator(_credibility), Field(json_schema_extra={"minimum": 1, "maximum": 6})]
TextList = Annotated[tuple[Text, ...], BeforeValidator(_one_or_many)]
MarkdownList = Annotated[tuple[Markdown, ...], BeforeValidator(_one_or_many)]
Reliability = Annotated[Literal["A", "B", "C", "D", "E", "F"], BeforeValidator(_reliability)]


class Model(BaseModel):
    """Base of every input model: frozen, and strict about unknown fields."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Silence(Model):
    """A tradecraft rule switched off, for the whole file or one item, and why."""

    rule: Annotated[Text, AfterValidator(_rule), Field(description="A rule's code (T04) or name (vague-hedge).")]
    reason: Annotated[Text, StringConstraints(max_length=300), Field(description="Why, for the reviewer: kept in brief check's output.")]


Silences = Annotated[tuple[Silence, ...], BeforeValidator(_one_silence_or_many)]
Portion = Annotated[
    Text | None, Field(description="A portion marking: a level of the ladder (S or SECRET), with any controls (S//NOFORN).")
]


class Recipient(Model):
    """Who a numbered copy is prepared for; a plain string in the input is the name alone."""

    name: Text
    organisation: Text | None = None
    role: Text | None = None

    @property
    def label(self) -> str:
        """How a copy names its recipient everywhere (copy line, watermark, lists, manifest): name, role, organisation."""
        return ", ".join(part for part in (self.name, self.role, self.organisation) if part)


class Author(Model):
    """A person credited with the brief; a plain string in the input is the name alone."""

    name: Text
    role: Text | None = None
    organisation: Text | None = None


class KeyJudgement(Model):
    """A key judgement: what we assess, how likely it is, and how confident we are."""

    id: Id
    statement: Markdown
    likelihood: Likelihood
    confidence: Confidence
    basis: Markdown | None = None
    evidence: Ids = Field(default=(), description="Ids of evidence that supports the judgement.")
    against: Ids = Field(default=(), description="Ids of evidence that cuts against the judgement.")
    assumptions: TextList = ()
    portion: Portion = None
    silence: Silences = ()


class Evidence(Model):
    """An item of information, the source it came from, and how credible it is."""

    id: Id
    text: Markdown
    source: Id = Field(description="The id of the source this information comes from.")
    credibility: Credibility | None = Field(default=None, description="NATO/Admiralty information credibility, 1 to 6.")
    date: IsoDate | None = None
    portion: Portion = None
    silence: Silences = ()


class Source(Model):
    """Where evidence comes from, and how reliable that source is."""

    id: Id
    title: Text
    short_title: Text | None = Field(default=None, description="The title in later citations; else the title up to its first colon.")
    author: Text | None = None
    publisher: Text | None = None
    kind: Annotated[Kind, BeforeValidator(_lowercase)] | None = None
    url: Annotated[Text, AfterValidator(_web_url)] | None = None
    date: IsoDate | None = None
    accessed: IsoDate | None = None
    reliability: Reliability | None = Field(default=None, description="NATO/Admiralty source reliability, A to F.")
    silence: Silences = ()


class AlternativeView(Model):
    """A view other than our key judgements that a reader should weigh."""

    id: Id
    view: Markdown
    likelihood: Likelihood | None = None
    confidence: Confidence | None = None
    basis: Markdown | None = None
    evidence: Ids = ()
    against: Ids = ()
    competes_with: Ids = Field(
        default=(), description="Ids of the key judgements it competes with; inferred from shared evidence when absent."
    )
    portion: Portion = None
    silence: Silences = ()


class Indicator(Model):
    """Something to watch for, and which judgements it would bear on."""

    text: Text
    judgements: Ids = Field(default=(), description="Ids of the key judgements or alternative views it bears on.")
    direction: Annotated[Literal["strengthens", "weakens"], BeforeValidator(_lowercase)] | None = None
    portion: Portion = None


class Section(Model):
    """A section of free discussion."""

    heading: Text
    body: Markdown
    portion: Portion = None


class Brief(Model):
    """One assessment, as an analyst wrote it (input format version 1)."""

    title: Text
    subtitle: Text | None = None
    reference: Text | None = Field(default=None, description="The document number.")
    date: IsoDate
    status: Annotated[Literal["draft", "final"], BeforeValidator(_lowercase)] = "draft"
    authors: Annotated[tuple[Annotated[Author, BeforeValidator(_author)], ...], BeforeValidator(_one_or_many)] = ()
    organisation: Text | None = None
    audience: Text | None = Field(default=None, description="Who the brief is prepared for.")
    classification: Text | None = Field(default=None, description="The marking printed at the top and bottom of every page.")
    language: Annotated[Text, AfterValidator(_language)] = Field(default="en", description="BCP 47 language tag.")
    template: Text = Field(default=DEFAULT_TEMPLATE, description="A built-in template set name, or a path to a template set.")
    scale: Annotated[Text, AfterValidator(_scale)] = Field(
        default=DEFAULT_SCALE, description="The likelihood yardstick: icd203, phia, kent, or the path of a scale file."
    )
    summary: Markdown = Field(description="The bottom line up front.")
    summary_portion: Portion = None
    scope_note: Markdown | None = None
    key_judgements: Annotated[tuple[KeyJudgement, ...], AfterValidator(_at_least_one)] = Field(json_schema_extra={"minItems": 1})
    evidence: tuple[Evidence, ...] = ()
    sources: tuple[Source, ...] = ()
    alternative_views: tuple[AlternativeView, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    implications: MarkdownList = ()
    sections: tuple[Section, ...] = ()
    ladder: Text | None = Field(default=None, description="The classification ladder: default, or the path of a ladder file.")
    portion_default: Portion = Field(default=None, description="The marking of portions that give none.")
    tlp: Annotated[Literal["red", "amber+strict", "amber", "green", "clear"], BeforeValidator(_tlp)] | None = Field(
        default=None, description="Traffic Light Protocol 2.0 label: red, amber+strict, amber, green or clear."
    )
    distribution: Annotated[tuple[Annotated[Recipient, BeforeValidator(_author)], ...], BeforeValidator(_one_or_many)] = Field(
        default=(), description="The recipients of numbered copies."
    )
    previous: Text | None = Field(
        default=None, description="The input file of the previous version, for changes since the last assessment."
    )
    silence: Silences = Field(default=(), description="Rules switched off for the whole file, each with a reason.")
