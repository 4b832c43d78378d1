"""Sessions, login and unexpected errors (see services.accounts.auth and app.py)."""

MESSAGES = {
    "auth.ended": {
        "zh-CN": "会话已结束，请重新登录。",
        "en": "Your session has ended; please log in again.",
    },
    "error.password_common": {
        "zh-CN": "是常见密码，容易被猜中，请换一个",
        "en": "is a common password that is easy to guess; choose another",
    },
    "error.incident": {
        "zh-CN": "出现了意外错误，已记录（事件编号 {incident}）。请重试；如仍出错，请把这个编号告诉管理员。",
        "en": "Something went wrong and it has been logged (incident {incident}). Please try again; if it keeps happening, give this number to your administrator.",
    },
}
