"""German UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "Hallo! Ich bin {name}.",
    "suggest": "Probieren Sie eine dieser Fragen aus oder stellen Sie Ihre eigene:",
    "help": "Fragen Sie mich alles über Viet Nam: Visa und Einreise, konsularische Dienste, Reisen, Kultur, Wirtschaft, Außenpolitik. Ich antworte nur auf Grundlage offizieller Inhalte und nenne meine Quellen.",
    "help_group": "Erwähnen Sie mich in einer Gruppe oder antworten Sie auf eine meiner Nachrichten.",
    "choose_lang": "Wählen Sie die Sprache meiner Antworten:",
    "lang_auto": "Automatisch",
    "lang_set": "Erledigt: Ich antworte ab jetzt auf {lang}.",
    "lang_auto_set": "Erledigt: Ich antworte in der Sprache Ihrer Frage.",
    "no_sources": "Noch keine Quellen: Stellen Sie mir zuerst eine Frage.",
    "published": "veröffentlicht am {date}",
    "rate_limited": "Sie senden Fragen schneller, als ich antworten kann. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.",
    "too_long": "Ihre Nachricht ist zu lang ({count} Zeichen). Bitte fassen Sie Ihre Frage in höchstens {limit} Zeichen.",
    "empty": "Bitte senden Sie mir Ihre Frage als Text.",
    "error": "Entschuldigung, bei mir ist etwas schiefgelaufen. Bitte versuchen Sie es gleich noch einmal.",
    "new_chat": "Neues Gespräch",
    "reset_done": "Neues Gespräch gestartet. Was möchten Sie wissen?",
    "thanks": "Danke für Ihr Feedback!",
    "feedback_gone": "Diese Antwort kann nicht mehr bewertet werden.",
    "expired": "Diese Schaltfläche ist nicht mehr gültig.",
    "cmd_start": "Neues Gespräch beginnen",
    "cmd_help": "So benutzen Sie den Bot",
    "cmd_language": "Sprache der Antworten wählen",
    "cmd_sources": "Quellen der letzten Antwort",
}
