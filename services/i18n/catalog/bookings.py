"""Strings of bookings, station tours, the week's availability and the planning instance."""

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

MESSAGES = {
    "planning.error.not_monday": {
        "zh-CN": "计划周必须从星期一开始（{day} 不是星期一）",
        "en": "A planning week starts on a Monday ({day} is not one)",
    },
    "planning.error.unknown_location": {
        "zh-CN": "任务引用了不存在的地点：{codes}",
        "en": "Tasks name locations that do not exist: {codes}",
    },
    **{
        f"bookings.weekday.{i}": {"zh-CN": f"周{_WEEKDAYS_ZH[i]}", "en": _WEEKDAYS_EN[i]}
        for i in range(7)
    },
    "bookings.day_offset": {"zh-CN": "周一起第 {days} 天", "en": "day {days} from Monday"},
    # kinds, statuses, channels, modes
    "bookings.kind.offhours_inspection": {"zh-CN": "错时检查", "en": "Off-hours inspection"},
    "bookings.kind.training": {"zh-CN": "消防培训", "en": "Training"},
    "bookings.kind.drill": {"zh-CN": "疏散演练", "en": "Evacuation drill"},
    "bookings.kind.station_tour": {"zh-CN": "消防站开放参观", "en": "Station open-day tour"},
    "bookings.kind.expert_visit": {"zh-CN": "重点项目专家服务", "en": "Expert visit"},
    "bookings.kind.outreach": {"zh-CN": "消防宣传“五进”", "en": "Outreach event"},
    "bookings.kind.follow_up": {"zh-CN": "回访", "en": "Follow-up visit"},
    "bookings.status.requested": {"zh-CN": "已受理", "en": "Requested"},
    "bookings.status.planned": {"zh-CN": "已排程", "en": "Planned"},
    "bookings.status.confirmed": {"zh-CN": "已确认", "en": "Confirmed"},
    "bookings.status.done": {"zh-CN": "已完成", "en": "Done"},
    "bookings.status.cancelled": {"zh-CN": "已取消", "en": "Cancelled"},
    "bookings.status.no_show": {"zh-CN": "未到场", "en": "No-show"},
    "bookings.channel.wechat": {"zh-CN": "微信公众号", "en": "WeChat"},
    "bookings.channel.website": {"zh-CN": "网站", "en": "Website"},
    "bookings.channel.phone": {"zh-CN": "电话", "en": "Phone"},
    "bookings.channel.walk_in": {"zh-CN": "窗口来访", "en": "Walk-in"},
    "bookings.channel.hotline_12345": {"zh-CN": "12345热线", "en": "12345 hotline"},
    "bookings.mode.on_site": {"zh-CN": "现场", "en": "On site"},
    "bookings.mode.remote": {"zh-CN": "远程视频", "en": "Remote (video)"},
    # fields
    "field.booking_kind": {"zh-CN": "预约类型", "en": "Kind"},
    "field.booking_unit": {"zh-CN": "单位", "en": "Unit"},
    "field.booking_channel": {"zh-CN": "渠道", "en": "Channel"},
    "field.booking_mode": {"zh-CN": "方式", "en": "Mode"},
    "field.booking_week": {"zh-CN": "预约周", "en": "Week"},
    "field.booking_contact_name": {"zh-CN": "联系人", "en": "Contact"},
    "field.booking_contact_phone": {"zh-CN": "联系电话", "en": "Contact phone"},
    "field.booking_group": {"zh-CN": "来访团体", "en": "Visitor group"},
    "field.booking_duration": {"zh-CN": "时长（分钟）", "en": "Duration (minutes)"},
    "field.booking_headcount": {"zh-CN": "所需人数", "en": "People needed"},
    "field.booking_skill": {"zh-CN": "所需技能", "en": "Skill"},
    "field.booking_priority": {"zh-CN": "优先级", "en": "Priority"},
    "field.booking_notes": {"zh-CN": "备注", "en": "Notes"},
    "field.booking_windows": {"zh-CN": "可接受时段", "en": "Accepted times"},
    "field.booking_preferred": {"zh-CN": "首选时段", "en": "Preferred times"},
    "field.booking_acceptable": {"zh-CN": "可接受时段（次选）", "en": "Acceptable times"},
    "field.booking_acceptable_cost": {
        "zh-CN": "次选时段的打扰代价",
        "en": "Cost of acceptable times",
    },
    "field.booking_exceptions": {"zh-CN": "除外日期", "en": "Except on"},
    "field.booking_slot": {"zh-CN": "参观时段", "en": "Tour slot"},
    "field.booking_group_size": {"zh-CN": "参观人数", "en": "Group size"},
    "field.booking_cancel_reason": {"zh-CN": "取消原因", "en": "Reason for cancelling"},
    "field.booking_status": {"zh-CN": "状态", "en": "Status"},
    "field.tour_station": {"zh-CN": "消防站", "en": "Station"},
    "field.tour_days": {"zh-CN": "开放日期", "en": "Days"},
    "field.tour_starts": {"zh-CN": "开始时间", "en": "Start times"},
    "field.tour_duration": {"zh-CN": "每场时长（分钟）", "en": "Length (minutes)"},
    "field.tour_capacity_groups": {"zh-CN": "每场团体数", "en": "Groups per slot"},
    "field.tour_capacity_visitors": {"zh-CN": "每场人数上限", "en": "Visitors per slot"},
    # errors
    "bookings.error.pattern": {
        "zh-CN": "看不懂“{item}”，请写成如“周一至周五 18:30-22:00”或“2026-12-05 09:00-12:00”",
        "en": "cannot read “{item}”; write e.g. “Mon-Fri 18:30-22:00” or “2026-12-05 09:00-12:00”",
    },
    "bookings.error.window_order": {
        "zh-CN": "时段 {window} 的结束时间不晚于开始时间",
        "en": "the period {window} ends at or before it starts",
    },
    "bookings.error.window_outside_week": {
        "zh-CN": "时段 {window} 不在预约周内",
        "en": "the period {window} lies outside the booking's week",
    },
    "bookings.error.window_cost": {
        "zh-CN": "时段 {window} 的代价不能为负",
        "en": "the period {window} has a negative cost",
    },
    "bookings.error.longer_than_windows": {
        "zh-CN": "{minutes} 分钟比每个可接受时段都长，无法安排",
        "en": "{minutes} minutes is longer than every accepted period, so it can never be planned",
    },
    "bookings.error.not_monday": {
        "zh-CN": "预约周须从星期一开始（{day} 不是星期一）",
        "en": "the week starts on a Monday ({day} is not one)",
    },
    "bookings.error.not_station": {
        "zh-CN": "“{value}”不是消防站，参观只能预约消防站",
        "en": "“{value}” is not a fire station; tours are booked at stations",
    },
    "bookings.error.slot_other_week": {
        "zh-CN": "所选参观时段不在预约周内",
        "en": "the chosen tour slot is not in the booking's week",
    },
    "bookings.error.duplicate": {
        "zh-CN": "同一单位本周已有同类预约（编号 {id}），如确属另一项请求请勾选“仍然保存”",
        "en": "this unit already has a booking of this kind this week (no. {id}); tick “save anyway” if it is a separate request",
    },
    "bookings.error.closed": {
        "zh-CN": "该预约已结束（{status}），不能再修改",
        "en": "This booking is closed ({status}) and can no longer be edited",
    },
    "bookings.error.status_flow": {
        "zh-CN": "预约不能从“{current}”改为“{target}”",
        "en": "A booking cannot go from “{current}” to “{target}”",
    },
    "tours.error.group_too_large": {
        "zh-CN": "人数超过该时段的容量（最多 {max} 人）",
        "en": "the group is larger than the slot holds (at most {max} visitors)",
    },
    "tours.error.full": {
        "zh-CN": "{when} 的参观时段已约满（剩余 {free} 人的名额），请选择其他时段",
        "en": "The {when} tour slot is full ({free} places left); please choose another slot",
    },
    "tours.error.slot_booked": {
        "zh-CN": "该时段已有 {groups} 个团体预约，不能撤下",
        "en": "{groups} group(s) booked this slot; it cannot be withdrawn",
    },
}
