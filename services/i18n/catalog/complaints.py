"""Strings of the 12345 complaint queue, its metrics and the working-day calendar."""

MESSAGES = {
    # fields
    "field.calendar_year": {"zh-CN": "年份", "en": "Year"},
    "field.calendar_day": {"zh-CN": "日期", "en": "Date"},
    "field.calendar_note": {"zh-CN": "说明", "en": "Note"},
    "field.complaint_ticket_no": {"zh-CN": "工单号", "en": "Ticket no."},
    "field.complaint_received_at": {"zh-CN": "受理时间", "en": "Received at"},
    "field.complaint_channel": {"zh-CN": "渠道", "en": "Channel"},
    "field.complaint_category": {"zh-CN": "类别", "en": "Category"},
    "field.complaint_unit_name": {"zh-CN": "单位名称", "en": "Unit"},
    "field.complaint_address": {"zh-CN": "地址", "en": "Address"},
    "field.complaint_district": {"zh-CN": "区县", "en": "District"},
    "field.complaint_complainant_name": {"zh-CN": "投诉人", "en": "Complainant"},
    "field.complaint_complainant_phone": {"zh-CN": "联系电话", "en": "Phone"},
    "field.complaint_description": {"zh-CN": "问题描述", "en": "Description"},
    "field.complaint_inspectors": {"zh-CN": "核查人员", "en": "Inspectors"},
    "field.complaint_cases": {"zh-CN": "案件", "en": "Cases"},
    "field.complaint_handling": {"zh-CN": "处理方式", "en": "Handling"},
    "field.complaint_informed_how": {"zh-CN": "告知方式", "en": "Informed by"},
    "field.complaint_informed_at": {"zh-CN": "告知时间", "en": "Informed at"},
    "field.complaint_reason": {"zh-CN": "重新打开原因", "en": "Reason to reopen"},
    "field.complaint_file": {"zh-CN": "文件", "en": "File"},
    # errors
    "workdays.error.other_year": {
        "zh-CN": "{day} 不属于 {year} 年",
        "en": "{day} is not in {year}",
    },
    "complaints.error.time_format": {
        "zh-CN": "“{value}”不是 YYYY-MM-DD HH:MM 格式的时间",
        "en": "“{value}” is not a time like YYYY-MM-DD HH:MM",
    },
    "complaints.error.future": {
        "zh-CN": "{value} 晚于当前时间",
        "en": "{value} is in the future",
    },
    "complaints.error.category": {
        "zh-CN": "“{value}”不是有效类别（安全出口锁闭、疏散通道堵塞、消防设施停用、其他消防违法行为）",
        "en": "“{value}” is not a category (locked_exit, blocked_evacuation, "
        "facility_disabled, other_violation)",
    },
    "complaints.error.two_inspectors": {
        "zh-CN": "需选择两名不同的核查人员",
        "en": "choose two different inspectors",
    },
    "complaints.error.not_inspector": {
        "zh-CN": "人员 {value} 不是在岗的监督检查员",
        "en": "staff {value} is not an active inspector",
    },
    "complaints.error.handling_mismatch": {
        "zh-CN": "处理方式与核查结论不一致（未发现违法时只能选“无违法行为”）",
        "en": "does not match the verification (“no violation” only when none was found)",
    },
    "complaints.error.before_handled": {
        "zh-CN": "告知时间不能早于处理时间",
        "en": "cannot be before the case was handled",
    },
    "complaints.error.step": {
        "zh-CN": "案件当前状态为“{status}”，不能执行“{action}”",
        "en": "The case is “{status}”: “{action}” is not possible now",
    },
    "complaints.error.columns": {
        "zh-CN": "缺少列：{columns}",
        "en": "missing columns: {columns}",
    },
    # categories, statuses, steps
    "complaints.category.locked_exit": {"zh-CN": "安全出口锁闭", "en": "Locked safety exit"},
    "complaints.category.blocked_evacuation": {
        "zh-CN": "疏散通道堵塞",
        "en": "Blocked evacuation route",
    },
    "complaints.category.facility_disabled": {
        "zh-CN": "消防设施停用",
        "en": "Fire facility disabled",
    },
    "complaints.category.other_violation": {
        "zh-CN": "其他消防违法行为",
        "en": "Other fire-safety violation",
    },
    "complaints.status.received": {"zh-CN": "已受理", "en": "Received"},
    "complaints.status.assigned": {"zh-CN": "已派员", "en": "Assigned"},
    "complaints.status.verified": {"zh-CN": "已核查", "en": "Verified"},
    "complaints.status.handled": {"zh-CN": "已处理", "en": "Handled"},
    "complaints.status.informed": {"zh-CN": "已告知", "en": "Complainant informed"},
    "complaints.status.closed": {"zh-CN": "已办结", "en": "Closed"},
    "complaints.action.received": {"zh-CN": "受理", "en": "Received"},
    "complaints.action.merged": {"zh-CN": "合并重复工单", "en": "Duplicate ticket merged"},
    "complaints.action.assign": {"zh-CN": "派员", "en": "Assign"},
    "complaints.action.verify": {"zh-CN": "现场核查", "en": "Verify on site"},
    "complaints.action.handle": {"zh-CN": "处理", "en": "Handle"},
    "complaints.action.inform": {"zh-CN": "告知投诉人", "en": "Inform complainant"},
    "complaints.action.close": {"zh-CN": "办结", "en": "Close"},
    "complaints.action.reopen": {"zh-CN": "重新打开", "en": "Reopen"},
    "complaints.handling.correction_order": {
        "zh-CN": "责令限期改正",
        "en": "Correction order",
    },
    "complaints.handling.corrected_on_spot": {"zh-CN": "当场改正", "en": "Corrected on the spot"},
    "complaints.handling.no_violation": {"zh-CN": "无违法行为", "en": "No violation"},
    "complaints.inform.phone": {"zh-CN": "电话", "en": "Phone"},
    "complaints.inform.sms": {"zh-CN": "短信", "en": "Text message"},
    "complaints.inform.letter": {"zh-CN": "书面", "en": "Letter"},
    "complaints.inform.visit": {"zh-CN": "当面", "en": "In person"},
    "complaints.urgency.overdue": {"zh-CN": "🔴 已超时", "en": "🔴 Overdue"},
    "complaints.urgency.due_soon": {"zh-CN": "🟠 4小时内到期", "en": "🟠 Due within 4 h"},
    "complaints.urgency.on_track": {"zh-CN": "🟢 正常", "en": "🟢 On track"},
    "complaints.urgency.clock_stopped": {"zh-CN": "✔ 已核查", "en": "✔ Verified"},
    # pages
    "page.complaints": {"zh-CN": "12345 投诉举报", "en": "12345 complaints"},
    "page.complaint_metrics": {"zh-CN": "投诉核查指标", "en": "Complaint metrics"},
    "page.admin_calendar": {"zh-CN": "工作日历", "en": "Working-day calendar"},
    "section.complaints": {"zh-CN": "投诉举报", "en": "Complaints"},
    "complaints.tab.queue": {"zh-CN": "待办队列", "en": "Queue"},
    "complaints.tab.case": {"zh-CN": "案件办理", "en": "Case"},
    "complaints.tab.intake": {"zh-CN": "登记与导入", "en": "Intake and import"},
    "complaints.all": {"zh-CN": "全部", "en": "All"},
    "complaints.overdue_only": {"zh-CN": "仅超时", "en": "Overdue only"},
    "complaints.limited": {
        "zh-CN": "只列出前 {limit} 件，请缩小筛选范围。",
        "en": "Only the first {limit} cases are listed: narrow the filters.",
    },
    "complaints.count_page": {
        "zh-CN": "共 {count} 件，显示第 {first}–{last} 件",
        "en": "{count} case(s), showing {first}–{last}",
    },
    "complaints.page": {"zh-CN": "页码（共 {pages} 页）", "en": "Page (of {pages})"},
    "complaints.left": {"zh-CN": "剩 {h} 小时 {m} 分", "en": "{h} h {m} min left"},
    "complaints.late": {"zh-CN": "超时 {h} 小时 {m} 分", "en": "{h} h {m} min late"},
    "complaints.provisional": {"zh-CN": "（暂定）", "en": " (provisional)"},
    "complaints.provisional_hint": {
        "zh-CN": "该期限所在年份的放假安排尚未确认，期限按周一至周五暂定计算。",
        "en": "That year's official calendar is not confirmed yet: the deadline assumes "
        "Monday to Friday working days and is provisional.",
    },
    "complaints.col.urgency": {"zh-CN": "时限", "en": "Clock"},
    "complaints.col.left": {"zh-CN": "剩余时间", "en": "Time left"},
    "complaints.col.status": {"zh-CN": "状态", "en": "Status"},
    "complaints.col.deadline": {"zh-CN": "核查期限", "en": "Verify by"},
    "complaints.col.tickets": {"zh-CN": "工单数", "en": "Tickets"},
    "complaints.col.at": {"zh-CN": "时间", "en": "Time"},
    "complaints.col.step": {"zh-CN": "环节", "en": "Step"},
    "complaints.col.by": {"zh-CN": "操作人", "en": "By"},
    "complaints.assign_heading": {"zh-CN": "批量派员", "en": "Assign inspectors"},
    "complaints.assign": {"zh-CN": "派员核查", "en": "Assign"},
    "complaints.export": {
        "zh-CN": "导出 CSV（投诉人信息已脱敏）",
        "en": "Export CSV (complainants masked)",
    },
    "complaints.pick_case": {"zh-CN": "选择案件", "en": "Choose a case"},
    "complaints.case_line": {
        "zh-CN": "**{category}** · {status} · 核查期限 {deadline} · {urgency}",
        "en": "**{category}** · {status} · verify by {deadline} · {urgency}",
    },
    "complaints.unmask": {"zh-CN": "查看投诉人信息", "en": "Show complainant details"},
    "complaints.unmask_help": {
        "zh-CN": "查看记录将写入审计日志",
        "en": "Looking is recorded in the audit log",
    },
    "complaints.violation_found": {"zh-CN": "是否发现违法行为", "en": "Violation found?"},
    "complaints.yes": {"zh-CN": "是", "en": "Yes"},
    "complaints.no": {"zh-CN": "否", "en": "No"},
    "complaints.notes": {"zh-CN": "情况说明", "en": "Notes"},
    "complaints.history": {"zh-CN": "办理记录", "en": "History"},
    "complaints.save": {"zh-CN": "登记工单", "en": "Register ticket"},
    "complaints.import": {"zh-CN": "导入派单表", "en": "Import dispatch sheet"},
    "complaints.import_hint": {
        "zh-CN": "CSV（UTF-8 或 GBK）或 Excel；列名：工单号、受理时间（YYYY-MM-DD HH:MM）、渠道、"
        "类别、单位名称、地址、区县、投诉人、联系电话、问题描述。任何一行有误则整表不导入。",
        "en": "CSV (UTF-8 or GBK) or Excel; columns ticket_no, received_at (YYYY-MM-DD HH:MM), "
        "channel, category, unit_name, address, district, complainant_name, complainant_phone, "
        "description. One bad row and nothing is imported.",
    },
    "complaints.imported": {
        "zh-CN": "已导入 {tickets} 张工单，涉及 {cases} 个案件",
        "en": "Imported {tickets} ticket(s) into {cases} case(s)",
    },
    "complaints.clock.24h": {"zh-CN": "24小时", "en": "24 hours"},
    "complaints.clock.3d": {"zh-CN": "3个工作日", "en": "3 working days"},
    "complaints.metrics.period": {"zh-CN": "受理日期", "en": "Received between"},
    "complaints.metrics.by": {"zh-CN": "分组", "en": "Group by"},
    "complaints.metrics.by.all": {"zh-CN": "合计", "en": "Total"},
    "complaints.metrics.by.district": {"zh-CN": "区县", "en": "District"},
    "complaints.metrics.by.category": {"zh-CN": "类别", "en": "Category"},
    "complaints.metrics.clock": {"zh-CN": "时限", "en": "Clock"},
    "complaints.metrics.none": {"zh-CN": "该期间没有投诉", "en": "No complaints in that period"},
    "complaints.metrics.on_time_24h": {
        "zh-CN": "24小时按时核查率",
        "en": "Verified within 24 h",
    },
    "complaints.metrics.on_time_3d": {
        "zh-CN": "3个工作日按时核查率",
        "en": "Verified within 3 working days",
    },
    "complaints.metrics.overdue_now": {"zh-CN": "当前超时", "en": "Overdue now"},
    "complaints.metrics.cases": {"zh-CN": "案件数", "en": "Cases"},
    "complaints.metrics.on_time_rate": {"zh-CN": "按时核查率", "en": "On-time rate"},
    "complaints.metrics.median_hours": {
        "zh-CN": "核查用时中位数（小时）",
        "en": "Median hours to verify",
    },
    "complaints.metrics.feedback_rate": {"zh-CN": "反馈率", "en": "Feedback rate"},
    "complaints.metrics.definitions": {
        "zh-CN": "按时核查率 = 期限内首次现场核查数 ÷（已核查数 + 已超时未核查数）；"
        "核查用时自受理起算；反馈率 = 已告知投诉人数 ÷ 已处理数。",
        "en": "On-time rate = first on-site verification by the deadline ÷ (verified + "
        "overdue unverified); time to verify counts from receipt; feedback rate = "
        "complainant informed ÷ handled.",
    },
    "workdays.missing": {
        "zh-CN": "{year} 年的日历尚未建立。",
        "en": "There is no calendar for {year} yet.",
    },
    "workdays.create": {
        "zh-CN": "按周一至周五建立 {year} 年日历",
        "en": "Start {year} with Monday–Friday working days",
    },
    "workdays.summary": {
        "zh-CN": "**{year} 年**：{state}，工作日 {working} 天（来源：{source}）",
        "en": "**{year}**: {state}, {working} working days (source: {source})",
    },
    "workdays.confirmed": {"zh-CN": "已确认", "en": "confirmed"},
    "workdays.unconfirmed": {"zh-CN": "未确认", "en": "not confirmed"},
    "workdays.unconfirmed_hint": {
        "zh-CN": "国务院办公厅公布放假安排后，请标注节假日和调休上班日，再确认本年度。"
        "确认前，本年度的期限均显示为暂定；确认时按本日历重算并取消暂定。",
        "en": "When the State Council publishes the holiday schedule, mark the holidays and "
        "make-up working days, then confirm the year. Until then, deadlines in it are "
        "provisional; confirming recounts them on this calendar.",
    },
    "workdays.source.chinesecalendar": {"zh-CN": "官方放假安排", "en": "official schedule"},
    "workdays.source.manual": {"zh-CN": "人工维护", "en": "maintained by hand"},
    "workdays.only_special": {
        "zh-CN": "只显示节假日和调休",
        "en": "Only holidays and make-up days",
    },
    "workdays.weekday": {"zh-CN": "星期", "en": "Weekday"},
    "workdays.working": {"zh-CN": "上班", "en": "Working day"},
    "workdays.other_day": {"zh-CN": "另一天", "en": "Another day"},
    "workdays.save": {"zh-CN": "保存", "en": "Save"},
    "workdays.confirm": {"zh-CN": "确认本年度", "en": "Confirm the year"},
    "workdays.unconfirm": {"zh-CN": "取消确认", "en": "Withdraw confirmation"},
    "workdays.firmed_up": {
        "zh-CN": "已按确认的日历重算暂定期限：投诉核查 {complaints} 件，差评整改 {rectifications} 件，"
        "回访 {followups} 件（均已记入审计日志）。",
        "en": "Provisional deadlines recounted on the confirmed calendar: {complaints} "
        "complaint(s), {rectifications} rectification(s), {followups} follow-up(s) "
        "(each change is in the audit log).",
    },
}
