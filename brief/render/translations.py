"""Translation tables: every fixed word a template prints, in the brief's language.

A table is a TOML file named by a BCP 47 tag: brief/locales/ru.toml ships with brief, and a
template set may add or override keys in its own locales/ folder. A brief in "ru-RU" uses
ru-RU's table if there is one, else ru's; a key a table lacks, or a language with no table
at all, falls back to English, with a warning that says what to add.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from string import Formatter
from typing import Any

from markupsafe import Markup, escape

from brief import gate
from brief.errors import RefusedFile, TemplateError
from brief.model.layers import lay_over
from brief.model.scales import Term

PACKAGE = Path(__file__).parent / "locales"
ENGLISH = "en"
PLACEHOLDER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
FORMS = ("zero", "one", "two", "few", "many", "other")  # CLDR's plural categories

# CLDR plural rule families a table names, so adding a language needs no code.
PLURAL_RULES: dict[str, Callable[[int], str]] = {
    "one-other": lambda n: "one" if n == 1 else "other",
    "east-slavic": lambda n: "one" if n % 10 == 1 and n % 100 != 11 else "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many",
    "west-slavic": lambda n: "one" if n == 1 else "few" if 2 <= n <= 4 else "other",
    "polish": lambda n: "one" if n == 1 else "few" if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else "many",
    "none": lambda n: "other",
}


class Translations:
    """The words of one language for one template set, with English beneath for what is missing."""

    def __init__(self, language: str, set_folders: Sequence[Path] = ()) -> None:
        self.folders = list(reversed(set_folders))  # a child set's words win over its parent's
        self.english = self._layers(ENGLISH)
        self.tag, self.table = self._table(language)
        self.warnings: list[str] = []
        if self.table is None:
            self.warnings.append(
                f"there is no translation table for {language!r}; the brief's fixed words are in English. "
                f"Add {PACKAGE / (language.lower() + '.toml')} or locales/{language.lower()}.toml in the template set"
            )

    def __call__(self, key: str, **params: Any) -> Markup:
        """A label, with its {placeholders} filled; the label is text, the values are escaped."""
        template = self.lookup("labels", key)
        try:
            return Markup("").join(escape(part) for part in fill(template, params))
        except KeyError as error:
            raise TemplateError(f"the label {key!r} ({template!r}) needs the value {error}, which the template does not give") from error

    def lookup(self, section: str, key: str) -> str:
        """One word or phrase of the table, from English when the language lacks it."""
        for table in (self.table, self.english):
            value = _get(table, section, key)
            if value is not None:
                if table is not self.table and self.table is not None:
                    self._warn(f"the {self.tag} translation table lacks {section}.{key}; English is used")
                return str(value)
        raise TemplateError(f"no translation table has {section}.{key}")

    def word(self, section: str, key: str) -> str:
        """One word of the table, such as a source kind: t.word("kinds", "video")."""
        return self.lookup(section, key)

    def noun(self, number: int, noun: str) -> str:
        """The plural form of a noun for a number, without the number: judgements, оценки."""
        return self.count(number, noun).split(" ", 1)[1]

    def count(self, number: int, noun: str) -> str:
        """A number with its noun in the right plural form: 7 items, 7 элементов."""
        forms = _get(self.table, "plurals", noun) if self.table else None
        rule = PLURAL_RULES.get(str(_get(self.table, "language", "plural") or "one-other")) if forms else PLURAL_RULES["one-other"]
        if not forms:
            forms = _get(self.english, "plurals", noun) or {}
        assert rule is not None
        form = forms.get(rule(number)) or forms.get("other") or forms.get("many") or noun
        return f"{number} {form}"

    def term(self, scale_id: str, term: Term) -> str:
        """A likelihood term in this language; a custom scale's terms are printed as written."""
        return self.scale_text(scale_id, term.id, term.label)

    def scale_text(self, scale_id: str, key: str, default: str) -> str:
        """A scale's term, name or source in this language, else as the scale gives it."""
        value = self._find(f"scales.{scale_id}", key)
        return str(value) if value is not None else default

    def date(self, value: date) -> str:
        """A date as a reader of this language writes it, such as 14 March 2025."""
        months = self.lookup_list("language", "months")
        values = {"day": value.day, "month": months[value.month - 1], "year": value.year}
        return "".join(map(str, fill(self.lookup("language", "date"), values)))

    def lookup_list(self, section: str, key: str) -> list[str]:
        """A list from the table, such as the names of the months."""
        value = self._find(section, key)
        if not isinstance(value, list):
            raise TemplateError(f"no translation table has {section}.{key} as a list")
        return [str(item) for item in value]

    def _find(self, section: str, key: str) -> Any:
        """A value of this language's table, else English's, else None."""
        found = _get(self.table, section, key)
        return found if found is not None else _get(self.english, section, key)

    def _warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def _table(self, language: str) -> tuple[str, dict[str, Any] | None]:
        # A region's table (en-us) overrides only what differs, so it sits on its language's (en).
        tag = language.lower()
        merged: dict[str, Any] = {}
        found: list[str] = []
        for candidate in dict.fromkeys((tag.split("-")[0], tag)):
            table = self._layers(candidate)
            if table:
                lay_over(merged, table)
                found.append(candidate)
        return (found[-1], merged) if found else (tag, None)

    def _layers(self, tag: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for folder in (PACKAGE.parent, *self.folders):
            path = PACKAGE / f"{tag}.toml" if folder == PACKAGE.parent else folder / "locales" / f"{tag}.toml"
            if gate.present(path):
                lay_over(merged, read_table(path, folder))
        return merged


class Labels:
    """The fixed words of a brief as a template asks for them: t("label", name=value), t.word, t.count, t.noun.

    The template's only way into the translations. It holds them in a private slot (the
    sandbox refuses names starting with "_"), so a template reaches these functions and text
    they return, never the tables, their files or their folders.
    """

    __slots__ = ("_words",)

    def __init__(self, words: Translations) -> None:
        self._words = words

    def __repr__(self) -> str:
        return "t"

    def __call__(self, key: str, **values: Any) -> Markup:
        """A label with its {placeholders} filled: t("accessed", date=...)."""
        return self._words(key, **values)

    def word(self, section: str, key: str) -> str:
        """One word of the table, such as a source kind: t.word("kinds", "video")."""
        return self._words.word(section, key)

    def count(self, number: int, noun: str) -> str:
        """A number with its noun in the right plural form: t.count(7, "item") is 7 items."""
        return self._words.count(number, noun)

    def noun(self, number: int, noun: str) -> str:
        """The plural form of a noun for a number, without the number: t.noun(2, "judgement")."""
        return self._words.noun(number, noun)


def read_table(path: Path, folder: Path) -> dict[str, Any]:
    """A translation table from `path` (inside `folder`), its shape and labels checked; raise TemplateError naming file and key."""
    try:
        table = tomllib.loads(gate.read_text(path, gate.LOCALE, [folder]))
    except RefusedFile as error:
        raise TemplateError(str(error)) from error
    except (tomllib.TOMLDecodeError, RecursionError) as error:
        raise TemplateError(f"{path}: this translation table is not valid TOML: {error}") from error
    for key, problem in _shape_problems(table):
        raise TemplateError(f"{path}: {key}: {problem}")
    for key, text in _formatted(table):
        try:
            placeholders(text)
        except ValueError as error:
            raise TemplateError(f"{path}: {key}: {error}") from error
    return table


def _shape_problems(table: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """Values a table may not hold: every value is text, but for the months (12 of them), the plural rule and plural forms."""
    for key, value in table.items():
        name = f"{prefix}{key}"
        if name == "language.months":
            if not (isinstance(value, list) and len(value) == 12 and all(isinstance(month, str) for month in value)):
                yield name, "must list the twelve months' names, January first"
        elif name == "language.plural":
            if value not in PLURAL_RULES:
                yield name, f"{value!r} is not a plural rule; accepted: {', '.join(PLURAL_RULES)}"
        elif prefix == "plurals.":
            if not (isinstance(value, dict) and value and all(form in FORMS and isinstance(text, str) for form, text in value.items())):
                yield name, f"must be a table of plural forms ({', '.join(FORMS)}) and their text"
        elif isinstance(value, dict):
            yield from _shape_problems(value, f"{name}.")
        elif not isinstance(value, str):
            yield name, f"must be text, not {type(value).__name__}"


def placeholders(template: str) -> list[str]:
    """The names of the {name} placeholders of `template`; raise ValueError for any other kind of placeholder."""
    return [name for name in (part[1] for part in _parse(template)) if name is not None]


def _parse(template: str) -> list[tuple[str, str | None]]:
    """`template` as (literal text, placeholder name or None) pairs, with every placeholder checked."""
    try:
        parsed = list(Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"{template!r} is not a label: {error}; write {{{{ and }}}} for a literal brace") from error
    for _, name, spec, conversion in parsed:
        if name is not None and (not PLACEHOLDER.fullmatch(name) or spec or conversion):
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise ValueError(f"the placeholder {shown} is not accepted; a label may use {{name}} placeholders only")
    return [(literal, name) for literal, name, _, _ in parsed]


def fill(template: str, values: Mapping[str, Any]) -> list[Any]:
    """The parts of `template` with each {name} replaced by its value: literal text and values, in order.

    Only {name} is accepted: an attribute, an index, a conversion or a format spec in a
    placeholder (`{x.__class__}`, `{x[0]}`, `{x!r}`, `{x:>9}`) would let a translation table
    reach into the values, so it is a ValueError. A missing name is a KeyError.
    """
    parts: list[Any] = []
    for literal, name in _parse(template):
        parts.append(literal)
        if name is not None:
            parts.append(values[name])
    return parts


def _formatted(table: dict[str, Any]) -> list[tuple[str, str]]:
    """The strings of a table that are filled with values: every label, and the date pattern."""
    labels = table.get("labels", {})
    found = [(f"labels.{key}", text) for key, text in labels.items() if isinstance(text, str)] if isinstance(labels, dict) else []
    date_pattern = _get(table, "language", "date")
    return found + ([("language.date", date_pattern)] if isinstance(date_pattern, str) else [])


def _get(table: dict[str, Any] | None, section: str, key: str) -> Any:
    current: Any = table or {}
    for part in section.split("."):
        current = current.get(part, {}) if isinstance(current, dict) else {}
    return current.get(key) if isinstance(current, dict) else None
