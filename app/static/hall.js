// The participant page: join, answer (each answer saved as it is given), hand in, review.
// The server keeps the attempt, enforces the time limit and knows this browser by an HttpOnly
// cookie it set at the first join (this page cannot read it). The page keeps only the join code
// and the attempt token, to resume after a refresh.
// Two modes: an exam (all questions, the participant's own pace) and a trainer-paced session
// (the question the trainer opened, its options only; the page polls a cheap route to learn when
// the next one opens).
"use strict";

const SAVED = "sotay-hall-attempt";
const LIVE_POLL_MS = 1500;
const $ = (id) => document.getElementById(id);
let attempt = null; // the server's attempt JSON
let index = 0; // question on screen
let deadline = null; // performance.now() at which time is up
let ticking = null;
let polling = null;
let liveKey = ""; // the paced round on screen, to notice a new one

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
  for (const id of ["join", "quiz", "paced", "waiting", "result"]) $(id).hidden = id !== section;
}

function ruleText(data) {
  if (!data.allow_change) return "Mỗi câu chỉ được trả lời một lần: lựa chọn đầu tiên được ghi nhận, không đổi được.";
  return data.mode === "paced"
    ? "Có thể đổi lựa chọn cho đến khi hết giờ câu hỏi."
    : "Có thể đổi câu trả lời cho đến khi nộp bài.";
}

function stopTimers() {
  clearInterval(ticking);
  clearTimeout(polling);
  ticking = polling = null;
}

function load(data) {
  attempt = data;
  localStorage.setItem(SAVED, JSON.stringify({ code: data.code, token: data.token }));
  stopTimers();
  if (data.result) return showResult(data.result);
  if (data.mode === "paced") return loadPaced(data);
  if (data.handed_in || data.remaining === 0) return showWaiting(data);
  deadline = data.remaining === null ? null : performance.now() + data.remaining * 1000;
  $("title").textContent = `${data.title} — ${data.name}`;
  $("rule").textContent = ruleText(data);
  show("quiz");
  tick();
  ticking = deadline === null ? null : setInterval(tick, 1000);
  renderQuestion();
}

function showWaiting(data) {
  show("waiting");
  $("waiting-title").textContent = `${data.name}: ${data.handed_in ? "đã nộp bài" : "đã hết giờ làm bài"}.`;
  // Spread 500 phones' polls over a few seconds instead of all at once.
  polling = setTimeout(refresh, 8000 + Math.random() * 4000);
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

// The options of ``q`` in ``box``: buttons, or one select per left-hand side for matching.
function renderChoices(box, q) {
  box.textContent = "";
  const given = attempt.answers[q.position] || "";
  const locked = Boolean(given) && !attempt.allow_change;
  if (q.type === "matching") {
    box.removeAttribute("role");
    const chosen = given ? given.split(" | ") : [];
    q.left.forEach((left, i) => {
      const label = document.createElement("label");
      label.className = "pair";
      label.textContent = left;
      const select = document.createElement("select");
      select.add(new Option("— chọn —", ""));
      for (const option of q.options) select.add(new Option(option, option));
      select.value = chosen[i] || "";
      select.disabled = locked;
      select.onchange = () => saveMatching(box, q);
      label.appendChild(select);
      box.appendChild(label);
    });
    return;
  }
  box.setAttribute("role", "radiogroup");
  for (const option of q.options) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "option";
    b.setAttribute("role", "radio");
    b.setAttribute("aria-checked", String(option === given));
    b.disabled = locked;
    b.textContent = option;
    b.onclick = () => save(q, option);
    box.appendChild(b);
  }
}

function renderQuestion() {
  const q = attempt.questions[index];
  const total = attempt.questions.length;
  $("meta").textContent = `Câu ${q.number}/${total} · ${q.label} · đã trả lời ${answered()}/${total}`;
  $("stem").textContent = q.stem;
  renderChoices($("choices"), q);
  $("prev").disabled = index === 0;
  $("next").disabled = index === total - 1;
  renderNumbers();
}

function rerender() {
  if (attempt.mode === "paced") renderPaced();
  else renderQuestion();
}

async function save(q, choice) {
  const before = attempt.answers[q.position];
  attempt.answers[q.position] = Array.isArray(choice) ? choice.join(" | ") : choice;
  rerender();
  try {
    await api("answer", { code: attempt.code, token: attempt.token, position: q.position, choice });
    status(`Đã lưu câu ${q.number}.`);
  } catch (e) {
    if (before === undefined) delete attempt.answers[q.position];
    else attempt.answers[q.position] = before;
    status(e.message, true);
    await refresh(); // past the deadline or closed: the server now says what to show
  }
}

function saveMatching(box, q) {
  const picked = [...box.querySelectorAll("select")].map((s) => s.value);
  if (picked.every(Boolean)) save(q, picked);
  else status("Hãy ghép đủ tất cả các mục để lưu câu này.");
}

// A clock drawn in SVG, not the "⏱" emoji: phones without an emoji font showed a blank box. It
// is decoration (hidden from screen readers); the words beside it carry the meaning.
const SVG = "http://www.w3.org/2000/svg";
function clockIcon() {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 16 16");
  svg.setAttribute("class", "icon");
  svg.setAttribute("aria-hidden", "true");
  for (const [tag, attrs] of [
    ["circle", { cx: 8, cy: 9, r: 6 }],
    ["path", { d: "M8 5.8V9l2.2 1.4M6.2 1.6h3.6" }],
  ]) {
    const el = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.appendChild(el);
  }
  return svg;
}

function countdownText(left) {
  const mm = String(Math.floor(left / 60)).padStart(2, "0");
  const ss = String(left % 60).padStart(2, "0");
  return left > 0 ? `Còn lại ${mm}:${ss}` : "Hết giờ";
}

function setCountdown(el, left) {
  el.textContent = "";
  el.append(clockIcon(), " " + countdownText(left));
  el.className = left <= 10 || (attempt.mode !== "paced" && left <= 60) ? "low" : "";
}

function tick() {
  const el = $("countdown");
  if (deadline === null) { el.textContent = ""; return; }
  const left = Math.max(0, Math.round((deadline - performance.now()) / 1000));
  setCountdown(el, left);
  // The server accepts answers for a moment after zero; then the attempt is over.
  if (deadline - performance.now() < -3000) { clearInterval(ticking); refresh(); }
}

// -- trainer-paced ------------------------------------------------------------------------

function roundKey(r) {
  return r ? `${r.number}:${r.open}` : "none";
}

function loadPaced(data) {
  show("paced");
  $("paced-title").textContent = `${data.title} — ${data.name}`;
  $("paced-rule").textContent = ruleText(data);
  liveKey = roundKey(data.round);
  const r = data.round;
  deadline = r && r.open ? performance.now() + r.remaining * 1000 : null;
  renderPaced();
  if (deadline !== null) ticking = setInterval(tickPaced, 500);
  pollLive();
}

function renderPaced() {
  const r = attempt.round;
  const q = attempt.questions[0];
  const box = $("paced-choices");
  box.textContent = "";
  $("paced-countdown").textContent = "";
  if (r && r.open && q) {
    $("paced-meta").textContent = `Câu ${r.number}/${r.total} · ${q.label}`;
    renderChoices(box, q);
    $("paced-wait").textContent = q.position in attempt.answers
      ? "Đã ghi nhận lựa chọn của bạn."
      : "Câu hỏi ở trên màn hình chiếu: chọn một phương án.";
    tickPaced();
  } else if (r) {
    $("paced-meta").textContent = `Đã hết giờ câu ${r.number}/${r.total}.`;
    $("paced-wait").textContent = "Xem đáp án và bảng xếp hạng trên màn hình chiếu; chờ câu tiếp theo…";
  } else {
    $("paced-meta").textContent = "";
    $("paced-wait").textContent = "Chờ báo cáo viên mở câu hỏi đầu tiên…";
  }
}

function tickPaced() {
  if (deadline === null) return;
  const left = Math.max(0, Math.ceil((deadline - performance.now()) / 1000));
  setCountdown($("paced-countdown"), left);
  if (left === 0) {
    for (const el of $("paced-choices").querySelectorAll("button, select")) el.disabled = true;
  }
}

function pollLive() {
  clearTimeout(polling);
  polling = setTimeout(async () => {
    try {
      const live = await api("live", { code: attempt.code });
      if (!live.open) return refresh(); // closed: the result
      if (roundKey(live.round) !== liveKey) {
        // The next question (or the end of this one) comes with the poll: no call of our own.
        attempt.round = live.round;
        attempt.questions = live.question ? [live.question] : [];
        stopTimers();
        return loadPaced(attempt);
      }
    } catch (e) {
      status(e.message, true);
    }
    pollLive();
  }, LIVE_POLL_MS);
}

// -----------------------------------------------------------------------------------------

async function refresh() {
  try {
    load(await api("state", { code: attempt.code, token: attempt.token }));
  } catch (e) {
    status(e.message, true);
  }
}

function showResult(result) {
  stopTimers();
  show("result");
  const points = attempt.mode === "paced" ? ` · ${result.points} điểm` : "";
  $("score").textContent = `${result.name}: ${result.correct}/${result.total} câu đúng${points} · ${result.seconds} giây`;
  $("key-note").textContent = result.show_key ? "" : "Báo cáo viên không cho xem đáp án và giải thích của phiên thi này.";
  const list = $("review");
  list.textContent = "";
  for (const row of result.review) {
    const li = document.createElement("li");
    li.className = row.correct === null ? "given" : row.correct ? "right" : "wrong";
    const head = document.createElement("b");
    const mark = row.correct === null ? "" : row.correct ? "✔ Đúng — " : "✘ Sai — ";
    head.textContent = `${mark}Câu ${row.number}. `;
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

function firstOpen() {
  return Math.max(0, attempt.questions.findIndex((q) => !(q.position in attempt.answers)));
}

$("join").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("join-button").disabled = true;
  status("Đang vào phiên thi…");
  try {
    const data = await api("join", { code: $("join-code").value, name: $("join-name").value, unit: $("join-unit").value });
    index = 0;
    attempt = data;
    if (data.mode !== "paced") index = firstOpen();
    load(data);
    status(data.handed_in ? "Bạn đã nộp bài trong phiên thi này." : "Đã vào phiên thi. Mỗi câu trả lời được lưu ngay khi chọn.");
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
  stopTimers();
  attempt = null;
  status("");
  show("join");
};

(async function start() {
  const code = new URLSearchParams(location.search).get("ma");
  if (code) $("join-code").value = code;
  const saved = JSON.parse(localStorage.getItem(SAVED) || "null");
  if (saved && saved.token && (!code || code.toUpperCase() === saved.code)) {
    try {
      const data = await api("state", saved);
      attempt = data;
      index = data.mode === "paced" ? 0 : firstOpen();
      load(data);
      if (!data.result && !data.handed_in) status("Đã khôi phục bài làm của bạn.");
      return;
    } catch (e) {
      localStorage.removeItem(SAVED); // a session deleted, or another data dir: start over
    }
  }
  show("join");
})();
