/*! Ask Viet Nam chat widget (Apache-2.0).
 * Embed: <script src="https://HOST/widget.js" data-site="SITE_ID" [data-lang="xx"] async></script>
 * Everything lives in one open shadow root; the only global is window.AskVietNam.
 * Every piece of user, answer and source text is inserted as text, never as HTML. */
(function () {
  "use strict";
  var W = window;
  var D = document;
  if (W.AskVietNam || D.querySelector("askvn-widget")) return; // loaded twice: keep the first
  var script = D.currentScript || D.querySelector('script[src*="widget.js"][data-site]');
  if (!script || !script.src) return;

  var SRC = new URL(script.src, location.href);
  var BASE = new URL(".", SRC).href.replace(/\/static\/$/, "/"); // API lives next to widget.js
  var SITE = (script.getAttribute("data-site") || "default").trim().toLowerCase();
  var KEY = "askvn:" + SITE;
  var MAX_KEPT = 40; // messages kept in sessionStorage

  // UI strings
  var KEYS = "L P S C N T R U D K O Q W X E Z G V Y A H M".split(" ");
  var I18N = {
    en: "Ask about Viet Nam|Type your question about Viet Nam|Send|Close|New conversation|Writing an answer…|Sources|Helpful|Not helpful|Thank you for your feedback.|No connection. Your question was not sent; please try again.|Too many questions. Please try again in {n} seconds.|Too many questions. Please wait a moment and try again.|Your question is too long. Please shorten it.|Something went wrong. Please try again.|The assistant is not available on this website.|Language|Conversation|You|Assistant|Hello! Ask me about Viet Nam. I answer from official sources.|Need more help?",
    vi: "Hỏi về Việt Nam|Nhập câu hỏi của bạn về Việt Nam|Gửi|Đóng|Cuộc trò chuyện mới|Đang soạn câu trả lời…|Nguồn|Hữu ích|Không hữu ích|Cảm ơn bạn đã góp ý.|Không có kết nối. Câu hỏi chưa được gửi; vui lòng thử lại.|Quá nhiều câu hỏi. Vui lòng thử lại sau {n} giây.|Quá nhiều câu hỏi. Vui lòng chờ một lát rồi thử lại.|Câu hỏi quá dài. Vui lòng rút gọn.|Đã xảy ra lỗi. Vui lòng thử lại.|Trợ lý không khả dụng trên trang web này.|Ngôn ngữ|Cuộc trò chuyện|Bạn|Trợ lý|Xin chào! Hãy hỏi tôi về Việt Nam. Tôi trả lời dựa trên nguồn chính thức.|Cần hỗ trợ thêm?",
    fr: "Questions sur le Viet Nam|Posez votre question sur le Viet Nam|Envoyer|Fermer|Nouvelle conversation|Rédaction de la réponse…|Sources|Utile|Pas utile|Merci pour votre avis.|Pas de connexion. Votre question n'a pas été envoyée ; veuillez réessayer.|Trop de questions. Veuillez réessayer dans {n} secondes.|Trop de questions. Veuillez patienter un instant puis réessayer.|Votre question est trop longue. Veuillez la raccourcir.|Une erreur s'est produite. Veuillez réessayer.|L'assistant n'est pas disponible sur ce site.|Langue|Conversation|Vous|Assistant|Bonjour ! Posez-moi vos questions sur le Viet Nam. Je réponds à partir de sources officielles.|Besoin d'aide ?",
    zh: "咨询越南相关问题|请输入您关于越南的问题|发送|关闭|新对话|正在撰写回答…|来源|有帮助|没有帮助|感谢您的反馈。|无法连接。您的问题未发送，请重试。|提问过于频繁。请在 {n} 秒后重试。|提问过于频繁。请稍候再试。|您的问题过长。请缩短后再发送。|出现错误。请重试。|本网站无法使用此助手。|语言|对话|您|助手|您好！欢迎提出有关越南的问题。我的回答基于官方来源。|需要更多帮助？",
    ru: "Вопросы о Вьетнаме|Задайте вопрос о Вьетнаме|Отправить|Закрыть|Новый разговор|Готовлю ответ…|Источники|Полезно|Бесполезно|Спасибо за отзыв.|Нет соединения. Вопрос не отправлен; повторите попытку.|Слишком много вопросов. Повторите попытку через {n} с.|Слишком много вопросов. Подождите немного и повторите попытку.|Вопрос слишком длинный. Сократите его.|Произошла ошибка. Повторите попытку.|Ассистент недоступен на этом сайте.|Язык|Разговор|Вы|Ассистент|Здравствуйте! Задайте вопрос о Вьетнаме. Я отвечаю по официальным источникам.|Нужна помощь?",
    es: "Pregunte sobre Viet Nam|Escriba su pregunta sobre Viet Nam|Enviar|Cerrar|Nueva conversación|Redactando la respuesta…|Fuentes|Útil|No es útil|Gracias por su opinión.|Sin conexión. Su pregunta no se envió; inténtelo de nuevo.|Demasiadas preguntas. Inténtelo de nuevo dentro de {n} segundos.|Demasiadas preguntas. Espere un momento e inténtelo de nuevo.|Su pregunta es demasiado larga. Acórtela, por favor.|Se ha producido un error. Inténtelo de nuevo.|El asistente no está disponible en este sitio web.|Idioma|Conversación|Usted|Asistente|¡Hola! Pregúnteme sobre Viet Nam. Respondo a partir de fuentes oficiales.|¿Necesita más ayuda?",
    ja: "ベトナムについて質問|ベトナムに関する質問を入力してください|送信|閉じる|新しい会話|回答を作成しています…|出典|役に立った|役に立たなかった|フィードバックをありがとうございます。|接続できません。質問は送信されていません。もう一度お試しください。|質問が多すぎます。{n}秒後にもう一度お試しください。|質問が多すぎます。しばらく待ってからもう一度お試しください。|質問が長すぎます。短くしてください。|エラーが発生しました。もう一度お試しください。|このウェブサイトではアシスタントをご利用いただけません。|言語|会話|あなた|アシスタント|こんにちは！ベトナムについてご質問ください。公式情報に基づいてお答えします。|さらにサポートが必要ですか？",
    ko: "베트남에 대해 질문하기|베트남에 관한 질문을 입력하세요|보내기|닫기|새 대화|답변을 작성하고 있습니다…|출처|도움이 됨|도움이 안 됨|의견을 보내 주셔서 감사합니다.|연결할 수 없습니다. 질문이 전송되지 않았습니다. 다시 시도해 주세요.|질문이 너무 많습니다. {n}초 후에 다시 시도해 주세요.|질문이 너무 많습니다. 잠시 후 다시 시도해 주세요.|질문이 너무 깁니다. 짧게 줄여 주세요.|오류가 발생했습니다. 다시 시도해 주세요.|이 웹사이트에서는 도우미를 사용할 수 없습니다.|언어|대화|나|도우미|안녕하세요! 베트남에 관해 질문해 주세요. 공식 자료를 바탕으로 답변합니다.|도움이 더 필요하신가요?",
    de: "Fragen zu Viet Nam|Ihre Frage zu Viet Nam|Senden|Schließen|Neues Gespräch|Antwort wird verfasst…|Quellen|Hilfreich|Nicht hilfreich|Vielen Dank für Ihr Feedback.|Keine Verbindung. Ihre Frage wurde nicht gesendet; bitte versuchen Sie es erneut.|Zu viele Fragen. Bitte versuchen Sie es in {n} Sekunden erneut.|Zu viele Fragen. Bitte warten Sie einen Moment und versuchen Sie es erneut.|Ihre Frage ist zu lang. Bitte kürzen Sie sie.|Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.|Der Assistent ist auf dieser Website nicht verfügbar.|Sprache|Gespräch|Sie|Assistent|Hallo! Fragen Sie mich zu Viet Nam. Ich antworte auf Grundlage offizieller Quellen.|Weitere Hilfe?",
    ar: "اسأل عن فيت نام|اكتب سؤالك عن فيت نام|إرسال|إغلاق|محادثة جديدة|جارٍ كتابة الإجابة…|المصادر|مفيد|غير مفيد|شكرًا على ملاحظاتك.|لا يوجد اتصال. لم يُرسل سؤالك؛ يرجى المحاولة مجددًا.|أسئلة كثيرة جدًا. يرجى المحاولة مجددًا بعد {n} ثانية.|أسئلة كثيرة جدًا. يرجى الانتظار قليلًا ثم المحاولة مجددًا.|سؤالك طويل جدًا. يرجى اختصاره.|حدث خطأ ما. يرجى المحاولة مجددًا.|المساعد غير متاح على هذا الموقع.|اللغة|المحادثة|أنت|المساعد|مرحبًا! اسألني عن فيت نام. أجيب استنادًا إلى مصادر رسمية.|هل تحتاج إلى مزيد من المساعدة؟",
    th: "ถามเรื่องเวียดนาม|พิมพ์คำถามของคุณเกี่ยวกับเวียดนาม|ส่ง|ปิด|เริ่มการสนทนาใหม่|กำลังเขียนคำตอบ…|แหล่งที่มา|มีประโยชน์|ไม่มีประโยชน์|ขอบคุณสำหรับความคิดเห็นของคุณ|ไม่มีการเชื่อมต่อ คำถามของคุณยังไม่ถูกส่ง โปรดลองอีกครั้ง|ส่งคำถามมากเกินไป โปรดลองอีกครั้งใน {n} วินาที|ส่งคำถามมากเกินไป โปรดรอสักครู่แล้วลองอีกครั้ง|คำถามของคุณยาวเกินไป โปรดย่อให้สั้นลง|เกิดข้อผิดพลาด โปรดลองอีกครั้ง|ผู้ช่วยไม่พร้อมใช้งานบนเว็บไซต์นี้|ภาษา|การสนทนา|คุณ|ผู้ช่วย|สวัสดี! ถามเรื่องเวียดนามได้เลย ฉันตอบจากแหล่งข้อมูลทางการ|ต้องการความช่วยเหลือเพิ่มเติมหรือไม่"
  };
  var NAMES = { en: "English", vi: "Tiếng Việt", fr: "Français", zh: "中文", ru: "Русский", es: "Español", ja: "日本語", ko: "한국어", de: "Deutsch", ar: "العربية", th: "ไทย" };
  var ALL = Object.keys(NAMES);
  Object.keys(I18N).forEach(function (l) {
    var v = I18N[l].split("|");
    I18N[l] = {};
    KEYS.forEach(function (k, i) { I18N[l][k] = v[i]; });
  });

  // state
  var site = { name: "Ask Viet Nam", accent: "#b3261e", default_lang: "en", languages: ALL, greeting: {}, suggested: {}, contact: null, max_chars: 0 };
  var siteState = "loading"; // loading | ok | denied | failed
  var st = load();
  var lang = "en";
  var busy = null; // {q: question, ctrl: AbortController} while a question is in flight
  var root, wrap, launcher, panel, title, select, log, greet, errBox, input, sendBtn, newBtn, closeBtn;

  function load() {
    var s = null;
    try { s = JSON.parse(W.sessionStorage.getItem(KEY) || "null"); } catch (e) { /* storage disabled */ }
    if (!s || typeof s !== "object") s = {};
    if (!Array.isArray(s.msgs)) s.msgs = [];
    s.msgs = s.msgs.filter(function (m) { return m && typeof m.t === "string" && (m.r === "u" || m.r === "a"); });
    return s;
  }
  function save() {
    st.msgs = st.msgs.slice(-MAX_KEPT);
    try { W.sessionStorage.setItem(KEY, JSON.stringify(st)); } catch (e) { /* full or disabled */ }
  }
  function t(k, n) { return (I18N[lang] || I18N.en)[k].replace("{n}", n); }
  function norm(c) { return c ? String(c).replace("_", "-").split("-")[0].trim().toLowerCase() : ""; }
  function siteLangs() {
    var l = (Array.isArray(site.languages) ? site.languages : []).map(norm).filter(function (x) { return I18N[x]; });
    return l.length ? l : ["en"];
  }
  function pickLang() {
    var ok = siteLangs();
    var want = [st.lang, script.getAttribute("data-lang")].concat(navigator.languages || [], navigator.language);
    for (var i = 0; i < want.length; i++) if (ok.indexOf(norm(want[i])) >= 0) return norm(want[i]);
    return ok.indexOf(norm(site.default_lang)) >= 0 ? norm(site.default_lang) : ok[0];
  }

  // colours (WCAG 2.2 AA)
  function lum(hex) {
    var c = [1, 3, 5].map(function (i) {
      var v = parseInt(hex.substr(i, 2), 16) / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  function ratio(a, b) { var x = lum(a), y = lum(b); return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05); }
  function darken(hex) {
    return "#" + [1, 3, 5].map(function (i) { return ("0" + Math.floor(parseInt(hex.substr(i, 2), 16) * 0.9).toString(16)).slice(-2); }).join("");
  }
  function readable(c, bg) { for (var i = 0; i < 40 && ratio(c, bg) < 4.5; i++) c = darken(c); return c; }
  function theme() {
    var a = /^#[0-9a-f]{6}$/i.test(site.accent || "") ? site.accent.toLowerCase() : "#b3261e";
    var fg = "#ffffff";
    if (ratio(a, fg) < 4.5) { if (ratio(a, "#111111") >= 4.5) fg = "#111111"; else a = readable(a, fg); }
    var hs = root.host.style;
    hs.setProperty("--a", a);
    hs.setProperty("--af", fg);
    hs.setProperty("--al", readable(a, "#f1f3f4")); // links and outlines on light backgrounds
  }

  // DOM helpers
  function h(tag, attrs) {
    var e = D.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (k === "class") e.className = v;
      else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), v);
      else if (v != null) e.setAttribute(k, v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c != null) e.appendChild(typeof c === "string" ? D.createTextNode(c) : c);
    }
    return e;
  }
  var SVGNS = "http://www.w3.org/2000/svg";
  var ICONS = {
    chat: "M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z",
    close: "M6 6l12 12M18 6L6 18",
    plus: "M12 5v14M5 12h14",
    send: "M2.5 20.5L22 12 2.5 3.5 2.5 10 16 12 2.5 14z",
    thumb: "M2 10h4v11H2zM8 21h9.4a2 2 0 0 0 2-1.6l1.5-7A2 2 0 0 0 19 10h-5.3l.8-4a2 2 0 0 0-3.6-1.5L8 10z"
  };
  function svg(tag, attrs) {
    var e = D.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function icon(name) { // built node by node: no innerHTML anywhere, even for constants
    var filled = name === "send" || name === "thumb";
    var s = svg("svg", { viewBox: "0 0 24 24", "aria-hidden": "true", focusable: "false" });
    s.appendChild(svg("path", filled ? { d: ICONS[name], fill: "currentColor" } :
      { d: ICONS[name], fill: "none", stroke: "currentColor", "stroke-width": 2, "stroke-linecap": "round", "stroke-linejoin": "round" }));
    return s;
  }
  function safeUrl(u) {
    try {
      var x = new URL(String(u), BASE); // "/kb/..." pages live on the API server
      return x.protocol === "https:" || x.protocol === "http:" ? x.href : null;
    } catch (e) { return null; }
  }
  function link(href, text, attrs) {
    var a = h("a", attrs, text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  var CSS = ":host{all:initial!important}*{box-sizing:border-box}[hidden]{display:none!important}" +
    ".w{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;color:#1f1f1f}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "button,select,textarea{font:inherit;color:inherit;margin:0}button{cursor:pointer}" +
    ":focus-visible{outline:3px solid var(--al);outline-offset:2px}" +
    ".ln{position:fixed;bottom:20px;inset-inline-end:20px;z-index:2147483000;display:flex;align-items:center;gap:8px;max-width:calc(100vw - 40px);padding:12px 18px;border:0;border-radius:999px;background:var(--a);color:var(--af);font-weight:600;box-shadow:0 4px 14px rgba(0,0,0,.3)}" +
    ".ln svg{width:22px;height:22px;flex:none}" +
    ".pn{position:fixed;bottom:88px;inset-inline-end:20px;z-index:2147483001;width:390px;max-width:calc(100vw - 40px);height:min(640px,calc(100vh - 108px));display:flex;flex-direction:column;background:#fff;border-radius:14px;box-shadow:0 10px 40px rgba(0,0,0,.3);overflow:hidden}" +
    ".hd{display:flex;align-items:center;gap:4px;padding:8px;padding-inline-start:14px;background:var(--a);color:var(--af)}" +
    ".hd h2{flex:1;margin:0;font-size:16px;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}" +
    ".hd :focus-visible{outline-color:var(--af)}" +
    ".ib{display:inline-flex;align-items:center;justify-content:center;flex:none;width:36px;height:36px;padding:0;border:0;border-radius:8px;background:transparent}" +
    ".ib svg{width:20px;height:20px}" +
    ".hd select{max-width:112px;height:32px;padding:0 4px;border:1px solid currentColor;border-radius:6px;background:transparent}" +
    ".hd option{color:#1f1f1f;background:#fff}" +
    ".lg{flex:1;overflow-y:auto;padding:14px;display:flex;flex-direction:column;gap:10px}" +
    ".m{max-width:88%;padding:10px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".u{align-self:flex-end;background:var(--a);color:var(--af)}" +
    ".b{align-self:flex-start;background:#f1f3f4}.b p{margin:0 0 8px}.b p:last-child{margin:0}" +
    "a{color:var(--al)}.ct{font-weight:600;text-decoration:none;padding:0 1px}" +
    ".b h3{margin:10px 0 2px;font-size:13px}.sl{margin:0;padding-inline-start:22px;font-size:13px}.sl li{margin:2px 0}" +
    ".dt,.mu{color:#5f6368}" +
    ".fb{display:flex;align-items:center;gap:4px;margin-top:8px;font-size:13px;white-space:normal}" +
    ".fb .ib{width:32px;height:32px;color:#3c4043}.fb .ib svg{width:18px;height:18px}" +
    ".fb [aria-pressed=true]{background:var(--a);color:var(--af)}.fb .dn svg{transform:rotate(180deg)}" +
    ".ch{display:flex;flex-wrap:wrap;gap:6px;margin-top:10px}" +
    ".ch button{border:1px solid var(--al);color:var(--al);background:#fff;border-radius:16px;padding:5px 12px;text-align:start;font-size:14px}" +
    ".ty span{display:inline-block;width:7px;height:7px;margin:0 2px;border-radius:50%;background:#5f6368;animation:avb 1.2s infinite}" +
    ".ty span:nth-child(2){animation-delay:.2s}.ty span:nth-child(3){animation-delay:.4s}" +
    "@keyframes avb{0%,80%,100%{opacity:.25}40%{opacity:1}}@media(prefers-reduced-motion:reduce){.ty span{animation:none}}" +
    ".co{margin-top:10px;padding-top:8px;border-top:1px solid #dadce0;font-size:13px;white-space:normal}.co div{margin:2px 0}" +
    ".er{margin:0 12px 8px;padding:8px 10px;border-radius:8px;background:#fce8e6;color:#8c1d18;font-size:14px}" +
    ".ft{display:flex;gap:8px;align-items:flex-end;padding:10px 12px;border-top:1px solid #dadce0}" +
    "textarea{flex:1;resize:none;height:64px;padding:9px 10px;border:1px solid #80868b;border-radius:10px;background:#fff;line-height:1.35}" +
    "textarea::placeholder{color:#5f6368;opacity:1}" +
    ".sd{width:44px;height:44px;border-radius:10px;background:var(--a);color:var(--af)}.sd[aria-disabled=true]{opacity:.55;cursor:default}" +
    "[dir=rtl] .sd svg{transform:scaleX(-1)}" +
    "@media(max-width:480px){.pn{inset:0;width:auto;max-width:none;height:auto;border-radius:0}}" +
    // Windows high contrast drops backgrounds: keep the launcher, panel, bubbles and buttons outlined.
    "@media(forced-colors:active){.ln,.pn,.m,.ib,.sd{border:1px solid CanvasText}.fb [aria-pressed=true]{outline:2px solid Highlight}}";

  // build
  function build() {
    var host = D.createElement("askvn-widget");
    host.setAttribute("data-testid", "askvn-host");
    root = host.attachShadow({ mode: "open" });
    try { // constructed sheets are not blocked by a strict style-src CSP
      var sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } catch (e) { root.appendChild(h("style", null, CSS)); }

    launcher = h("button", { class: "ln", type: "button", "aria-expanded": "false", "aria-controls": "avn-panel", "data-testid": "launcher", onclick: function () { if (panel.hidden) open(true); else close(true); } },
      icon("chat"), h("span"));
    title = h("h2");
    select = h("select", { "data-testid": "lang-select", onchange: function () { st.lang = select.value; save(); setLang(select.value); } });
    newBtn = h("button", { class: "ib", type: "button", "data-testid": "new-conversation", onclick: reset }, icon("plus"));
    closeBtn = h("button", { class: "ib", type: "button", "data-testid": "close", onclick: function () { close(true); } }, icon("close"));
    log = h("div", { class: "lg", role: "log", "aria-live": "polite", "data-testid": "messages", tabindex: "0" });
    errBox = h("div", { class: "er", role: "alert", "data-testid": "error", hidden: "" });
    input = h("textarea", { rows: "2", "data-testid": "input", oninput: checkLength, onkeydown: function (e) {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) { e.preventDefault(); send(); }
    } });
    sendBtn = h("button", { class: "ib sd", type: "submit", "data-testid": "send" }, icon("send"));
    panel = h("div", { class: "pn", id: "avn-panel", role: "dialog", "data-testid": "panel", hidden: "" },
      h("div", { class: "hd" }, title, select, newBtn, closeBtn),
      log,
      errBox,
      h("form", { class: "ft", onsubmit: function (e) { e.preventDefault(); send(); } }, input, sendBtn));
    wrap = h("div", { class: "w", onkeydown: function (e) {
      if (e.key === "Escape" && !panel.hidden) { e.preventDefault(); close(true); }
      if (e.key === "Tab" && !panel.hidden && W.matchMedia("(max-width:480px)").matches) {
        // Full-screen on phones: keep Tab inside the panel instead of the hidden page.
        var f = [].filter.call(panel.querySelectorAll("a[href],button,select,textarea,[tabindex='0']"), function (x) { return x.offsetParent; });
        var at = root.activeElement;
        if (e.shiftKey ? at === f[0] : at === f[f.length - 1]) { e.preventDefault(); f[e.shiftKey ? f.length - 1 : 0].focus(); }
      }
    } }, launcher, panel);
    root.appendChild(wrap);
    // Not <body>: a transform or filter on it would pin the fixed launcher to the page's end.
    D.documentElement.appendChild(host);
    theme();
    W.addEventListener("resize", modal);
    W.addEventListener("online", function () { if (errBox.getAttribute("data-kind") === "offline") showErr(null); });
    W.addEventListener("pagehide", function () {
      st.draft = input.value || (busy ? busy.q : "");
      save();
    });
  }

  // language and chrome
  function setLang(l) {
    lang = l;
    var rtl = l === "ar";
    [wrap, panel].forEach(function (e) { e.setAttribute("lang", l); e.setAttribute("dir", rtl ? "rtl" : "ltr"); });
    launcher.lastChild.textContent = t("L");
    title.textContent = site.name || "Ask Viet Nam";
    panel.setAttribute("aria-label", title.textContent);
    input.placeholder = t("P");
    [[select, "G"], [log, "V"], [input, "P"], [newBtn, "N", 1], [closeBtn, "C", 1], [sendBtn, "S", 1]].forEach(function (x) {
      x[0].setAttribute("aria-label", t(x[1]));
      if (x[2]) x[0].title = t(x[1]); // tooltip for icon-only buttons
    });
    var langs = siteLangs();
    while (select.firstChild) select.removeChild(select.firstChild);
    langs.forEach(function (c) { select.appendChild(h("option", { value: c, lang: c }, NAMES[c])); });
    select.value = l;
    select.hidden = langs.length < 2;
    if (errBox.getAttribute("data-kind") === "denied") showErr(t("Z"), "denied");
    renderAll();
  }

  function showErr(text, kind) {
    errBox.textContent = text || "";
    errBox.hidden = !text;
    if (text) errBox.setAttribute("data-kind", kind || "error");
    else errBox.removeAttribute("data-kind");
  }

  // Full-screen on phones: the panel is then a modal dialog for screen readers too.
  function modal() { panel.setAttribute("aria-modal", W.matchMedia("(max-width:480px)").matches ? "true" : "false"); }

  function open(focus) {
    modal();
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    st.open = true;
    save();
    if (siteState === "failed") loadSite();
    scrollDown();
    if (focus) input.focus();
  }
  function close(focus) {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    st.open = false;
    save();
    if (focus) launcher.focus();
  }
  function reset() {
    if (busy) { busy.ctrl.abort(); busy = null; sendBtn.removeAttribute("aria-disabled"); }
    log.removeAttribute("aria-busy");
    st.msgs = [];
    st.sid = null;
    st.draft = "";
    save();
    showErr(siteState === "denied" ? t("Z") : null, "denied");
    renderAll();
    input.focus();
  }

  // rendering
  function scrollDown() { log.scrollTop = log.scrollHeight; }
  // Follow the end of an answer, but never scroll its start out of view: a long answer is
  // read from its first line, not from its sources.
  function reveal(el) {
    scrollDown();
    var above = el.getBoundingClientRect().top - log.getBoundingClientRect().top;
    if (above < 0) log.scrollTop += above - 8;
  }

  function renderAll() {
    var live = busy && busy.el;
    log.setAttribute("aria-live", "off"); // a rebuild is not news
    while (log.firstChild) log.removeChild(log.firstChild);
    var g = site.greeting && (site.greeting[lang] || site.greeting[site.default_lang]);
    greet = h("div", { class: "m b", "data-testid": "greeting" }, h("p", null, typeof g === "string" && g ? g : t("H")));
    var sug = site.suggested && (site.suggested[lang] || site.suggested[site.default_lang]);
    if (!st.msgs.length && !busy && Array.isArray(sug) && sug.length) {
      var chips = h("div", { class: "ch" });
      sug.slice(0, 6).forEach(function (q) {
        chips.appendChild(h("button", { type: "button", "data-testid": "suggestion", onclick: function () { send(String(q)); } }, String(q)));
      });
      greet.appendChild(chips);
    }
    log.appendChild(greet);
    st.msgs.forEach(function (m) { log.appendChild(m.r === "u" ? userBubble(m.t) : answerBubble(m)); });
    if (live) { log.appendChild(busy.uel); log.appendChild(live); }
    scrollDown();
    setTimeout(function () { log.setAttribute("aria-live", "polite"); }, 0);
  }

  function userBubble(text) {
    return h("div", { class: "m u", "data-testid": "message-user" }, h("span", { class: "sr" }, t("Y") + ": "), h("span", { dir: "auto" }, text));
  }

  // Paragraph text with [n] markers turned into links to sources[n-1] (http/https only).
  function para(text, sources) {
    var p = h("p", { dir: "auto" });
    var re = /\[(\d{1,2})\]/g;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      var s = sources[+m[1] - 1];
      var href = s && safeUrl(s.url);
      if (!href) continue;
      if (m.index > last) p.appendChild(D.createTextNode(text.slice(last, m.index)));
      p.appendChild(link(href, m[0], { class: "ct", "data-testid": "citation", "aria-label": m[1] + ": " + (s.title || href) }));
      last = re.lastIndex;
    }
    if (last < text.length) p.appendChild(D.createTextNode(text.slice(last)));
    return p;
  }

  function answerBubble(a) {
    var el = h("div", { class: "m b", "data-testid": "answer", "data-state": "done" });
    el.appendChild(h("span", { class: "sr" }, t("A") + ": "));
    var src = Array.isArray(a.s) ? a.s : [];
    a.t.split(/\n+/).forEach(function (x) { if (x.trim()) el.appendChild(para(x, src)); });
    if (src.length) {
      el.appendChild(h("h3", null, t("R")));
      var ol = h("ol", { class: "sl", "data-testid": "sources" });
      src.forEach(function (s) {
        var href = safeUrl(s.url);
        var name = String(s.title || s.url || "");
        var li = h("li", null, href ? link(href, name, { "data-testid": "source-link", dir: "auto" }) : h("span", { dir: "auto" }, name));
        if (s.published) li.appendChild(h("span", { class: "dt" }, " · " + String(s.published)));
        ol.appendChild(li);
      });
      el.appendChild(ol);
    }
    if (a.ok === false) contactCard(el);
    if (a.id) el.appendChild(feedback(a));
    return el;
  }

  function contactCard(el) {
    var c = site.contact;
    if (!c || typeof c !== "object") return;
    var box = h("div", { class: "co", "data-testid": "contact" }, h("strong", null, t("M")));
    var url = safeUrl(c.url);
    if (c.name || url) box.appendChild(h("div", null, url ? link(url, String(c.name || url)) : String(c.name)));
    if (c.email && /^[^@\s]+@[^@\s]+$/.test(c.email)) {
      var a = h("a", null, String(c.email));
      a.href = "mailto:" + c.email;
      box.appendChild(h("div", null, a));
    }
    if (c.phone) {
      var tel = String(c.phone).replace(/[^\d+]/g, "");
      var p = h("a", null, String(c.phone));
      p.href = "tel:" + tel;
      box.appendChild(h("div", null, tel ? p : String(c.phone)));
    }
    ["address", "hours"].forEach(function (k) { if (c[k]) box.appendChild(h("div", { class: "mu" }, String(c[k]))); });
    el.appendChild(box);
  }

  function feedback(a) {
    var box = h("div", { class: "fb" });
    var note = h("span", { class: "mu", "data-testid": "feedback-status" });
    function btn(rating, label, cls, tid) {
      return h("button", { class: "ib " + cls, type: "button", "aria-label": label, title: label, "aria-pressed": String(a.fb === rating), "data-testid": tid,
        onclick: function () { rate(a, rating, box, note); } }, icon("thumb"));
    }
    box.appendChild(btn(1, t("U"), "up", "feedback-up"));
    box.appendChild(btn(-1, t("D"), "dn", "feedback-down"));
    box.appendChild(note);
    if (a.fb) done(box, note);
    return box;
  }
  function done(box, note) {
    [].forEach.call(box.querySelectorAll("button"), function (b) { b.setAttribute("aria-disabled", "true"); });
    note.textContent = t("K");
    note.setAttribute("data-testid", "feedback-thanks");
  }
  function rate(a, rating, box, note) {
    if (a.fb || box.getAttribute("data-sending")) return;
    box.setAttribute("data-sending", "1");
    fetch(BASE + "api/feedback", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ answer_id: a.id, rating: rating }) })
      .then(function (r) { if (!r.ok) throw new Error(r.status); })
      .then(function () {
        a.fb = rating;
        save();
        box.querySelector(rating > 0 ? ".up" : ".dn").setAttribute("aria-pressed", "true");
        done(box, note);
      }, function () { note.textContent = t("E"); })
      .then(function () { box.removeAttribute("data-sending"); });
  }

  // sending
  function ApiError(status, retry, detail) { this.status = status; this.retry = retry; this.detail = detail || ""; }

  // A rejected promise with the status, Retry-After and the server's reason.
  function httpError(res) {
    var retry = res.headers.get("Retry-After");
    return res.json().then(function (j) { return j && j.detail; }, function () { return ""; })
      .then(function (detail) { throw new ApiError(res.status, retry, typeof detail === "string" ? detail : ""); });
  }

  function errText(e) {
    if (e instanceof TypeError) return siteState === "denied" ? [t("Z"), "denied"] : [t("O"), "offline"]; // fetch rejected
    if (!(e instanceof ApiError)) return [t("E"), "error"];
    if (e.status === 429) {
      var n = e.retry && (/^\d+$/.test(e.retry) ? +e.retry : Math.ceil((Date.parse(e.retry) - Date.now()) / 1000));
      return [n > 0 ? t("Q", n) : t("W"), "rate"];
    }
    if (e.status === 413 || (e.status === 422 && /too long/.test(e.detail))) return [t("X"), "long"];
    if (e.status === 403 || e.status === 404) return [t("Z"), "denied"];
    return [t("E"), "error"];
  }

  function send(q) {
    var fromInput = q == null;
    var raw = fromInput ? input.value : q;
    var text = raw.replace(INVISIBLE, "").trim(); // what the server would keep
    if (!text) return;
    if (fromInput && tooLong()) { checkLength(); return; } // the text stays in the box
    if (busy) return; // one question at a time; the text stays in the input
    if (navigator.onLine === false) { keep(raw); showErr(t("O"), "offline"); return; }
    showErr(siteState === "denied" ? t("Z") : null, "denied");
    if (fromInput) input.value = "";
    var ctrl = W.AbortController ? new AbortController() : { abort: function () {}, signal: undefined };
    var a = { r: "a", t: "", s: [], id: null, ok: true, lang: null };
    var el = h("div", { class: "m b", "data-testid": "answer", "data-state": "streaming" },
      h("span", { class: "ty", "data-testid": "typing" }, h("span"), h("span"), h("span"), h("span", { class: "sr" }, t("T"))));
    busy = { q: raw, ctrl: ctrl, el: el, uel: userBubble(text) };
    var mine = busy;
    sendBtn.setAttribute("aria-disabled", "true");
    var chips = greet.querySelector(".ch");
    if (chips) {
      if (chips.contains(root.activeElement)) input.focus();
      greet.removeChild(chips);
    }
    log.appendChild(busy.uel);
    log.appendChild(el);
    scrollDown();
    var body = { message: text, site: SITE, lang: lang };
    if (st.sid) body.session_id = st.sid;
    var canStream = W.ReadableStream && W.TextDecoder && W.AbortController;
    (canStream ? stream(body, a, el, ctrl) : plain(body, a, ctrl))
      .then(function () {
        if (busy !== mine) return;
        busy = null;
        st.msgs.push({ r: "u", t: text }, a);
        save();
        var done = answerBubble(a);
        if (el.parentNode) el.parentNode.replaceChild(done, el);
        log.removeAttribute("aria-busy"); // the finished answer is announced once
        reveal(done);
      }, function (e) {
        if (busy !== mine) return; // aborted by "new conversation"
        busy = null;
        ctrl.abort(); // stop reading a stream that reported an error
        keep(raw);
        var m = errText(e);
        showErr(m[0], m[1]);
        [mine.uel, el].forEach(function (x) { if (x.parentNode) x.parentNode.removeChild(x); });
        log.removeAttribute("aria-busy");
      })
      .then(function () {
        if (!busy) sendBtn.removeAttribute("aria-disabled");
      });
  }
  function keep(text) {
    // Nothing is lost: the unsent question goes back into the input.
    if (!input.value.trim()) input.value = text;
    else if (input.value.indexOf(text) < 0) input.value = text + "\n" + input.value;
  }

  function post(path, body, ctrl) {
    return fetch(BASE + "api/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal: ctrl.signal
    });
  }
  function cleanSources(list) {
    return (Array.isArray(list) ? list : []).slice(0, 20).map(function (s) {
      s = s || {};
      return { title: s.title == null ? "" : String(s.title), url: s.url == null ? "" : String(s.url), published: s.published == null ? "" : String(s.published) };
    });
  }

  function plain(body, a, ctrl) {
    return post("chat", body, ctrl).then(function (res) {
      if (!res.ok) return httpError(res);
      return res.json();
    }).then(function (j) {
      if (j.session_id) st.sid = String(j.session_id);
      a.t = String(j.answer || "");
      a.s = cleanSources(j.sources);
      a.id = j.answer_id || null;
      a.ok = j.answered !== false;
      a.lang = j.language ? String(j.language) : null;
    });
  }

  function stream(body, a, el, ctrl) {
    return post("chat/stream", body, ctrl).then(function (res) {
      if (res.status === 404 || res.status === 405) return plain(body, a, ctrl);
      if (!res.ok) return httpError(res);
      var p = null; // paragraph being streamed into
      var finished = false;
      function on(ev, data) {
        var j;
        try { j = JSON.parse(data); } catch (e) { return; }
        if (ev === "meta") {
          if (j.session_id) { st.sid = String(j.session_id); save(); }
          a.id = j.answer_id || null;
        } else if (ev === "delta" && typeof j.text === "string") {
          if (!p) {
            log.setAttribute("aria-busy", "true"); // announce the whole answer when done, not each delta
            while (el.firstChild) el.removeChild(el.firstChild);
            p = el.appendChild(h("p", { dir: "auto" }));
          }
          a.t += j.text;
          j.text.split("\n").forEach(function (part, i) {
            if (i) p = el.appendChild(h("p", { dir: "auto" }));
            if (part) p.appendChild(D.createTextNode(part));
          });
          var near = log.scrollHeight - log.scrollTop - log.clientHeight < 120;
          if (near) reveal(el);
        } else if (ev === "sources") {
          a.s = cleanSources(j.sources);
          a.ok = j.answered !== false;
          a.lang = j.language ? String(j.language) : null;
          if (typeof j.answer === "string") a.t = j.answer; // the whole text, as sent
        } else if (ev === "done") {
          finished = true;
        } else if (ev === "error") {
          throw new ApiError(+j.status || 500, null);
        }
      }
      return readSSE(res, on).then(function () {
        if (!finished && !a.t) throw new ApiError(502, null);
      });
    });
  }

  // Minimal Server-Sent Events parser over fetch's ReadableStream (EventSource cannot POST).
  function readSSE(res, on) {
    var ev = "";
    var data = [];
    var buf = "";
    function lines(final) {
      var m;
      var re = /\r\n|\r|\n/;
      while ((m = re.exec(buf))) {
        if (!final && m[0] === "\r" && m.index === buf.length - 1) break; // "\r\n" may be split
        var line = buf.slice(0, m.index);
        buf = buf.slice(m.index + m[0].length);
        if (!line) {
          if (data.length) on(ev || "message", data.join("\n"));
          ev = "";
          data = [];
          continue;
        }
        if (line[0] === ":") continue;
        var c = line.indexOf(":");
        var field = c < 0 ? line : line.slice(0, c);
        var val = c < 0 ? "" : line.slice(c + 1).replace(/^ /, "");
        if (field === "event") ev = val;
        else if (field === "data") data.push(val);
      }
      if (final && data.length) on(ev || "message", data.join("\n"));
    }
    var reader = res.body.getReader();
    var dec = new TextDecoder();
    function pump() {
      return reader.read().then(function (r) {
        if (r.done) { buf += dec.decode(); lines(true); return; }
        buf += dec.decode(r.value, { stream: true });
        lines(false);
        return pump();
      });
    }
    return pump();
  }

  // site configuration
  // Characters the server strips from questions: format and control characters (zero-width,
  // bidi marks, tags) but newlines and tabs. Older engines without \p{} get the main ones.
  var INVISIBLE;
  try { INVISIBLE = new RegExp("(?![\\n\\t])[\\p{Cf}\\p{Cc}\\p{Cs}]", "gu"); }
  catch (e) { INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u2060\ufeff\u202a-\u202e\u2066-\u2069]|\udb40[\udc00-\udc7f]/g; }

  // Over the server's limit, counted as it counts: characters (not UTF-16 units), composed.
  function tooLong() {
    if (!(site.max_chars > 0)) return false;
    var text = input.value.replace(INVISIBLE, "").trim();
    if (text.normalize) text = text.normalize("NFC");
    return text.replace(/[\ud800-\udbff][\udc00-\udfff]/g, "_").length > site.max_chars;
  }
  // Say so while typing, and keep every character: a pasted question is never cut.
  function checkLength() {
    var shown = errBox.getAttribute("data-kind") === "long";
    if (tooLong()) { if (!shown) showErr(t("X"), "long"); } // announced once, not per key
    else if (shown) showErr(null);
  }

  function loadSite() {
    var url = BASE + "api/sites/" + encodeURIComponent(SITE);
    siteState = "loading";
    fetch(url)
      .then(function (r) {
        if (r.status === 403 || r.status === 404) { siteState = "denied"; throw null; }
        if (!r.ok) throw null;
        return r.json();
      })
      .then(function (cfg) {
        siteState = "ok";
        Object.keys(site).forEach(function (k) { if (cfg[k] != null) site[k] = cfg[k]; });
        theme();
        setLang(pickLang());
        checkLength();
      })
      .catch(function () {
        if (siteState === "denied") showErr(t("Z"), "denied");
        else {
          siteState = "failed"; // retried on next open
        }
      });
  }

  function init() {
    build();
    setLang(pickLang());
    if (st.draft) { input.value = st.draft; st.draft = ""; }
    if (st.open) open(false);
    loadSite();
  }

  W.AskVietNam = {
    version: "1.0.0",
    open: function () { open(true); },
    close: function () { close(false); },
    reset: function () { reset(); }
  };
  if (D.body) init();
  else D.addEventListener("DOMContentLoaded", init);
})();
