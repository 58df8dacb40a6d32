"""Hostile template sets, as a colleague might email them: each is refused with its file, and nothing leaks.

Every case is built in PDF, DOCX and HTML, checked with `brief check` and `brief templates
check`, and rendered by the preview; the harness then looks for the canary and the
environment secret in every byte written or said, for changes outside the output folder, and
for connections to the listener.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from brief.errors import RefusedFile
from brief.render.stylesheets import class_font
from brief.render.template_set import read_template_set
from tests.hostile.harness import ENVIRONMENT_KEY, Scene, attempt, make_fifo

Setup = Callable[[Scene, Path], None]
FONT = "fonts/PTSerif-Regular.ttf"


def in_title(expression: str) -> Setup:
    """A set whose base.html prints `expression` after the title."""

    def setup(scene: Scene, folder: Path) -> None:
        _replace(
            folder / "base.html",
            '<h1 class="title">{{ brief.title|field("title") }}',
            '<h1 class="title">{{ brief.title|field("title") }}' + expression,
        )

    return setup


def after_body(markup: str) -> Setup:
    """A set whose base.html has `markup` ({url}, {port} and {canary} filled in) just inside <body>."""

    def setup(scene: Scene, folder: Path) -> None:
        filled = markup.format(url=scene.listener.url, canary=scene.canary.as_uri(), port=scene.listener.port, bomb=svg_bomb())
        _replace(folder / "base.html", "<body>\n", "<body>\n" + filled + "\n")

    return setup


def at_end(markup: str) -> Setup:
    """A set whose base.html ends with `markup` ({url} filled in), after </html>."""

    def setup(scene: Scene, folder: Path) -> None:
        base = folder / "base.html"
        base.write_text(base.read_text(encoding="utf-8").rstrip() + markup.format(url=scene.listener.url), encoding="utf-8")

    return setup


def svg_bomb() -> str:
    """An SVG of eleven levels of ten <use>s: a hundred billion shapes, base64-encoded."""
    parts = ['<svg xmlns="http://www.w3.org/2000/svg"><defs><rect id="l0" width="1" height="1"/>']
    parts += [f'<g id="l{n}">' + f'<use href="#l{n - 1}"/>' * 10 + "</g>" for n in range(1, 11)]
    return base64.b64encode(("".join(parts) + '</defs><use href="#l10"/></svg>').encode()).decode()


def in_stylesheet(rule: str) -> Setup:
    """A set whose style.css starts with `rule` ({url} and {canary} filled in)."""

    def setup(scene: Scene, folder: Path) -> None:
        css = folder / "style.css"
        css.write_text(rule.format(url=scene.listener.url, canary=scene.canary.as_uri()) + "\n" + css.read_text(encoding="utf-8"))

    return setup


def in_metadata(old: str, new: str) -> Setup:
    """A set whose template.toml says `new` ({canary} filled in) where it said `old`."""

    def setup(scene: Scene, folder: Path) -> None:
        _replace(folder / "template.toml", old, new.format(canary=scene.canary, fifo=make_fifo(scene.work / "pipe.ttf")))

    return setup


def in_locale(label: str) -> Setup:
    """A set whose English table gives the bottom line's heading as `label`."""

    def setup(scene: Scene, folder: Path) -> None:
        (folder / "locales").mkdir()
        (folder / "locales" / "en.toml").write_text(f'[labels]\nbottom_line = "{label}"\n', encoding="utf-8")

    return setup


def in_raw_locale(text: str) -> Setup:
    """A set whose English table is exactly `text`."""

    def setup(scene: Scene, folder: Path) -> None:
        (folder / "locales").mkdir()
        (folder / "locales" / "en.toml").write_text(text, encoding="utf-8")

    return setup


def linked(relative: str, target: Callable[[Scene], Path]) -> Setup:
    """A set in which `relative` is a symbolic link to `target`."""

    def setup(scene: Scene, folder: Path) -> None:
        path = folder / relative
        path.unlink(missing_ok=True)
        path.symlink_to(target(scene))

    return setup


def fifo(relative: str) -> Setup:
    """A set in which `relative` is a named pipe."""

    def setup(scene: Scene, folder: Path) -> None:
        (folder / relative).unlink(missing_ok=True)
        make_fifo(folder / relative)

    return setup


def raw_file(relative: str, data: bytes) -> Setup:
    """A set in which `relative` holds exactly these bytes."""

    def setup(scene: Scene, folder: Path) -> None:
        (folder / relative).write_bytes(data)

    return setup


def both(*setups: Setup) -> Setup:
    """Several changes to one set."""

    def setup(scene: Scene, folder: Path) -> None:
        for each in setups:
            each(scene, folder)

    return setup


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} has no {old!r} to replace"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def canary(scene: Scene) -> Path:
    """The secret file."""
    return scene.canary


def outside(scene: Scene) -> Path:
    """The folder the secret file is in."""
    return scene.canary.parent


OBJECTS = {
    "bound-method-self": "{{ t.__self__ }}",
    "private-slot": "{{ t._words.folders }}",
    "method-self": "{{ t.word.__self__ }}",
    "path-method": "{{ stylesheets[0].read_text() }}",
    "class-mro": "{{ judgements[0].statement.__class__.__mro__ }}",
    "lipsum-globals": "{{ lipsum.__globals__['os'].environ }}",
    "cycler-globals": "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
    "format-attribute": "{{ '{0.__class__}'.format(brief) }}",
    "attr-filter": "{{ brief|attr('__class__') }}",
    "template-reference": "{{ self._TemplateReference__context }}",
    "subclasses": "{{ brief.title.__class__.__base__.__subclasses__() }}",
    "environment-get": "{{ brief.get('__class__') }}{{ brief.__init__ }}",
    "filter-on-text": "{{ 'x'|date }}",
    "recursive-macro": "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
    "negative-truncate": "{{ 'x'|truncate(-1) }}",
    "overflow": "{{ (10**400)|filesizeformat }}",
    "missing-key-format": "{{ '{a}'.format_map(brief) }}",
}
SHAPES = {
    "months": ('[language]\nmonths = ["a"]\n', r"language\.months: must list the twelve months"),
    "plural-rule": ('[language]\nplural = "bogus"\n', r"language\.plural: 'bogus' is not a plural rule"),
    "plural-forms": ('[plurals]\nitem = "x"\n', r"plurals\.item: must be a table of plural forms"),
    "not-text": ("[labels]\nbottom_line = 7\n", r"labels\.bottom_line: must be text, not int"),
    "deep-arrays": ("x = " + "[" * 3000 + "]" * 3000 + "\n", r"en\.toml: this translation table is not valid TOML"),
    "late-bad-placeholder": ('[labels]\nbottom_line = "{missing}{x.__class__}"\n', r"the placeholder \{x\.__class__\} is not accepted"),
}
LOCALES = {
    "globals": "{x.format.__globals__}",
    "attribute": "{title.__class__}",
    "index": "{title[0]}",
    "conversion": "{title!r}",
    "format-spec": "{title:>99999999}",
    "positional": "{0}",
}
LOADS = {
    "img": '<img src="{url}/img.png">',
    "img-canary": '<img src="{canary}">',
    "script": '<script src="{url}/s.js"></script>',
    "iframe": '<iframe src="{url}/f"></iframe>',
    "object": '<object data="{url}/o"></object>',
    "embed": '<embed src="{url}/e">',
    "link-unquoted": "<link rel=stylesheet href={url}/x.css>",
    "link-preload": '<link rel="preload" href="{url}/p">',
    "video-poster": '<video poster="{url}/v"></video>',
    "svg-image": '<svg><image href="{url}/i"/></svg>',
    "inline-style": '<p style="background: url({url}/bg)">x</p>',
    "style-import": "<style>@import url({url}/i.css);</style>",
    "meta-refresh": '<meta http-equiv="refresh" content="0;url={url}/m">',
    "javascript-link": "<a href=\"javascript:fetch('{url}')\">x</a>",
    "event-handler": '<p onclick="fetch(1)">x</p>',
    "entity-encoded": '<img src="&#104;ttp://127.0.0.1:{port}/x">',
    "comment-trick": '<!--><meta http-equiv="refresh" content="1;url={url}/refresh">-->',
    "cdata-trick": '<![CDATA[><img src="{url}/cdata">]]>',
    "title-style-trick": "<title><style></title><link rel=preload href={url}/p></style>",
    "duplicate-attribute": '<img src="{url}/first" src="data:image/png;base64,iVBORw0KGgo=">',
    "protocol-relative": "<link rel=stylesheet href=//127.0.0.1:{port}/tmp/x.css>",
    "svg-use-bomb": '<p><img src="data:image/svg+xml;base64,{bomb}"></p>',
    "svg-paint-url": '<svg><rect fill="url({url}/paint#g)" width="1" height="1"/></svg>',
    "svg-style-around-a-comment": "<svg><style>a{{}}<!--c-->body{{background:URL({url}/svgstyle)}}</style></svg>",
}
TRAILING = {"unclosed-style": "<style>@media screen{{body{{background:url({url}/unclosed)}}}}"}
STYLES = {
    "import": "@import url({url}/x.css);",
    "import-string": '@import "{url}/y.css";',
    "unquoted-url": "body {{ background: url({url}/bg.png); }}",
    "escaped-url": "body {{ background: u\\72l({url}/esc.png); }}",
    "in-media": '@media print {{ body {{ background: url("{url}/media.png") }} }}',
    "font-face": "@font-face {{ font-family: X; src: url({url}/f.woff) }}",
    "canary-file": 'body {{ background: url("{canary}") }}',
    "image-set": 'body {{ background: image-set("{url}/set.png" 1x) }}',
    "custom-property": 'body {{ --u: "{url}/var.png"; background-image: image-set(var(--u) 1x) }}',
}
CASES: dict[str, tuple[Setup, str]] = {
    **{f"object-{name}": (in_title(expression), r"base\.html:\d+: ") for name, expression in OBJECTS.items()},
    **{f"locale-{name}": (in_locale(label), r"locales/en\.toml: labels\.bottom_line: ") for name, label in LOCALES.items()},
    **{f"locale-shape-{name}": (in_raw_locale(text), message) for name, (text, message) in SHAPES.items()},
    **{f"load-{name}": (at_end(markup), r"base\.html:\d+: .*refused") for name, markup in TRAILING.items()},
    **{f"load-{name}": (after_body(markup), r"base\.html:\d+: .*refused") for name, markup in LOADS.items()},
    **{f"css-{name}": (in_stylesheet(rule), r"style\.css:\d+: .*refused") for name, rule in STYLES.items()},
    "font-absolute": (in_metadata(f'regular = "{FONT}"', 'regular = "{canary}"'), r"secret\.txt: refused: its real path .* is outside"),
    "font-climbing": (in_metadata(f'regular = "{FONT}"', 'regular = "../../outside/secret.txt"'), r"secret\.txt.* is outside"),
    "font-symlink": (linked(FONT, canary), r"PTSerif-Regular\.ttf: refused: its real path .*secret\.txt is outside"),
    "font-device": (in_metadata(f'regular = "{FONT}"', 'regular = "/dev/zero"'), r"/dev/zero.* is outside"),
    "font-fifo": (fifo(FONT), r"PTSerif-Regular\.ttf'?:? (is )?refused: it is a FIFO"),
    "reference-absolute": (in_metadata('reference = "reference.docx"', 'reference = "{canary}"'), r"secret\.txt.* is outside"),
    "reference-symlink": (linked("reference.docx", canary), r"reference\.docx: refused: its real path .* is outside"),
    "entry-symlink": (linked("brief.html", canary), r"brief\.html: refused: its real path .* is outside"),
    "entry-climbing": (in_metadata('entry = "brief.html"', 'entry = "../../outside/secret.txt"'), r"secret\.txt"),
    "stylesheet-symlink": (linked("style.css", canary), r"style\.css: refused: its real path .* is outside"),
    "stylesheet-fifo": (fifo("style.css"), r"style\.css'?:? (is )?refused: it is a FIFO"),
    "folder-symlink": (
        both(linked("partials", outside), after_body('{{% include "partials/secret.txt" %}}')),
        r"partials/secret\.txt: refused: its real path .* is outside",
    ),
    "include-climbing": (after_body('{{% include "../outside/secret.txt" %}}'), r"'\.\./outside/secret\.txt' does not exist"),
    "locale-symlink": (both(in_locale("x"), linked("locales/en.toml", canary)), r"en\.toml: refused: its real path .* is outside"),
    "locale-not-utf8": (
        both(in_locale("x"), raw_file("locales/en.toml", b'[labels]\nx = "\xff"\n')),
        r"en\.toml: refused: line 2 is not UTF-8",
    ),
    "metadata-symlink": (linked("template.toml", canary), r"template\.toml: refused: its real path .* is outside"),
}


@pytest.mark.parametrize("setup, message", CASES.values(), ids=list(CASES))
def test_hostile_set_is_refused_and_nothing_leaks(scene: Scene, setup: Setup, message: str) -> None:
    """A hostile set stops the build with a message naming the file; no secret, file or address is reached."""
    folder = scene.template_set()
    setup(scene, folder)
    outcome = attempt(scene, scene.input(), folder)
    outcome.assert_refused(message)
    outcome.assert_nothing_leaked()
    assert os.environ[ENVIRONMENT_KEY] not in outcome.messages


@pytest.mark.parametrize("swap", ["symlink", "fifo"])
def test_the_docx_watermark_font_is_read_through_the_gate(scene: Scene, swap: str) -> None:
    """A stylesheet swapped for a link out of the set, or a FIFO, after the set was read is refused when the DOCX looks up its watermark font."""
    folder = scene.template_set()
    template_set = read_template_set(folder)
    stylesheet = folder / "style.css"
    stylesheet.unlink()
    if swap == "symlink":
        stylesheet.symlink_to(scene.canary)
    else:
        make_fifo(stylesheet)
    with pytest.raises(RefusedFile) as refused:
        class_font(template_set, "watermark")
    assert "outside" in refused.value.reason if swap == "symlink" else "FIFO" in refused.value.reason
    assert scene.canary.read_text(encoding="utf-8") not in str(refused.value)
