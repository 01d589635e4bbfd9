"""Reading PDFs page by page: several documents in one file, tables that
continue on the next page with and without their header, and errors that
name the file, page and row."""

from __future__ import annotations

from dataclasses import replace

import pdfplumber
import pytest

from harness.adapters.pdf import PdfReadError
from harness.adapters.pdf.profile import SHIPPED
from harness.model import DocumentKind
from tests.adapters.pdf.conftest import document


def page_texts(path):
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.parametrize("layout", ["harness", "ledger"])
def test_several_documents_in_one_pdf_are_split_at_their_title_pages(layout, write_pdf, read_pdf):
    documents = [
        document("INV-0007", 2),
        document("CN-0003", 1, kind=DocumentKind.CREDIT_NOTE, adjusts="INV-0007"),
        document("CN-0004", 1, kind=DocumentKind.CREDIT_NOTE),  # adjusts printed as "not stated" / "-"
        document("INV-0008", 3),
        document("INV-0009", 0),  # no lines: the table says so in a row that is no line
    ]
    path = write_pdf(documents, layout)
    assert len(page_texts(path)) == 5
    assert read_pdf(path, layout) == documents


def test_ledger_table_continues_on_pages_without_its_header(write_pdf, read_pdf):
    long = document("INV-0009", 7)
    path = write_pdf([long, document("INV-0010", 1)], "ledger")
    texts = page_texts(path)
    assert len(texts) == 4  # 3 lines a page: 3 + 3 + 1, then the next document
    assert "Amount Item Service period" in texts[0]
    assert all("Amount Item" not in text for text in texts[1:3])  # the header is on the first page only
    assert read_pdf(path, "ledger") == [long, document("INV-0010", 1)]


def test_harness_table_continues_on_pages_repeating_its_header(write_pdf, read_pdf):
    long = document("INV-0011", 30)
    path = write_pdf([long], "harness")
    texts = page_texts(path)
    assert len(texts) >= 2
    assert "Description Type Plan Period" in texts[1]  # repeated on the continuation page
    assert not any(text.startswith("Invoice INV-0011") for text in texts[1:])
    assert read_pdf(path, "harness") == [long]


def test_a_continuation_without_the_header_the_profile_promises_is_an_error(write_pdf, read_pdf, tmp_path):
    path = write_pdf([document("INV-0012", 5)], "ledger")
    profile = tmp_path / "ledger-repeating.yaml"
    profile.write_text((SHIPPED / "ledger.yaml").read_text().replace("repeats_header: false", "repeats_header: true"))
    with pytest.raises(PdfReadError, match=rf"{path}, page 2: the table continues without its header row"):
        read_pdf(path, str(profile))


def test_an_unknown_plan_names_the_file_page_row_and_text(write_pdf, read_pdf):
    path = write_pdf([document("INV-0013", 5, plan="gold")], "ledger")
    with pytest.raises(PdfReadError) as error:
        read_pdf(path, "ledger")
    message = str(error.value)
    assert message.startswith(f"{path}, page 1, table row 2 (")
    assert "plan 'gold' is neither the name nor the id of a plan in the pack's catalog" in message


def test_a_row_that_does_not_parse(write_pdf, read_pdf, tmp_path):
    path = write_pdf([document("INV-0014", 3)], "ledger")
    profile = tmp_path / "vendor.yaml"
    profile.write_text((SHIPPED / "ledger.yaml").read_text().replace("    Prorated credit: proration_credit\n", ""))
    with pytest.raises(PdfReadError, match=rf"{path}, page 1, table row 3 \(.*\): kind 'Prorated credit' is not one"):
        read_pdf(path, str(profile))


def test_a_bad_row_on_a_continuation_page_names_that_page(write_pdf, read_pdf):
    long = document("INV-0015", 5)
    lines = list(long.lines)
    lines[4] = replace(lines[4], plan="gold")
    path = write_pdf([replace(long, lines=tuple(lines))], "ledger")
    with pytest.raises(PdfReadError, match=rf"{path}, page 2, table row 2 \('1\.234,56 \$ Line 5: .*plan 'gold'"):
        read_pdf(path, "ledger")


def test_a_pdf_in_another_layout_does_not_start_a_document(write_pdf, read_pdf):
    path = write_pdf([document("INV-0016", 1)], "harness")
    with pytest.raises(PdfReadError, match=rf"{path}, page 1: does not start a document: no line matches"):
        read_pdf(path, "ledger")


def test_a_broken_file_is_an_error_naming_it(tmp_path, read_pdf):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\nthis is no PDF\n")
    with pytest.raises(PdfReadError, match=rf"{path}: not a readable PDF"):
        read_pdf(path, "harness")
