"""Strings of bookings, station tours, the week's availability and the planning instance."""

MESSAGES = {
    "planning.error.not_monday": {
        "zh-CN": "计划周必须从星期一开始（{day} 不是星期一）",
        "en": "A planning week starts on a Monday ({day} is not one)",
    },
    "planning.error.unknown_location": {
        "zh-CN": "任务引用了不存在的地点：{codes}",
        "en": "Tasks name locations that do not exist: {codes}",
    },
}
