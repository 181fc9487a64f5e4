// Shared helpers of the deploysim pages. The pages compute nothing: they
// send what the user chose to the server and show what it answers.
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

// An error answer of the API: its problems, as the server wrote them.
class APIError extends Error {
  constructor(status, problems, retryAfter) {
    super(problems.map((p) => p.message).join("; "));
    this.status = status;
    this.problems = problems;
    this.retryAfter = retryAfter;
  }
}

async function failure(resp) {
  let problems = [{ message: resp.status + " " + resp.statusText }];
  try {
    const body = await resp.json();
    if (body.errors) problems = body.errors;
  } catch (_) {}
  return new APIError(resp.status, problems, Number(resp.headers.get("Retry-After") || 0));
}

async function getJSON(path) {
  const resp = await fetch(path);
  if (!resp.ok) throw await failure(resp);
  return resp.json();
}

async function postJSON(path, body, signal) {
  const resp = await fetch(path, {
    method: "POST", signal,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!resp.ok) throw await failure(resp);
  return resp.json();
}

// postStream posts body and calls onFrame with each line of the
// newline-delimited JSON answer as it arrives.
async function postStream(path, body, signal, onFrame) {
  const resp = await fetch(path, {
    method: "POST", signal,
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!resp.ok) throw await failure(resp);
  const reader = resp.body.getReader();
  const dec = new TextDecoder();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += dec.decode(value, { stream: true });
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (!line) continue;
      const f = JSON.parse(line);
      if (f.errors) throw new APIError(200, f.errors, 0);
      onFrame(f);
    }
  }
}

function showProblems(box, problems) {
  box.replaceChildren(...problems.map((p) => el("p", {}, p.message)));
  box.hidden = problems.length === 0;
}

async function fillScenarios(select, chosen) {
  const data = await getJSON("/api/scenarios");
  select.replaceChildren(...data.scenarios.map((s) =>
    el("option", { value: s.name, title: s.title }, s.name)));
  select.value = chosen || data.default;
  if (!select.value) select.value = data.default;
  return data;
}

async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (_) {
    // No clipboard without a secure context: select the text instead.
    const r = document.createRange();
    r.selectNodeContents($("command"));
    const s = getSelection();
    s.removeAllRanges();
    s.addRange(r);
    button.textContent = "Selected: press Ctrl-C";
  }
  setTimeout(() => { button.textContent = "Copy as command"; }, 2000);
}
