"""Build Word (.docx) question banks the way organizers type them, with python-docx."""

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import RGBColor

LAW = [
    (
        "Luật Công đoàn năm 2012 có hiệu lực từ ngày nào?",
        ["01/01/2013", "01/07/2013", "01/01/2012", "20/06/2012"],
        0,
    ),
    (
        "Ngày truyền thống của Công đoàn Việt Nam là ngày nào?",
        ["28/7/1929", "2/9/1945", "3/2/1930", "1/5/1886"],
        0,
    ),
    (
        "Nhận định nào sau đây là đúng?",
        [
            "Đoàn viên được bầu cử",
            "Đoàn viên không được ứng cử",
            "Công đoàn là tổ chức tư nhân",
        ],
        0,
    ),
    (
        "Chuyển đổi số quốc gia gồm mấy trụ cột?",
        ["Hai", "Ba", "Bốn", "Năm"],
        1,
    ),
]


def save(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def mark(run, how: str) -> None:
    if how == "bold":
        run.bold = True
    elif how == "underline":
        run.underline = True
    elif how == "color":
        run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)


def paragraphs_bank(
    questions=LAW,
    *,
    how="bold",
    on="body",
    letters="ABCDEF",
    title=True,
    key_line=False,
    star=False,
    bold_stem=True,
    answer_table=None,
) -> bytes:
    """ "Câu N: …" then one paragraph per option; the key marked `how`, on the
    option's "body" or its "letter"; or by a star, or by a line "Đáp án: X"."""
    document = docx.Document()
    if title:
        document.add_paragraph("BỘ CÂU HỎI TRẮC NGHIỆM TÌM HIỂU PHÁP LUẬT")
        document.add_paragraph("(Dùng cho cuộc thi trực tuyến năm 2024)")
    for number, (text, choices, correct) in enumerate(questions, start=1):
        stem = document.add_paragraph()
        run = stem.add_run(f"Câu {number}: ")
        run.bold = bold_stem
        stem.add_run(text).bold = bold_stem
        for index, choice in enumerate(choices):
            paragraph = document.add_paragraph()
            prefix = "*" if star and index == correct else ""
            letter = paragraph.add_run(f"{prefix}{letters[index]}. ")
            body = paragraph.add_run(choice)
            if index == correct and how and not key_line and not star:
                mark(letter if on == "letter" else body, how)
        if key_line:
            document.add_paragraph(f"Đáp án: {'ABCDEF'[correct]}")
    if answer_table is not None:
        document.add_paragraph("ĐÁP ÁN")
        pairs = list(answer_table.items())
        table = document.add_table(rows=1, cols=4)
        for cell, text in zip(
            table.rows[0].cells, ["Câu", "Đáp án", "Câu", "Đáp án"], strict=True
        ):
            cell.text = text
        for i in range(0, len(pairs), 2):
            cells = table.add_row().cells
            for j, (number, letter) in enumerate(pairs[i : i + 2]):
                cells[2 * j].text = str(number)
                cells[2 * j + 1].text = letter
    return save(document)


def inline_bank(questions=LAW, *, separator="\t") -> bytes:
    """Options in one paragraph: "A. x<tab>B. y…" or split by soft line breaks;
    the key in bold."""
    document = docx.Document()
    for number, (text, choices, correct) in enumerate(questions, start=1):
        document.add_paragraph(f"Câu {number}. {text}")
        paragraph = document.add_paragraph()
        for index, choice in enumerate(choices):
            if index:
                paragraph.add_run(separator)
            run = paragraph.add_run(f"{'ABCDEF'[index]}. {choice}")
            run.bold = index == correct
    return save(document)


def _letter_numbering(document) -> str:
    """Add an upper-letter list (A., B., C.) to numbering.xml; return its numId."""
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
        '<w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'
    )
    numbering.insert(0, abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'
        )
    )
    return "90"


def numbered_bank(questions=LAW, *, how="bold") -> bytes:
    """Options numbered by Word (the letter is not in the text); key marked."""
    document = docx.Document()
    num_id = _letter_numbering(document)
    for number, (text, choices, correct) in enumerate(questions, start=1):
        document.add_paragraph(f"Câu {number}: {text}")
        for index, choice in enumerate(choices):
            paragraph = document.add_paragraph()
            paragraph._p.get_or_add_pPr().append(
                parse_xml(
                    f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/>'
                    f'<w:numId w:val="{num_id}"/></w:numPr>'
                )
            )
            run = paragraph.add_run(choice)
            if index == correct:
                mark(run, how)
    return save(document)


def table_bank(questions=LAW, *, headers=None, key_by="letter") -> bytes:
    """The bank as one Word table: STT | Câu hỏi | A | B | C | D | Đáp án."""
    headers = headers or ["STT", "Câu hỏi", "A", "B", "C", "D", "Đáp án"]
    document = docx.Document()
    document.add_paragraph("NGÂN HÀNG CÂU HỎI")
    table = document.add_table(rows=1, cols=len(headers))
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for number, (text, choices, correct) in enumerate(questions, start=1):
        cells = table.add_row().cells
        cells[0].text = str(number)
        cells[1].text = text
        for index, choice in enumerate(choices):
            paragraph = cells[2 + index].paragraphs[0]
            run = paragraph.add_run(choice)
            if key_by == "bold" and index == correct:
                run.bold = True
        if key_by == "letter":
            cells[6].text = "ABCDEF"[correct]
    return save(document)
