"""Strings of each person's desk (the home page) and the published week view."""

MESSAGES = {
    "page.plan_week": {"zh-CN": "已发布周计划", "en": "Published plan"},
    "desk.officer.title": {
        "zh-CN": "我的任务（本周与下周）",
        "en": "My tasks (this and next week)",
    },
    "desk.officer.ics": {"zh-CN": "下载我的日历（.ics）", "en": "Download my calendar (.ics)"},
    "desk.officer.availability": {"zh-CN": "我的可用时间与请假", "en": "My availability and leave"},
    "desk.officer.none": {
        "zh-CN": "已发布的计划中本周和下周没有您的任务。",
        "en": "No task of yours in this or next week's published plan.",
    },
    "desk.officer.address": {"zh-CN": "地址：{address}", "en": "Address: {address}"},
    "desk.officer.teammates": {"zh-CN": "同组：{names}", "en": "Teammates: {names}"},
    "desk.officer.prepare": {"zh-CN": "携带与准备：{text}", "en": "Bring and prepare: {text}"},
    "desk.officer.record_inspection": {
        "zh-CN": "到“我的检查”记录检查结果",
        "en": "Record the inspection on My inspections",
    },
    "desk.officer.save_outcome": {"zh-CN": "保存任务结果", "en": "Save the outcome"},
    "desk.officer.saved": {"zh-CN": "任务结果已保存。", "en": "Outcome saved."},
    "desk.outcome.done": {"zh-CN": "已完成", "en": "Done"},
    "desk.outcome.not_done": {"zh-CN": "未完成", "en": "Not done"},
    "field.task_outcome": {"zh-CN": "任务结果", "en": "Outcome"},
    "field.task_outcome_note": {"zh-CN": "结果说明", "en": "Outcome note"},
    "desk.error.outcome": {"zh-CN": "无效的结果：{value}", "en": "unknown outcome: {value}"},
    "desk.error.note_required": {
        "zh-CN": "未完成时请说明原因",
        "en": "say why when the task was not done",
    },
    "desk.error.inspection": {
        "zh-CN": "{task} 是检查任务，请在“我的检查”记录",
        "en": "{task} is an inspection: record it on My inspections",
    },
    "desk.error.not_yours": {
        "zh-CN": "{task} 不在您已发布的任务中",
        "en": "{task} is not one of your published tasks",
    },
    "desk.error.booking_moved": {
        "zh-CN": "该预约已顺延到 {week} 周，不能在本周记录结果",
        "en": "the booking was rolled over to the week of {week}: record its outcome there",
    },
    "desk.error.booking_status": {
        "zh-CN": "该预约已是“{status}”状态，不能再记为未完成",
        "en": "the booking is already {status}: it cannot be recorded as not done",
    },
    "field.import_file": {"zh-CN": "导入文件", "en": "Import file"},
    "desk.clerk.title": {"zh-CN": "待办", "en": "To do"},
    "desk.clerk.imports": {
        "zh-CN": "近 {days} 天被拒绝的{kind}导入：{count} 次",
        "en": "{kind} imports refused in the last {days} days: {count}",
    },
    "desk.clerk.no_refused_imports": {
        "zh-CN": "近 {days} 天没有被拒绝的导入",
        "en": "No import refused in the last {days} days",
    },
    "desk.clerk.import_line": {
        "zh-CN": "{file} · {at} · {user} · {errors} 处错误",
        "en": "{file} · {at} · {user} · {errors} errors",
    },
    "import.kind.bookings": {"zh-CN": "预约", "en": "Booking"},
    "import.kind.complaints": {"zh-CN": "投诉工单", "en": "Complaint"},
    "import.kind.evaluations": {"zh-CN": "好差评", "en": "Evaluation"},
    "import.kind.plan_week": {"zh-CN": "周计划", "en": "Plan week"},
    "desk.manager.not_done": {
        "zh-CN": "执勤人员记录为未完成、待顺延或不予安排的预约：{count} 项",
        "en": "Bookings their officers recorded not done, to roll over or decline: {count}",
    },
    "desk.clerk.followups": {
        "zh-CN": "今日到期及逾期的回访：{count} 项",
        "en": "Follow-ups due today or overdue: {count}",
    },
    "desk.clerk.callbacks": {
        "zh-CN": "今日到期及逾期的差评回访：{count} 项",
        "en": "Bad-review callbacks due today or overdue: {count}",
    },
    "desk.clerk.complaints": {
        "zh-CN": "临近或超过核查时限的投诉：{count} 件（逾期 {overdue}，即将到期 {soon}）",
        "en": "Complaints near or past their clock: {count} ({overdue} overdue, {soon} due soon)",
    },
    "desk.clerk.bookings": {
        "zh-CN": "已排程待单位确认的预约：{count} 项",
        "en": "Planned bookings waiting for the unit's confirmation: {count}",
    },
    "desk.manager.title": {"zh-CN": "本周与下周状态", "en": "This and next week"},
    "desk.manager.week": {"zh-CN": "{week} 周", "en": "Week of {week}"},
    "desk.manager.published": {"zh-CN": "已发布第 {number} 版", "en": "version {number} published"},
    "desk.manager.not_published": {"zh-CN": "尚未发布", "en": "not published"},
    "desk.manager.draft": {"zh-CN": "有更新的草稿第 {number} 版", "en": "newer draft {number}"},
    "desk.manager.solve_queued": {"zh-CN": "求解排队中", "en": "A solve is queued"},
    "desk.manager.solve_running": {"zh-CN": "正在求解", "en": "A solve is running"},
    "desk.manager.unplanned": {
        "zh-CN": "最新版本未排入的任务：{count} 项",
        "en": "Tasks the newest version leaves unplanned: {count}",
    },
    "desk.manager.complaints": {
        "zh-CN": "可能超过核查时限的投诉：{count} 件（逾期 {overdue}，即将到期 {soon}）",
        "en": "Complaints at risk of missing the clock: {count} ({overdue} overdue, {soon} due soon)",
    },
    "desk.leader.title": {"zh-CN": "需要决策的提醒", "en": "Alerts that need a decision"},
    "desk.leader.complaints": {
        "zh-CN": "逾期未核查的投诉：{count} 件",
        "en": "Overdue complaints: {count}",
    },
    "desk.leader.reviews": {
        "zh-CN": "逾期的差评整改：{count} 件",
        "en": "Overdue bad-review cases: {count}",
    },
    "desk.leader.hazards": {
        "zh-CN": "未结的重大火灾隐患：{count} 件",
        "en": "Major fire hazards open: {count}",
    },
    "desk.week.pick": {"zh-CN": "周", "en": "Week"},
    "desk.week.by": {"zh-CN": "查看方式", "en": "View by"},
    "desk.week.by_day": {"zh-CN": "按日期", "en": "By day"},
    "desk.week.by_person": {"zh-CN": "按人员", "en": "By person"},
    "desk.week.by_station": {"zh-CN": "按站点", "en": "By station"},
    "desk.week.none": {
        "zh-CN": "这一周还没有发布的计划。",
        "en": "No plan is published for this week.",
    },
    "desk.week.title": {"zh-CN": "{week} 周已发布计划", "en": "Published plan, week of {week}"},
    "desk.week.print": {"zh-CN": "下载打印版（HTML）", "en": "Download to print (HTML)"},
}
