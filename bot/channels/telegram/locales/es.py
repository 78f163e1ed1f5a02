"""Spanish UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "¡Hola! Soy {name}.",
    "suggest": "Pruebe una de estas preguntas o escriba la suya:",
    "help": "Pregúnteme lo que quiera sobre Viet Nam: visados y entrada, servicios consulares, viajes, cultura, economía, política exterior. Solo respondo a partir de contenido oficial y cito mis fuentes.",
    "help_group": "En un grupo, mencióneme o responda a uno de mis mensajes.",
    "choose_lang": "Elija el idioma de mis respuestas:",
    "lang_auto": "Automático",
    "lang_set": "Hecho: responderé en {lang}.",
    "lang_auto_set": "Hecho: responderé en el idioma de su pregunta.",
    "no_sources": "Todavía no hay fuentes: hágame primero una pregunta.",
    "published": "publicado el {date}",
    "rate_limited": "Está enviando preguntas más rápido de lo que puedo responder. Espere un minuto y vuelva a intentarlo.",
    "too_long": "Su mensaje es demasiado largo ({count} caracteres). Limite su pregunta a {limit} caracteres.",
    "empty": "Envíeme su pregunta como texto.",
    "error": "Lo siento, algo ha fallado por mi parte. Vuelva a intentarlo en un momento.",
    "new_chat": "Nueva conversación",
    "reset_done": "Nueva conversación iniciada. ¿Qué le gustaría saber?",
    "thanks": "¡Gracias por su opinión!",
    "feedback_gone": "Esta respuesta ya no se puede valorar.",
    "expired": "Este botón ya no es válido.",
    "cmd_start": "Empezar una nueva conversación",
    "cmd_help": "Cómo usar este bot",
    "cmd_language": "Elegir el idioma de las respuestas",
    "cmd_sources": "Fuentes de la última respuesta",
}
