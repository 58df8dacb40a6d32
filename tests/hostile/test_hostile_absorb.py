"""A hostile reviewer sends the DOCX back: `brief absorb` must treat every part of it as data, write only the input's fields, and say what is wrong in one line."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.write.docx.field_text import read_docx_fields
from tests.docx_edits import Reviewer, part, rezip
from tests.hostile.harness import Scene, make_fifo

runner = CliRunner()
SNAPSHOT = "customXml/item2.xml"  # the fields snapshot, after the carried input (item1)
CARRIED = "customXml/item1.xml"


@dataclass
class Sent:
    """What absorb did with one hostile DOCX: exit code, messages, and the scene's files before."""

    scene: Scene
    code: int
    stdout: str
    stderr: str
    before: dict[str, str]
    exception: BaseException | None

    def assert_safe(self, *, written: bool = False) -> None:
        """No traceback, no secret said, no connection, and nothing changed but (when `written`) the input."""
        said = self.stdout + self.stderr
        assert self.exception is None or isinstance(self.exception, SystemExit), repr(self.exception)
        assert "Traceback" not in said
        for secret in (self.scene.secret, self.scene.environment_secret):
            assert secret not in said
        assert self.scene.listener.hits == []
        after = self.scene.snapshot()
        allowed = {"work/brief.yaml"} if written else set()
        assert {key: value for key, value in after.items() if key not in allowed} == {
            key: value for key, value in self.before.items() if key not in allowed
        }
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202a-\u202e\u2066-\u2069]", said.replace("\r\n", "\n")), repr(said)

    def assert_refused(self, pattern: str) -> None:
        """Exit 1 or 2, a message matching `pattern`, and nothing written."""
        assert self.code in (1, 2), (self.code, self.stderr)
        assert re.search(pattern, self.stderr), self.stderr
        self.assert_safe()


@pytest.fixture
def built(scene: Scene) -> tuple[Path, bytes]:
    """The minimal input in the scene's work folder and the DOCX built from it (the output folder removed again)."""
    path = scene.input()
    out = build(path, scene.root / "built", ["docx"]).output("docx")
    data = out.read_bytes()
    return path, data


def send(scene: Scene, data: bytes, *arguments: str, name: str = "reviewed.docx") -> Sent:
    """Save `data` as the reviewed DOCX in the work folder and run `brief absorb` on it."""
    reviewed = scene.work / name
    reviewed.write_bytes(data)
    before = scene.snapshot()
    result = runner.invoke(app, ["absorb", str(reviewed), *arguments])
    return Sent(scene, result.exit_code, result.stdout, result.stderr, before, result.exception)


def with_snapshot(data: bytes, old: bytes, new: bytes) -> bytes:
    """The DOCX with `old` replaced by `new` in its fields snapshot."""
    snapshot = part(data, SNAPSHOT)
    assert old in snapshot
    return rezip(data, {SNAPSHOT: snapshot.replace(old, new)})


def loaded(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the snapshot names fields ------------------------------------------------------------------


@pytest.mark.parametrize(
    "claimed",
    [
        "classification",
        "key_judgements[0].likelihood",
        "sources[0].url",
        "previous",
        "scale",
        "../outside/secret.txt",
        "title.__class__",
        "key_judgements[99999999999999999999999999].statement",
        "sections[0].body" + ".x" * 500,
    ],
)
def test_a_snapshot_naming_another_field_changes_nothing(scene: Scene, built: tuple[Path, bytes], claimed: str) -> None:
    """A snapshot that names a marking, a likelihood, a source's address or a climbing path for a bookmark: nothing is written, exit 1."""
    path, data = built
    reviewer = Reviewer(with_snapshot(data, b'path="title"', f'path="{claimed}"'.encode()))
    reviewer.bookmarks = {"title": "_brief_f1"}
    reviewer.type_over("title", "Minimal", "TOP SECRET")
    before = path.read_text(encoding="utf-8")
    sent = send(scene, reviewer.saved())
    assert sent.code == 1, sent.stderr
    assert path.read_text(encoding="utf-8") == before
    sent.assert_safe()


def test_many_and_duplicate_bookmarks_are_read_in_bounded_time(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Thousands of duplicate bookmark starts are read quickly, and only text fields change."""
    path, data = built
    reviewer = Reviewer(data)
    paragraph = reviewer.root.find(".//{*}body/{*}p")
    for number in range(3000):
        start = paragraph.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkStart")
        start.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id", str(5000 + number % 7))
        start.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}name", f"_brief_f{number % 5}")
        paragraph.insert(0, start)
    sent = send(scene, reviewer.saved())
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)
    assert loaded(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


# --- the new text tries to become YAML ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "X\nclassification: TOP SECRET",
        "X # classification: TOP SECRET",
        "X\n---\nclassification: TOP SECRET",
        "X\n...\n",
        "X\tclassification: y",
        "X\u2028classification: y",
        "X\u0085classification: y",
        "&a X",
        "*a",
        "!!python/object:os.system X",
        "'X'",
        '"X',
        "- X",
        "{classification: TOP SECRET}",
        "X" * 1_000_000,
    ],
)
def test_typed_text_stays_in_its_field(scene: Scene, built: tuple[Path, bytes], typed: str) -> None:
    """Text typed to look like YAML (new keys, comments, document markers, tags, 1 MB) stays the field's value; other data is unchanged."""
    path, data = built
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "Something will happen.", typed)
    before = loaded(path)
    sent = send(scene, reviewer.saved())
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)
    after = loaded(path)
    assert isinstance(after, dict) and isinstance(before, dict)
    assert isinstance(after["key_judgements"][0]["statement"], str)
    after["key_judgements"][0]["statement"] = before["key_judgements"][0]["statement"]  # Markdown may escape `*a` as `\\*a`
    assert after == before


@pytest.mark.parametrize("reference", ["&#x0;", "&#xD800;", "&#x1B;[2K", "&#x202E;"])
def test_character_references_in_the_text_are_refused_or_escaped(scene: Scene, built: tuple[Path, bytes], reference: str) -> None:
    """NUL, a lone surrogate or ESC as XML character references is refused as XML; a bidi control prints only as its code."""
    path, data = built
    document = part(data, "word/document.xml").replace(b"Something will happen.", f"Something {reference} happen.".encode())
    before = path.read_text(encoding="utf-8")
    sent = send(scene, rezip(data, {"word/document.xml": document}))
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)
    if sent.code == 1:
        assert path.read_text(encoding="utf-8") == before


def test_an_alias_field_is_left_for_the_analyst(scene: Scene) -> None:
    """A field the input writes through a YAML alias is refused with a message about the alias, and the input is unchanged."""
    text = "title: &t Minimal brief\ndate: 2025-03-14\nsummary: *t\nkey_judgements:\n  - id: KJ1\n    statement: Something will happen.\n    likelihood: likely\n    confidence: moderate\n"
    path = scene.input(text=text)
    data = build(path, scene.root / "built", ["docx"]).output("docx").read_bytes()
    reviewer = Reviewer(data)
    reviewer.type_over("summary", "Minimal", "Maximal")
    sent = send(scene, reviewer.saved())
    sent.assert_refused(r"alias")
    assert path.read_text(encoding="utf-8") == text


# --- comments -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "author", ["Eve\nclassification: TOP SECRET", "Eve\x9b2K", "Eve\u202eevil", "Eve\u2028classification: x", "Eve\r# x", "Eve\x85# x"]
)
def test_a_comment_cannot_write_yaml_or_drive_the_terminal(scene: Scene, built: tuple[Path, bytes], author: str) -> None:
    """Newlines, C1 controls and line separators in a comment's author or text write no YAML line and reach the terminal as codes."""
    path, data = built
    reviewer = Reviewer(data, author=author.replace("\n", "&#10;").replace("\r", "&#13;"))
    reviewer.comment("summary", "Look&#10;classification: TOP SECRET &#x9B;2K &#x202E; &#x85;# x")
    before = loaded(path)
    sent = send(scene, reviewer.saved(), "--comments")
    assert sent.code == 0, sent.stderr
    sent.assert_safe(written=True)
    assert loaded(path) == before


def test_a_control_character_in_a_comment_is_refused_as_xml(scene: Scene, built: tuple[Path, bytes]) -> None:
    """ESC or BEL in comments.xml is refused in one line naming the reviewed file."""
    _, data = built
    reviewer = Reviewer(data, author="Eve&#x1B;[2K")
    reviewer.comment("summary", "x&#x1B;]0;owned&#x07;")
    sent = send(scene, reviewer.saved(), "--comments")
    sent.assert_refused(r"reviewed\.docx: word/comments\.xml is not well-formed XML")


def test_a_dry_run_prints_no_reordering_character(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A bidi override in an edit and a comment shows as its code in the --dry-run diff."""
    _, data = built
    reviewer = Reviewer(data, author="Eve\u202e")
    reviewer.comment("summary", "evil \u202e txt.exe")
    reviewer.type_over("summary", "bottom", "bot\u202etom")
    sent = send(scene, reviewer.saved(), "--comments", "--dry-run")
    assert sent.code == 0, sent.stderr
    assert "\\u202e" in sent.stdout
    sent.assert_safe()


def test_thousands_of_comments_and_one_anchored_nowhere(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Two thousand comments and one anchored nowhere are listed, and the run finishes."""
    _, data = built
    reviewer = Reviewer(data)
    for number in range(2000):
        reviewer.comment("summary", f"note {number}")
    reviewer.comments.append('<w:comment w:id="77777" w:author="Eve"><w:p><w:r><w:t>nowhere</w:t></w:r></w:p></w:comment>')
    sent = send(scene, reviewer.saved(), "--comments", "--dry-run")
    assert sent.code == 0, sent.stderr
    assert "nowhere" in sent.stderr
    sent.assert_safe()


# --- XML and zip --------------------------------------------------------------------------------


def test_entities_and_dtds_are_refused(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Entities and DTDs in the document, the snapshot or the carried input are refused; the canary is not read, the listener not contacted."""
    _, data = built
    doctype = (
        f'<!DOCTYPE w:document [<!ENTITY s SYSTEM "file://{scene.canary}"><!ENTITY n SYSTEM "{scene.listener.url}/x">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    ).encode()
    for name in ("word/document.xml", SNAPSHOT, CARRIED):
        original = part(data, name)
        declaration_end = original.index(b"?>") + 2
        tampered = original[:declaration_end] + doctype + original[declaration_end:]
        tampered = tampered.replace(b"Something will happen.", b"&s;&n;&b;").replace(b"Minimal brief", b"&s;&n;&b;")
        sent = send(scene, rezip(data, {name: tampered}))
        sent.assert_refused(r"reviewed\.docx")


@pytest.mark.parametrize(
    "document",
    [
        b"not xml at all",
        b"<w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'>" + b"<w:p>" * 100_000,
        b"<?xml version='1.0'?><w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main'><w:body>"
        + b"<w:sdt><w:sdtContent>" * 2_000
        + b"</w:sdtContent></w:sdt>" * 2_000
        + b"</w:body></w:document>",
        b"<?xml version='1.0'?><w:document xmlns:w='http://schemas.openxmlformats.org/wordprocessingml/2006/main' a='"
        + b"x" * 20_000_000
        + b"'/>",
    ],
)
def test_a_broken_document_part_is_refused(scene: Scene, built: tuple[Path, bytes], document: bytes) -> None:
    """A document.xml that is not XML, unclosed or nested thousands deep, or with a 20 MB attribute, is one clear message."""
    _, data = built
    sent = send(scene, rezip(data, {"word/document.xml": document}))
    assert sent.code in (0, 1, 2), sent.stderr
    sent.assert_safe()


def test_a_zip_bomb_and_climbing_names_write_nothing(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A zip bomb member and members named to climb out of the folder are refused, and nothing is written anywhere."""
    _, data = built
    bomb = rezip(data, {"word/media/bomb.bin": b"\0" * 200_000_000, "../../outside/evil.txt": b"x", "/tmp/evil-absorb.txt": b"x"})
    sent = send(scene, bomb)
    assert sent.code in (0, 1, 2), sent.stderr
    sent.assert_safe()
    assert not Path("/tmp/evil-absorb.txt").exists()


def test_a_missing_part_is_refused(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A DOCX without its document part is refused in one line."""
    _, data = built
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info.filename, source.read(info.filename))
    sent = send(scene, out.getvalue())
    sent.assert_refused(r"reviewed\.docx")


def test_hyperlink_targets_are_text_and_round_trip(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Only http, https and mailto targets come back as links; file: and javascript: come back as their text, and links round-trip."""
    path, data = built
    rels = part(data, "word/_rels/document.xml.rels").decode()
    for number, target in enumerate(["file:///etc/passwd", "javascript:alert(1)", "http://x/a b)c"]):
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rIdEvil{number}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"'
            f' Target="{target}" TargetMode="External"/></Relationships>',
        )
    reviewer = Reviewer(rezip(data, {"word/_rels/document.xml.rels": rels.encode()}))
    run = reviewer.runs("summary")[0]
    for number in range(3):
        link = run.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink")
        link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", f"rIdEvil{number}")
        copied = reviewer._copy(run, f" L{number}")
        link.append(copied)
        run.addnext(link)
    sent = send(scene, reviewer.saved())
    assert sent.code == 0, sent.stderr
    sent.assert_safe(written=True)
    summary = loaded(path)["summary"]  # type: ignore[index]
    # brief links http, https and mailto only: the others come back as their text, as the brief built from them prints them.
    assert "L0" in summary and "L1" in summary and "file:" not in summary and "javascript:" not in summary
    assert "[L2](<http://x/a b)c>)" in summary
    rebuilt = read_docx_fields(build(path, scene.root / "rebuilt", ["docx"]).output("docx").read_bytes())
    assert [text.accepted for text in rebuilt.fields if text.path == "summary"] == [summary.replace("a b", "a%20b")]


# --- the input absorb writes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "carried", ["../outside/secret.txt", "/etc/passwd", "..", "a/../../outside/secret.txt", "\x9b2Kbrief.yaml", "brief.yaml\u202e"]
)
def test_a_carried_name_cannot_leave_the_folder(scene: Scene, built: tuple[Path, bytes], carried: str) -> None:
    """A carried input name that climbs out, is absolute or holds control or bidi characters is refused as usage."""
    _, data = built
    item = part(data, CARRIED).replace(b'path="brief.yaml"', f'path="{carried}"'.encode())
    reviewer = Reviewer(rezip(data, {CARRIED: item}))
    reviewer.type_over("summary", "bottom", "top")
    sent = send(scene, reviewer.saved())
    sent.assert_refused(r"reviewed\.docx")


def test_a_fifo_named_like_the_input_does_not_hang(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A FIFO where the input should be (found by name or given as INPUT) is refused at once, never read."""
    path, data = built
    path.unlink()
    make_fifo(path)
    sent = send(scene, data)
    sent.assert_refused(r"FIFO")


def test_an_input_linked_outside_is_not_written_through(scene: Scene, built: tuple[Path, bytes]) -> None:
    """An INPUT that links to a file outside the folder: the file outside is never written."""
    path, data = built
    outside = scene.root / "outside" / "brief.yaml"
    outside.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    reviewer = Reviewer(data)
    reviewer.type_over("summary", "bottom", "top")
    reviewed = scene.work / "reviewed.docx"
    reviewed.write_bytes(reviewer.saved())
    before = outside.read_text(encoding="utf-8")
    result = runner.invoke(app, ["absorb", str(reviewed)])
    assert "Traceback" not in result.output
    # The link is replaced by the written file (write_file writes beside and renames): the file outside is never written through it.
    assert result.exit_code == 0, result.stderr
    assert outside.read_text(encoding="utf-8") == before


@pytest.mark.parametrize("kind", ["fifo", "folder", "docx", "canary link"])
def test_a_bad_input_argument_is_refused(scene: Scene, built: tuple[Path, bytes], kind: str) -> None:
    """INPUT as a FIFO, a folder, the reviewed DOCX itself or a link to the canary is refused with a message, never read."""
    _, data = built
    target = scene.work / "target.yaml"
    if kind == "fifo":
        make_fifo(target)
    elif kind == "folder":
        target.mkdir()
    elif kind == "docx":
        target = scene.work / "reviewed.docx"
    else:
        target.symlink_to(scene.canary)
    reviewer = Reviewer(data)
    reviewer.type_over("summary", "bottom", "top")
    sent = send(scene, reviewer.saved(), str(target))
    assert sent.code in (1, 2), sent.stderr
    sent.assert_safe()


def test_a_read_only_folder_gives_a_message(scene: Scene, built: tuple[Path, bytes]) -> None:
    """An input in a folder absorb cannot write gives a message and leaves the input as it was."""
    path, data = built
    reviewer = Reviewer(data)
    reviewer.type_over("summary", "bottom", "top")
    (scene.work / "reviewed.docx").write_bytes(reviewer.saved())
    path.chmod(stat.S_IRUSR)
    scene.work.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as root: nothing is read-only")
        result = runner.invoke(app, ["absorb", str(scene.work / "reviewed.docx")])
    finally:
        scene.work.chmod(stat.S_IRWXU)
    assert result.exit_code in (1, 2), result.output
    assert "Traceback" not in result.output and "brief.yaml" in result.stderr


def test_a_dry_run_writes_nothing(scene: Scene, built: tuple[Path, bytes]) -> None:
    """--dry-run changes nothing anywhere: the folder is the same before and after."""
    _, data = built
    reviewer = Reviewer(data)
    reviewer.type_over("summary", "bottom", "top")
    reviewer.comment("summary", "hello")
    sent = send(scene, reviewer.saved(), "--comments", "--dry-run")
    assert sent.code == 0, sent.stderr
    assert "+summary: The top line." in sent.stdout
    sent.assert_safe()


# --- the input as built, carried in the DOCX -----------------------------------------------------


@pytest.mark.parametrize(
    "carried",
    [
        b"\xff\xfe not UTF-8",
        b"{{{ not: yaml",
        b"- a list\n",
        b"title: [a, b]\nsummary: {x: 1}\n",
        b"a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nsummary: *c\n",
        b"summary: !!python/object/apply:os.system [echo owned]\n",
    ],
)
def test_a_forged_carried_input_is_refused_in_one_line(scene: Scene, built: tuple[Path, bytes], carried: bytes) -> None:
    """A carried input that is not UTF-8 or not YAML is refused in one line naming the reviewed file; a list where the field is, a conflict."""
    import base64

    path, data = built
    item = part(data, CARRIED)
    start = item.index(b">", item.index(b"<file")) + 1
    forged = item[:start] + base64.b64encode(carried) + item[item.index(b"</file>") :]
    reviewer = Reviewer(rezip(data, {CARRIED: forged}))
    reviewer.type_over("summary", "bottom", "top")
    reviewer.type_over("title", "Minimal", "Maximal")
    before = path.read_text(encoding="utf-8")
    sent = send(scene, reviewer.saved())
    assert sent.code == 1, sent.stderr
    assert re.match(r"(error: )?\S*(reviewed\.docx|brief\.yaml)\S*: ", sent.stderr), sent.stderr
    assert "<unicode string>" not in sent.stderr and not sent.stderr.startswith("input:")
    assert path.read_text(encoding="utf-8") == before
    sent.assert_safe()
    assert not (scene.work / "owned").exists()


@pytest.mark.parametrize("claimed", [None, "key_judgements[0]", "../outside/secret.txt", "classification"])
def test_a_comment_in_a_bookmark_of_no_text_field(scene: Scene, built: tuple[Path, bytes], claimed: str | None) -> None:
    """With --comments, a comment in a bookmark of no text field is listed with a note; the real edits still apply."""
    path, data = built
    if claimed is not None:
        data = with_snapshot(data, b'path="summary"', f'path="{claimed}"'.encode())
    else:
        data = with_snapshot(data, b'bookmark="_brief_f2"', b'bookmark="_brief_f2x"')
    reviewer = Reviewer(data)
    reviewer.bookmarks["summary"] = "_brief_f2"
    reviewer.comment("summary", "hello")
    before = path.read_text(encoding="utf-8")
    sent = send(scene, reviewer.saved(), "--comments")
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)
    assert "hello" in sent.stderr and "not written into the input" in sent.stderr
    text = path.read_text(encoding="utf-8")
    assert yaml.safe_load(text) == yaml.safe_load(before)


def test_bookmark_ranges_crossing_each_other_change_only_text_fields(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Bookmark ranges that cross each other change text fields only, and nothing else in the input."""
    path, data = built
    reviewer = Reviewer(data)
    body = reviewer.root.find("{*}body")
    for end in list(reviewer.root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bookmarkEnd"))[:2]:
        end.getparent().remove(end)
        body[-2].append(end)  # the title's and the summary's ranges now run to the end, across the others
    reviewer.type_over("key_judgements[0].statement", "Something", "Nothing")
    before = loaded(path)
    sent = send(scene, reviewer.saved())
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)
    after = loaded(path)
    assert isinstance(after, dict) and isinstance(before, dict)
    assert {key: after[key] for key in after if key not in ("title", "summary", "key_judgements")} == {
        key: before[key] for key in before if key not in ("title", "summary", "key_judgements")
    }


def test_a_huge_input_is_refused_unread(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A 2 GiB sparse input is refused by its size, without being read."""
    path, data = built
    with path.open("ab") as file:
        file.truncate(2 * 1024**3)  # sparse: two GiB that cost nothing unless read
    sent = send(scene, data)
    sent.assert_refused(r"brief\.yaml")


@pytest.mark.timeout(120)  # a hang guard, not a speed target: unbounded, this took hours (benchmarks/ hold speed)
def test_thousands_of_field_bookmarks_are_read_in_linear_time(scene: Scene, built: tuple[Path, bytes]) -> None:
    """Twelve thousand field bookmarks are read without stalling: the reader indexes the body once."""
    _, data = built
    document = part(data, "word/document.xml").decode()
    paragraphs = "".join(
        f'<w:p><w:bookmarkStart w:id="{9000 + number}" w:name="_brief_fz{number}"/><w:r><w:t>x{number}</w:t></w:r>'
        f'<w:bookmarkEnd w:id="{9000 + number}"/></w:p>'
        for number in range(12_000)
    )
    at = document.index("<w:body>") + len("<w:body>")
    sent = send(scene, rezip(data, {"word/document.xml": (document[:at] + paragraphs + document[at:]).encode()}), "--dry-run")
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe()


@pytest.mark.timeout(120)  # a hang guard, not a speed target: unbounded, this took hours (benchmarks/ hold speed)
def test_a_repetitive_snapshot_text_cannot_stall_the_merge(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A long repetitive field text sent in the snapshot is merged within bounds (the whole-text fallback past MAX_COMPARED)."""
    _, data = built
    reviewer = Reviewer(with_snapshot(data, b">The bottom line.<", b">" + b"ab" * 3000 + b"<"))
    reviewer.type_over("summary", "The bottom line.", "a" * 6000)
    sent = send(scene, reviewer.saved())
    assert sent.code in (0, 1), sent.stderr
    sent.assert_safe(written=True)


@pytest.mark.timeout(120)  # a hang guard, not a speed target: unbounded, this took hours (benchmarks/ hold speed)
def test_many_repeated_loose_paragraphs_cannot_stall_the_comparison(scene: Scene, built: tuple[Path, bytes]) -> None:
    """A thousand repeated paragraphs outside the fields are compared within bounds."""
    _, data = built
    snapshot = part(data, SNAPSHOT).replace(b"</fields>", b"<loose>a</loose>" * 3000 + b"</fields>")
    document = part(data, "word/document.xml").decode()
    at = document.index("<w:body>") + len("<w:body>")
    paragraphs = "".join(f"<w:p><w:r><w:t>{'ab'[number % 2]}</w:t></w:r></w:p>" for number in range(3000))
    tampered = rezip(data, {SNAPSHOT: snapshot, "word/document.xml": (document[:at] + paragraphs + document[at:]).encode()})
    sent = send(scene, tampered, "--dry-run")
    assert sent.code == 1, sent.stderr
    sent.assert_safe()


def test_pending_changes_and_lost_fields_print_no_control_characters(scene: Scene, built: tuple[Path, bytes]) -> None:
    """--pending and lost-field reports show bidi and C1 characters in authors, dates, paths and texts as codes."""
    _, data = built
    data = with_snapshot(
        data, b"</fields>", '<field bookmark="_brief_f99" path="x\u202e\u0085" depth="0">gone\u202e</field></fields>'.encode()
    )
    reviewer = Reviewer(data, author="Eve\u0085\u202e", date="2026\u2066")
    reviewer.replace("summary", "bottom", "top\u202e")
    sent = send(scene, reviewer.saved(), "--pending", "--dry-run")
    assert sent.code == 1, sent.stderr
    assert "pending" in sent.stderr and "gone\\u202e" in sent.stderr
    sent.assert_safe()
