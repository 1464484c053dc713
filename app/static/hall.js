// The participant page: join, answer (each answer saved as it is given), hand in, review.
// The server keeps the attempt and enforces the time limit; this page keeps only the join code
// and the attempt token (to resume after a refresh) and a random id of this browser, which is
// what lets the same name back in from here and from nowhere else.
"use strict";

const SAVED = "sotay-hall-attempt";
const BROWSER = "sotay-browser-id";
const $ = (id) => document.getElementById(id);
let attempt = null; // the server's attempt JSON
let index = 0; // question on screen
let deadline = null; // performance.now() at which time is up
let ticking = null;

function browserId() {
  let id = localStorage.getItem(BROWSER);
  if (!id) {
    const bytes = crypto.getRandomValues(new Uint8Array(18));
    id = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, (c) => ({ "+": "-", "/": "_", "=": "" })[c]);
    localStorage.setItem(BROWSER, id);
  }
  return id;
}

function status(text, error = false) {
  $("status").textContent = text || "";
  $("status").className = error ? "error" : "";
}

async function api(name, body) {
  let response;
  try {
    response = await fetch(`/thi/api/${name}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new Error("Mất kết nối tới máy chủ; kiểm tra mạng rồi thử lại.");
  }
  let data = null;
  try {
    data = await response.json();
  } catch (e) {
    throw new Error(`Máy chủ trả lời không hợp lệ (mã ${response.status}); vui lòng thử lại.`);
  }
  if (!response.ok) throw new Error(data.error || `Lỗi máy chủ (mã ${response.status}).`);
  return data;
}

function show(section) {
  for (const id of ["join", "quiz", "result"]) $(id).hidden = id !== section;
}

function load(data) {
  attempt = data;
  localStorage.setItem(SAVED, JSON.stringify({ code: data.code, token: data.token }));
  if (data.result) return showResult(data.result);
  deadline = data.remaining === null ? null : performance.now() + data.remaining * 1000;
  $("title").textContent = `${data.title} — ${data.name}`;
  show("quiz");
  tick();
  clearInterval(ticking);
  ticking = deadline === null ? null : setInterval(tick, 1000);
  renderQuestion();
}

function answered() {
  return Object.keys(attempt.answers).length;
}

function renderNumbers() {
  const nav = $("numbers");
  nav.textContent = "";
  attempt.questions.forEach((q, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = q.number;
    b.className = (q.position in attempt.answers ? "done" : "") + (i === index ? " current" : "");
    b.setAttribute("aria-label", `Câu ${q.number}${q.position in attempt.answers ? " (đã trả lời)" : ""}`);
    b.onclick = () => { index = i; renderQuestion(); };
    nav.appendChild(b);
  });
}

function renderQuestion() {
  const q = attempt.questions[index];
  const total = attempt.questions.length;
  $("meta").textContent = `Câu ${q.number}/${total} · ${q.label} · đã trả lời ${answered()}/${total}`;
  $("stem").textContent = q.stem;
  const box = $("choices");
  box.textContent = "";
  const given = attempt.answers[q.position] || "";
  if (q.type === "matching") {
    const chosen = given ? given.split(" | ") : [];
    q.left.forEach((left, i) => {
      const label = document.createElement("label");
      label.className = "pair";
      label.textContent = left;
      const select = document.createElement("select");
      select.add(new Option("— chọn —", ""));
      for (const option of q.options) select.add(new Option(option, option));
      select.value = chosen[i] || "";
      select.onchange = () => saveMatching(q);
      label.appendChild(select);
      box.appendChild(label);
    });
  } else {
    box.setAttribute("role", "radiogroup");
    for (const option of q.options) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "option";
      b.setAttribute("role", "radio");
      b.setAttribute("aria-checked", String(option === given));
      b.textContent = option;
      b.onclick = () => save(q, option);
      box.appendChild(b);
    }
  }
  $("prev").disabled = index === 0;
  $("next").disabled = index === total - 1;
  renderNumbers();
}

async function save(q, choice) {
  const before = attempt.answers[q.position];
  attempt.answers[q.position] = Array.isArray(choice) ? choice.join(" | ") : choice;
  renderQuestion();
  try {
    await api("answer", { code: attempt.code, token: attempt.token, position: q.position, choice });
    status(`Đã lưu câu ${q.number}.`);
  } catch (e) {
    if (before === undefined) delete attempt.answers[q.position];
    else attempt.answers[q.position] = before;
    status(e.message, true);
    await refresh(); // past the deadline or closed: the server now shows the result
  }
}

function saveMatching(q) {
  const picked = [...$("choices").querySelectorAll("select")].map((s) => s.value);
  if (picked.every(Boolean)) save(q, picked);
  else status("Hãy ghép đủ tất cả các mục để lưu câu này.");
}

function tick() {
  const el = $("countdown");
  if (deadline === null) { el.textContent = ""; return; }
  const left = Math.max(0, Math.round((deadline - performance.now()) / 1000));
  const mm = String(Math.floor(left / 60)).padStart(2, "0");
  const ss = String(left % 60).padStart(2, "0");
  el.textContent = left > 0 ? `⏱ Còn lại ${mm}:${ss}` : "⏱ Hết giờ";
  el.className = left <= 60 ? "low" : "";
  // The server accepts answers for a moment after zero; then it has the result ready.
  if (deadline - performance.now() < -3000) { clearInterval(ticking); refresh(); }
}

async function refresh() {
  try {
    load(await api("state", { code: attempt.code, token: attempt.token }));
  } catch (e) {
    status(e.message, true);
  }
}

function showResult(result) {
  clearInterval(ticking);
  show("result");
  $("score").textContent = `${result.name}: ${result.correct}/${result.total} câu đúng · ${result.seconds} giây`;
  $("key-note").textContent = result.show_key ? "" : "Báo cáo viên chưa cho xem đáp án và giải thích của phiên thi này.";
  const list = $("review");
  list.textContent = "";
  for (const row of result.review) {
    const li = document.createElement("li");
    li.className = row.correct ? "right" : "wrong";
    const head = document.createElement("b");
    head.textContent = `${row.correct ? "✔ Đúng" : "✘ Sai"} — Câu ${row.number}. `;
    li.append(head, row.stem);
    const given = document.createElement("div");
    given.textContent = `Bạn chọn: ${row.given ? row.given.replaceAll(" | ", " · ") : "(bỏ trống)"}`;
    li.appendChild(given);
    if (result.show_key) {
      const key = document.createElement("div");
      key.textContent = `Đáp án: ${row.answer.replaceAll(" | ", " · ")}`;
      const why = document.createElement("div");
      why.className = "explanation";
      why.textContent = row.explanation;
      const cite = document.createElement("div");
      cite.className = "citation";
      cite.textContent = `Nguồn: ${row.citation}`;
      li.append(key, why, cite);
    }
    list.appendChild(li);
  }
}

function askFinish() {
  const open = attempt.questions.length - answered();
  $("confirm-text").textContent = open
    ? `Bạn còn ${open} câu chưa trả lời. Nộp bài bây giờ? Sau khi nộp không sửa được câu trả lời.`
    : "Nộp bài bây giờ? Sau khi nộp không sửa được câu trả lời.";
  $("confirm").showModal();
}

$("confirm").addEventListener("close", async () => {
  if ($("confirm").returnValue !== "ok") return;
  try {
    load(await api("finish", { code: attempt.code, token: attempt.token }));
    status("Đã nộp bài.");
  } catch (e) {
    status(e.message, true);
  }
});

$("join").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("join-button").disabled = true;
  status("Đang vào phiên thi…");
  try {
    load(await api("join", {
      code: $("join-code").value, name: $("join-name").value, unit: $("join-unit").value, browser: browserId(),
    }));
    status(attempt.result ? "Bạn đã nộp bài trong phiên thi này." : "Đã vào phiên thi. Mỗi câu trả lời được lưu ngay khi chọn.");
    index = Math.max(0, attempt.questions.findIndex((q) => !(q.position in attempt.answers)));
    if (!attempt.result) renderQuestion();
  } catch (e) {
    status(e.message, true);
  } finally {
    $("join-button").disabled = false;
  }
});

$("prev").onclick = () => { index = Math.max(0, index - 1); renderQuestion(); };
$("next").onclick = () => { index = Math.min(attempt.questions.length - 1, index + 1); renderQuestion(); };
$("finish").onclick = askFinish;
$("leave").onclick = () => {
  localStorage.removeItem(SAVED);
  attempt = null;
  status("");
  show("join");
};

(async function start() {
  browserId();
  const code = new URLSearchParams(location.search).get("ma");
  if (code) $("join-code").value = code;
  const saved = JSON.parse(localStorage.getItem(SAVED) || "null");
  if (saved && saved.token && (!code || code.toUpperCase() === saved.code)) {
    try {
      load(await api("state", saved));
      if (!attempt.result) {
        index = Math.max(0, attempt.questions.findIndex((q) => !(q.position in attempt.answers)));
        renderQuestion();
        status("Đã khôi phục bài làm của bạn.");
      }
      return;
    } catch (e) {
      localStorage.removeItem(SAVED); // a session deleted, or another data dir: start over
    }
  }
  show("join");
})();
