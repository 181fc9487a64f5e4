// The replay page: one replication of one arm as a timeline and a
// minute-by-minute story, stepped with Back/Next or played.
"use strict";

const rp = { scenario: "", arm: "", replication: 0, incident: 1, first: true, data: null, k: -1, playing: 0 };

function readURL() {
  const q = new URLSearchParams(location.search);
  rp.scenario = q.get("scenario") || "knight-capital-2012";
  rp.arm = q.get("arm") || "";
  rp.first = !q.has("replication");
  rp.replication = Number(q.get("replication") || 0);
  rp.incident = q.has("incident") ? Number(q.get("incident")) : 1;
}

function writeURL() {
  const q = new URLSearchParams({ scenario: rp.scenario, arm: rp.arm, replication: String(rp.replication), incident: String(rp.incident) });
  history.replaceState(null, "", "?" + q.toString());
  const s = encodeURIComponent(rp.scenario);
  $("to-explore").href = "/?scenario=" + s;
  $("to-workshop").href = "/workshop?scenario=" + s;
}

async function loadArms() {
  const info = await getJSON("/api/scenario?name=" + encodeURIComponent(rp.scenario));
  $("arm").replaceChildren(...info.arms.map((a) => el("option", { value: a.name, title: a.title }, a.name)));
  if (!info.arms.some((a) => a.name === rp.arm)) rp.arm = info.arms[0].name;
  $("arm").value = rp.arm;
}

async function load() {
  stop();
  showProblems($("problems"), []);
  const body = { scenario: rp.scenario, arm: rp.arm, replication: rp.replication, incident: rp.incident, first_failure: rp.first };
  try {
    const d = await postJSON("/api/replay", body);
    rp.data = d;
    rp.replication = d.replication;
    rp.incident = d.incident;
    rp.first = false;
    $("replication").value = d.replication;
    $("incident").value = d.incident;
    writeURL();
    $("heading").textContent = d.heading;
    $("arm-title").textContent = d.title + " — " + d.loss + " lost";
    $("timeline").innerHTML = d.svg; // drawn by the server
    $("events").replaceChildren(...d.events.map((e, i) => {
      const li = el("li", { "data-step": String(i) },
        el("span", { class: "clock" }, `day ${e.day} ${e.clock}`), " ", el("span", { class: "text" }, e.text));
      if (e.affected || e.loss_so_far !== "$0") li.append(el("span", { class: "loss" }, `${e.affected ? e.affected + " affected · " : ""}${e.loss_so_far} so far`));
      // Reachable by keyboard: Tab to an event, Enter or Space to go.
      li.tabIndex = 0;
      li.addEventListener("click", () => { stop(); go(i); });
      li.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); stop(); go(i); }
        if (ev.key === "ArrowDown" && li.nextElementSibling) { ev.preventDefault(); li.nextElementSibling.focus(); }
        if (ev.key === "ArrowUp" && li.previousElementSibling) { ev.preventDefault(); li.previousElementSibling.focus(); }
      });
      return li;
    }));
    $("command").textContent = d.command;
    go(0);
  } catch (e) {
    showProblems($("problems"), e.problems || [{ message: String(e) }]);
  }
}

function go(k) {
  const d = rp.data;
  if (!d || !d.events.length) return;
  rp.k = Math.max(0, Math.min(k, d.events.length - 1));
  const e = d.events[rp.k];
  for (const li of document.querySelectorAll("#events li")) {
    const on = Number(li.dataset.step) === rp.k;
    li.classList.toggle("current", on);
    if (on) li.setAttribute("aria-current", "step"); else li.removeAttribute("aria-current");
    li.classList.toggle("past", Number(li.dataset.step) < rp.k);
    if (on) {
      // Scroll the list, not the page: the timeline stays in view.
      const list = $("events");
      if (li.offsetTop < list.scrollTop || li.offsetTop + li.offsetHeight > list.scrollTop + list.clientHeight) {
        list.scrollTop = li.offsetTop - list.clientHeight / 2;
      }
    }
  }
  for (const c of document.querySelectorAll("#timeline circle.ev")) {
    c.setAttribute("r", Number(c.dataset.step) === rp.k ? "9" : "5");
  }
  const cur = document.getElementById("replay-cursor");
  if (cur) {
    cur.setAttribute("x1", e.x);
    cur.setAttribute("x2", e.x);
    cur.setAttribute("visibility", "visible");
  }
  $("now").textContent = `${rp.k + 1} / ${d.events.length}  day ${e.day} ${e.clock}: ${e.text}`;
  $("back").disabled = rp.k === 0;
  $("next").disabled = rp.k === d.events.length - 1;
}

function stop() {
  clearInterval(rp.playing);
  rp.playing = 0;
  $("play").textContent = "▶ Play";
}

function play() {
  if (rp.playing) { stop(); return; }
  if (rp.data && rp.k >= rp.data.events.length - 1) go(0);
  $("play").textContent = "❚❚ Pause";
  rp.playing = setInterval(() => {
    if (rp.k >= rp.data.events.length - 1) { stop(); return; }
    go(rp.k + 1);
  }, 1200);
}

async function start() {
  readURL();
  await fillScenarios($("scenario"), rp.scenario);
  rp.scenario = $("scenario").value;
  await loadArms();
  await load();
  $("scenario").addEventListener("change", async () => { rp.scenario = $("scenario").value; rp.arm = ""; rp.first = true; rp.incident = 1; await loadArms(); load(); });
  $("arm").addEventListener("change", () => { rp.arm = $("arm").value; rp.first = true; rp.incident = 1; load(); });
  $("replication").addEventListener("change", () => { rp.replication = Number($("replication").value); rp.first = false; load(); });
  $("incident").addEventListener("change", () => { rp.incident = Number($("incident").value); rp.first = false; load(); });
  $("first-failure").addEventListener("click", () => { rp.first = true; rp.incident = 1; load(); });
  $("back").addEventListener("click", () => { stop(); go(rp.k - 1); });
  $("next").addEventListener("click", () => { stop(); go(rp.k + 1); });
  $("play").addEventListener("click", play);
  $("copy").addEventListener("click", () => copyText($("command").textContent, $("copy")));
}

start().catch((e) => showProblems($("problems"), e.problems || [{ message: String(e) }]));
