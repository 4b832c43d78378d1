"""Strings of the shared sheet reader (services.core.spreadsheet): why an import file is refused."""

MESSAGES = {
    "sheet.error.file_type": {
        "zh-CN": "无法读取 {name}：请上传 CSV 或 Excel（.xlsx）文件。",
        "en": "Cannot read {name}: upload a CSV or Excel (.xlsx) file.",
    },
    "sheet.error.empty": {
        "zh-CN": "{name} 是空文件，没有表头也没有数据。",
        "en": "{name} is empty: no header and no rows.",
    },
    "sheet.error.no_rows": {
        "zh-CN": "{name} 只有表头，没有数据行。",
        "en": "{name} has a header but no data rows.",
    },
    "sheet.error.too_many": {
        "zh-CN": "文件超过 {max} 行数据，未导入任何内容；请分成多个文件导入。",
        "en": "The file has more than {max} data rows; nothing was imported. Split it into several files.",
    },
    "sheet.error.unreadable": {
        "zh-CN": "{name} 不是有效的 Excel 文件（可能已损坏），请重新导出后再试。",
        "en": "{name} is not a valid Excel file (it may be damaged); export it again and retry.",
    },
    "sheet.error.encoding": {
        "zh-CN": "{name} 的编码无法识别：请另存为 UTF-8 或 GBK 编码的 CSV。",
        "en": "The encoding of {name} is not recognised: save it as CSV in UTF-8 or GBK.",
    },
    "sheet.error.csv": {
        "zh-CN": "{name} 不是有效的 CSV 文件：{detail}",
        "en": "{name} is not a valid CSV file: {detail}",
    },
    "sheet.error.date_range": {
        "zh-CN": "日期 {value} 不合理：应在 2000-01-01 之后、今天起一年之内",
        "en": "the date {value} is implausible: it must be after 2000-01-01 and within a year from today",
    },
}
