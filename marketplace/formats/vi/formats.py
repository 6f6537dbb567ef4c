"""Vietnamese date formats as people write them.

28/11/2026 (Django's default is 28-11-2026); long dates "29 tháng 11 năm 2026", with the time after
the date ("29 tháng 11 năm 2026, 03:55"), not Django's "03:55 Ngày 29 tháng 11 năm 2026".
"""

from django.conf.locale.vi.formats import *  # noqa: F403

DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
DATETIME_FORMAT = r"j \t\há\n\g n \nă\m Y, H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
