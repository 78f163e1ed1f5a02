"""Localized strings of the answers (the widget and Telegram carry their own UI strings)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

SUPPORTED_LANGUAGES = ("en", "vi", "fr", "zh", "ru", "es", "ja", "ko", "de", "ar", "th")

MESSAGES: dict[str, dict[str, str]] = {
    "sources": {
        "en": "Sources",
        "vi": "Nguồn",
        "fr": "Sources",
        "zh": "来源",
        "ru": "Источники",
        "es": "Fuentes",
        "ja": "出典",
        "ko": "출처",
        "de": "Quellen",
        "ar": "المصادر",
        "th": "แหล่งที่มา",
    },
    "not_found": {
        "en": "I could not find official information that answers this question.",
        "vi": "Tôi không tìm thấy thông tin chính thức trả lời câu hỏi này.",
        "fr": "Je n'ai pas trouvé d'information officielle qui réponde à cette question.",
        "zh": "我没有找到能回答这个问题的官方信息。",
        "ru": "Мне не удалось найти официальную информацию, отвечающую на этот вопрос.",
        "es": "No he encontrado información oficial que responda a esta pregunta.",
        "ja": "この質問に答える公式情報が見つかりませんでした。",
        "ko": "이 질문에 답할 수 있는 공식 정보를 찾지 못했습니다.",
        "de": "Ich habe keine offiziellen Informationen gefunden, die diese Frage beantworten.",
        "ar": "لم أجد معلومات رسمية تجيب عن هذا السؤال.",
        "th": "ไม่พบข้อมูลอย่างเป็นทางการที่ตอบคำถามนี้",
    },
    "out_of_remit": {
        "en": "I can only answer questions about Viet Nam from official content.",
        "vi": "Tôi chỉ trả lời các câu hỏi về Việt Nam dựa trên thông tin chính thức.",
        "fr": "Je ne peux répondre qu'aux questions sur le Viet Nam, à partir de contenus officiels.",
        "zh": "我只能根据官方内容回答有关越南的问题。",
        "ru": "Я отвечаю только на вопросы о Вьетнаме на основе официальных материалов.",
        "es": "Solo puedo responder preguntas sobre Viet Nam a partir de contenido oficial.",
        "ja": "公式情報に基づき、ベトナムに関する質問にのみお答えできます。",
        "ko": "공식 자료를 바탕으로 베트남에 관한 질문에만 답변할 수 있습니다.",
        "de": "Ich beantworte nur Fragen zu Viet Nam auf Grundlage offizieller Inhalte.",
        "ar": "لا يمكنني الإجابة إلا عن الأسئلة المتعلقة بفيت نام استنادًا إلى المحتوى الرسمي.",
        "th": "ฉันตอบได้เฉพาะคำถามเกี่ยวกับเวียดนามจากข้อมูลอย่างเป็นทางการเท่านั้น",
    },
    "contact": {
        "en": "Please contact {name}",
        "vi": "Vui lòng liên hệ {name}",
        "fr": "Veuillez contacter {name}",
        "zh": "请联系{name}",
        "ru": "Обратитесь в {name}",
        "es": "Póngase en contacto con {name}",
        "ja": "{name}にお問い合わせください",
        "ko": "{name}에 문의해 주세요",
        "de": "Bitte wenden Sie sich an {name}",
        "ar": "يرجى التواصل مع {name}",
        "th": "โปรดติดต่อ {name}",
    },
    "greeting": {
        "en": "Hello! Ask me a question about Viet Nam and I will answer from official sources.",
        "vi": "Xin chào! Hãy đặt câu hỏi về Việt Nam, tôi sẽ trả lời dựa trên nguồn chính thức.",
        "fr": "Bonjour ! Posez-moi une question sur le Viet Nam : je réponds à partir de sources officielles.",
        "zh": "您好！请提出有关越南的问题，我会根据官方资料回答。",
        "ru": "Здравствуйте! Задайте вопрос о Вьетнаме, и я отвечу на основе официальных источников.",
        "es": "¡Hola! Hágame una pregunta sobre Viet Nam y le responderé a partir de fuentes oficiales.",
        "ja": "こんにちは。ベトナムについてご質問ください。公式情報に基づいてお答えします。",
        "ko": "안녕하세요! 베트남에 관해 질문해 주시면 공식 자료를 바탕으로 답해 드립니다.",
        "de": "Guten Tag! Stellen Sie mir eine Frage zu Vietnam; ich antworte auf Grundlage offizieller Quellen.",
        "ar": "مرحبًا! اطرح سؤالك عن فيتنام وسأجيب استنادًا إلى المصادر الرسمية.",
        "th": "สวัสดี ถามคำถามเกี่ยวกับเวียดนามได้เลย ระบบจะตอบจากแหล่งข้อมูลทางการ",
    },
    "thanks": {
        "en": "You're welcome. Ask me anything else about Viet Nam.",
        "vi": "Không có gì. Quý vị có thể hỏi thêm bất cứ điều gì về Việt Nam.",
        "fr": "Je vous en prie. N'hésitez pas à poser d'autres questions sur le Viet Nam.",
        "zh": "不客气。欢迎继续提出有关越南的问题。",
        "ru": "Пожалуйста. Задавайте и другие вопросы о Вьетнаме.",
        "es": "De nada. Puede hacerme cualquier otra pregunta sobre Viet Nam.",
        "ja": "どういたしまして。ベトナムについて、ほかにもご質問があればどうぞ。",
        "ko": "천만에요. 베트남에 관해 더 궁금한 점이 있으면 물어보세요.",
        "de": "Gern geschehen. Fragen Sie mich gern noch mehr zu Vietnam.",
        "ar": "على الرحب والسعة. يمكنك طرح أي سؤال آخر عن فيتنام.",
        "th": "ยินดี สอบถามเรื่องอื่นเกี่ยวกับเวียดนามได้เสมอ",
    },
    "other_language": {
        "en": "No official text exists in your language yet; here is the official text in {name}.",
        "vi": "Chưa có văn bản chính thức bằng ngôn ngữ của bạn; dưới đây là văn bản chính thức bằng {name}.",
        "fr": "Ce texte officiel n'existe pas encore dans votre langue ; voici la version en {name}.",
        "zh": "目前还没有您所用语言的官方文本；以下是{name}官方文本。",
        "ru": "Официального текста на вашем языке пока нет; ниже официальный текст на языке: {name}.",
        "es": "Aún no existe el texto oficial en su idioma; este es el texto oficial en {name}.",
        "ja": "お使いの言語の公式文書はまだありません。以下は{name}の公式文書です。",
        "ko": "아직 귀하의 언어로 된 공식 문서가 없어 {name} 공식 문서를 보여 드립니다.",
        "de": "Es gibt noch keinen offiziellen Text in Ihrer Sprache; hier ist der offizielle Text auf {name}.",
        "ar": "لا يوجد نص رسمي بلغتك حتى الآن؛ إليك النص الرسمي باللغة {name}.",
        "th": "ยังไม่มีข้อความทางการในภาษาของคุณ นี่คือข้อความทางการภาษา{name}",
    },
}

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "vi": "Tiếng Việt",
    "fr": "Français",
    "zh": "中文",
    "ru": "Русский",
    "es": "Español",
    "ja": "日本語",
    "ko": "한국어",
    "de": "Deutsch",
    "ar": "العربية",
    "th": "ไทย",
}


def normalize_lang(code: str | None) -> str | None:
    """Reduce a language tag such as `zh-Hans-CN` or `pt_BR` to its primary subtag."""
    if not code:
        return None
    return code.replace("_", "-").split("-")[0].strip().lower() or None


def t(key: str, lang: str | None, **values: str) -> str:
    """Return message `key` in `lang`, falling back to English."""
    table = MESSAGES[key]
    text = table.get(normalize_lang(lang) or "en", table["en"])
    return text.format(**values) if values else text


def language_name(code: str, in_lang: str) -> str:
    """Return the name of language `code` written in `in_lang` (CLDR, via Babel).

    "English" is "الإنجليزية" in Arabic and "anglais" in French, so a sentence such as
    "here is the official text in {name}" reads right in every language.
    """
    try:
        name = Locale.parse(normalize_lang(in_lang) or "en").languages.get(code)
    except (ValueError, UnknownLocaleError):
        name = None
    return name or LANGUAGE_NAMES.get(code, code)
