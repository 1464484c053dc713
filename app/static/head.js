// The page is Vietnamese (the server sends lang="vi", app/html_lang.py), but Gradio's i18n writes
// the locale of its own labels into the attribute ("en": it has no Vietnamese), at load and when
// the language is changed in its settings: put it back each time.
const keepVietnamese = () => {
  if (document.documentElement.lang !== "vi") document.documentElement.lang = "vi";
};
keepVietnamese();
new MutationObserver(keepVietnamese).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
// Gradio has no Vietnamese (its i18n falls back to English): its own words on this page — notice
// titles (English whatever title the server sends), the upload area, the footer, the progress a
// screen reader announces, button labels — are put in Vietnamese where they appear.
const WORDS = {
  Error: "Không thực hiện được", Warning: "Lưu ý", Info: "Thông báo", Success: "Thành công",
  "Drop File Here": "Kéo thả tệp vào đây", "- or -": "- hoặc -", "Click to Upload": "Nhấn để chọn tệp",
  "Use via API": "Dùng qua API", Settings: "Cài đặt", Loading: "Đang xử lý", Complete: "Xong",
};
const LABELS = {
  Close: "Đóng", Clear: "Xóa", Fullscreen: "Toàn màn hình", "Copy table data": "Sao chép bảng",
  "Click to upload or drop files": "Nhấn để chọn tệp hoặc kéo thả tệp vào đây", "File upload": "Chọn tệp tải lên",
  "common.upload": "Thêm tệp", // an untranslated key Gradio shows as is
};
const translate = () => {
  for (const place of document.querySelectorAll(".toast-title, [data-testid=upload-text], footer, .sr-only[role=status]")) {
    const walker = document.createTreeWalker(place, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const text = node.nodeValue.trim();
      if (WORDS[text]) node.nodeValue = node.nodeValue.replace(text, WORDS[text]);
    }
  }
  for (const element of document.querySelectorAll("button[aria-label], button[title], input[aria-label]")) {
    for (const name of ["aria-label", "title"]) {
      const label = element.getAttribute(name);
      if (label && LABELS[label]) element.setAttribute(name, LABELS[label]);
    }
  }
};
// Batched to one pass per frame: result pages re-render often.
let queued = false;
new MutationObserver(() => {
  if (queued) return;
  queued = true;
  requestAnimationFrame(() => { queued = false; translate(); });
}).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
