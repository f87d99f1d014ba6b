"""Every message an import can give, in Vietnamese. Tests format the same constants."""

from django.utils.translation import gettext_lazy as _

from core import workbooks

# --- The file as a whole ---
FILE_TOO_LARGE = _("Tệp quá lớn: %(size)s MB, tối đa %(limit)s MB.")
# The workbook checks are shared (core.workbooks); the same messages, by name.
NOT_XLSX = workbooks.MESSAGES[workbooks.NOT_XLSX]
OLD_XLS = workbooks.MESSAGES[workbooks.OLD_XLS]
UNCOMPRESSED_TOO_LARGE = workbooks.MESSAGES[workbooks.UNZIPPED_TOO_LARGE]
SHEET_TOO_LARGE = workbooks.MESSAGES[workbooks.FAR_CELL]
TOO_MANY_ROWS = _(
    "Tệp có hơn %(limit)s câu hỏi; hãy chia thành nhiều tệp, mỗi tệp tối đa "
    "%(limit)s câu hỏi."
)
NO_QUESTIONS = _("Tệp không có câu hỏi nào.")
NOT_UTF8 = _(
    "Tệp văn bản không ở mã UTF-8 (lỗi ở dòng %(line)s). Hãy lưu lại với mã UTF-8."
)
UNKNOWN_FORMAT = _(
    "Định dạng “%(format)s” không được hỗ trợ; dùng xlsx, docx, aiken hoặc gift."
)
BANK_NAME_REQUIRED = _("Chưa ghi tên ngân hàng câu hỏi.")
BANK_NAME_TOO_LONG = _("Tên ngân hàng câu hỏi dài quá %(limit)s ký tự.")

# --- Header row (Excel row 1) ---
UNKNOWN_HEADER = _(
    "Tiêu đề “%(header)s” không có trong mẫu. Các tiêu đề hợp lệ: %(allowed)s."
)
MISSING_HEADER = _("Thiếu cột “%(header)s” ở dòng tiêu đề (dòng %(row)s).")
DUPLICATE_HEADER = _("Tiêu đề “%(header)s” có ở cả cột %(first)s và cột %(second)s.")
HEADERLESS_DATA = _("Cột %(column)s có dữ liệu nhưng không có tiêu đề ở dòng %(row)s.")

# --- One question ---
EMPTY_QUESTION = _("Câu hỏi bị bỏ trống.")
TOO_LONG = _("Nội dung dài %(length)s ký tự, tối đa %(limit)s ký tự.")
TOO_FEW_CHOICES = _("Câu hỏi có %(count)s đáp án; cần ít nhất %(min)s.")
TOO_MANY_CHOICES = _("Câu hỏi có %(count)s đáp án; tối đa %(max)s (A-F).")
CHOICE_GAP = _(
    "Đáp án %(letter)s bị bỏ trống nhưng đáp án %(next)s có nội dung; các đáp án "
    "phải điền liền nhau từ A."
)
EMPTY_CHOICE = _("Đáp án %(letter)s bị bỏ trống.")
DUPLICATE_CHOICE = _("Đáp án %(letter)s trùng với đáp án %(other)s.")
MISSING_CORRECT = _("Chưa ghi đáp án đúng (một chữ cái từ A đến F).")
INVALID_CORRECT = _("Đáp án đúng “%(value)s” không hợp lệ; ghi một chữ cái từ A đến F.")
MULTIPLE_CORRECT = _("Chỉ được một đáp án đúng, nhưng ô ghi “%(value)s”.")
CORRECT_NAMES_EMPTY = _(
    "Đáp án đúng là %(letter)s nhưng đáp án %(letter)s bị bỏ trống."
)
INVALID_DIFFICULTY = _(
    "Mức độ “%(value)s” không hợp lệ; ghi Dễ, Trung bình hoặc Khó (hoặc để trống)."
)
DOCUMENT_WITHOUT_TOPIC = _("Có văn bản tham khảo nhưng chưa ghi chủ đề.")
TOPIC_DOCUMENT_CONFLICT = _(
    "Chủ đề “%(topic)s” đã gắn với văn bản “%(document)s” %(where)s; một chủ đề chỉ "
    "gắn một văn bản."
)
WHERE_ROW = _("ở dòng %(row)s")
WHERE_BANK = _("trong ngân hàng")
DUPLICATE_IN_FILE = _("Câu hỏi trùng với câu hỏi ở dòng %(other)s của tệp.")

# --- Aiken ---
AIKEN_NO_CHOICES = _("Câu hỏi không có đáp án nào (dòng dạng “A. nội dung”).")
AIKEN_NO_ANSWER = _("Câu hỏi thiếu dòng “ANSWER: <chữ cái>” ở cuối.")
AIKEN_LETTER_ORDER = _(
    "Đáp án phải đánh chữ cái theo thứ tự A, B, C…; dòng này ghi “%(letter)s”."
)
AIKEN_ANSWER_UNKNOWN = _("ANSWER: %(letter)s không khớp với đáp án nào của câu hỏi.")
AIKEN_ANSWER_INVALID = _("Dòng ANSWER ghi “%(value)s”; cần một chữ cái.")
AIKEN_TEXT_AFTER_CHOICES = _(
    "Dòng “%(line)s” nằm giữa các đáp án: thiếu chữ cái đầu dòng (A. hoặc A))."
)
AIKEN_NOT_STARTED = _(
    "Dòng đáp án hoặc ANSWER nằm trước câu hỏi: thiếu dòng câu hỏi phía trên."
)
AIKEN_FIRST_LETTER = _(
    "ANSWER ghi “%(value)s”: như Moodle, chỉ chữ cái đầu được tính, đáp án đúng "
    "là %(letter)s."
)

# --- GIFT ---
GIFT_UNCLOSED = _("Thiếu dấu “}” đóng phần đáp án mở ở dòng %(line)s.")
GIFT_NO_ANSWERS = _(
    "Phần đáp án {…} không đúng cú pháp: mỗi đáp án bắt đầu bằng “=” (đúng) hoặc "
    "“~” (sai)."
)
GIFT_IMAGE = _(
    "Câu hỏi có hình ảnh (<img>); cổng không nhập được hình ảnh. Hãy bỏ hình hoặc "
    "mô tả bằng chữ."
)
GIFT_SECOND_BLOCK = _("Câu hỏi có hai phần đáp án {…}; mỗi câu hỏi chỉ một phần.")
SKIP_DESCRIPTION = _(
    "Bỏ qua: đoạn văn không có phần đáp án {…} (mô tả, không phải câu hỏi)."
)
SKIP_ESSAY = _("Bỏ qua: câu hỏi tự luận ({}), không phải trắc nghiệm.")
SKIP_TRUE_FALSE = _("Bỏ qua: câu hỏi Đúng/Sai, không phải trắc nghiệm một đáp án.")
SKIP_NUMERICAL = _("Bỏ qua: câu hỏi trả lời bằng số ({#…}), không phải trắc nghiệm.")
SKIP_MATCHING = _("Bỏ qua: câu hỏi ghép cặp (->), không phải trắc nghiệm một đáp án.")
SKIP_SHORT_ANSWER = _(
    "Bỏ qua: câu hỏi trả lời ngắn (chỉ có đáp án “=”, không có đáp án sai “~”)."
)
SKIP_MULTIPLE_CORRECT = _(
    "Bỏ qua: câu hỏi có %(count)s đáp án đúng “=”, không phải trắc nghiệm một đáp án."
)
SKIP_WEIGHTED = _(
    "Bỏ qua: câu hỏi chấm điểm theo trọng số (%(weight)s), không phải trắc nghiệm "
    "một đáp án đúng."
)

# --- Word (.docx) ---
NOT_DOCX = _(
    "Tệp không phải văn bản Word .docx (xét theo nội dung, không theo tên tệp)."
)
DOCX_UNREADABLE = _("Không đọc được tệp .docx: tệp bị hỏng (%(detail)s).")
DOCX_QUESTION = _("Câu %(number)s")
DOCX_QUESTION_AT = _("Câu hỏi ở đoạn %(paragraph)s")
DOCX_PLACE = _("%(question)s (đoạn %(paragraph)s)")
DOCX_PARAGRAPH = _("Đoạn %(paragraph)s")
DOCX_TABLE = _("Bảng %(table)s")
DOCX_TABLE_ROW = _("Bảng %(table)s, dòng %(row)s")
DOCX_OPTION_WITHOUT_QUESTION = _(
    "Đáp án nằm trước câu hỏi đầu tiên: thiếu dòng “Câu 1: …” phía trên."
)
DOCX_TEXT_AFTER_OPTIONS = _(
    "Đoạn “%(line)s” nằm sau các đáp án nhưng không phải đáp án (thiếu “A.”, "
    "“B.”… ở đầu), không phải dòng “Đáp án: …” hay “Câu …” mới."
)
DOCX_TWO_KEY_LINES = _("Câu hỏi có hai dòng “Đáp án: …”.")
DOCX_NO_OPTIONS = _("Câu hỏi không có đáp án nào (các dòng “A. …”, “B. …”).")
DOCX_OPTION_ORDER = _(
    "Các đáp án không theo thứ tự: gặp “%(letter)s.” ở chỗ phải là “%(expected)s.”."
)
DOCX_NO_KEY = _(
    "Chưa đánh dấu đáp án đúng: in đậm, gạch chân hoặc tô màu đúng một đáp án, "
    "hoặc thêm dòng “Đáp án: B” sau các đáp án."
)
DOCX_TWO_MARKED = _(
    "Có nhiều đáp án được đánh dấu là đúng (%(letters)s); chỉ được một."
)
DOCX_KEY_NO_OPTION = _(
    "%(source)s ghi đáp án %(letter)s nhưng câu hỏi không có đáp án %(letter)s."
)
DOCX_KEY_DISAGREES = _(
    "%(first)s là %(first_letter)s nhưng %(second)s là %(second_letter)s."
)
DOCX_BY_MARK = _("Đáp án được đánh dấu")
DOCX_BY_KEY_LINE = _("Dòng “Đáp án: …”")
DOCX_BY_ANSWER_TABLE = _("Bảng đáp án")
DOCX_ANSWER_TABLE_BAD = _(
    "Bảng đáp án ghi câu “%(number)s”, đáp án “%(letter)s”: cần số câu và một "
    "chữ cái A-F."
)
DOCX_ANSWER_FOR_NOTHING = _("Bảng đáp án có Câu %(number)s nhưng tệp không có câu này.")
DOCX_TABLE_SKIPPED = _(
    "Bỏ qua bảng trước câu hỏi đầu tiên (không phải bảng câu hỏi hay bảng đáp án)."
)
DOCX_TABLE_UNKNOWN = _(
    "Bảng này không phải bảng câu hỏi (cần cột “Câu hỏi” và các cột A, B, C…) "
    "hay bảng đáp án (cột “Câu” và “Đáp án”)."
)
DOCX_INTRO_SKIPPED = _(
    "Bỏ qua %(count)s đoạn mở đầu trước câu hỏi đầu tiên (tiêu đề, hướng dẫn)."
)
DOCX_COLUMN_IGNORED = _("Cột “%(column)s” không thuộc câu hỏi nên không được nhập.")
DOCX_MERGED_CELL = _(
    "Ô ở cột “%(column)s” bị gộp với ô bên cạnh hoặc phía trên; hãy bỏ gộp ô và "
    "ghi đủ nội dung cho từng câu hỏi."
)

# --- Workbooks as organizers have them ---
OPTIONS_TWO_WAYS = _(
    "Có cả cột “%(header)s” (mọi đáp án trong một ô) và các cột Đáp án A, B…; "
    "chỉ dùng một cách."
)
OPTIONS_NOT_SPLIT = _(
    "Không tách được các đáp án: ô phải bắt đầu bằng “A.” (hoặc “A)”, “A/”) và "
    "các đáp án tiếp theo bắt đầu bằng “B.”, “C.”… theo thứ tự."
)
KEY_DISAGREES = _("Ô đáp án đúng ghi %(cell)s nhưng câu hỏi ghi “Đáp án: %(text)s”.")
MANY_QUESTION_SHEETS = _(
    "Tệp có nhiều trang tính chứa câu hỏi: %(names)s; mỗi lần chỉ nhập một trang "
    "tính (đã xem “%(read)s”). Hãy gộp câu hỏi vào một trang tính, hoặc đặt tên "
    "trang tính cần nhập là “%(expected)s”."
)
OTHER_SHEETS_NOT_READ = _(
    "Đã đọc trang tính “%(read)s”; các trang tính %(names)s cũng có cột câu hỏi "
    "nhưng không được nhập."
)
SHEET_READ = _("Đã đọc trang tính “%(sheet)s”.")
UNSAVED_FORMULA = _(
    "Ô chứa công thức nhưng tệp không lưu kết quả tính (thường do tệp được tạo "
    "bằng chương trình khác Excel). Hãy mở tệp bằng Excel rồi lưu lại, hoặc thay "
    "công thức bằng giá trị (Dán đặc biệt → Giá trị)."
)
ERROR_VALUE = _(
    "Ô có giá trị lỗi %(value)s (công thức tính ra lỗi); hãy sửa công thức hoặc "
    "ghi giá trị."
)
MERGED_CELLS = _(
    "Các ô %(range)s được gộp: chỉ ô đầu có nội dung, các dòng khác sẽ mất dữ "
    "liệu. Hãy bỏ gộp ô và ghi đủ nội dung cho từng dòng."
)
TITLE_ROWS_SKIPPED = _(
    "Bỏ qua %(count)s dòng tiêu đề phía trên; dòng %(row)s là dòng tên cột."
)
INVISIBLE_REMOVED = _(
    "Đã xoá ký tự vô hình (khoảng trắng độ rộng 0, gạch nối mềm) trong ô."
)
QUESTION_PREFIX_STRIPPED = _("Đã bỏ “%(prefix)s” ở đầu câu hỏi.")
OPTION_PREFIX_STRIPPED = _("Đã bỏ “%(prefix)s” ở đầu đáp án.")
KEY_IN_QUESTION = _(
    "Đã lấy đáp án đúng %(letter)s từ dòng “Đáp án: %(letter)s” cuối câu hỏi."
)

# --- Legacy encodings ---
LEGACY_CONVERTED = _(
    "Tệp được gõ bằng bảng mã %(encoding)s; đã chuyển sang Unicode. Hãy xem lại "
    "nội dung trong bản xem trước."
)
LEGACY_MIXED = _(
    "Tệp lẫn chữ Unicode và chữ gõ bằng bảng mã %(encoding)s nên không chuyển tự "
    "động được. Hãy chuyển cả tệp sang Unicode (ví dụ Unikey: Công cụ chuyển mã) "
    "rồi tải lên lại."
)
