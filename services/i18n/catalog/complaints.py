"""Strings of the 12345 complaint queue, its metrics and the working-day calendar."""

MESSAGES = {
    "field.calendar_year": {"zh-CN": "年份", "en": "Year"},
    "field.calendar_day": {"zh-CN": "日期", "en": "Date"},
    "field.calendar_note": {"zh-CN": "说明", "en": "Note"},
    "workdays.error.other_year": {
        "zh-CN": "{day} 不属于 {year} 年",
        "en": "{day} is not in {year}",
    },
}
