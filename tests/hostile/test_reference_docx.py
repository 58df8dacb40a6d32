"""A template set's reference.docx is a styles source, nothing more: its other parts never reach a brief, and bad files are refused."""

from __future__ import annotations

import io
import re
import shutil
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import docx
import pytest

from brief.build import build
from brief.errors import BriefError, RefusedFile, TemplateError
from brief.render.template_set import read_template_set
from brief.tools.template_checker import check_template_set
from brief.write.docx.archive import PART_LIMIT
from brief.write.docx.reference import ignored_parts, open_reference, reference_bytes
from tests.samples import MINIMAL, ROOT

BUILT_IN = ROOT / "templates" / "policy-brief"
CANARY = "CANARY-5f0c2e"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = f"{R}/"
CT = "application/vnd.openxmlformats-officedocument."
GIB = 1024**3
# Parts of the hostile file that must not exist in any output (fonts and headers are left out: the writer makes its own).
FOREIGN = ("docProps/app.xml", "docProps/custom.xml", "word/comments.xml", "word/vbaProject.bin", "word/people.xml")
FOREIGN_FOLDERS = ("customXml/", "word/media/", "word/glossary/", "word/embeddings/")


def members_of(path_or_data: Path | bytes) -> dict[str, bytes]:
    """Every member of a zip, inflated."""
    source = io.BytesIO(path_or_data) if isinstance(path_or_data, bytes) else path_or_data
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    """A zip of `members`, deflated."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


def set_copy(tmp_path: Path) -> Path:
    """A whole copy of the built-in policy-brief set under another name."""
    folder = tmp_path / "colleague-set"
    shutil.copytree(BUILT_IN, folder)
    metadata = folder / "template.toml"
    metadata.write_text(re.sub(r'^name = ".*"$', 'name = "colleague-set"', metadata.read_text(), count=1, flags=re.MULTILINE))
    return folder


def build_with(tmp_path: Path, folder: Path) -> Path:
    """Build the minimal brief's DOCX with the set at `folder`; the DOCX's path."""
    source = tmp_path / "brief.yaml"
    source.write_text(MINIMAL + "status: final\n", encoding="utf-8")  # final: no watermark picture among the DOCX's media
    return build(source, tmp_path / "out", ["docx"], template=str(folder)).output("docx")


def add(xml: bytes, before: str, text: str) -> bytes:
    """`xml` with `text` inserted before the first `before`."""
    head, found, tail = xml.decode().partition(before)
    assert found, before
    return f"{head}{text}{found}{tail}".encode()


def relationship(rel_id: str, kind: str, target: str, external: bool = False) -> str:
    """One Relationship element."""
    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'


def hostile_reference() -> bytes:
    """The built-in reference.docx carrying a canary in every kind of part and link a Word file can hold."""
    parts = members_of(BUILT_IN / "reference.docx")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    types = {
        "/docProps/custom.xml": f"{CT}custom-properties+xml",
        "/word/comments.xml": f"{CT}wordprocessingml.comments+xml",
        "/word/vbaProject.bin": "application/vnd.ms-office.vbaProject",
        "/word/people.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml",
        "/word/header1.xml": f"{CT}wordprocessingml.header+xml",
        "/word/footnotes.xml": f"{CT}wordprocessingml.footnotes+xml",
        "/word/glossary/document.xml": f"{CT}wordprocessingml.document.glossary+xml",
        "/customXml/item2.xml": "application/xml",
    }
    overrides = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in types.items())
    defaults = '<Default Extension="png" ContentType="image/png"/><Default Extension="odttf" ContentType="application/vnd.openxmlformats-officedocument.obfuscatedFont"/>'
    parts["[Content_Types].xml"] = add(parts["[Content_Types].xml"], "</Types>", defaults + overrides)
    parts["_rels/.rels"] = add(
        parts["_rels/.rels"], "</Relationships>", relationship("rId9", f"{RT}custom-properties", "docProps/custom.xml")
    )
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(b"<dc:title></dc:title>", f"<dc:title>{CANARY}</dc:title>".encode())
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(
        b"<cp:keywords></cp:keywords>", f"<cp:keywords>{CANARY}</cp:keywords>".encode()
    )
    parts["docProps/core.xml"] = parts["docProps/core.xml"].replace(b"<cp:category/>", f"<cp:category>{CANARY}</cp:category>".encode())
    parts["docProps/app.xml"] = parts["docProps/app.xml"].replace(b"<Company/>", f"<Company>{CANARY}</Company>".encode())
    parts["docProps/custom.xml"] = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="Secret"><vt:lpwstr>{CANARY}</vt:lpwstr></property></Properties>'
    ).encode()
    parts["word/comments.xml"] = (
        f'<w:comments {w}><w:comment w:id="0" w:author="{CANARY}"><w:p><w:r><w:t>{CANARY}</w:t></w:r></w:p></w:comment></w:comments>'.encode()
    )
    parts["word/vbaProject.bin"] = f"Attribute VB_Name = {CANARY}".encode()
    parts["word/media/image1.png"] = b"\x89PNG\r\n\x1a\n" + CANARY.encode()
    parts["word/people.xml"] = (
        f'<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="{CANARY}"/></w15:people>'.encode()
    )
    parts["word/header1.xml"] = f"<w:hdr {w}><w:p><w:r><w:t>{CANARY}</w:t></w:r></w:p></w:hdr>".encode()
    parts["word/glossary/document.xml"] = f"<w:glossaryDocument {w}><w:docParts/><!-- {CANARY} --></w:glossaryDocument>".encode()
    parts["customXml/item2.xml"] = f"<secret>{CANARY}</secret>".encode()
    parts["word/fonts/font1.odttf"] = CANARY.encode() * 4
    # Separators as LibreOffice numbers them (0 and 1), one holding text, and a real note.
    parts["word/footnotes.xml"] = (
        f'<w:footnotes {w}><w:footnote w:id="0" w:type="separator"><w:p><w:r><w:separator/><w:t>{CANARY}</w:t></w:r></w:p></w:footnote>'
        '<w:footnote w:id="1" w:type="continuationSeparator"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        f'<w:footnote w:id="2"><w:p><w:r><w:t>{CANARY}</w:t></w:r></w:p></w:footnote></w:footnotes>'
    ).encode()
    document_rels = "".join(
        [
            relationship("rId20", f"{RT}comments", "comments.xml"),
            relationship("rId21", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin"),
            relationship("rId22", f"{RT}image", "media/image1.png"),
            relationship("rId23", f"{RT}hyperlink", f"http://example.invalid/{CANARY}", external=True),
            relationship("rId24", "http://schemas.microsoft.com/office/2011/relationships/people", "people.xml"),
            relationship("rId25", f"{RT}header", "header1.xml"),
            relationship("rId26", f"{RT}footnotes", "footnotes.xml"),
            relationship("rId27", f"{RT}glossaryDocument", "glossary/document.xml"),
            relationship("rId28", f"{RT}customXml", "../customXml/item2.xml"),
        ]
    )
    parts["word/_rels/document.xml.rels"] = add(parts["word/_rels/document.xml.rels"], "</Relationships>", document_rels)
    body = f'<w:p><w:hyperlink r:id="rId23"><w:r><w:t>{CANARY}</w:t></w:r></w:hyperlink></w:p>'
    parts["word/document.xml"] = add(parts["word/document.xml"], "<w:sectPr", body)
    parts["word/document.xml"] = add(
        parts["word/document.xml"], "<w:pgSz", '<w:headerReference w:type="default" r:id="rId25"/><w:titlePg/>'
    )
    settings = f'<w:attachedTemplate r:id="rId1"/><w:linkStyles/><w:docVars><w:docVar w:name="secret" w:val="{CANARY}"/></w:docVars>'
    parts["word/settings.xml"] = add(parts["word/settings.xml"], "<w:proofState", settings)
    template = relationship("rId1", f"{RT}attachedTemplate", "http://127.0.0.1:9/x.dotm", external=True)
    parts["word/_rels/settings.xml.rels"] = f'<Relationships xmlns="{RELS}">{template}</Relationships>'.encode()
    embedded = '<w:embedRegular r:id="rId1" w:fontKey="{00000000-0000-0000-0000-000000000000}"/>'
    parts["word/fontTable.xml"] = add(parts["word/fontTable.xml"], "</w:font>", embedded)
    parts["word/_rels/fontTable.xml.rels"] = (
        f'<Relationships xmlns="{RELS}">{relationship("rId1", f"{RT}font", "fonts/font1.odttf")}</Relationships>'.encode()
    )
    revision = f'<w:pPrChange w:id="9" w:author="{CANARY}" w:date="2020-01-01T00:00:00Z"><w:pPr/></w:pPrChange>'
    extra_style = f'<w:style w:type="paragraph" w:styleId="Extra"><w:name w:val="Extra"/><w:pPr>{revision}</w:pPr></w:style>'
    parts["word/styles.xml"] = add(parts["word/styles.xml"], "</w:styles>", extra_style)
    return zipped(parts)


def raw_zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip written byte by byte from (name, deflated data, CRC-32, declared size): the header may say anything."""
    local, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size in entries:
        offset, encoded = local.tell(), name.encode()
        local.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, len(data), size, len(encoded), 0) + encoded + data)
        central.write(
            struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
        )
        central.write(encoded)
    directory = central.getvalue()
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory), local.tell(), 0)
    return local.getvalue() + directory + end


def deflated(data: bytes) -> bytes:
    """`data` as a raw deflate stream, as a zip holds it."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def zeros_deflated(size_mib: int) -> bytes:
    """A raw deflate stream of `size_mib` MiB of zeros, made from one compressed MiB repeated (about 1 KB each)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = compressor.compress(bytes(1024 * 1024)) + compressor.flush(zlib.Z_FULL_FLUSH)  # self-contained, byte-aligned
    return chunk * size_mib + b"\x03\x00"  # an empty final block ends the stream


def bomb(declared: int, crc: int = 0) -> bytes:
    """The built-in reference.docx whose styles.xml inflates to 2 GiB of zeros, its header declaring `declared` bytes."""
    entries = [(name, deflated(data), zlib.crc32(data), len(data)) for name, data in members_of(BUILT_IN / "reference.docx").items()]
    entries = [entry for entry in entries if entry[0] != "word/styles.xml"]
    return raw_zip([*entries, ("word/styles.xml", zeros_deflated(2048), crc, declared)])


def with_styles(styles: bytes) -> bytes:
    """The built-in reference.docx with `styles` as its styles.xml."""
    return zipped(members_of(BUILT_IN / "reference.docx") | {"word/styles.xml": styles})


def test_nothing_but_the_style_sheet_reaches_the_brief(tmp_path: Path) -> None:
    """A reference.docx full of properties, comments, macros, images, links and notes gives a DOCX with none of them."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_bytes(hostile_reference())
    members = members_of(build_with(tmp_path, folder))
    assert [name for name, data in members.items() if CANARY.encode() in data] == []
    # The input the DOCX carries, then the snapshot of its fields (brief absorb's): brief's own parts.
    ours = {
        f"customXml/{name}" for number in (1, 2) for name in (f"item{number}.xml", f"_rels/item{number}.xml.rels", f"itemProps{number}.xml")
    }
    assert members["customXml/item1.xml"].startswith(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<file xmlns="urn:x-brief:carried:1"'
    )
    assert b'xmlns="urn:x-brief:fields:1"' in members["customXml/item2.xml"][:200]
    assert not [name for name in members if name in FOREIGN or (name.startswith(FOREIGN_FOLDERS) and name not in ours)]
    relationships = b"".join(data for name, data in members.items() if name.endswith(".rels"))
    assert b'TargetMode="External"' not in relationships and b"127.0.0.1" not in relationships
    assert b"attachedTemplate" not in members["word/settings.xml"] and b"docVars" not in members["word/settings.xml"]


def test_properties_come_from_the_brief_alone(tmp_path: Path) -> None:
    """Keywords, category and every other property the brief does not set are empty, whatever reference.docx said."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_bytes(hostile_reference())
    properties = docx.Document(str(build_with(tmp_path, folder))).core_properties
    assert properties.title == "Minimal brief"
    assert (properties.keywords, properties.category, properties.content_status, properties.identifier) == ("", "", "", "")


def test_rebuilt_package_holds_the_style_sheet_parts_only() -> None:
    """The rebuilt document has the style sheet's parts and clean footnote separators with Word's ids."""
    document = open_reference(hostile_reference(), "reference.docx")
    names = {str(part.partname) for part in document.part.package.parts}
    kept = {"styles", "numbering", "theme/theme1", "fontTable", "settings", "footnotes", "document"}
    assert names == {f"/word/{name}.xml" for name in kept} | {"/docProps/core.xml"}
    footnotes = next(part for part in document.part.package.parts if part.partname == "/word/footnotes.xml").blob
    assert CANARY.encode() not in footnotes and footnotes.count(b"<w:footnote ") == 2
    assert b'w:id="-1"' in footnotes and b'w:id="0"' in footnotes
    assert [section.header.is_linked_to_previous for section in document.sections] == [True]
    assert document.sections[0].different_first_page_header_footer is False


def test_style_sheet_and_page_setup_survive_the_rebuild() -> None:
    """The built-in reference.docx rebuilt has the same styles, page size and margins as opened directly."""
    path = BUILT_IN / "reference.docx"
    original, rebuilt = docx.Document(str(path)), open_reference(path.read_bytes(), str(path))
    assert [(style.name, style.type) for style in rebuilt.styles] == [(style.name, style.type) for style in original.styles]
    setup = ("page_width", "page_height", "left_margin", "right_margin", "top_margin", "bottom_margin", "header_distance")
    assert [getattr(rebuilt.sections[0], name) for name in setup] == [getattr(original.sections[0], name) for name in setup]
    assert ignored_parts(path.read_bytes(), str(path)) == []


def test_zip_bomb_is_refused_without_inflating_it() -> None:
    """A styles.xml that inflates to 2 GiB is refused from its declared size, and nothing near that is ever allocated."""
    data = bomb(2 * GIB)
    tracemalloc.start()
    try:
        with pytest.raises(
            TemplateError,
            match=r"^bomb\.docx: word/styles\.xml inflates to 2,147,483,648 bytes; a part of a reference document may inflate to at most 8,388,608 bytes$",
        ):
            open_reference(data, "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def test_zip_bomb_with_a_lying_header_is_refused() -> None:
    """A styles.xml whose header declares a few bytes but which inflates to 2 GiB is read only that far, then refused."""
    tracemalloc.start()
    try:
        with pytest.raises(TemplateError, match=r"^bomb\.docx: word/styles\.xml cannot be read: Bad CRC-32"):
            open_reference(bomb(PART_LIMIT), "bomb.docx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024


def test_parts_compressed_other_than_word_does_are_refused() -> None:
    """A styles.xml compressed with bzip2 (which zipfile would inflate without a bound) is refused."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members_of(BUILT_IN / "reference.docx").items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_BZIP2 if name == "word/styles.xml" else zipfile.ZIP_DEFLATED)
    with pytest.raises(TemplateError, match=r"^bz\.docx: word/styles\.xml is compressed with method 12; Word stores or deflates parts$"):
        open_reference(stream.getvalue(), "bz.docx")


def test_build_refuses_a_zip_bomb_naming_the_file(tmp_path: Path) -> None:
    """A build with a bomb for reference.docx stops with a template error naming the file."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_bytes(bomb(2 * GIB))
    with pytest.raises(TemplateError, match=re.escape(f"{folder.resolve() / 'reference.docx'}: word/styles.xml inflates to")):
        build_with(tmp_path, folder)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_too_many_parts_are_refused() -> None:
    """A zip listing thousands of parts is refused before they are read."""
    data = zipped(members_of(BUILT_IN / "reference.docx") | {f"junk/{number}": b"" for number in range(5000)})
    with pytest.raises(
        TemplateError,
        match=r"^many\.docx: its zip directory lists 5,016 parts in [\d,]+ bytes; a reference document may have at most 1,000 parts",
    ):
        open_reference(data, "many.docx")


def test_a_file_that_is_not_a_zip_is_refused_with_its_name(tmp_path: Path) -> None:
    """A reference.docx that is not a zip stops the build with a template error naming it."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_text("Just some text, not a Word document.\n")
    expected = re.escape(f"{folder.resolve() / 'reference.docx'}: is not a Word document (not a zip archive")
    with pytest.raises(TemplateError, match=expected):
        build_with(tmp_path, folder)


def test_a_zip_without_styles_is_refused() -> None:
    """A zip that is not a Word document with styles is refused, saying what is missing."""
    with pytest.raises(TemplateError, match=r"^empty\.docx: has no main document"):
        open_reference(zipped({"hello.txt": b"hi"}), "empty.docx")
    parts = members_of(BUILT_IN / "reference.docx")
    del parts["word/styles.xml"]
    with pytest.raises(TemplateError, match=r"^nostyles\.docx: has no Word styles \(word/styles\.xml\)"):
        open_reference(zipped(parts), "nostyles.docx")


def test_a_symlink_out_of_the_set_is_refused_naming_the_file(tmp_path: Path) -> None:
    """A reference.docx that links to a file outside its set stops the build, naming the file, before it is read."""
    folder = set_copy(tmp_path)
    link_out_of(folder, tmp_path)
    with pytest.raises(BriefError, match=re.escape(f"{folder.resolve() / 'reference.docx'}: refused") + ".* is outside"):
        build_with(tmp_path, folder)


def test_the_gate_refuses_a_reference_swapped_for_a_symlink_after_the_set_was_read(tmp_path: Path) -> None:
    """reference.docx is read through the gate, so a link made after the set was read is refused there too."""
    folder = set_copy(tmp_path)
    template_set = read_template_set(folder)
    link_out_of(folder, tmp_path)
    with pytest.raises(RefusedFile, match="is outside") as refused:
        reference_bytes(template_set)
    assert refused.value.file == str(folder.resolve() / "reference.docx") and refused.value.kind == "reference.docx"


def link_out_of(folder: Path, tmp_path: Path) -> None:
    """Make the set's reference.docx a symbolic link to a Word file outside the set."""
    outside = tmp_path / "elsewhere" / "secret.docx"
    outside.parent.mkdir()
    shutil.copy(BUILT_IN / "reference.docx", outside)
    (folder / "reference.docx").unlink()
    (folder / "reference.docx").symlink_to(outside)


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n > 1 else "&lol;" * 10}">'.encode() for n in range(1, 10))
    + b']><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style><w:name w:val="&lol9;"/></w:style></w:styles>'
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd"><!ENTITY y SYSTEM "http://127.0.0.1:9/dtd">]>'
    b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style><w:name w:val="&x;&y;"/></w:style></w:styles>'
)


@pytest.mark.parametrize("styles", [LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entities_in_styles_are_refused(styles: bytes) -> None:
    """A styles.xml declaring entities (a billion laughs, an external file or URL) is refused, naming the part."""
    with pytest.raises(TemplateError, match=r"^laughs\.docx: word/styles\.xml declares a DTD"):
        open_reference(with_styles(styles), "laughs.docx")


def test_styles_that_are_not_xml_are_refused() -> None:
    """A styles.xml that does not parse is refused, naming the part."""
    with pytest.raises(TemplateError, match=r"^broken\.docx: word/styles\.xml is not well-formed XML"):
        open_reference(with_styles(b"<w:styles>unclosed"), "broken.docx")


def test_check_warns_of_ignored_parts(tmp_path: Path) -> None:
    """`check_template_set` lists the parts of reference.docx that no brief will carry, as a warning."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_bytes(hostile_reference())
    problems = check_template_set(folder)
    warnings = [problem for problem in problems if "these parts are ignored" in problem.message]
    assert [problem.severity for problem in problems] == ["warning"]
    assert warnings[0].file == str(folder.resolve() / "reference.docx")
    for name in ("docProps/custom.xml", "word/vbaProject.bin", "word/media/image1.png", "word/_rels/settings.xml.rels", "word/header1.xml"):
        assert name in warnings[0].message
    assert "docProps/core.xml" not in warnings[0].message and "word/styles.xml" not in warnings[0].message


def test_check_reports_a_bomb_as_an_error(tmp_path: Path) -> None:
    """`check_template_set` reports a bomb reference.docx as an error, with the message a build gives."""
    folder = set_copy(tmp_path)
    (folder / "reference.docx").write_bytes(bomb(2 * GIB))
    problems = check_template_set(folder)
    assert [(problem.severity, problem.file) for problem in problems] == [("error", str(folder.resolve() / "reference.docx"))]
    assert problems[0].message.startswith("word/styles.xml inflates to 2,147,483,648 bytes")
