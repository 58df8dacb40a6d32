"""A brief with many items of evidence: every item keeps its row, in order, in both formats, and the tables stay whole."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table

from brief.build import build
from tests.readers import pdf_pages

ITEMS = 60
JUDGEMENTS = 3
WIDTHS = (8, 54, 28, 10)  # the evidence table's <col> widths in the policy-brief set, in %


def long_brief(items: int) -> str:
    """A brief with `items` items of evidence, the odd ones from S1 and the even from S2, item n cited by judgement n mod 3."""
    judgements = "".join(
        f"  - id: KJ{j}\n    statement: Judgement {j} holds.\n    likelihood: likely\n    confidence: moderate\n"
        f"    evidence: [{', '.join(f'E{n}' for n in range(j, items + 1, JUDGEMENTS))}]\n"
        for j in range(1, JUDGEMENTS + 1)
    )
    evidence = "".join(
        f"  - {{id: E{n}, text: Item {n} was reported., source: S{2 - n % 2}, credibility: 2}}\n" for n in range(1, items + 1)
    )
    sources = "  - {id: S1, title: Wire report, reliability: B}\n  - {id: S2, title: Embassy cable, reliability: A}\n"
    return (
        "title: Long brief\ndate: 2025-03-14\nclassification: UNCLASSIFIED\nsummary: The bottom line.\n"
        f"key_judgements:\n{judgements}evidence:\n{evidence}sources:\n{sources}"
    )


@pytest.fixture(scope="module")
def long_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The long brief built once into PDF and DOCX."""
    folder = tmp_path_factory.mktemp("long")
    path = folder / "long.yaml"
    path.write_text(long_brief(ITEMS), encoding="utf-8")
    result = build(path, folder / "out", ["pdf", "docx"])
    return {"pdf": result.output("pdf"), "docx": result.output("docx")}


def docx_table(path: Path, first_heading: str) -> Table:
    """The table of the DOCX whose heading row starts with `first_heading`."""
    return next(table for table in docx.Document(str(path)).tables if table.rows[0].cells[0].text == first_heading)


def texts(table: Table) -> list[list[str]]:
    """Each row's cell texts, one per layout column (a spanning cell repeats)."""
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_evidence_table_has_one_row_per_item_in_order(long_outputs: dict[str, Path]) -> None:
    """The DOCX evidence table is the heading row, then one row per item in input order: id, text, source, rating."""
    rows = texts(docx_table(long_outputs["docx"], "Id"))
    expected = [
        [f"E{n}", f"Item {n} was reported.", "Wire report" if n % 2 else "Embassy cable", "B2" if n % 2 else "A2"]
        for n in range(1, ITEMS + 1)
    ]
    assert rows == [["Id", "Evidence", "Source", "Rating"], *expected]


def test_only_the_heading_row_repeats_on_each_page(long_outputs: dict[str, Path]) -> None:
    """The evidence table's heading row, and only it, is marked to repeat at the top of every page in Word."""
    rows = docx_table(long_outputs["docx"], "Id")._tbl.tr_lst
    assert [row.trPr is not None and row.trPr.find(qn("w:tblHeader")) is not None for row in rows] == [True] + [False] * ITEMS


def test_every_cell_carries_its_column_width(long_outputs: dict[str, Path]) -> None:
    """The evidence table is laid out fixed, its columns in the template's shares, and every cell as wide as its column."""
    table = docx_table(long_outputs["docx"], "Id")
    grid = [int(column.w or 0) for column in table._tbl.tblGrid.gridCol_lst]
    assert table.autofit is False
    assert [round(100 * width / sum(grid)) for width in grid] == list(WIDTHS)
    assert [[tc.width for tc in row.tc_lst] for row in table._tbl.tr_lst] == [grid] * (ITEMS + 1)


def test_matrix_heading_spans_the_judgements(long_outputs: dict[str, Path]) -> None:
    """The matrix's "Key judgements" heading is one cell spanning a column per judgement, as wide as they are together."""
    table = docx_table(long_outputs["docx"], "")
    top = table._tbl.tr_lst[0]
    grid = [int(column.w or 0) for column in table._tbl.tblGrid.gridCol_lst]
    assert [tc.grid_span for tc in top.tc_lst] == [1, JUDGEMENTS, 1]  # the last column is the items' diagnosticity
    assert top.tc_lst[1].width == sum(grid[1:-1])
    assert texts(table)[0] == ["", *["Key judgements"] * JUDGEMENTS, ""]


def test_matrix_has_one_row_per_item_marking_its_judgement(long_outputs: dict[str, Path]) -> None:
    """Below its two heading rows the matrix has one row per item, in order, with a + under the judgement that cites it."""
    rows = texts(docx_table(long_outputs["docx"], ""))[2:]
    spread = "0.47"  # diagnosticity of one + among three cells: population deviation √2/3
    marks = [[f"E{n}", *("+" if (n - j) % JUDGEMENTS == 0 else "" for j in range(1, JUDGEMENTS + 1)), spread] for n in range(1, ITEMS + 1)]
    assert rows == [*marks, ["Inconsistency", *["0.00"] * JUDGEMENTS, ""]]


def test_pdf_lists_every_item(long_outputs: dict[str, Path]) -> None:
    """The PDF's evidence table prints every item's id and text, in input order."""
    text = " ".join(pdf_pages(long_outputs["pdf"]))
    assert re.findall(r"\bItem (\d+) was reported\.", text) == [str(n) for n in range(1, ITEMS + 1)]
    assert {f"E{n}" for n in range(1, ITEMS + 1)} <= set(re.findall(r"\bE\d+\b", text))
