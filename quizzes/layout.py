"""The one documented sheet layout of a question bank, and the limits of an import.

The template, the importer and the exporter all read these constants, so an exported
bank re-imports unchanged. Pure: no Django.
"""

LETTERS = "ABCDEF"
MIN_CHOICES = 2
MAX_CHOICES = len(LETTERS)

TOPIC = "Chủ đề"
QUESTION = "Câu hỏi"
CHOICE_HEADERS = tuple(f"Đáp án {letter}" for letter in LETTERS)
CORRECT = "Đáp án đúng"
DIFFICULTY = "Mức độ"
EXPLANATION = "Giải thích"
DOCUMENT = "Văn bản tham khảo"

#: Column order of the template and of every export.
HEADERS = (
    TOPIC,
    QUESTION,
    *CHOICE_HEADERS,
    CORRECT,
    DIFFICULTY,
    EXPLANATION,
    DOCUMENT,
)
#: A workbook must have these; the others may be left out.
REQUIRED_HEADERS = (QUESTION, CHOICE_HEADERS[0], CHOICE_HEADERS[1], CORRECT)

#: "Mức độ" labels as written in the sheet, and the stored values.
DIFFICULTY_LABELS = {"easy": "Dễ", "medium": "Trung bình", "hard": "Khó"}
DEFAULT_DIFFICULTY = "medium"

# Cell limits: a contestant reads a question on a phone; longer is a pasting mistake.
MAX_TOPIC_CHARS = 255  # Topic.name
MAX_DOCUMENT_CHARS = 500  # Topic.document_title
MAX_QUESTION_CHARS = 2000
MAX_CHOICE_CHARS = 1000
MAX_EXPLANATION_CHARS = 5000

# File limits: the benchmark imports 20,000 questions in one workbook.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
# Sum of the uncompressed parts of an .xlsx: a zip bomb stops here.
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024

#: Column help shown on the template's "Hướng dẫn" sheet and in the README.
COLUMN_HELP = (
    (TOPIC, "Không bắt buộc. Tên chủ đề; chủ đề mới được tạo trong ngân hàng."),
    (QUESTION, f"Bắt buộc. Nội dung câu hỏi, tối đa {MAX_QUESTION_CHARS} ký tự."),
    (
        "Đáp án A … Đáp án F",
        "Bắt buộc A và B; C-F khi cần (thường 3-4 đáp án). Điền liền nhau, "
        f"không bỏ trống ở giữa; mỗi đáp án tối đa {MAX_CHOICE_CHARS} ký tự.",
    ),
    (CORRECT, "Bắt buộc. Một chữ cái A-F, chỉ một đáp án đúng."),
    (DIFFICULTY, "Dễ, Trung bình hoặc Khó; để trống là Trung bình."),
    (EXPLANATION, "Không bắt buộc. Giải thích đáp án, hiện sau khi đợt thi đóng."),
    (
        DOCUMENT,
        "Không bắt buộc. Văn bản mà chủ đề dựa vào, ví dụ "
        "“Quyết định số 749/QĐ-TTg ngày 03/6/2020”; cần có Chủ đề.",
    ),
)
