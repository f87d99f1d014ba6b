"""Date and time formats of the portal, for every language it offers (settings
FORMAT_MODULE_PATH). A Vietnamese portal reads and writes day first, whatever the
interface language: Django's "vi" locale defines no input formats (so the default,
month-first American ones applied: "01/12/2026" became 12 January) and its "en"
locale reads month first. ISO yyyy-mm-dd stays accepted: HTML <input type="date">
sends it. Never "%m/%d/%Y".

The first input format is also what widgets render and what the admin's calendar
and "Hôm nay" shortcut write (through the JavaScript catalog).
"""

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 26/11/2026
    "%d-%m-%Y",  # 26-11-2026
    "%d.%m.%Y",  # 26.11.2026
    "%Y-%m-%d",  # 2026-11-26 (ISO, <input type="date">)
]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",  # 26/11/2026 08:00
    "%d/%m/%Y %H:%M:%S",  # 26/11/2026 08:00:00
    "%d/%m/%Y",  # 26/11/2026 (midnight)
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d %H:%M:%S",  # ISO
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
]

# Display: the admin shows dates the way the site and the exports do.
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
# Calendars start on Monday (thứ Hai).
FIRST_DAY_OF_WEEK = 1
