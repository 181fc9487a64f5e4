package web

import (
	"context"
	"deploysim/scenarios"
	"encoding/json"
	"fmt"
	"github.com/chromedp/cdproto/page"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The browser test drives the pages in headless Chromium, as a trainer
// would. It is in the slow tier (make test-slow). CI installs Debian's
// chromium and sets DEPLOYSIM_BROWSER_TEST=1, which makes a missing
// browser a failure; elsewhere the test runs if a browser is found and
// skips if not. DEPLOYSIM_SCREENSHOTS=DIR saves a
// screenshot of each page at a projector's 1280×720 and a laptop's
// 1440×900.

func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("DEPLOYSIM_BROWSER_TEST") != "" {
		t.Fatal("DEPLOYSIM_BROWSER_TEST is set but no chromium is installed (apt-get install chromium)")
	}
	t.Skip("no chromium found; CI runs this test (DEPLOYSIM_BROWSER_TEST=1)")
	return ""
}

// browser starts a headless Chromium with a fresh profile that talks to
// nothing but the test server.
func browser(t *testing.T, width, height int) context.Context {
	t.Helper()
	return browserFor(t, width, height, 90*time.Second)
}

// browserFor is browser with a time limit of its own.
func browserFor(t *testing.T, width, height int, limit time.Duration) context.Context {
	t.Helper()
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(findChromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, limit)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height))); err != nil {
		t.Fatalf("starting chromium: %v", err)
	}
	return ctx
}

// screenshot saves the viewport as DIR/name.png when DEPLOYSIM_SCREENSHOTS
// names a directory.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("DEPLOYSIM_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// poll waits until the JavaScript expression is true.
func poll(expr string) chromedp.Action[chromedp.Void] {
	return void(chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(60*time.Second)))
}

// void drops an action's value, for a sequence of steps.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// into runs a into *v, for a sequence of steps.
func into[T any](a chromedp.Action[T], v *T) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		var err error
		*v, err = a(ctx, t)
		return chromedp.Void{}, err
	}
}

func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: a real browser (make test-slow; CI runs it)")
	}
	findChromium(t)
	_, ts := newTestServer(t, Options{Replications: 12, FirstFrame: 3})
	sizes := []struct {
		name          string
		width, height int
	}{{"projector", 1280, 720}, {"laptop", 1440, 900}}
	for _, size := range sizes {
		t.Run(size.name, func(t *testing.T) {
			ctx := browser(t, size.width, size.height)
			t.Run("explore", func(t *testing.T) { exploreInBrowser(t, ctx, ts.URL, size.name) })
			t.Run("workshop", func(t *testing.T) { workshopInBrowser(t, ctx, ts.URL, size.name) })
			t.Run("replay", func(t *testing.T) { replayInBrowser(t, ctx, ts.URL, size.name) })
		})
	}
}

// exploreInBrowser loads the explore page, moves a slider and sees the
// table change and the URL follow.
func exploreInBrowser(t *testing.T, ctx context.Context, base, size string) {
	const slider = `document.querySelector('input[data-path="arms.quarterly-manual.release.every"]')`
	// done: the last frame (the full count with its figures) is shown.
	const done = `(() => { const s = document.querySelector("#status").textContent;
		return s.startsWith("12 of 12") && !s.includes("—") && !document.body.classList.contains("busy"); })()`
	var before, after, url, status string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous"),
		poll(done),
		into(chromedp.Text(chromedp.CSS("#summary tbody")), &before),
		void(chromedp.Evaluate[any](`(() => { const s = `+slider+`; s.value = String(s.value - 2); s.dispatchEvent(new Event("input")); })()`)),
		poll(`location.search.includes("release.every")`),
		poll(done),
		into(chromedp.Text(chromedp.CSS("#summary tbody")), &after),
		into(chromedp.Location(), &url),
		into(chromedp.Text(chromedp.CSS("#status")), &status),
	)
	if err != nil {
		t.Fatal(err)
	}
	if before == after {
		t.Error("the table did not change when release.every moved")
	}
	if !strings.Contains(url, "set=arms.quarterly-manual.release.every") || !strings.Contains(url, "sweep=arms.quarterly-manual.release.every") {
		t.Errorf("URL %s does not hold the moved lever and its sweep", url)
	}
	var command string
	if err := chromedp.Do(ctx, into(chromedp.Text(chromedp.CSS("#command")), &command)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(command, "--set arms.quarterly-manual.release.every=") {
		t.Errorf("copy as command %q lacks the lever", command)
	}
	screenshot(t, ctx, "explore-"+size)
	// The sweep curve of the moved lever, the value now set marked.
	var sweep string
	err = chromedp.Do(ctx,
		poll(`document.querySelector('#sweep figure[data-lever="arms.quarterly-manual.release.every"] svg') !== null`),
		into(chromedp.Text(chromedp.CSS("#sweep figure")), &sweep),
		void(chromedp.Evaluate[any](`document.querySelector("#sweep").scrollIntoView()`)),
	)
	if err != nil {
		t.Fatalf("no sweep curve of release.every: %v", err)
	}
	if !strings.Contains(sweep, "release.every") || !strings.Contains(sweep, "now ") {
		t.Errorf("the sweep curve %q: want release.every with the value now set marked", sweep)
	}
	screenshot(t, ctx, "explore-sweep-"+size)
	// A lever that another arm inherits says so, until that arm's own
	// lever for it moves.
	const also = `document.querySelector('.lever[data-path="arms.continuous-delivery.deploy.mode"] .lever-also').textContent`
	const own = `document.querySelector('select[data-path="arms.continuous-deployment.deploy.mode"]')`
	var alsoBefore, alsoAfter string
	err = chromedp.Do(ctx,
		into(chromedp.Evaluate[string](also), &alsoBefore),
		void(chromedp.Evaluate[any](`document.querySelector('.lever[data-path="arms.continuous-delivery.deploy.mode"]').scrollIntoView()`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "explore-levers-"+size)
	err = chromedp.Do(ctx,
		void(chromedp.Evaluate[any](`(() => { const s = `+own+`; s.value = "manual"; s.dispatchEvent(new Event("change")); })()`)),
		into(chromedp.Evaluate[string](also), &alsoAfter),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alsoBefore, "also sets continuous-deployment") || alsoAfter != "" {
		t.Errorf("continuous-delivery's deployment: note %q, then %q once continuous-deployment sets its own; want it to name continuous-deployment, then nothing", alsoBefore, alsoAfter)
	}
	// The changes per day are one lever for every arm: moving it sets
	// every arm's.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous"),
		poll(done),
		void(chromedp.Evaluate[any](`(() => { const s = document.querySelector('input[data-path="arms.quarterly-manual.work.changes_per_day"]'); s.value = "0"; s.dispatchEvent(new Event("input")); })()`)),
		poll(`location.search.split("work.changes_per_day").length === 4`),
		poll(done),
	)
	if err != nil {
		t.Errorf("the shared changes per day did not set every arm's: %v", err)
	}
	// A release interval shorter than the freeze moves the freeze along
	// and says so; the run is not refused.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous"),
		poll(done),
		void(chromedp.Evaluate[any](`(() => { const s = `+slider+`; s.value = "0"; s.dispatchEvent(new Event("input")); })()`)),
		poll(`location.search.includes("release.freeze%3D0") || location.search.includes("release.freeze=0")`),
		poll(done),
		poll(`document.querySelector('.lever[data-path="arms.quarterly-manual.release.freeze"] .lever-note').textContent.includes("moved to 0")`),
	)
	if err != nil {
		t.Errorf("release every 1d did not move the 2w freeze to fit: %v", err)
	}
	// A slider says the value it shows.
	var valuetext string
	if err := chromedp.Do(ctx, into(chromedp.Evaluate[string](slider+`.getAttribute("aria-valuetext")`), &valuetext)); err != nil {
		t.Fatal(err)
	}
	if valuetext != "1d" {
		t.Errorf("release every's aria-valuetext %q, want 1d", valuetext)
	}
	// A bad value comes back beside its lever.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous&set=arms.quarterly-manual.monitoring.alert_prob=1.5"),
		poll(`(document.querySelector('.lever-problem[data-path="arms.quarterly-manual.monitoring.alert_prob"]') || {textContent: ""}).textContent.includes("[0,1]")`),
	)
	if err != nil {
		t.Errorf("no message beside the lever for a bad value: %v", err)
	}
	// The office hours that once wedged the server: the page opens, says
	// it ignored the override (not one of its levers), shows the results
	// without it and drops it from its URL.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous&set=defaults.calendar.day_end=17:20"),
		poll(`document.getElementById("problems").textContent.includes("not a lever of this page") && document.getElementById("status").textContent.includes("replications") && !location.search.includes("calendar")`),
	)
	if err != nil {
		t.Errorf("no message for an override the page does not offer: %v", err)
	}
	// A check across fields (a freeze as long as the interval, from a
	// link) goes beside a lever, and no table of other values stays.
	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/?scenario=epic-vs-continuous&set=arms.quarterly-manual.release.every=1w&set=arms.quarterly-manual.release.freeze=1w"),
		poll(`[...document.querySelectorAll('.lever-problem')].some((e) => e.textContent.includes("shorter than"))`),
		poll(`document.querySelector("#summary").children.length === 0`),
	)
	if err != nil {
		t.Errorf("a freeze as long as the interval: %v", err)
	}
}

// workshopInBrowser walks a question: votes, reveal, next.
func workshopInBrowser(t *testing.T, ctx context.Context, base, size string) {
	var answer, counter string
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/workshop?scenario=epic-vs-continuous&step=2"),
		chromedp.WaitVisible(chromedp.CSS(`button.vote`)),
		chromedp.Click(chromedp.CSS(`button.vote[data-arm="quarterly-manual"]`)),
		chromedp.Click(chromedp.CSS(`button.vote[data-arm="quarterly-manual"]`)),
		chromedp.Click(chromedp.CSS(`button.vote[data-arm="continuous-delivery"]`)),
		chromedp.Click(chromedp.CSS("#reveal")),
		chromedp.WaitVisible(chromedp.CSS("#answer svg")),
		into(chromedp.Text(chromedp.CSS("#answer .answer")), &answer),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(answer, "The simulation says") || !strings.Contains(answer, "(2)") {
		t.Errorf("answer %q: want the simulated arm and the room's 2 votes", answer)
	}
	screenshot(t, ctx, "workshop-"+size)
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#next")),
		into(chromedp.Text(chromedp.CSS("#counter")), &counter),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(counter, "Step 3 of") {
		t.Errorf("after Next: %q, want step 3", counter)
	}
	// Step 3 asks for a number: two guesses, then the reveal marks both.
	var marks int
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#guess"), "5M\r"),
		chromedp.SendKeys(chromedp.CSS("#guess"), "$90M\r"),
		chromedp.Click(chromedp.CSS("#reveal")),
		chromedp.WaitVisible(chromedp.CSS("#answer svg")),
		into(chromedp.Evaluate[int](`document.querySelectorAll("#answer svg .guess").length`), &marks),
	)
	if err != nil {
		t.Fatal(err)
	}
	if marks != 2 {
		t.Errorf("%d guesses marked on the answer, want 2", marks)
	}
	screenshot(t, ctx, "workshop-guess-"+size)
}

// replayInBrowser plays Knight Capital's first failure.
func replayInBrowser(t *testing.T, ctx context.Context, base, size string) {
	var n int
	var x0, x1 chromedp.AttributeResult
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/replay?scenario=knight-capital-2012&arm=as-it-was"),
		chromedp.WaitVisible(chromedp.CSS("#events li.current")),
		into(chromedp.Evaluate[int](`document.querySelectorAll("#events li").length`), &n),
		into(chromedp.AttributeValue(chromedp.CSS("#replay-cursor"), "x1"), &x0),
		chromedp.Click(chromedp.CSS("#play")),
		poll(`(document.querySelector("#events li.current") || {dataset: {}}).dataset.step === "2"`),
		into(chromedp.AttributeValue(chromedp.CSS("#replay-cursor"), "x1"), &x1),
	)
	if err != nil {
		t.Fatal(err)
	}
	if n < 3 {
		t.Errorf("%d events, want the morning told", n)
	}
	if x0 == x1 {
		t.Error("the cursor did not move as the replay played")
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#play")), // pause
		void(chromedp.Evaluate[any](`(() => { const b = document.querySelector("#next"); while (!b.disabled) b.click(); })()`)),
		poll(`document.querySelector("#events li.current").textContent.includes("service restored")`),
	)
	if err != nil {
		t.Errorf("the last step is not service restored: %v", err)
	}
	// The events are reachable by keyboard: focus one, press Enter.
	err = chromedp.Do(ctx,
		void(chromedp.Evaluate[any](`document.querySelector('#events li[data-step="1"]').focus()`)),
		chromedp.KeyEvent("\r"),
		poll(`document.querySelector("#events li.current").dataset.step === "1" && document.activeElement.dataset.step === "1"`),
	)
	if err != nil {
		t.Errorf("an event cannot be chosen by keyboard: %v", err)
	}
	screenshot(t, ctx, "replay-"+size)
}

// TestBrowserReveals reveals every question of every built-in's workshop
// at a projector's 1280×720, with votes and guesses a room might give
// (a percentage guess on a money question among them), and checks that
// the chart fits: no guess label overlaps another, no arm name or value
// label leaves the chart, and the chart's last bar is above the fixed
// presenter controls once scrolled into view. DEPLOYSIM_SCREENSHOTS=DIR
// saves each reveal.
func TestBrowserReveals(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: a real browser (make test-slow; CI runs it)")
	}
	findChromium(t)
	s, ts := newTestServer(t, Options{Replications: 12, FirstFrame: 3})
	ctx := browser(t, 1280, 720)
	names := make([]string, 0, len(s.steps))
	for name := range s.steps {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		for i, st := range s.steps[name] {
			if st.Kind == "say" {
				continue
			}
			t.Run(fmt.Sprintf("%s/step%d", name, i+1), func(t *testing.T) {
				revealInBrowser(t, ctx, ts.URL, name, i, st)
			})
		}
	}
}

func revealInBrowser(t *testing.T, ctx context.Context, base, name string, i int, st Step) {
	actions := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(fmt.Sprintf("%s/workshop?scenario=%s&step=%d", base, name, i+1)),
		chromedp.WaitVisible(chromedp.CSS("#reveal")),
	}
	switch st.Kind {
	case "pick-arm":
		for k, arm := range st.Arms {
			for range k%3 + 1 {
				actions = append(actions, chromedp.Click(chromedp.CSS(`button.vote[data-arm="`+arm+`"]`)))
			}
		}
	case "guess":
		for _, g := range []string{"$1k", "$250k", "$300k", "$800k", "20%", "5M"} {
			actions = append(actions, chromedp.SendKeys(chromedp.CSS("#guess"), g+"\r"))
		}
	}
	var problems string
	actions = append(actions,
		chromedp.Click(chromedp.CSS("#reveal")),
		poll(`document.querySelector("#answer svg") !== null || !document.querySelector("#problems").hidden`),
		into(chromedp.Text(chromedp.CSS("#problems")), &problems),
	)
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatal(err)
	}
	if problems != "" {
		t.Fatalf("reveal refused: %s", problems)
	}
	// Geometry of the drawn chart, in page pixels: every text's box, the
	// svg's box, and the fixed stepper's top.
	var report string
	err := chromedp.Do(ctx,
		// The page scrolls the chart into view itself.
		void(chromedp.Sleep(100*time.Millisecond)),
		into(chromedp.Evaluate[string](revealGeometry), &report),
	)
	if err != nil {
		t.Fatal(err)
	}
	if report != "" {
		t.Errorf("%s step %d: %s", name, i+1, report)
	}
	screenshot(t, ctx, fmt.Sprintf("reveal-%s-step%d", name, i+1))
}

// revealGeometry returns what is wrong with the reveal chart on screen,
// or "": overlapping guess labels, text outside the chart, a bar hidden
// under the fixed stepper.
const revealGeometry = `(() => {
  const svg = document.querySelector("#answer svg");
  const box = svg.getBoundingClientRect();
  const bad = [];
  const labels = [...svg.querySelectorAll("text.guess-label")].map((e) => e.getBoundingClientRect());
  for (let a = 0; a < labels.length; a++) for (let b = a + 1; b < labels.length; b++) {
    const p = labels[a], q = labels[b];
    if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) bad.push("guess labels " + a + " and " + b + " overlap");
  }
  for (const e of svg.querySelectorAll("text")) {
    const r = e.getBoundingClientRect();
    if (r.left < box.left - 1 || r.right > box.right + 1) bad.push("text " + JSON.stringify(e.textContent) + " leaves the chart");
  }
  const stepper = document.querySelector(".stepper").getBoundingClientRect();
  const bars = [...svg.querySelectorAll("rect.bar")];
  if (!bars.length) bad.push("no bars");
  for (const r of bars) if (r.getBoundingClientRect().bottom > stepper.top) bad.push("a bar is under the presenter's controls");
  return bad.join("; ");
})()`

// TestBrowserLeverWalk moves every lever of every built-in's explore page
// to every notch it offers, one lever at a time from the scenario's own
// values, as a room would, and checks each is run: no refusal beside a
// lever or at the top for a notch the page offers. A lever whose move
// carries its pair along (a release interval shorter than the freeze)
// counts as run when the page sends the pair too. The walk runs in the
// page (one script a scenario), and checks each move with the request the
// page would send, at one replication and without figures or a sweep, so
// that some 1,500 notches take about a minute.
func TestBrowserLeverWalk(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: a real browser (make test-slow; CI runs it)")
	}
	findChromium(t)
	_, ts := newTestServer(t, Options{Replications: 1, FirstFrame: 1})
	ctx := browserFor(t, 1280, 720, 10*time.Minute)
	for _, name := range scenarios.List() {
		t.Run(name, func(t *testing.T) {
			var report struct {
				Moves    int      `json:"moves"`
				Refusals []string `json:"refusals"`
			}
			err := chromedp.Do(ctx,
				chromedp.Navigate(ts.URL+"/?scenario="+name),
				poll(`!!document.querySelector("#summary tbody") && !document.body.classList.contains("busy")`),
				into(chromedp.Evaluate[struct {
					Moves    int      `json:"moves"`
					Refusals []string `json:"refusals"`
				}](leverWalk, chromedp.EvalAwaitPromise), &report),
			)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%d notches run", report.Moves)
			if report.Moves < 10 {
				t.Errorf("%d notches: the walk did not find the levers", report.Moves)
			}
			for _, r := range report.Refusals {
				t.Error(r)
			}
		})
	}
}

// leverWalk moves each control through its notches and back. After each
// move (which updates the page's overrides, a pair moved along included)
// it sends the page's overrides as the page would, without figures or a
// sweep, and reads the first answer: a table, or a refusal.
const leverWalk = `(async () => {
  const refusals = [];
  let moves = 0;
  const check = async (label) => {
    clearTimeout(timer); // the page's own run of this move is not needed
    const body = { scenario: state.scenario, set: [...state.set].map(([p, v]) => p + "=" + v), replications: 1, edition: state.edition };
    const resp = await fetch("/api/results", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const reader = resp.body.getReader();
    let text = "";
    const dec = new TextDecoder();
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += dec.decode(value, { stream: true });
    }
    reader.cancel();
    const first = JSON.parse(text.split("\n")[0] || "{}");
    if (!resp.ok || first.errors) refusals.push(label + ": " + (first.errors || []).map((e) => e.message).join("; "));
    moves++;
  };
  const paths = [...document.querySelectorAll("#levers [data-path]:is(input, select)")].map((c) => c.dataset.path);
  for (const path of paths) {
    // The levers are drawn anew after each: the control on the page now.
    const c = document.querySelector('#levers [data-path="' + CSS.escape(path) + '"]:is(input, select)');
    const notches = c.tagName === "SELECT" ? [...c.options].map((o) => o.value) : [...Array(Number(c.max) + 1).keys()].map(String);
    for (const v of notches) {
      c.value = v;
      c.dispatchEvent(new Event(c.tagName === "SELECT" ? "change" : "input"));
      await check(path + " = " + (c.tagName === "SELECT" ? v : c.getAttribute("aria-valuetext")) + " (with " + [...state.set].map(([p, x]) => p + "=" + x).join(", ") + ")");
    }
    // Back to the scenario's values before the next lever.
    state.set = new Map();
    state.sweep = "";
    drawLevers();
  }
  clearTimeout(timer);
  return { moves, refusals };
})()`

// axeSource is axe-core, vendored for this test (testdata/axe/README.md).
func axeSource(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join("testdata", "axe", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestBrowserAccessibility runs axe-core on each page, with its results
// shown (a workshop reveal, a replay, the explore page's table, figures
// and sweep) at a projector's 1280×720, and fails on any serious or
// critical violation. It also measures the explore page's layout shift as
// it loads (the cumulative layout shift of Core Web Vitals, from the
// browser's layout-shift entries), which Lighthouse scores: "good" is at
// most 0.1.
func TestBrowserAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("slow tier: a real browser (make test-slow; CI runs it)")
	}
	findChromium(t)
	_, ts := newTestServer(t, Options{Replications: 12, FirstFrame: 3})
	ctx := browser(t, 1280, 720)
	axe := axeSource(t)
	pages := []struct {
		name, url string
		ready     []chromedp.Action[chromedp.Void]
	}{
		{"explore", "/?scenario=epic-vs-continuous&sweep=arms.quarterly-manual.release.every", []chromedp.Action[chromedp.Void]{
			poll(`document.querySelector("#sweep svg") !== null && document.querySelectorAll("#figures figure").length > 0`),
		}},
		{"workshop", "/workshop?scenario=epic-vs-continuous&step=3", []chromedp.Action[chromedp.Void]{
			chromedp.SendKeys(chromedp.CSS("#guess"), "5M\r"),
			chromedp.Click(chromedp.CSS("#reveal")),
			chromedp.WaitVisible(chromedp.CSS("#answer svg")),
		}},
		{"replay", "/replay?scenario=knight-capital-2012&arm=as-it-was", []chromedp.Action[chromedp.Void]{
			chromedp.WaitVisible(chromedp.CSS("#events li.current")),
		}},
	}
	for _, pg := range pages {
		t.Run(pg.name, func(t *testing.T) {
			actions := append([]chromedp.Action[chromedp.Void]{chromedp.Navigate(ts.URL + pg.url)}, pg.ready...)
			var out string
			actions = append(actions,
				void(chromedp.Evaluate[any](axe)),
				into(chromedp.Evaluate[string](`(async () => {
  const r = await axe.run(document, { resultTypes: ["violations"] });
  return JSON.stringify(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) })));
})()`, chromedp.EvalAwaitPromise), &out))
			if err := chromedp.Do(ctx, actions...); err != nil {
				t.Fatal(err)
			}
			var violations []struct {
				ID, Impact, Help string
				Nodes            []string
			}
			if err := json.Unmarshal([]byte(out), &violations); err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				msg := fmt.Sprintf("axe %s (%s): %s at %v", v.ID, v.Impact, v.Help, v.Nodes)
				if v.Impact == "serious" || v.Impact == "critical" {
					t.Error(msg)
				} else {
					t.Log(msg)
				}
			}
		})
	}
	t.Run("explore-layout-shift", func(t *testing.T) {
		// The observer is installed before the page's scripts run, and
		// the shift counted until the last frame and its figures show.
		var cls float64
		var shifts []string
		err := chromedp.Do(ctx,
			chromedp.Navigate("about:blank"),
			void(func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
				_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `window.__cls = 0;
window.__shifts = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) {
  window.__cls += e.value;
  window.__shifts.push(e.value.toFixed(3) + " " + (e.sources || []).map((s) => s.node ? (s.node.id || s.node.nodeName + "." + s.node.className) : "?").join(","));
} })
  .observe({ type: "layout-shift", buffered: true });`})
				return chromedp.Void{}, err
			}),
			chromedp.Navigate(ts.URL+"/?scenario=epic-vs-continuous"),
			poll(`document.querySelectorAll("#figures figure").length > 0 && !document.body.classList.contains("busy")`),
			void(chromedp.Sleep(300*time.Millisecond)),
			into(chromedp.Evaluate[float64](`window.__cls`), &cls),
			into(chromedp.Evaluate[[]string](`window.__shifts`), &shifts),
		)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("cumulative layout shift %.3f: %v", cls, shifts)
		if cls > 0.1 {
			t.Errorf("explore's cumulative layout shift %.3f, want at most 0.1 (reserve room for what arrives)", cls)
		}
	})
}
