"""双随机一公开: random draws of units and inspectors, inspection records."""

MESSAGES = {
    "page.draws": {"zh-CN": "双随机抽取", "en": "Random draws"},
    "draws.intro": {
        "zh-CN": "按信用等级比例随机抽取检查对象，并为每个对象随机抽取两名执法人员（回避本人上次检查、"
        "申报的利害关系单位和非负责辖区）。抽取结果由登记册快照、规则和事先公布的随机种子唯一决定，"
        "可随时复核。",
        "en": "Units are drawn by credit-class shares and each gets two inspectors drawn at random "
        "(never the last inspectors, a declared conflict or a district they do not cover). The "
        "result follows from the registers' snapshot, the rules and a seed published beforehand, "
        "and can be verified at any time.",
    },
    "draws.new": {"zh-CN": "新建抽取", "en": "New draw"},
    "draws.period": {
        "zh-CN": "抽取期间（2027-01 或 2027-Q1）",
        "en": "Period (2027-01 or 2027-Q1)",
    },
    "draws.seed": {"zh-CN": "随机种子（事先公布）", "en": "Seed (published beforehand)"},
    "draws.share": {"zh-CN": "{cls} 类抽取比例（%）", "en": "Share of class {cls} (%)"},
    "draws.key_units": {"zh-CN": "重点单位", "en": "Key units"},
    "draws.key_units.share": {"zh-CN": "按比例参与抽取", "en": "Drawn by their class share"},
    "draws.key_units.always": {"zh-CN": "全部纳入", "en": "Always included"},
    "draws.key_units.never": {"zh-CN": "不参与抽取", "en": "Left out"},
    "draws.hazard_units": {
        "zh-CN": "有未结隐患案件的单位",
        "en": "Units with an open hazard case",
    },
    "draws.redraw": {
        "zh-CN": "重新抽取（生成新版本，需说明理由）",
        "en": "Redraw (a new version, with a reason)",
    },
    "draws.reason": {"zh-CN": "重新抽取理由", "en": "Reason for the redraw"},
    "draws.submit": {"zh-CN": "抽取", "en": "Draw"},
    "draws.done": {
        "zh-CN": "已完成抽取：{period} 第 {number} 版，抽中 {units} 个单位。",
        "en": "Drawn: {period} version {number}, {units} units.",
    },
    "draws.list": {"zh-CN": "抽取记录", "en": "Draws"},
    "draws.empty": {"zh-CN": "尚无抽取记录。", "en": "No draws yet."},
    "draws.choose": {"zh-CN": "查看抽取", "en": "Show draw"},
    "draws.result": {"zh-CN": "抽取结果", "en": "Result"},
    "draws.unstaffed": {
        "zh-CN": "以下单位被抽中，但可派执法人员不足两名：{units}",
        "en": "Drawn without two eligible inspectors: {units}",
    },
    "draws.download": {"zh-CN": "下载抽取文件（CSV，可复核）", "en": "Download draw file (CSV)"},
    "draws.verify": {"zh-CN": "复核抽取文件", "en": "Verify a draw file"},
    "draws.verified": {
        "zh-CN": "复核通过：文件与重新计算的抽取结果完全一致。",
        "en": "Verified: the file matches the recomputed draw exactly.",
    },
    "draws.verify_failed": {
        "zh-CN": "复核未通过：{problems}",
        "en": "Verification failed: {problems}",
    },
    "draws.col.period": {"zh-CN": "期间", "en": "Period"},
    "draws.col.number": {"zh-CN": "版本", "en": "Version"},
    "draws.col.status": {"zh-CN": "状态", "en": "Status"},
    "draws.col.seed": {"zh-CN": "随机种子", "en": "Seed"},
    "draws.col.shares": {"zh-CN": "抽取比例", "en": "Shares"},
    "draws.col.rules": {"zh-CN": "纳入规则", "en": "Inclusion rules"},
    "draws.col.units": {"zh-CN": "抽中单位数", "en": "Units drawn"},
    "draws.col.algorithm": {"zh-CN": "算法", "en": "Algorithm"},
    "draws.col.snapshot_hash": {"zh-CN": "登记册快照 SHA-256", "en": "Snapshot SHA-256"},
    "draws.col.created": {"zh-CN": "抽取时间", "en": "Drawn at"},
    "draws.col.created_by": {"zh-CN": "操作人", "en": "Drawn by"},
    "draws.col.reason": {"zh-CN": "重抽理由", "en": "Redraw reason"},
    "draws.col.unit": {"zh-CN": "单位", "en": "Unit"},
    "draws.col.credit_class": {"zh-CN": "信用等级", "en": "Credit class"},
    "draws.col.inspectors": {"zh-CN": "执法人员", "en": "Inspectors"},
    "draws.status.current": {"zh-CN": "有效", "en": "Current"},
    "draws.status.superseded": {"zh-CN": "已被重抽取代", "en": "Superseded"},
    "draws.error.period": {
        "zh-CN": "期间应为 2027-01（月）或 2027-Q1（季度）",
        "en": "use 2027-01 (a month) or 2027-Q1 (a quarter)",
    },
    "draws.error.seed": {
        "zh-CN": "请填写事先公布的随机种子（最多 {max} 个字符）",
        "en": "enter the seed published beforehand (at most {max} characters)",
    },
    "draws.error.rules": {
        "zh-CN": "A、B、C、D 四类的比例都须在 0% 到 100% 之间",
        "en": "each of the classes A, B, C, D needs a share between 0 % and 100 %",
    },
    "draws.error.reason": {
        "zh-CN": "重新抽取须说明理由",
        "en": "a redraw needs a reason",
    },
    "draws.error.exists": {
        "zh-CN": "{period} 已完成抽取；如需重新抽取，请选择“重新抽取”并说明理由。",
        "en": "{period} is already drawn; to draw again, choose a redraw and give the reason.",
    },
    "draws.error.nothing_to_redraw": {
        "zh-CN": "{period} 尚未抽取，无法重新抽取。",
        "en": "{period} has no draw to redraw.",
    },
    "draws.error.not_found": {"zh-CN": "没有编号为 {id} 的抽取。", "en": "No draw {id}."},
    "draws.error.no_draw": {"zh-CN": "{period} 没有这一抽取。", "en": "No such draw for {period}."},
    "draws.error.columns": {
        "zh-CN": "这不是本系统导出的抽取文件（列名不符）。",
        "en": "This is not a draw file of this system (its columns differ).",
    },
    "field.period": {"zh-CN": "期间", "en": "Period"},
    "field.seed": {"zh-CN": "随机种子", "en": "Seed"},
    "field.shares": {"zh-CN": "抽取比例", "en": "Shares"},
    "field.reason": {"zh-CN": "理由", "en": "Reason"},
    "inspections.error.officers": {
        "zh-CN": "现场检查须有至少 {count} 名执法人员",
        "en": "an on-site inspection needs at least {count} officers",
    },
    "inspections.error.kind": {"zh-CN": "未知的检查类型", "en": "unknown kind of inspection"},
    "inspections.error.outcome": {"zh-CN": "未知的检查结果", "en": "unknown outcome"},
    "inspections.error.findings": {
        "zh-CN": "不在检查清单中的项目：{items}",
        "en": "not on the checklist: {items}",
    },
    "inspections.error.no_problem_with_findings": {
        "zh-CN": "已勾选发现的问题，结果不能为“未发现问题”",
        "en": "problems are ticked: the outcome cannot be “no problem”",
    },
    "inspections.error.findings_needed": {
        "zh-CN": "请勾选发现的问题",
        "en": "tick the problems found",
    },
    "inspections.error.future": {
        "zh-CN": "检查时间不能晚于现在",
        "en": "the inspection cannot be in the future",
    },
    "inspections.error.unit": {"zh-CN": "没有这个单位", "en": "no such unit"},
    "inspections.error.not_inspectors": {
        "zh-CN": "以下人员没有执法检查资格：{codes}",
        "en": "not qualified to inspect: {codes}",
    },
    "inspections.error.not_drawn": {
        "zh-CN": "双随机检查须是该次抽取抽中的单位",
        "en": "a random inspection must be of a unit its draw drew",
    },
    "inspections.outcome.no_problem": {"zh-CN": "未发现问题", "en": "No problem found"},
    "inspections.outcome.minor_corrected": {
        "zh-CN": "轻微问题，当场改正，依法不予处罚",
        "en": "Minor, corrected on the spot, no penalty",
    },
    "inspections.outcome.correction_order": {
        "zh-CN": "责令限期改正",
        "en": "Correction order issued",
    },
    "inspections.outcome.referred_penalty": {
        "zh-CN": "移送行政处罚",
        "en": "Referred for penalty",
    },
    "field.inspection_kind": {"zh-CN": "检查类型", "en": "Kind of inspection"},
    "field.inspection_unit": {"zh-CN": "被检查单位", "en": "Unit inspected"},
    "field.inspection_task": {"zh-CN": "检查任务", "en": "Inspection task"},
    "disclosure.kind.random_inspection": {"zh-CN": "双随机抽查", "en": "Random inspection"},
    "disclosure.kind.reinspection": {"zh-CN": "复查", "en": "Re-inspection"},
    "disclosure.result.no_problem": {"zh-CN": "未发现问题", "en": "No problem found"},
    "disclosure.result.minor_corrected": {
        "zh-CN": "轻微问题当场改正，不予处罚",
        "en": "Minor, corrected on the spot, no penalty",
    },
    "disclosure.result.correction_order": {"zh-CN": "责令限期改正", "en": "Correction ordered"},
    "disclosure.result.referred_penalty": {"zh-CN": "移送行政处罚", "en": "Referred for penalty"},
    "disclosure.draws": {"zh-CN": "本月抽取计划", "en": "Draws of the month"},
    "disclosure.draws_empty": {
        "zh-CN": "本月没有双随机抽取。",
        "en": "No random draw covers this month.",
    },
    "field.officers": {"zh-CN": "执法人员", "en": "Officers"},
    "field.outcome": {"zh-CN": "检查结果", "en": "Outcome"},
    "field.findings": {"zh-CN": "发现的问题", "en": "Findings"},
    "field.inspected_at": {"zh-CN": "检查时间", "en": "Inspected at"},
    "field.draw_id": {"zh-CN": "抽取批次", "en": "Draw"},
    # The registers page.
    "page.draw_registers": {"zh-CN": "双随机登记册", "en": "Draw registers"},
    "registers.intro": {
        "zh-CN": "检查对象为有信用等级的服务单位（信用等级、风险等级和辖区在“场所”中维护）；执法人员为"
        "具备执法检查资格的在岗人员。抽取时使用登记册当时的快照。",
        "en": "Inspection objects are the served units with a credit class (class, risk and "
        "district are kept on the locations page); inspectors are active staff qualified to "
        "inspect. A draw uses the registers as they are when it is made.",
    },
    "registers.units": {"zh-CN": "检查对象", "en": "Inspection objects"},
    "registers.inspectors": {"zh-CN": "执法人员", "en": "Inspectors"},
    "registers.units_empty": {
        "zh-CN": "没有有信用等级的服务单位。",
        "en": "No served unit has a credit class.",
    },
    "registers.inspectors_empty": {
        "zh-CN": "没有具备执法检查资格的人员。",
        "en": "Nobody has the inspector skill.",
    },
    "registers.choose_unit": {"zh-CN": "编辑单位", "en": "Edit unit"},
    "registers.choose_inspector": {"zh-CN": "编辑执法人员", "en": "Edit inspector"},
    "registers.save": {"zh-CN": "保存", "en": "Save"},
    "registers.saved": {"zh-CN": "已保存：{name}", "en": "Saved: {name}"},
    "registers.recorded_precedence": {
        "zh-CN": "已有检查记录：最近一次检查人员 {codes} 优先于此处填写的人员。",
        "en": "Inspections are recorded: the latest one's officers ({codes}) take precedence.",
    },
    "registers.default_districts": {
        "zh-CN": "尚未登记，按驻地辖区：{districts}",
        "en": "Not registered yet: their base's district ({districts})",
    },
    "registers.col.code": {"zh-CN": "编号", "en": "Code"},
    "registers.col.name": {"zh-CN": "名称", "en": "Name"},
    "registers.col.district": {"zh-CN": "辖区", "en": "District"},
    "registers.col.credit_class": {"zh-CN": "信用等级", "en": "Credit class"},
    "registers.col.risk_level": {"zh-CN": "风险等级", "en": "Risk level"},
    "registers.col.key_unit": {"zh-CN": "重点单位", "en": "Key unit"},
    "registers.col.in_register": {"zh-CN": "纳入抽取", "en": "In the register"},
    "registers.col.last_inspected": {"zh-CN": "上次检查", "en": "Last inspected"},
    "registers.col.last_inspectors": {"zh-CN": "上次检查人员", "en": "Last inspectors"},
    "registers.col.active": {"zh-CN": "在岗", "en": "Active"},
    "registers.col.districts": {"zh-CN": "负责辖区", "en": "Districts covered"},
    "registers.col.conflicts": {"zh-CN": "申报回避单位", "en": "Declared conflicts"},
    "registers.col.note": {"zh-CN": "回避说明", "en": "Conflict note"},
    "field.register_unit": {"zh-CN": "检查对象", "en": "Inspection object"},
    "field.register_key_unit": {"zh-CN": "重点单位", "en": "Key unit"},
    "field.register_in_register": {"zh-CN": "纳入抽取", "en": "In the register"},
    "field.register_last_inspected": {"zh-CN": "上次检查日期", "en": "Last inspected on"},
    "field.register_last_inspectors": {"zh-CN": "上次检查人员", "en": "Last inspectors"},
    "field.register_inspector": {"zh-CN": "执法人员", "en": "Inspector"},
    "field.register_districts": {"zh-CN": "负责辖区", "en": "Districts covered"},
    "field.register_conflicts": {
        "zh-CN": "申报回避单位（亲属、原工作单位等）",
        "en": "Declared conflicts (relatives, former employer, …)",
    },
    "field.register_note": {"zh-CN": "回避说明", "en": "Conflict note"},
    "draws.error.not_unit": {
        "zh-CN": "只有有信用等级的服务单位才是检查对象",
        "en": "only served units with a credit class are inspection objects",
    },
    "draws.error.not_inspector": {
        "zh-CN": "此人不是在岗的执法人员（须具备执法检查资格）",
        "en": "not an active staff member qualified to inspect",
    },
    "draws.error.no_district": {
        "zh-CN": "请至少选择一个负责辖区",
        "en": "choose at least one district",
    },
    "draws.error.district": {"zh-CN": "没有这个辖区", "en": "no such district"},
    "draws.error.conflict": {
        "zh-CN": "回避对象只能是服务单位",
        "en": "a declared conflict must be a served unit",
    },
    "draws.error.note": {
        "zh-CN": "最多 {max} 个字符",
        "en": "at most {max} characters",
    },
    # The officer's own inspections page.
    "page.my_inspections": {"zh-CN": "我的检查", "en": "My inspections"},
    "mine.intro": {
        "zh-CN": "已发布周计划派给您的各类检查（错时检查、投诉核查、隐患复查、双随机检查），以及您被抽中、"
        "尚未排入计划的双随机检查。检查后在此登记：至少两名执法人员、检查时间、发现的问题和处理结果。",
        "en": "The inspections published weekly plans send you on (off-hours inspections, "
        "complaint checks, re-inspections, random inspections) and the random inspections you "
        "were drawn for that no plan has placed yet. Record each one here: at least two "
        "officers, the time, what was found and the outcome.",
    },
    "mine.no_staff": {
        "zh-CN": "此账号未关联执法人员，没有本人的检查。",
        "en": "This account is not linked to a staff member: there are no inspections of yours.",
    },
    "mine.empty": {
        "zh-CN": "目前没有分配给您的检查。",
        "en": "No inspection is yours.",
    },
    "mine.no_unit": {
        "zh-CN": "被投诉单位尚未登记为场所：请先在“场所”中登记，再登记此次核查。",
        "en": "The unit complained about is not registered as a location: register it on the "
        "locations page first, then record this check.",
    },
    "mine.col.kind": {"zh-CN": "检查类型", "en": "Kind"},
    "inspections.error.task_recorded": {
        "zh-CN": "任务 {task} 已登记过检查结果",
        "en": "task {task} is already recorded",
    },
    "mine.choose": {"zh-CN": "登记检查", "en": "Record inspection"},
    "mine.all_recorded": {
        "zh-CN": "您的检查均已登记。",
        "en": "All your inspections are recorded.",
    },
    "mine.date": {"zh-CN": "检查日期", "en": "Date"},
    "mine.time": {"zh-CN": "开始时间", "en": "Start time"},
    "mine.submit": {"zh-CN": "登记检查结果", "en": "Record the result"},
    "mine.recorded": {
        "zh-CN": "已登记：{unit}（{outcome}）",
        "en": "Recorded: {unit} ({outcome})",
    },
    "mine.note": {"zh-CN": "备注", "en": "Note"},
    "mine.not_planned": {"zh-CN": "未排入计划", "en": "Not planned yet"},
    "mine.open": {"zh-CN": "待检查", "en": "To inspect"},
    "mine.col.period": {"zh-CN": "抽取期间", "en": "Period"},
    "mine.col.unit": {"zh-CN": "单位", "en": "Unit"},
    "mine.col.planned": {"zh-CN": "计划时间", "en": "Planned"},
    "mine.col.officers": {"zh-CN": "执法人员", "en": "Officers"},
    "mine.col.status": {"zh-CN": "状态", "en": "Status"},
    "inspections.check.exits": {"zh-CN": "安全出口", "en": "Exits"},
    "inspections.check.evacuation_routes": {"zh-CN": "疏散通道", "en": "Evacuation routes"},
    "inspections.check.fire_facilities": {"zh-CN": "消防设施器材", "en": "Fire facilities"},
    "inspections.check.electrical": {"zh-CN": "电气线路", "en": "Electrical"},
    "inspections.check.storage": {"zh-CN": "物品储存", "en": "Storage"},
    "inspections.check.fire_load": {"zh-CN": "可燃物（火灾荷载）", "en": "Fire load"},
    "inspections.check.duty_records": {"zh-CN": "值班与巡查记录", "en": "Duty and patrol records"},
}
