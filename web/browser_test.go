package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
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
	ctx, cancelC := context.WithTimeout(ctx, 90*time.Second)
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
	const also = `document.querySelector('.lever[data-path="arms.continuous-delivery.work.changes_per_day"] .lever-also').textContent`
	const own = `document.querySelector('input[data-path="arms.continuous-deployment.work.changes_per_day"]')`
	var alsoBefore, alsoAfter string
	err = chromedp.Do(ctx,
		into(chromedp.Evaluate[string](also), &alsoBefore),
		void(chromedp.Evaluate[any](`document.querySelector('.lever[data-path="arms.continuous-delivery.work.changes_per_day"]').scrollIntoView()`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, "explore-levers-"+size)
	err = chromedp.Do(ctx,
		void(chromedp.Evaluate[any](`(() => { const s = `+own+`; s.value = String(s.value - 1); s.dispatchEvent(new Event("input")); })()`)),
		into(chromedp.Evaluate[string](also), &alsoAfter),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alsoBefore, "also sets continuous-deployment") || alsoAfter != "" {
		t.Errorf("continuous-delivery's changes per day: note %q, then %q once continuous-deployment sets its own; want it to name continuous-deployment, then nothing", alsoBefore, alsoAfter)
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
	screenshot(t, ctx, "replay-"+size)
}
