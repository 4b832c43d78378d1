"""Strings of the capacity advice on the planning page (which small ask serves the most)."""

MESSAGES = {
    "field.version": {"zh-CN": "计划版本", "en": "Plan version"},
    "field.suggestion": {"zh-CN": "建议", "en": "Suggestion"},
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
    "advice.combination": {
        "zh-CN": "两项一起：{asks}，可多安排 {count} 项：{tasks}（优先级 +{gain}，单独各 {alone}）",
        "en": "Both together: {asks}; {count} more task(s) could be planned: {tasks} "
        "(priority +{gain}; alone {alone})",
    },
    "advice.part.block": {"zh-CN": "{person}{start}–{end}出勤", "en": "{person} at {start}–{end}"},
    "advice.part.cap": {
        "zh-CN": "{person}工时上限调至 {minutes} 分钟",
        "en": "{person}'s cap to {minutes} min",
    },
    "advice.part.hall": {"zh-CN": "{resource}第二批", "en": "a second group at {resource}"},
    "advice.ask": {"zh-CN": "询问本人", "en": "Ask them"},
    "advice.asked": {
        "zh-CN": "已通过消息发送询问：{person}",
        "en": "Asked {person} through the outbox",
    },
    "advice.stop": {"zh-CN": "停止计算", "en": "Stop"},
    "advice.running": {
        "zh-CN": "正在计算建议（{user} 发起，后台求解）：已验证 {checked} 项，待验证 {queued} 项",
        "en": "Computing advice (asked by {user}, on a worker): {checked} checked, "
        "{queued} to check",
    },
    "advice.queued": {
        "zh-CN": "建议计算已排队（{user} 发起），前面还有 {ahead} 项任务",
        "en": "Advice queued (asked by {user}); {ahead} job(s) ahead",
    },
    "advice.stopped": {
        "zh-CN": "计算已停止，以下为已验证的建议。",
        "en": "Stopped: the suggestions checked so far.",
    },
    "advice.for_version": {
        "zh-CN": "最近一次建议针对第 {number} 版，请为当前版本重新计算。",
        "en": "The last advice was for version {number}; compute it again for this one.",
    },
    "advice.heatmap": {
        "zh-CN": "未满足需求（按技能和日期）",
        "en": "Unmet demand by skill and day",
    },
    "advice.heatmap_caption": {
        "zh-CN": "每格：未安排任务的分钟数（时长×人数）/ 具备该技能人员当天的可出勤分钟数。",
        "en": "Each cell: unplanned minutes (duration × headcount) / minutes people with the "
        "skill are available that day.",
    },
    "advice.col.unplanned": {"zh-CN": "未安排分钟", "en": "Unplanned minutes"},
    "advice.col.available": {"zh-CN": "可出勤分钟", "en": "Available minutes"},
    "advice.error.running": {
        "zh-CN": "本周的建议正在计算中（{user} 发起），请等待其完成。",
        "en": "Advice for this week is already being computed (asked by {user}); wait for it.",
    },
    "advice.error.all_planned": {
        "zh-CN": "第 {number} 版已安排全部任务，无需增加人手。",
        "en": "Version {number} plans every task: no capacity to add.",
    },
    "advice.error.no_suggestion": {
        "zh-CN": "没有第 {index} 条建议。",
        "en": "There is no suggestion {index}.",
    },
    "advice.error.no_person": {
        "zh-CN": "第 {index} 条建议是场馆名额，没有可询问的人员。",
        "en": "Suggestion {index} is a hall slot: there is no one to ask.",
    },
    "advice.error.worker_lost": {
        "zh-CN": "计算建议的进程意外中止（{detail}），请重新计算。",
        "en": "The advice's worker stopped unexpectedly ({detail}); compute it again.",
    },
    "advice.error.not_staff": {
        "zh-CN": "{person} 不在人员名单中（导入的模拟周），无法询问。",
        "en": "{person} is not on the staff list (an imported what-if week): no one to ask.",
    },
    "advice.error.inactive": {
        "zh-CN": "{person} 已停用，不能再安排。",
        "en": "{person} is no longer active and cannot be planned.",
    },
    "advice.error.on_leave": {
        "zh-CN": "{person} 在 {leave} 请假，新增时段与假期重叠。",
        "en": "{person} is on leave {leave}: the extra period overlaps it.",
    },
    "advice.error.cap_range": {
        "zh-CN": "{person} 本周工时上限将为 {hours} 小时，超出规定上限 {high} 小时。",
        "en": "{person}'s weekly cap would be {hours} h, above the {high} h the rules allow.",
    },
    "advice.error.already_agreed": {
        "zh-CN": "该询问已由 {user} 登记为同意。",
        "en": "{user} already recorded that they agreed.",
    },
    "advice.ask_text.block": {
        "zh-CN": "{day} {start}–{end} 可出勤",
        "en": "could work on {day} {start}–{end}",
    },
    "advice.ask_text.cap": {
        "zh-CN": "本周可多工作 {hours} 小时（工时上限 {cap} 小时）",
        "en": "could work {hours} more hours this week (cap {cap} h)",
    },
    "advice.asked_at": {
        "zh-CN": "已于 {at} 询问（{user}）",
        "en": "Asked at {at} (by {user})",
    },
    "advice.agree": {"zh-CN": "本人已同意", "en": "They agreed"},
    "advice.agreed_at": {
        "zh-CN": "已于 {at} 同意（{user} 登记），已增加该时段并重新排班",
        "en": "Agreed at {at} (recorded by {user}); added and re-planned",
    },
    "advice.agreed_no_replan": {
        "zh-CN": "已于 {at} 同意（{user} 登记），已增加该时段；重新排班未能启动，请在“调整”中重新排班",
        "en": "Agreed at {at} (recorded by {user}) and added; the re-plan could not start: "
        "re-plan from Adjust",
    },
    "advice.replanning": {
        "zh-CN": "已登记同意，正在按最小改动重新排班。",
        "en": "Agreement recorded; re-planning with minimal change.",
    },
}
