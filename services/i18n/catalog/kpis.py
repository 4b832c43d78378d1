"""Leadership KPI dashboard and monthly public disclosure."""

MESSAGES = {
    "page.kpi_dashboard": {"zh-CN": "领导驾驶舱", "en": "KPI dashboard"},
    "page.disclosure": {"zh-CN": "双随机一公开", "en": "Monthly disclosure"},
    "section.leadership": {"zh-CN": "领导视图", "en": "Leadership"},
    # KPI names and their definitions (the tiles' tooltips)
    "kpis.offhours_inspections": {"zh-CN": "错时检查", "en": "Off-hours inspections"},
    "kpis.offhours_inspections.help": {
        "zh-CN": "期内完成的错时（夜间、周末）上门检查预约数；按预约所在周的周一计入期间。",
        "en": "Off-hours (evening, weekend) inspection bookings done in the period; a booking "
        "counts in the period holding its week's Monday.",
    },
    "kpis.trainings": {"zh-CN": "培训演练", "en": "Trainings and drills"},
    "kpis.trainings.help": {
        "zh-CN": "期内完成的消防培训和应急演练预约数。",
        "en": "Training and drill bookings done in the period.",
    },
    "kpis.training_participants": {"zh-CN": "培训演练人数", "en": "Training participants"},
    "kpis.training_participants.help": {
        "zh-CN": "期内完成的培训和演练的参加人数之和（完成时登记的实到人数，未登记时为预约人数）。",
        "en": "Sum of the participants of the trainings and drills done in the period (the "
        "number present as recorded when done, else the number booked).",
    },
    "kpis.tours": {"zh-CN": "消防站开放参观", "en": "Station tours"},
    "kpis.tours.help": {
        "zh-CN": "期内完成的消防站参观团组数。",
        "en": "Station tour groups served in the period.",
    },
    "kpis.tour_visitors": {"zh-CN": "参观人数", "en": "Tour visitors"},
    "kpis.tour_visitors.help": {
        "zh-CN": "期内完成的参观预约的团组人数之和。",
        "en": "Sum of the group sizes of the station tours served in the period.",
    },
    "kpis.expert_visits": {"zh-CN": "专家上门指导", "en": "Expert visits"},
    "kpis.expert_visits.help": {
        "zh-CN": "期内完成的专家上门指导预约数。",
        "en": "Expert visit bookings done in the period.",
    },
    "kpis.no_disruption": {"zh-CN": "无打扰率", "en": "No-disruption rate"},
    "kpis.no_disruption.help": {
        "zh-CN": "已发布计划中排定、状态为已计划/已确认/已完成的预约里，开始时间落在单位首选时段"
        "（代价为 0 的时段）的比例。",
        "en": "Of the bookings in published plans that are planned, confirmed or done, the "
        "share whose scheduled start lies in the unit's preferred time (a cost-0 window).",
    },
    "kpis.complaints_24h": {"zh-CN": "24小时核查及时率", "en": "Verified within 24 h"},
    "kpis.complaints_24h.help": {
        "zh-CN": "期内受理的紧急类投诉（锁闭安全出口、堵塞疏散通道、消防设施停用）中，在时限内首次"
        "现场核查的比例；分母为已核查或已超时的案件（与投诉指标页同一口径）。",
        "en": "Urgent complaints received in the period (locked exits, blocked evacuation, "
        "disabled facilities) first verified on site by the deadline, over the cases verified "
        "or past their deadline (the complaint metrics' definition).",
    },
    "kpis.complaints_3d": {"zh-CN": "3个工作日核查及时率", "en": "Verified within 3 working days"},
    "kpis.complaints_3d.help": {
        "zh-CN": "期内受理的其他投诉在3个工作日时限内首次现场核查的比例；分母为已核查或已超时的案件。",
        "en": "Other complaints received in the period first verified on site within three "
        "working days, over the cases verified or past their deadline.",
    },
    "kpis.satisfaction": {"zh-CN": "满意率", "en": "Satisfaction rate"},
    "kpis.satisfaction.help": {
        "zh-CN": "期内计入统计的评价中，非常满意、满意、基本满意的比例（与满意度趋势页同一口径）。",
        "en": "Counted evaluations of the period rated very satisfied, satisfied or fairly "
        "satisfied, over all counted evaluations (the satisfaction trends' definition).",
    },
    "kpis.rectified_on_time": {"zh-CN": "差评按期整改率", "en": "Bad reviews rectified on time"},
    "kpis.rectified_on_time.help": {
        "zh-CN": "期内差评的整改案件中，在期限内办结的比例（申诉成立撤销的除外）。",
        "en": "Rectification cases of the period's bad reviews closed by their deadline "
        "(cases withdrawn after an upheld appeal left out).",
    },
    "kpis.distribution": {"zh-CN": "人员错时负荷分布", "en": "Off-hours load per person"},
    "kpis.distribution.axis": {"zh-CN": "期内错时工作时长", "en": "Off-hours worked in the period"},
    "kpis.distribution.none": {"zh-CN": "无", "en": "none"},
    "kpis.distribution.hours": {"zh-CN": "{low}–{high} 小时", "en": "{low}–{high} h"},
    "kpis.people": {"zh-CN": "人数", "en": "People"},
    "kpis.offhours_fairness": {"zh-CN": "错时负荷均衡度", "en": "Off-hours load balance"},
    "kpis.offhours_fairness.help": {
        "zh-CN": "已发布计划中，个人夜间和周末工作分钟数的最大值 ÷ 人均值（每周计划内所有人员）；"
        "1.0 为完全均衡，越大越不均衡。",
        "en": "In published plans, the most off-hours (evening and weekend) minutes of one "
        "person divided by the mean per person (everyone in the weeks' plans); 1.0 is perfectly "
        "even, higher is less fair.",
    },
    "kpis.plan_coverage": {"zh-CN": "计划覆盖率", "en": "Plan coverage"},
    "kpis.plan_coverage.help": {
        "zh-CN": "期内各周已发布计划中，已排定任务占全部待排任务的比例。",
        "en": "Share of the tasks to plan that the period's published weekly plans scheduled.",
    },
    "kpis.draws_on_time": {"zh-CN": "双随机按时抽取率", "en": "Draws on time"},
    "kpis.draws_on_time.help": {
        "zh-CN": "期内开始的抽取期间中，在期间开始前完成首次抽取的比例。",
        "en": "Share of the draw periods beginning in the period that were drawn before they began.",
    },
    "kpis.results_published_on_time": {
        "zh-CN": "抽查结果按时公示率",
        "en": "Results published on time",
    },
    "kpis.results_published_on_time.help": {
        "zh-CN": "期内完成的双随机检查中，结果在检查后 20 个工作日内公示的比例（结果登记入系统之日即进入当月公示，"
        "以此为公示日；工作日按工作日历计算）。",
        "en": "Share of the period's random inspections whose result was public within 20 "
        "working days of the inspection (a result enters the month's disclosure the day it "
        "is recorded, which counts as its publication day; working days on the calendar).",
    },
    "kpis.drawn_inspected": {"zh-CN": "抽中单位检查率", "en": "Drawn units inspected"},
    "kpis.drawn_inspected.help": {
        "zh-CN": "期内开始的抽取期间（有效抽取）抽中的单位中，已登记双随机检查的比例。",
        "en": "Share of the units drawn (current draws) for periods beginning in the period "
        "that have a recorded random inspection.",
    },
    "kpis.applications_accepted": {"zh-CN": "受理申请数", "en": "Applications accepted"},
    "kpis.applications_accepted.help": {
        "zh-CN": "期内受理的窗口申请（按受理日），可按辖区或当前状态查看。",
        "en": "Front-desk applications accepted in the period (by the day accepted); broken "
        "down by district or by the state each is in now.",
    },
    "kpis.applications_with_notice": {
        "zh-CN": "容缺受理数",
        "en": "Accepted with documents missing",
    },
    "kpis.applications_with_notice.help": {
        "zh-CN": "期内受理的申请中，材料不全、容缺受理并出具一次性告知书的件数。",
        "en": "Applications accepted in the period with documents missing (容缺受理), each "
        "given its one-time notice.",
    },
    "kpis.applications_inspected_on_time": {
        "zh-CN": "按时检查率（10个工作日）",
        "en": "Inspected on time (10 working days)",
    },
    "kpis.applications_inspected_on_time.help": {
        "zh-CN": "期内受理的投入使用、营业前消防安全检查中，受理之日起10个工作日内完成现场检查的"
        "比例（《消防监督检查规定》第十五条）；尚未检查且未超期的不计。",
        "en": "Of the pre-opening checks accepted in the period, the share inspected within 10 "
        "working days of acceptance (art. 15); those not inspected whose clock still runs are "
        "not counted.",
    },
    "kpis.applications_decided_on_time": {
        "zh-CN": "按时决定率（3个工作日）",
        "en": "Decided on time (3 working days)",
    },
    "kpis.applications_decided_on_time.help": {
        "zh-CN": "期内受理并已检查的申请中，检查之日起3个工作日内作出许可决定的比例（第十五条）；"
        "尚未决定且未超期的不计。",
        "en": "Of the applications accepted in the period and inspected, the share decided "
        "within 3 working days of the inspection (art. 15); undecided ones whose clock still "
        "runs are not counted.",
    },
    "kpis.applications_by_post": {"zh-CN": "邮寄送达占比", "en": "Delivered by free post"},
    "kpis.applications_by_post.help": {
        "zh-CN": "期内受理的申请中，申请人选择免费邮寄送达的比例（其余为窗口领取）。",
        "en": "Share of the applications accepted in the period whose applicant chose free "
        "post (the others collect in person).",
    },
    "kpis.simple_fires": {"zh-CN": "简易程序火灾登记数", "en": "Small fires, simple procedure"},
    "kpis.simple_fires.help": {
        "zh-CN": "期内发生、按简易调查程序登记的小火灾起数（按起火日）。",
        "en": "Small fires registered under the simple procedure, by the day they broke out.",
    },
    # dashboard
    "kpis.period_kind": {"zh-CN": "统计周期", "en": "Period"},
    "kpis.kind.week": {"zh-CN": "上周", "en": "Last week"},
    "kpis.kind.month": {"zh-CN": "上月", "en": "Last month"},
    "kpis.kind.quarter": {"zh-CN": "上季度", "en": "Last quarter"},
    "kpis.kind.year": {"zh-CN": "上一年", "en": "Last year"},
    "kpis.kind.custom": {"zh-CN": "自定义", "en": "Custom"},
    "kpis.custom_range": {"zh-CN": "起止日期（按整周统计）", "en": "Dates (whole weeks)"},
    "kpis.period": {"zh-CN": "{start} 至 {end}", "en": "{start} to {end}"},
    "kpis.compare": {
        "zh-CN": "上期 {previous}，去年同期 {last_year}",
        "en": "Previous period {previous}, same period last year {last_year}",
    },
    "kpis.detail": {"zh-CN": "查看指标", "en": "Open a KPI"},
    "kpis.trend": {"zh-CN": "趋势", "en": "Trend"},
    "kpis.breakdown": {"zh-CN": "分布", "en": "Breakdown"},
    "kpis.by.district": {"zh-CN": "按辖区", "en": "By district"},
    "kpis.by.station": {"zh-CN": "按消防站", "en": "By station"},
    "kpis.by.state": {"zh-CN": "按办理状态", "en": "By state"},
    "kpis.records": {"zh-CN": "明细（最多300条）", "en": "Records (up to 300)"},
    "kpis.value": {"zh-CN": "数值", "en": "Value"},
    "kpis.key": {"zh-CN": "名称", "en": "Name"},
    "kpis.period_start": {"zh-CN": "周期", "en": "Period"},
    "kpis.no_records": {"zh-CN": "该期间没有记录。", "en": "No records in this period."},
    "kpis.download_excel": {"zh-CN": "下载指标报表（Excel）", "en": "Download KPI report (Excel)"},
    "kpis.download_html": {"zh-CN": "下载打印版（HTML）", "en": "Download printable page (HTML)"},
    "kpis.report_title": {
        "zh-CN": "辽阳支队便民服务指标 {start} 至 {end}",
        "en": "Liaoyang detachment service KPIs, {start} to {end}",
    },
    "kpis.col.kpi": {"zh-CN": "指标", "en": "KPI"},
    "kpis.col.value": {"zh-CN": "本期", "en": "This period"},
    "kpis.col.previous": {"zh-CN": "上期", "en": "Previous period"},
    "kpis.col.last_year": {"zh-CN": "去年同期", "en": "Same period last year"},
    "kpis.col.definition": {"zh-CN": "口径", "en": "Definition"},
    # disclosure
    "disclosure.month": {"zh-CN": "月份", "en": "Month"},
    "disclosure.heading": {
        "zh-CN": "{month} 检查计划及结果公示",
        "en": "Inspection plans and results, {month}",
    },
    "disclosure.intro": {
        "zh-CN": "本月计划和完成的检查（单位、日期、结果），不含任何个人信息。",
        "en": "Inspections planned and done in the month (unit, date, result); no personal data.",
    },
    "disclosure.download": {"zh-CN": "下载公示表（Excel）", "en": "Download disclosure (Excel)"},
    "disclosure.empty": {"zh-CN": "该月没有检查。", "en": "No inspections in this month."},
    "disclosure.col.unit": {"zh-CN": "被检查单位", "en": "Unit"},
    "disclosure.col.district": {"zh-CN": "辖区", "en": "District"},
    "disclosure.col.date": {"zh-CN": "检查日期", "en": "Date"},
    "disclosure.col.kind": {"zh-CN": "检查类型", "en": "Kind"},
    "disclosure.col.result": {"zh-CN": "检查结果", "en": "Result"},
    "disclosure.col.publish_by": {"zh-CN": "公示截止日", "en": "Publish by"},
    "disclosure.publish_by": {
        "zh-CN": "双随机抽查结果须在检查后 20 个工作日内公示：本月结果最迟须于 {day} 前公示。",
        "en": "Random inspection results are public within 20 working days of the inspection: "
        "this month's must be published by {day}.",
    },
    "disclosure.print": {"zh-CN": "下载打印版（HTML）", "en": "Download printable page (HTML)"},
    "disclosure.outcomes": {
        "zh-CN": "双随机抽查结果（按信用等级）",
        "en": "Random inspection outcomes by credit class",
    },
    "disclosure.col.credit_class": {"zh-CN": "信用等级", "en": "Credit class"},
    "disclosure.kind.offhours_inspection": {"zh-CN": "错时检查", "en": "Off-hours inspection"},
    "disclosure.kind.complaint_check": {"zh-CN": "投诉核查", "en": "Complaint verification"},
    "disclosure.result.planned": {"zh-CN": "已计划", "en": "Planned"},
    "disclosure.result.done": {"zh-CN": "已检查", "en": "Inspected"},
    "disclosure.result.no_show": {"zh-CN": "未能实施", "en": "Not carried out"},
    "disclosure.result.no_violation": {"zh-CN": "未发现违法行为", "en": "No violation found"},
    "disclosure.result.violation": {
        "zh-CN": "发现违法行为，已依法处理",
        "en": "Violation found and dealt with",
    },
    "disclosure.result.pending": {"zh-CN": "处理中", "en": "Being handled"},
}
