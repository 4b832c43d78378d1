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
    "outbox.result.none": {"zh-CN": "已处理", "en": "Handled"},
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
