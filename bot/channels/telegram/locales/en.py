"""English UI strings (the reference: every other language has the same keys)."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "Hello! I am {name}.",
    "suggest": "Try one of these questions, or type your own:",
    "help": "Ask me anything about Viet Nam: visas and entry, consular services, travel, culture, economy, foreign policy. I answer only from official content and cite my sources.",
    "help_group": "In a group, mention me or reply to one of my messages.",
    "choose_lang": "Choose the language of my answers:",
    "lang_auto": "Automatic",
    "lang_set": "Done: I will answer in {lang}.",
    "lang_auto_set": "Done: I will answer in the language of your question.",
    "no_sources": "No sources yet: ask me a question first.",
    "published": "published {date}",
    "rate_limited": "You are sending questions faster than I can answer. Please wait a minute, then try again.",
    "too_long": "Your message is too long ({count} characters). Please keep your question under {limit} characters.",
    "empty": "Please send me your question as text.",
    "error": "Sorry, something went wrong on my side. Please try again in a moment.",
    "new_chat": "New conversation",
    "reset_done": "New conversation started. What would you like to know?",
    "thanks": "Thank you for your feedback!",
    "feedback_gone": "This answer can no longer be rated.",
    "expired": "This button is no longer valid.",
    "cmd_start": "Start a new conversation",
    "cmd_help": "How to use this bot",
    "cmd_language": "Choose the answer language",
    "cmd_sources": "Sources of the last answer",
}
