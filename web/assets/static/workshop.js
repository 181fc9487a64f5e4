// The workshop page: a presenter view that walks a scenario's steps one
// at a time. For a question the room predicts first (votes for an arm, or
// guesses of a number), then Reveal asks the server for the simulated
// answer, drawn with the predictions marked on it.
"use strict";

const ws = { scenario: "", steps: [], story: [], i: 0, votes: {}, guesses: [] };

function readURL() {
  const q = new URLSearchParams(location.search);
  ws.scenario = q.get("scenario") || "";
  ws.i = Math.max(0, Number(q.get("step") || 1) - 1);
}

function writeURL() {
  const q = new URLSearchParams({ scenario: ws.scenario, step: String(ws.i + 1) });
  history.replaceState(null, "", "?" + q.toString());
  const s = encodeURIComponent(ws.scenario);
  $("to-explore").href = "/?scenario=" + s;
  $("to-replay").href = "/replay?scenario=" + s;
}

async function load() {
  const data = await getJSON("/api/steps?scenario=" + encodeURIComponent(ws.scenario));
  ws.steps = data.steps.length ? data.steps : [{ title: data.title, kind: "say", say: data.story.join("\n\n") }];
  ws.i = Math.min(ws.i, ws.steps.length - 1);
  show();
}

function show() {
  const st = ws.steps[ws.i];
  ws.votes = {};
  ws.guesses = [];
  writeURL();
  $("counter").textContent = `Step ${ws.i + 1} of ${ws.steps.length}`;
  $("step-title").textContent = st.title;
  $("step-say").replaceChildren(...(st.say || "").split(/\n\s*\n/).filter((p) => p.trim()).map((p) => el("p", {}, p)));
  $("step-ask").textContent = st.ask || "";
  $("answer").replaceChildren();
  showProblems($("problems"), []);
  $("reveal").hidden = st.kind === "say";
  $("reveal").disabled = false;
  $("back").disabled = ws.i === 0;
  $("next").disabled = ws.i === ws.steps.length - 1;
  const p = $("predict");
  p.replaceChildren();
  if (st.kind === "pick-arm") {
    const tally = el("div", { class: "votes" });
    for (const arm of st.arms) {
      const count = el("span", { class: "count" }, "0");
      const b = el("button", { type: "button", class: "vote", "data-arm": arm }, arm + " ", count);
      b.addEventListener("click", () => {
        ws.votes[arm] = (ws.votes[arm] || 0) + 1;
        count.textContent = String(ws.votes[arm]);
      });
      tally.append(b);
    }
    p.append(el("p", { class: "hint" }, "Click an arm once per raised hand."), tally);
  } else if (st.kind === "guess") {
    const input = el("input", { id: "guess", type: "text", placeholder: "e.g. 5M, $250k, 20%", autocomplete: "off" });
    const list = el("ul", { class: "guesses" });
    const add = () => {
      const v = input.value.trim();
      if (!v) return;
      ws.guesses.push(v);
      list.append(el("li", {}, v));
      input.value = "";
      input.focus();
    };
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") add(); });
    p.append(el("label", { for: "guess" }, "The room's guesses: "), input,
      el("button", { type: "button", id: "add-guess", onclick: add }, "Add"), list);
  }
}

async function reveal() {
  $("reveal").disabled = true;
  $("answer").replaceChildren(el("p", { class: "status" }, "Simulating…"));
  try {
    const a = await postJSON("/api/reveal", { scenario: ws.scenario, step: ws.i, votes: ws.votes, guesses: ws.guesses });
    const chart = el("div", { class: "svg" });
    chart.innerHTML = a.svg; // drawn by the server
    $("answer").replaceChildren(el("p", { class: "answer" }, a.answer), chart);
    chart.scrollIntoView({ block: "nearest" });
    showProblems($("problems"), []);
  } catch (e) {
    $("answer").replaceChildren();
    showProblems($("problems"), e.problems || [{ message: String(e) }]);
  } finally {
    $("reveal").disabled = false;
  }
}

async function start() {
  readURL();
  await fillScenarios($("scenario"), ws.scenario);
  ws.scenario = $("scenario").value;
  await load();
  $("scenario").addEventListener("change", () => { ws.scenario = $("scenario").value; ws.i = 0; load(); });
  $("back").addEventListener("click", () => { if (ws.i > 0) { ws.i--; show(); } });
  $("next").addEventListener("click", () => { if (ws.i < ws.steps.length - 1) { ws.i++; show(); } });
  $("reveal").addEventListener("click", reveal);
  document.addEventListener("keydown", (e) => {
    if (e.target.tagName === "INPUT") return;
    if (e.key === "ArrowRight" || e.key === "PageDown") $("next").click();
    if (e.key === "ArrowLeft" || e.key === "PageUp") $("back").click();
  });
}

start().catch((e) => showProblems($("problems"), e.problems || [{ message: String(e) }]));
