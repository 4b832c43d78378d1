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
    "complaints.error.file_type": {
        "zh-CN": "“{name}”不是 CSV 或 Excel（.xlsx）文件",
        "en": "“{name}” is not a CSV or Excel (.xlsx) file",
    },
    "complaints.error.encoding": {
        "zh-CN": "无法识别文件编码（支持 UTF-8 和 GBK）",
        "en": "unknown text encoding (UTF-8 and GBK are supported)",
    },
    "complaints.error.columns": {
        "zh-CN": "缺少列：{columns}",
        "en": "missing columns: {columns}",
    },
    "complaints.error.empty": {"zh-CN": "文件中没有工单", "en": "the file has no tickets"},
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
}
