"""Korean UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "안녕하세요! 저는 {name}입니다.",
    "suggest": "다음 질문 중 하나를 선택하거나 직접 질문을 입력해 주세요:",
    "help": "베트남에 관해 무엇이든 물어보세요: 비자와 입국, 영사 서비스, 여행, 문화, 경제, 외교 정책. 공식 자료만을 바탕으로 답하고 출처를 밝힙니다.",
    "help_group": "그룹에서는 저를 멘션하거나 제 메시지에 답장해 주세요.",
    "choose_lang": "답변 언어를 선택해 주세요:",
    "lang_auto": "자동",
    "lang_set": "완료: 앞으로 {lang}(으)로 답변합니다.",
    "lang_auto_set": "완료: 질문하신 언어로 답변합니다.",
    "no_sources": "아직 출처가 없습니다. 먼저 질문해 주세요.",
    "published": "게시일 {date}",
    "rate_limited": "질문을 너무 빠르게 보내고 계십니다. 1분 정도 기다린 후 다시 시도해 주세요.",
    "too_long": "메시지가 너무 깁니다({count}자). 질문은 {limit}자 이내로 작성해 주세요.",
    "empty": "질문을 텍스트로 보내 주세요.",
    "error": "죄송합니다. 처리 중 문제가 발생했습니다. 잠시 후 다시 시도해 주세요.",
    "new_chat": "새 대화",
    "reset_done": "새 대화를 시작했습니다. 무엇이 궁금하신가요?",
    "thanks": "의견을 보내 주셔서 감사합니다!",
    "feedback_gone": "이 답변은 더 이상 평가할 수 없습니다.",
    "expired": "이 버튼은 더 이상 유효하지 않습니다.",
    "cmd_start": "새 대화 시작",
    "cmd_help": "사용 방법",
    "cmd_language": "답변 언어 선택",
    "cmd_sources": "최근 답변의 출처",
}
