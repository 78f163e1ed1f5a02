"""Vietnamese UI strings."""

# ruff: noqa: E501

TEXTS: dict[str, str] = {
    "greeting": "Xin chào! Tôi là {name}.",
    "suggest": "Hãy thử một trong các câu hỏi sau, hoặc tự nhập câu hỏi của bạn:",
    "help": "Hãy hỏi tôi bất cứ điều gì về Việt Nam: thị thực và nhập cảnh, dịch vụ lãnh sự, du lịch, văn hóa, kinh tế, chính sách đối ngoại. Tôi chỉ trả lời dựa trên thông tin chính thức và luôn dẫn nguồn.",
    "help_group": "Trong nhóm, hãy nhắc đến tôi (@) hoặc trả lời một tin nhắn của tôi.",
    "choose_lang": "Chọn ngôn ngữ cho câu trả lời:",
    "lang_auto": "Tự động",
    "lang_set": "Xong: tôi sẽ trả lời bằng {lang}.",
    "lang_auto_set": "Xong: tôi sẽ trả lời bằng ngôn ngữ của câu hỏi.",
    "no_sources": "Chưa có nguồn nào: hãy đặt câu hỏi trước.",
    "published": "đăng ngày {date}",
    "rate_limited": "Bạn gửi câu hỏi nhanh hơn tôi có thể trả lời. Vui lòng đợi một phút rồi thử lại.",
    "too_long": "Tin nhắn của bạn quá dài ({count} ký tự). Vui lòng viết câu hỏi dưới {limit} ký tự.",
    "empty": "Vui lòng gửi câu hỏi của bạn dưới dạng văn bản.",
    "error": "Xin lỗi, đã có lỗi xảy ra từ phía tôi. Vui lòng thử lại sau ít phút.",
    "new_chat": "Cuộc trò chuyện mới",
    "reset_done": "Đã bắt đầu cuộc trò chuyện mới. Bạn muốn biết điều gì?",
    "thanks": "Cảm ơn bạn đã góp ý!",
    "feedback_gone": "Không thể đánh giá câu trả lời này nữa.",
    "expired": "Nút này không còn hiệu lực.",
    "cmd_start": "Bắt đầu cuộc trò chuyện mới",
    "cmd_help": "Cách sử dụng bot",
    "cmd_language": "Chọn ngôn ngữ trả lời",
    "cmd_sources": "Nguồn của câu trả lời gần nhất",
}
