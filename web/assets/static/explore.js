// The explore page: a scenario, its story, every arm's levers, and the
// results the server computes as the levers move, with the sweep curve of
// the slider moved last. The URL holds the scenario, the moved levers,
// the seed, the replications, the DORA edition and the swept lever, so a
// link reproduces the same numbers and curve.
"use strict";

// sweep is the slider lever moved last, whose sweep curve the page shows.
const state = { scenario: "", set: new Map(), seed: null, replications: 0, edition: "2019", info: null, sweep: "" };
let defaultEdition = "2019"; // the server says which
let inflight = null; // AbortController of the results request under way
let timer = 0;
let frameStatus = ""; // the status line of the last frame, without the sweep's part
let notices = []; // overrides of a link that the page dropped, said above the results

function readURL() {
  const q = new URLSearchParams(location.search);
  state.scenario = q.get("scenario") || "";
  state.set = new Map();
  for (const s of q.getAll("set")) {
    const i = s.indexOf("=");
    if (i > 0) state.set.set(s.slice(0, i), s.slice(i + 1));
  }
  state.seed = q.has("seed") ? Number(q.get("seed")) : null;
  state.replications = Number(q.get("n") || 0);
  state.edition = q.get("edition") || "";
  state.sweep = q.get("sweep") || "";
}

function writeURL() {
  const q = new URLSearchParams();
  q.set("scenario", state.scenario);
  for (const [p, v] of state.set) q.append("set", p + "=" + v);
  if (state.seed !== null) q.set("seed", String(state.seed));
  if (state.replications) q.set("n", String(state.replications));
  if (state.edition !== defaultEdition) q.set("edition", state.edition);
  if (state.sweep) q.set("sweep", state.sweep);
  history.replaceState(null, "", "?" + q.toString());
  const s = encodeURIComponent(state.scenario);
  $("to-workshop").href = "/workshop?scenario=" + s;
  $("to-replay").href = "/replay?scenario=" + s;
}

async function loadScenario() {
  const info = await getJSON("/api/scenario?name=" + encodeURIComponent(state.scenario));
  state.info = info;
  $("title").textContent = info.title;
  $("story").replaceChildren(...info.story.map((p) => el("p", {}, p)));
  if (state.seed === null) $("seed").value = info.seed; else $("seed").value = state.seed;
  $("replications").value = state.replications || info.replications;
  $("edition").value = state.edition;
  drawLevers();
}

function leverValue(l) {
  return state.set.has(l.path) ? state.set.get(l.path) : l.value;
}

// leverAt returns the lever with the given path, or undefined.
function leverAt(path) {
  for (const arm of state.info.arms) for (const l of arm.levers) if (l.path === path) return l;
  return undefined;
}

function drawLevers() {
  const box = $("levers");
  box.replaceChildren();
  // A lever every arm shares (the same work for every arm) comes first,
  // in a box of its own.
  const shared = state.info.arms.flatMap((a) => a.levers.filter((l) => l.shared));
  if (shared.length) {
    const fs = el("fieldset", { class: "arm shared" }, el("legend", {}, "every arm"));
    fs.append(el("p", { class: "arm-title" }, "The story gives every arm the same changes: one lever moves them all."));
    for (const l of shared) fs.append(leverControl(l));
    box.append(fs);
  }
  for (const arm of state.info.arms) {
    const fs = el("fieldset", { class: "arm" }, el("legend", {}, arm.name));
    fs.append(el("p", { class: "arm-title" }, arm.title));
    for (const l of arm.levers) if (!l.shared) fs.append(leverControl(l));
    box.append(fs);
  }
}

function leverControl(l) {
  const id = "lever-" + l.path.replace(/[^A-Za-z0-9]/g, "-");
  const out = el("output", { for: id, class: "value" }, leverValue(l));
  const msg = el("span", { class: "lever-problem", "data-path": l.path });
  let input;
  if (l.kind === "choice") {
    input = el("select", { id }, ...l.values.map((v) => el("option", { value: v }, v)));
    out.hidden = true; // the select shows its value
    input.value = leverValue(l);
    input.addEventListener("change", () => moved(l, input.value, out));
  } else {
    input = el("input", { id, type: "range", min: "0", max: String(l.values.length - 1), step: "1" });
    input.value = String(Math.max(0, l.values.indexOf(leverValue(l))));
    // A screen reader says the value shown ("13w"), not the notch ("6").
    input.setAttribute("aria-valuetext", leverValue(l));
    input.addEventListener("input", () => moved(l, l.values[Number(input.value)], out));
  }
  input.dataset.path = l.path;
  input.title = l.doc || "";
  const changed = state.set.has(l.path) ? " changed" : "";
  const also = el("span", { class: "lever-also" });
  also.textContent = alsoText(l);
  return el("div", { class: "lever" + changed, "data-path": l.path },
    el("label", { for: id }, l.label), input, out, also, el("span", { class: "lever-note", "aria-live": "polite" }), msg);
}

// alsoText names the arms that inherit the lever's parameter from its arm
// (they extend it), so that the room expects their numbers to move too;
// an arm whose own lever for it is moved no longer follows.
function alsoText(l) {
  const [, arm] = l.path.split(".", 2);
  const prefix = "arms." + arm + ".";
  const field = l.path.slice(prefix.length);
  const follow = (l.also || []).filter((a) => !state.set.has("arms." + a + "." + field));
  return follow.length ? "also sets " + follow.join(", ") : "";
}

function updateAlso() {
  for (const arm of state.info.arms) {
    for (const l of arm.levers) {
      const span = document.querySelector('.lever[data-path="' + CSS.escape(l.path) + '"] .lever-also');
      if (span) span.textContent = alsoText(l);
    }
  }
}

function moved(l, v, out) {
  setLever(l, v, out);
  // A shared lever sets several paths: a sweep varies one.
  if (l.kind === "slider" && !l.shared) state.sweep = l.path;
  keepPair(l, v);
  updateAlso();
  schedule();
}

// setLever sets lever l to v: its override (every arm's, for a shared
// lever), its control and the value shown.
function setLever(l, v, out) {
  out = out || document.querySelector('.lever[data-path="' + CSS.escape(l.path) + '"] output');
  if (out) out.textContent = v;
  for (const p of l.paths || [l.path]) {
    if (v === l.value) state.set.delete(p); else state.set.set(p, v);
  }
  const input = document.querySelector('[data-path="' + CSS.escape(l.path) + '"]:is(input, select)');
  if (input) {
    if (l.kind === "slider") {
      input.value = String(Math.max(0, l.values.indexOf(v)));
      input.setAttribute("aria-valuetext", v);
    } else input.value = v;
  }
  const div = document.querySelector('.lever[data-path="' + CSS.escape(l.path) + '"]');
  if (div) {
    div.classList.toggle("changed", state.set.has(l.path));
    div.querySelector(".lever-note").textContent = "";
  }
}

// keepPair moves the pair of lever l (a release's freeze, which must stay
// shorter than its interval) to the nearest notch the model accepts with
// l at v, and says so beside it, rather than send what would be refused.
function keepPair(l, v) {
  const p = l.pair && leverAt(l.pair);
  if (!p || !l.hours || !p.hours) return;
  const h = l.hours[l.values.indexOf(v)];
  const ph = p.hours[p.values.indexOf(leverValue(p))];
  if (l.below ? h < ph : h > ph) return;
  const k = l.below ? p.hours.findIndex((x) => x > h) : p.hours.findLastIndex((x) => x < h);
  if (k < 0) return;
  setLever(p, p.values[k]);
  const note = document.querySelector('.lever[data-path="' + CSS.escape(p.path) + '"] .lever-note');
  if (note) note.textContent = `moved to ${p.values[k]} with ${l.label} at ${v}: the freeze must be shorter than the interval`;
}

// schedule asks for results shortly after the last move, so that dragging
// a slider does not send a request per pixel; a request under way is
// dropped, and the server stops its simulation.
function schedule() {
  writeURL();
  $("status").textContent = "Simulating…";
  document.body.classList.add("busy");
  clearTimeout(timer);
  timer = setTimeout(compute, 60);
}

async function compute(retry) {
  if (inflight) inflight.abort();
  const ctl = new AbortController();
  inflight = ctl;
  const body = {
    scenario: state.scenario,
    set: [...state.set].map(([p, v]) => p + "=" + v),
    replications: state.replications || 0,
    edition: state.edition,
    figures: true,
  };
  if (state.sweep) body.sweep = state.sweep;
  else $("sweep").replaceChildren();
  $("sweep").classList.add("stale"); // until this request's curve comes
  if (state.seed !== null) body.seed = state.seed;
  $("status").textContent = "Simulating…";
  document.body.classList.add("busy");
  try {
    // A frame of a dropped request may still be in the buffer: skip it.
    await postStream("/api/results", body, ctl.signal, (f) => { if (inflight === ctl) showFrame(f); });
    clearProblems();
    if (notices.length) showProblems($("problems"), notices);
  } catch (e) {
    if (e.name === "AbortError") return;
    const foreign = (e.problems || []).filter((p) => p.set && p.message.includes("not a lever of this page"));
    if (foreign.length && foreign.length === e.problems.length) {
      // A link carrying overrides the page does not offer: the results
      // without them, and a note of what was dropped.
      for (const p of foreign) state.set.delete(p.set.slice(0, p.set.indexOf("=")));
      notices = foreign.map((p) => ({ message: "Ignored set=" + p.set + ": " + p.message }));
      writeURL();
      if (inflight === ctl) compute();
      return;
    }
    if (state.sweep && (e.problems || []).some((p) => p.field === "sweep")) {
      // A link naming a lever this scenario lacks: the results without it.
      state.sweep = "";
      writeURL();
      if (inflight === ctl) compute();
      return;
    }
    if (e.status === 503 && (retry || 0) < 5) {
      document.body.classList.add("answered");
      $("status").textContent = "Busy; trying again…";
      setTimeout(() => { if (inflight === ctl) compute((retry || 0) + 1); }, 1000 * (e.retryAfter || 1));
      return;
    }
    document.body.classList.add("answered");
    showLeverProblems(e.problems || [{ message: String(e) }]);
    // No table of other levers stays on screen as if it were this one's.
    clearResults();
    $("status").textContent = "Not run: fix the value marked beside its lever.";
  } finally {
    if (inflight === ctl) document.body.classList.remove("busy");
  }
}

function clearProblems() {
  showProblems($("problems"), []);
  for (const m of document.querySelectorAll(".lever-problem")) m.textContent = "";
  for (const i of document.querySelectorAll("input.bad")) i.classList.remove("bad");
}

// clearResults empties what the last run showed, when this one was not run.
function clearResults() {
  for (const id of ["key", "summary", "readings", "sweep", "figures"]) $(id).replaceChildren();
  $("command").textContent = "";
}

// leverPathOf returns the lever path a problem is about: the override it
// names, or the field of a check across fields ("arms[0].release.freeze:
// must be shorter than release.every"), which names the arm by index.
function leverPathOf(p) {
  if (p.set) return p.set.slice(0, p.set.indexOf("="));
  const m = /arms\[(\d+)\]\.([A-Za-z0-9_.\[\]]+):/.exec(p.message || "");
  const arm = m && state.info.arms[Number(m[1])];
  if (!arm) return "";
  const path = "arms." + arm.name + "." + m[2];
  if (document.querySelector('.lever-problem[data-path="' + CSS.escape(path) + '"]')) return path;
  // No lever for that field: beside the lever moved last of that arm.
  const moved = [...state.set.keys()].filter((k) => k.startsWith("arms." + arm.name + "."));
  return moved.length ? moved[moved.length - 1] : "";
}

function showLeverProblems(problems) {
  clearProblems();
  const rest = [];
  for (const p of problems) {
    const path = leverPathOf(p);
    const slot = path && document.querySelector('.lever-problem[data-path="' + CSS.escape(path) + '"]');
    const field = p.field && $(p.field);
    if (slot) slot.textContent = p.message;
    else rest.push(p);
    if (field) field.classList.add("bad");
  }
  showProblems($("problems"), rest);
}

// capNote says when the page runs fewer replications than the scenario
// asks, which deploysim run uses: its means differ from the page's within
// their intervals, and the copied command, with its --replications,
// gives the page's.
function capNote(n) {
  const asks = state.info.scenario_replications;
  const note = $("cap");
  note.textContent = n < asks
    ? `This page runs ${n.toLocaleString("en")} replications; the scenario asks ${asks.toLocaleString("en")}, which deploysim run ${state.scenario} uses, so its means differ from these within their intervals. The command below reproduces these numbers; set Replications to ${asks.toLocaleString("en")} for the scenario's.`
    : "";
}

function showFrame(f) {
  if (f.sweep) { showSweep(f.sweep, f.elapsed_ms, f.final); return; }
  const lever = state.sweep ? state.sweep.split(".").slice(2).join(".") : "";
  const done = f.final ? "" : f.replications < f.of ? " — refining…" : !f.figures ? " — drawing the plots…" : " — sweeping " + lever + "…";
  frameStatus = `${f.replications} of ${f.of} replications, seed ${f.seed}, DORA ${f.edition} (${f.elapsed_ms} ms)`;
  $("status").textContent = frameStatus + done;
  capNote(f.of);
  document.body.classList.add("answered");
  $("key").replaceChildren(...f.layout.Key.map((k) => el("p", {}, k)));
  drawTable(f.layout);
  $("readings").replaceChildren(...f.layout.Readings.map((r) => el("p", {}, r)),
    ...(f.layout.Warnings || []).map((w) => el("p", { class: "warning" }, "⚠ " + w)));
  if (f.figures) {
    $("figures").replaceChildren(...f.figures.map((g) => {
      const fig = el("figure", { "data-name": g.name });
      fig.append(el("h2", {}, g.heading));
      const holder = el("div", { class: "svg", role: "img", "aria-label": g.heading + ". " + g.caption });
      holder.innerHTML = g.svg; // drawn by the server's plot package
      fig.append(holder, el("figcaption", {}, g.caption));
      return fig;
    }));
  }
  $("command").textContent = f.command;
  // An arm that extends a changed one follows it: show its values.
  for (const [path, v] of Object.entries(f.values || {})) {
    const div = document.querySelector('.lever[data-path="' + CSS.escape(path) + '"]');
    if (!div || state.set.has(path)) continue;
    const out = div.querySelector("output");
    if (out) out.textContent = v;
  }
}

// showSweep shows the sweep curve of the lever moved last (or why there is
// none) above the other plots.
function showSweep(sw, ms, final) {
  const box = $("sweep");
  box.classList.remove("stale");
  const lever = sw.lever.split(".").slice(2).join(".");
  $("status").textContent = frameStatus + `; sweep of ${lever}, ${sw.replications} replications a value (${ms} ms)` + (final ? "" : " — refining…");
  if (!sw.figure) {
    box.replaceChildren(el("p", { class: "warning" }, "No sweep curve of " + lever + ": " + sw.error));
    return;
  }
  const fig = el("figure", { "data-name": "sweep", "data-lever": sw.lever });
  fig.append(el("h2", {}, sw.figure.heading));
  const holder = el("div", { class: "svg", role: "img", "aria-label": sw.figure.heading + ". " + sw.figure.caption });
  holder.innerHTML = sw.figure.svg; // drawn by the server's plot package
  fig.append(holder, el("figcaption", {}, `${sw.figure.caption} ${sw.replications} replications at each value; the dashed line is the value now set.`));
  box.replaceChildren(fig);
}

function drawTable(layout) {
  const t = $("summary");
  const head = el("tr", {}, el("th", { scope: "col" }, el("span", { class: "visually-hidden" }, "Metric")));
  layout.Arms.forEach((a) => head.append(el("th", { scope: "col" },
    el("span", { style: "color:" + a.Color }, a.Marker + " "), a.Name)));
  const rows = [el("thead", {}, head)];
  const body = el("tbody");
  for (const r of layout.Table) {
    const tr = el("tr", { class: (r.Part ? "part" : "") + (r.Heading ? " heading" : "") });
    tr.append(el("th", { scope: "row" }, r.Label));
    if (r.Heading) {
      tr.firstChild.setAttribute("colspan", String(layout.Arms.length + 1));
    } else {
      for (const c of r.Cells) {
        const td = el("td");
        c.forEach((line, i) => td.append(el(i === 0 ? "strong" : "span", {}, line)));
        tr.append(td);
      }
    }
    body.append(tr);
  }
  rows.push(body);
  t.replaceChildren(...rows);
}

async function start() {
  readURL();
  const lib = await fillScenarios($("scenario"), state.scenario);
  defaultEdition = lib.default_edition;
  if (!state.edition) state.edition = defaultEdition;
  $("edition").replaceChildren(...lib.editions.map((e) => el("option", { value: e }, e)));
  state.scenario = $("scenario").value;
  await loadScenario();
  writeURL();
  compute();
  $("scenario").addEventListener("change", async () => {
    state.scenario = $("scenario").value;
    state.set = new Map();
    state.seed = null;
    state.replications = 0;
    state.sweep = "";
    await loadScenario();
    schedule();
  });
  $("seed").addEventListener("change", () => { state.seed = Number($("seed").value); schedule(); });
  $("replications").addEventListener("change", () => { state.replications = Number($("replications").value); schedule(); });
  $("edition").addEventListener("change", () => { state.edition = $("edition").value; schedule(); });
  $("reset").addEventListener("click", () => { state.set = new Map(); state.sweep = ""; notices = []; drawLevers(); schedule(); });
  $("copy").addEventListener("click", () => copyText($("command").textContent, $("copy")));
}

start().catch((e) => { document.body.classList.add("answered"); showProblems($("problems"), e.problems || [{ message: String(e) }]); });
