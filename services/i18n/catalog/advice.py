"""Strings of the capacity advice on the planning page (which small ask serves the most)."""

MESSAGES = {
    "advice.title": {"zh-CN": "增加人手建议", "en": "Capacity advice"},
    "advice.caption": {
        "zh-CN": "每条建议都经过一次带该项增补的求解验证；按每小时多安排的优先级排序。",
        "en": "Each suggestion is checked by a solve with that one addition; ranked by "
        "priority served per hour asked.",
    },
    "advice.compute": {"zh-CN": "计算建议", "en": "Compute advice"},
    "advice.none": {
        "zh-CN": "没有找到能多安排任务的小幅增补。",
        "en": "No small addition found that would plan more tasks.",
    },
    "advice.block": {
        "zh-CN": "若{person}{start}–{end}可出勤，可多安排 {count} 项：{tasks}（优先级 +{gain}）",
        "en": "If {person} could work {start}–{end}, {count} more task(s) could be planned: "
        "{tasks} (priority +{gain})",
    },
    "advice.cap": {
        "zh-CN": "若{person}本周工时上限提高 {hours} 小时，可多安排 {count} 项：{tasks}（优先级 +{gain}）",
        "en": "If {person}'s weekly cap rose by {hours} h, {count} more task(s) could be "
        "planned: {tasks} (priority +{gain})",
    },
    "advice.hall": {
        "zh-CN": "若{resource}可同时接待第二批，可多安排 {count} 项：{tasks}（优先级 +{gain}）",
        "en": "If {resource} could take a second group at once, {count} more task(s) could "
        "be planned: {tasks} (priority +{gain})",
    },
}
