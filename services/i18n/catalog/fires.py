"""Strings of simple fire registration (measure 15)."""

MESSAGES = {
    "page.fires": {"zh-CN": "简易火灾登记", "en": "Simple fire registration"},
    "field.fire_occurred_at": {"zh-CN": "起火时间", "en": "Time of the fire"},
    "field.fire_place": {"zh-CN": "起火地点", "en": "Place"},
    "field.fire_cause": {"zh-CN": "起火原因", "en": "Cause"},
    "field.fire_direct_loss": {"zh-CN": "直接财产损失（元）", "en": "Direct loss (yuan)"},
    "field.fire_deaths": {"zh-CN": "死亡人数", "en": "Deaths"},
    "field.fire_injuries": {"zh-CN": "受伤人数", "en": "Injuries"},
    "field.fire_facts_agreed": {
        "zh-CN": "当事人对火灾事实无异议",
        "en": "The parties agree on the facts",
    },
    "field.fire_arson": {"zh-CN": "有放火嫌疑", "en": "Arson suspected"},
    "field.fire_party_name": {"zh-CN": "当事人", "en": "Party"},
    "field.fire_party_phone": {"zh-CN": "当事人电话", "en": "Party's phone"},
    "field.fire_notes": {"zh-CN": "现场情况", "en": "What was found"},
    "field.fire_procedure": {"zh-CN": "简易程序", "en": "Simple procedure"},
    "fires.submit": {"zh-CN": "登记（简易程序）", "en": "Register (simple procedure)"},
    "fires.saved": {"zh-CN": "已登记 {no}", "en": "Registered as {no}"},
    "fires.count": {"zh-CN": "共 {count} 起", "en": "{count} fires"},
    "fires.col.no": {"zh-CN": "编号", "en": "No."},
    "fires.col.monthly": {"zh-CN": "每月起数", "en": "Fires per month"},
    "fires.refusal.casualties": {
        "zh-CN": "有人员伤亡，不适用简易程序",
        "en": "people were hurt or killed: the simple procedure does not apply",
    },
    "fires.refusal.loss": {
        "zh-CN": "直接财产损失超过 {limit} 元，不适用简易程序",
        "en": "the direct loss is over {limit} yuan: the simple procedure does not apply",
    },
    "fires.refusal.facts_disputed": {
        "zh-CN": "当事人对火灾事实有异议，不适用简易程序",
        "en": "the parties dispute the facts: the simple procedure does not apply",
    },
    "fires.refusal.arson": {
        "zh-CN": "有放火嫌疑，不适用简易程序",
        "en": "arson is suspected: the simple procedure does not apply",
    },
    "fires.error.future": {"zh-CN": "起火时间不能晚于现在", "en": "cannot be in the future"},
    "fires.error.negative": {"zh-CN": "不能为负数", "en": "cannot be negative"},
}
