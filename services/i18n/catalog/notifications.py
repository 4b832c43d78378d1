"""Strings of the notification outbox, its templates, and the unplanned requests at publish."""

MESSAGES = {
    "page.outbox": {"zh-CN": "消息发件箱", "en": "Outbox"},
    "field.template_text": {"zh-CN": "模板内容", "en": "Template text"},
    "field.template_language": {"zh-CN": "模板语言", "en": "Template language"},
    "field.decline_reason": {"zh-CN": "不予安排的理由", "en": "Reason for declining"},
    "outbox.error.unknown_variable": {
        "zh-CN": "使用了未知变量 {{{name}}}，可用变量：{allowed}",
        "en": "uses the unknown variable {{{name}}}; allowed: {allowed}",
    },
    "outbox.error.language": {
        "zh-CN": "不支持的语言 {language}",
        "en": "unsupported language {language}",
    },
    "outbox.error.state": {
        "zh-CN": "未知的消息状态 {state}",
        "en": "Unknown message state {state}",
    },
    "outbox.error.not_failed": {
        "zh-CN": "只有发送失败或已撤回的消息可以重发（当前：{state}）",
        "en": "Only a failed or cancelled message can be re-sent (it is {state})",
    },
    "outbox.error.not_pending": {
        "zh-CN": "只有待发送或发送失败的消息可以撤回（当前：{state}）",
        "en": "Only a pending or failed message can be cancelled (it is {state})",
    },
    "outbox.intro": {
        "zh-CN": "系统应发出的每条消息都先进入发件箱：预约确认、顺延或不予安排的通知、投诉办结反馈、"
        "任务前晚提醒和核查时限提醒。号码对所有人打码显示，管理员可逐条查看（留痕）。",
        "en": "Every message owed goes through the outbox first: booking confirmations, roll-over "
        "and decline notices, complaint feedback, evening-before and clock reminders. Numbers are "
        "masked for everyone; an administrator may reveal one message's (audited).",
    },
    "outbox.tab.messages": {"zh-CN": "消息", "en": "Messages"},
    "outbox.tab.templates": {"zh-CN": "消息模板", "en": "Templates"},
    "outbox.col.id": {"zh-CN": "编号", "en": "No."},
    "outbox.col.created_at": {"zh-CN": "生成时间", "en": "Queued"},
    "outbox.col.state": {"zh-CN": "状态", "en": "State"},
    "outbox.col.recipient_kind": {"zh-CN": "接收方类型", "en": "Recipient kind"},
    "outbox.col.recipient": {"zh-CN": "接收方", "en": "Recipient"},
    "outbox.col.address": {"zh-CN": "号码", "en": "Number"},
    "outbox.col.channel": {"zh-CN": "渠道", "en": "Channel"},
    "outbox.col.template": {"zh-CN": "模板", "en": "Template"},
    "outbox.col.attempts": {"zh-CN": "尝试次数", "en": "Attempts"},
    "outbox.col.next_attempt_at": {"zh-CN": "下次发送", "en": "Next attempt"},
    "outbox.col.last_error": {"zh-CN": "最近错误", "en": "Last error"},
    "outbox.col.body": {"zh-CN": "内容", "en": "Text"},
    "outbox.state.pending": {"zh-CN": "待发送", "en": "Pending"},
    "outbox.state.sending": {"zh-CN": "发送中", "en": "Sending"},
    "outbox.state.sent": {"zh-CN": "已发送", "en": "Sent"},
    "outbox.state.failed": {"zh-CN": "发送失败", "en": "Failed"},
    "outbox.state.cancelled": {"zh-CN": "已撤回", "en": "Cancelled"},
    "outbox.recipient.unit_contact": {"zh-CN": "单位联系人", "en": "Unit contact"},
    "outbox.recipient.complainant": {"zh-CN": "投诉人", "en": "Complainant"},
    "outbox.recipient.staff": {"zh-CN": "工作人员", "en": "Staff member"},
    "outbox.recipient.internal": {"zh-CN": "内部（值班长）", "en": "Internal (duty desk)"},
    "outbox.channel.sms": {"zh-CN": "短信", "en": "SMS"},
    "outbox.channel.wechat_template": {"zh-CN": "微信模板消息", "en": "WeChat template"},
    "outbox.channel.internal": {"zh-CN": "站内消息", "en": "Internal"},
    "outbox.template.booking.confirmed": {"zh-CN": "预约确认", "en": "Booking confirmed"},
    "outbox.template.booking.rolled_over": {"zh-CN": "预约顺延", "en": "Booking rolled over"},
    "outbox.template.booking.declined": {"zh-CN": "预约不予安排", "en": "Booking declined"},
    "outbox.template.officer.reminder": {"zh-CN": "任务前晚提醒", "en": "Evening-before reminder"},
    "outbox.template.complaint.closed": {"zh-CN": "投诉办结反馈", "en": "Complaint feedback"},
    "outbox.template.complaint.clock": {"zh-CN": "核查时限提醒", "en": "Complaint clock reminder"},
    "outbox.template.staff.capacity_ask": {"zh-CN": "增加人手询问", "en": "Capacity ask"},
    "outbox.count": {"zh-CN": "共 {count} 条消息", "en": "{count} messages"},
    "outbox.pick": {"zh-CN": "选择一条消息", "en": "Pick a message"},
    "outbox.reveal": {"zh-CN": "显示号码", "en": "Show number"},
    "outbox.revealed": {"zh-CN": "号码：{address}（已留痕）", "en": "Number: {address} (audited)"},
    "outbox.resend": {"zh-CN": "重新发送", "en": "Re-send"},
    "outbox.resent": {"zh-CN": "已重新排入发送。", "en": "Queued again."},
    "outbox.cancel": {"zh-CN": "撤回", "en": "Withdraw"},
    "outbox.cancelled": {"zh-CN": "已撤回。", "en": "Withdrawn."},
    "outbox.edited": {"zh-CN": "已修改", "en": "edited"},
    "outbox.variables": {"zh-CN": "可用变量：{names}", "en": "Variables: {names}"},
    "outbox.template_save": {"zh-CN": "保存模板", "en": "Save template"},
    "outbox.template_reset": {"zh-CN": "恢复默认", "en": "Back to the default"},
    # the planning page's publish area: requests the published week left unplanned
    "plan.unplanned.title": {"zh-CN": "未排入本周的预约", "en": "Requests left unplanned"},
    "plan.unplanned.hint": {
        "zh-CN": "本周计划已发布，以下预约未被安排：顺延到下周（原选时段不变）或说明理由不予安排，"
        "两种情况都会通知单位。",
        "en": "The week is published and these requests were not planned: roll each over to next "
        "week (same times) or decline it with a reason; the unit is told either way.",
    },
    "plan.unplanned.pick": {"zh-CN": "预约", "en": "Request"},
    "plan.unplanned.roll_over": {"zh-CN": "顺延到下周", "en": "Roll over to next week"},
    "plan.unplanned.decline": {"zh-CN": "不予安排", "en": "Decline"},
    "plan.unplanned.rolled": {
        "zh-CN": "已顺延至 {week} 当周。",
        "en": "Moved to the week of {week}.",
    },
    "plan.unplanned.declined": {
        "zh-CN": "已不予安排，并通知单位。",
        "en": "Declined; the unit is told.",
    },
    "bookings.appointment": {
        "zh-CN": "已发布的周计划：{when}，{officers}",
        "en": "In the published plan: {when}, {officers}",
    },
    "outbox.result.none": {"zh-CN": "已处理", "en": "Handled"},
    "plan.unplanned.not_done": {
        "zh-CN": "执勤人员记录为未完成：{note}",
        "en": "The officer recorded it not done: {note}",
    },
    "plan.unplanned.not_in_plan": {
        "zh-CN": "计划生成后才提交的预约",
        "en": "Booked after the plan was built",
    },
    "plan.unplanned.error.status": {
        "zh-CN": "该预约已不是待安排状态（当前：{status}）",
        "en": "The booking is no longer waiting to be planned (it is {status})",
    },
    "plan.unplanned.error.tour": {
        "zh-CN": "参观预约绑定开放时段，不能顺延；请不予安排，由对方重新预约时段",
        "en": "A station tour is bound to its slot and cannot roll over; decline it so the "
        "visitors book a new slot",
    },
}
