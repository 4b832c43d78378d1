"""Strings of front-desk applications (measures 01-03): intake, the one-time notice, the
queue, inspection, decision and delivery."""

MESSAGES = {
    "page.application_new": {"zh-CN": "受理申请", "en": "New application"},
    "page.applications": {"zh-CN": "申请办理", "en": "Applications"},
    "page.admin_application_types": {
        "zh-CN": "办理事项与材料清单",
        "en": "Application types and checklists",
    },
    "section.applications": {"zh-CN": "窗口业务", "en": "Front desk"},
    "plan.kind.pre_opening_inspection": {"zh-CN": "营业前消防安全检查", "en": "Pre-opening check"},
    "plan.prepare_for.pre_opening_inspection": {
        "zh-CN": "负责人在场，场所全部区域开放查看，备好申请材料原件。",
        "en": "A manager on site, every area open, the originals of the application documents.",
    },
    # fields
    "field.application_type": {"zh-CN": "申请事项", "en": "Application type"},
    "field.unit_name": {"zh-CN": "场所名称", "en": "Venue"},
    "field.applicant_name": {"zh-CN": "申请人", "en": "Applicant"},
    "field.applicant_phone": {"zh-CN": "联系电话", "en": "Phone"},
    "field.delivery_method": {"zh-CN": "送达方式", "en": "Delivery"},
    "field.delivery_address": {"zh-CN": "邮寄地址", "en": "Postal address"},
    "field.documents": {"zh-CN": "申请材料", "en": "Documents"},
    "field.document_code": {"zh-CN": "材料代码", "en": "Document code"},
    "field.document_name": {"zh-CN": "材料名称", "en": "Document name"},
    "field.requirement": {"zh-CN": "材料要求", "en": "Requirement"},
    "field.decision_reasons": {"zh-CN": "不予许可理由", "en": "Reasons for refusal"},
    "field.tracking_no": {"zh-CN": "邮件单号", "en": "Tracking no."},
    "field.received_at": {"zh-CN": "签收时间", "en": "Received at"},
    "field.application_address": {"zh-CN": "场所地址", "en": "Venue address"},
    # requirements, states, delivery, actions
    "applications.requirement.required": {"zh-CN": "必须提交", "en": "Required"},
    "applications.requirement.supplementable": {"zh-CN": "可容缺后补", "en": "May be supplemented"},
    "applications.requirement.internal": {
        "zh-CN": "内部核查，无需提交",
        "en": "Checked internally",
    },
    "applications.status.supplementing": {"zh-CN": "容缺待补正", "en": "Awaiting documents"},
    "applications.status.accepted": {"zh-CN": "已受理", "en": "Accepted"},
    "applications.status.inspected": {"zh-CN": "已检查", "en": "Inspected"},
    "applications.status.approved": {"zh-CN": "准予许可", "en": "Approved"},
    "applications.status.refused": {"zh-CN": "不予许可", "en": "Refused"},
    "applications.status.sent": {"zh-CN": "已寄出", "en": "Posted"},
    "applications.status.delivered": {"zh-CN": "已送达", "en": "Delivered"},
    "applications.delivery.in_person": {"zh-CN": "窗口自取", "en": "Collect in person"},
    "applications.delivery.post": {"zh-CN": "免费邮寄", "en": "Free post"},
    "applications.action.inspect": {"zh-CN": "登记检查", "en": "Record inspection"},
    "applications.action.approve": {"zh-CN": "准予许可", "en": "Approve"},
    "applications.action.refuse": {"zh-CN": "不予许可", "en": "Refuse"},
    "applications.action.send": {"zh-CN": "登记寄出", "en": "Record posting"},
    "applications.action.hand_over": {"zh-CN": "窗口领取", "en": "Handed over"},
    "applications.action.receive": {"zh-CN": "登记签收", "en": "Record receipt"},
    "applications.action.supplement": {"zh-CN": "登记补正材料", "en": "Record supplements"},
    "applications.action.supplement_short": {"zh-CN": "补正", "en": "Supplement"},
    "applications.action.complete": {"zh-CN": "材料齐全", "en": "Complete"},
    # pages
    "applications.intake.submit": {"zh-CN": "登记受理", "en": "Accept"},
    "applications.intake.handed_in": {"zh-CN": "已提交的材料", "en": "Documents handed in"},
    "applications.intake.internal_note": {
        "zh-CN": "以下材料由本机关内部核查，不要求申请人提供：{names}",
        "en": "Checked internally, never asked of the applicant: {names}",
    },
    "applications.intake.accepted": {
        "zh-CN": "已受理，编号 {no}",
        "en": "Accepted as {no}",
    },
    "applications.intake.accepted_with_notice": {
        "zh-CN": "已容缺受理，编号 {no}；一次性告知 {count} 项材料",
        "en": "Accepted as {no} with {count} documents to supplement (one-time notice)",
    },
    "applications.print.notice": {"zh-CN": "打印一次性告知书", "en": "Print the one-time notice"},
    "applications.print.receipt": {"zh-CN": "打印受理回执", "en": "Print the receipt"},
    "applications.queue.open_only": {"zh-CN": "只看未办结", "en": "Open only"},
    "applications.queue.empty": {"zh-CN": "没有申请", "en": "No applications"},
    "applications.queue.pick": {"zh-CN": "选择申请", "en": "Application"},
    "applications.queue.export": {"zh-CN": "导出 CSV", "en": "Export CSV"},
    "applications.col.no": {"zh-CN": "编号", "en": "No."},
    "applications.col.type": {"zh-CN": "事项", "en": "Type"},
    "applications.col.unit": {"zh-CN": "场所", "en": "Venue"},
    "applications.col.applicant": {"zh-CN": "申请人", "en": "Applicant"},
    "applications.col.status": {"zh-CN": "状态", "en": "State"},
    "applications.col.accepted": {"zh-CN": "受理日期", "en": "Accepted"},
    "applications.col.missing": {"zh-CN": "待补材料", "en": "Missing"},
    "applications.col.due": {"zh-CN": "当前时限", "en": "Due"},
    "applications.col.overdue": {"zh-CN": "已超期", "en": "Overdue"},
    "applications.col.delivery": {"zh-CN": "送达", "en": "Delivery"},
    "applications.detail.notice": {
        "zh-CN": "一次性告知书 {no}：补正期限 {due}",
        "en": "One-time notice {no}: supplement by {due}",
    },
    "applications.detail.clocks": {
        "zh-CN": "检查期限 {inspection}；决定期限 {decision}",
        "en": "Inspection due {inspection}; decision due {decision}",
    },
    "applications.detail.refuse_document": {
        "zh-CN": "因未补正材料不予许可（只能选告知书所列材料）",
        "en": "Refused for a missing document (only those on the notice)",
    },
    "applications.detail.no_document": {"zh-CN": "（不涉及材料）", "en": "(not about a document)"},
    "applications.done": {"zh-CN": "已保存", "en": "Saved"},
    "applications.kpi.accepted": {"zh-CN": "本月受理", "en": "Accepted this month"},
    "applications.kpi.with_notice": {"zh-CN": "容缺受理", "en": "With documents missing"},
    "applications.kpi.inspections_on_time": {
        "zh-CN": "按时检查率",
        "en": "Inspected on time",
    },
    "applications.kpi.decisions_on_time": {"zh-CN": "按时决定率", "en": "Decided on time"},
    "applications.kpi.post_share": {"zh-CN": "邮寄送达占比", "en": "Delivered by post"},
    # printouts
    "applications.notice.title": {"zh-CN": "一次性告知书", "en": "One-time notice"},
    "applications.notice.body": {
        "zh-CN": "{unit}：你单位申请的“{type}”（受理编号 {no}）已于 {accepted} 予以容缺受理。"
        "请于 {due} 前补齐下列材料。本告知书为一次性告知，本机关不再要求提供下列以外的材料。",
        "en": "{unit}: your application “{type}” (no. {no}) was accepted on {accepted} with "
        "documents missing. Please hand in the documents below by {due}. This notice is given "
        "once: nothing beyond this list will be asked of you.",
    },
    "applications.receipt.title": {"zh-CN": "受理回执", "en": "Receipt"},
    "applications.receipt.body": {
        "zh-CN": "{unit}：你单位申请的“{type}”已于 {accepted} 受理，受理编号 {no}。",
        "en": "{unit}: your application “{type}” was accepted on {accepted} as no. {no}.",
    },
    "applications.receipt.clock": {
        "zh-CN": "本机关将于 {due} 前进行现场检查，检查后三个工作日内作出决定。",
        "en": "The on-site inspection will take place by {due}; the decision follows within "
        "3 working days of it.",
    },
    "applications.receipt.delivery": {
        "zh-CN": "送达方式：{method}",
        "en": "Delivery: {method}",
    },
    "applications.receipt.handed_in": {"zh-CN": "已收材料：", "en": "Documents received:"},
    "applications.print.office": {
        "zh-CN": "辽阳市消防救援支队（盖章）",
        "en": "Liaoyang Fire and Rescue Detachment (seal)",
    },
    # checklist editor
    "field.type_name": {"zh-CN": "事项名称", "en": "Type name"},
    "field.type_code": {"zh-CN": "事项代码", "en": "Type code"},
    "applications.types.intro": {
        "zh-CN": "修改只对今后受理的申请生效；已出具的一次性告知书和已受理的申请不受影响。"
        "材料不能删除，不再向申请人收取的材料请改为“内部核查”。",
        "en": "Changes apply to applications taken from now on; notices already given and "
        "applications already accepted keep theirs. Lines are never deleted: make a document "
        "checked internally to stop asking for it.",
    },
    "applications.types.name_en": {"zh-CN": "英文名称", "en": "English name"},
    "applications.types.active": {"zh-CN": "窗口受理此事项", "en": "Offered at the front desk"},
    "applications.types.inactive": {"zh-CN": "已停用", "en": "not offered"},
    "applications.types.inspection": {
        "zh-CN": "此事项需现场检查（10个工作日内检查、3个工作日内决定）。",
        "en": "This type needs an on-site inspection (within 10 working days, decision in 3).",
    },
    "applications.types.no_inspection": {
        "zh-CN": "此事项不经现场检查，受理后直接决定。",
        "en": "This type is decided without an inspection.",
    },
    "applications.types.new_line": {"zh-CN": "新增材料", "en": "Add a document"},
    "applications.types.code": {"zh-CN": "事项代码（小写字母、数字、下划线）", "en": "Type code"},
    "applications.types.needs_inspection": {
        "zh-CN": "需现场检查（创建后不能更改）",
        "en": "Needs an on-site inspection (fixed once created)",
    },
    "applications.types.add": {"zh-CN": "新增事项", "en": "Add the type"},
    "applications.types.tab_edit": {"zh-CN": "材料清单", "en": "Checklist"},
    "applications.types.tab_add": {"zh-CN": "新增事项", "en": "New type"},
    "applications.error.code_format": {
        "zh-CN": "“{value}”不是有效代码（小写字母开头，仅含小写字母、数字和下划线，最多40位）",
        "en": "“{value}” is not a valid code (a lower-case letter, then lower-case letters, "
        "digits or underscores, at most 40)",
    },
    "applications.error.code_changed": {
        "zh-CN": "材料代码“{code}”不能修改（已受理的申请按代码记录材料）",
        "en": "the code “{code}” cannot change (applications record documents by code)",
    },
    "applications.error.line_removed": {
        "zh-CN": "材料“{code}”不能删除，请改为“内部核查”",
        "en": "the document “{code}” cannot be removed: make it checked internally instead",
    },
    # errors
    "applications.error.unknown_document": {
        "zh-CN": "“{code}”不在该事项的材料清单中",
        "en": "“{code}” is not on this type's checklist",
    },
    "applications.error.internal_document": {
        "zh-CN": "“{name}”由本机关内部核查，不向申请人收取",
        "en": "“{name}” is checked internally and not taken from the applicant",
    },
    "applications.error.required_missing": {
        "zh-CN": "缺少必须提交的材料“{name}”，不能受理",
        "en": "the required document “{name}” is missing: the application cannot be accepted",
    },
    "applications.error.notice_exists": {
        "zh-CN": "申请 {no} 已出具一次性告知书，不能再次告知",
        "en": "application {no} already has its one-time notice: it cannot be given again",
    },
    "applications.error.nothing_missing": {
        "zh-CN": "材料齐全，无需告知",
        "en": "nothing is missing: there is nothing to notify",
    },
    "applications.error.not_on_notice": {
        "zh-CN": "“{code}”不在申请 {no} 的一次性告知书上，不得要求申请人补正",
        "en": "“{code}” was not on the one-time notice of {no}: it may not be asked for",
    },
    "applications.error.already_in": {
        "zh-CN": "“{code}”已经补正",
        "en": "“{code}” has already been handed in",
    },
    "applications.error.step": {
        "zh-CN": "状态为“{status}”的申请不能执行“{action}”",
        "en": "an application in state “{status}” cannot take the step “{action}”",
    },
    "applications.error.inspection_time": {
        "zh-CN": "检查时间须在受理之后、不晚于现在",
        "en": "the inspection must be after the acceptance and not in the future",
    },
    "applications.error.received_time": {
        "zh-CN": "签收时间须在寄出之后、不晚于现在",
        "en": "receipt must be after posting and not in the future",
    },
}
