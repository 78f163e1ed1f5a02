"""French UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "Bonjour ! Je suis {name}.",
    "suggest": "Essayez l'une de ces questions ou écrivez la vôtre :",
    "help": "Posez-moi vos questions sur le Viet Nam : visas et entrée, services consulaires, voyages, culture, économie, politique étrangère. Je réponds uniquement à partir de contenus officiels et je cite mes sources.",
    "help_group": "Dans un groupe, mentionnez-moi ou répondez à l'un de mes messages.",
    "choose_lang": "Choisissez la langue de mes réponses :",
    "lang_auto": "Automatique",
    "lang_set": "C'est noté : je répondrai en {lang}.",
    "lang_auto_set": "C'est noté : je répondrai dans la langue de votre question.",
    "no_sources": "Pas encore de sources : posez-moi d'abord une question.",
    "published": "publié le {date}",
    "rate_limited": "Vous envoyez des questions plus vite que je ne peux y répondre. Merci de patienter une minute avant de réessayer.",
    "too_long": "Votre message est trop long ({count} caractères). Merci de limiter votre question à {limit} caractères.",
    "empty": "Merci de m'envoyer votre question sous forme de texte.",
    "error": "Désolé, un problème est survenu de mon côté. Merci de réessayer dans un instant.",
    "new_chat": "Nouvelle conversation",
    "reset_done": "Nouvelle conversation commencée. Que souhaitez-vous savoir ?",
    "thanks": "Merci pour votre avis !",
    "feedback_gone": "Cette réponse ne peut plus être évaluée.",
    "expired": "Ce bouton n'est plus valide.",
    "cmd_start": "Commencer une nouvelle conversation",
    "cmd_help": "Comment utiliser ce bot",
    "cmd_language": "Choisir la langue des réponses",
    "cmd_sources": "Sources de la dernière réponse",
}
