// The page is Vietnamese (the server sends lang="vi", app/html_lang.py), but Gradio's i18n writes
// the locale of its own labels into the attribute ("en": it has no Vietnamese), at load and when
// the language is changed in its settings: put it back each time.
const keepVietnamese = () => {
  if (document.documentElement.lang !== "vi") document.documentElement.lang = "vi";
};
keepVietnamese();
new MutationObserver(keepVietnamese).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
// Gradio 6 titles its notices with their type in English ("Error", "Warning") whatever title the
// server sends: say it in Vietnamese.
const TOAST_TITLES = { Error: "Không thực hiện được", Warning: "Lưu ý", Info: "Thông báo", Success: "Thành công" };
new MutationObserver(() => {
  for (const title of document.querySelectorAll(".toast-title")) {
    for (const node of title.childNodes) {
      const text = node.nodeType === Node.TEXT_NODE && node.nodeValue.trim();
      if (text && TOAST_TITLES[text]) node.nodeValue = TOAST_TITLES[text] + " ";
    }
  }
  for (const close of document.querySelectorAll(".toast-close[aria-label=Close]")) close.setAttribute("aria-label", "Đóng");
}).observe(document.documentElement, { childList: true, subtree: true });
