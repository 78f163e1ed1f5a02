"""Chinese (Simplified) UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "您好！我是{name}。",
    "suggest": "试试下面的问题，或者直接输入您的问题：",
    "help": "您可以问我任何有关越南的问题：签证与入境、领事服务、旅行、文化、经济、外交政策。我只根据官方内容作答，并注明来源。",
    "help_group": "在群组中，请@我或回复我的消息。",
    "choose_lang": "请选择回答所用的语言：",
    "lang_auto": "自动",
    "lang_set": "好的：我将用{lang}回答。",
    "lang_auto_set": "好的：我将使用您提问的语言回答。",
    "no_sources": "暂无来源：请先提出问题。",
    "published": "发布于 {date}",
    "rate_limited": "您提问的速度太快了。请稍等一分钟后再试。",
    "too_long": "您的消息太长（{count} 个字符）。请将问题控制在 {limit} 个字符以内。",
    "empty": "请以文字形式发送您的问题。",
    "error": "抱歉，我这边出了点问题。请稍后再试。",
    "new_chat": "新对话",
    "reset_done": "已开始新对话。您想了解什么？",
    "thanks": "感谢您的反馈！",
    "feedback_gone": "此回答已无法评价。",
    "expired": "此按钮已失效。",
    "cmd_start": "开始新对话",
    "cmd_help": "使用说明",
    "cmd_language": "选择回答语言",
    "cmd_sources": "上一个回答的来源",
}
