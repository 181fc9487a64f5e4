package scenarios

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"deploysim/models"
)

// Scenario is a comparison of ways of delivering, ready to run: the story
// a trainer tells and the resolved parameters of every arm.
//
// The fields are the scenario as loaded. With starts again from the
// scenario's source text, so changes made to the fields directly do not
// carry over into the scenario it returns.
type Scenario struct {
	// Name identifies the scenario ("epic-vs-continuous"); Title is for
	// people.
	Name  string
	Title string
	// Story is what the trainer says before running it.
	Story string
	// Sources say where the numbers come from.
	Sources []string
	// Currency is the ISO 4217 code of every amount ("USD").
	Currency string
	// Baseline is the name of the arm the others are compared with.
	Baseline string
	// Arms are the resolved arms, defaults and extends applied, with Name
	// and Title set.
	Arms []models.Arm
	// Seed, Replications, HorizonHours and WarmupHours are the run
	// settings (see models.Experiment).
	Seed         uint64
	Replications int
	HorizonHours float64
	WarmupHours  float64
	// Source is the file or built-in the scenario was read from.
	Source string
	// Overrides are the overrides applied by With, in order.
	Overrides []string
	// Case is the business case of the case: section, or nil (see Case).
	Case *Case
	// Uncertain are the scenario's uncertain inputs (its uncertain:
	// section), in the order of the file.
	Uncertain []Range

	modified map[string][]string // arm → overrides that changed it (see Modified)
	noEffect []NoEffect          // overrides that changed no arm

	root    *node   // the scenario as written, overrides applied
	trees   []*node // each arm's resolved tree, for overrides into inherited lists
	parents []int   // parents[i]: the arm that arm i extends, or -1
}

// Default is the name of the built-in scenario run when none is named.
const Default = "epic-vs-continuous"

// Run settings used when a scenario does not set them.
const (
	defaultSeed         = 1
	defaultReplications = 100
	defaultHorizonHours = 365 * 24
	minWarmupHours      = 4 * 168
	maxReplications     = 100_000
	maxHorizonHours     = 100 * 365 * 24
	maxArms             = 32
)

var (
	nameRE     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)
	currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)
)

// topField is a top-level key of a scenario file.
type topField struct {
	key, kind, doc string
}

// topSchema documents the top-level keys; Reference prints it.
var topSchema = []topField{
	{"name", "text", "Identifier used on the command line and in reports: letters, digits, `-` and `_`. Defaults to the file name without `.yaml`."},
	{"title", "text", "One line for people. Defaults to the name."},
	{"story", "text", "What the trainer says before running it: the situation, the question, what to watch. A YAML block (`story: |`) keeps line breaks."},
	{"sources", "list of text", "Where the numbers come from, one entry each (report, page, table; or \"assumption: …\")."},
	{"currency", "text", "ISO 4217 code of every amount in the file (`USD`, `EUR`). Default `USD`."},
	{"seed", "whole number", "Seed of the random numbers; the same seed and replications give the same results on any machine. Default 1."},
	{"replications", "whole number", "How many simulated years (or horizons) to run per arm, in [1, 100000]. Default 100."},
	{"horizon", "duration", "The measured period of each replication. Default `365d`."},
	{"warmup", "duration", "Simulated before the measured period so that it starts with work in progress, not an empty system. Default: the longest release interval (`release.every`) of any arm as the file writes it, at least 4 weeks, rounded up to whole weeks, so that the slowest arm has released at least once before measuring starts. What-ifs (`--set`, `sweep`, `sensitivity`, the workshop page) keep the file's warm-up, so that the arms they leave alone give the same numbers; set `warmup` to change it."},
	{"baseline", "text", "Name of the arm the others are compared with (ratios, savings). Default: the first arm."},
	{"defaults", "arm fields", "Parameters shared by every arm, over the built-in defaults. Same fields as an arm, without name, title and extends."},
	{"case", "business case", "The move from one arm to another as a business case for `deploysim case`: investment, running cost, transition, horizon and discount rate (see below)."},
	{"arms", "list of arms", "The ways of delivering to compare. Each has a `name`, an optional `title`, an optional `extends` (the name of another arm in the file to start from) and any parameters that differ."},
	{"uncertain", "uncertain ranges", "The inputs nobody knows exactly, each a 90% interval: `defaults.money.loss_per_minute: {low: 500, high: 5000}`. `deploysim sensitivity` swings each parameter between its low and high; the business case samples them. See [Uncertain inputs](#uncertain-inputs)."},
}

var armMetaDocs = []topField{
	{"name", "text", "Identifier of the arm, unique in the file: letters, digits, `-` and `_` (used by `--set arms.<name>.…`)."},
	{"title", "text", "One line for people. Defaults to the name."},
	{"extends", "text", "Name of another arm of the file whose parameters this arm starts from. Not inherited: name and title."},
}

// List returns the names of the built-in scenarios, sorted.
func List() []string {
	entries, err := fs.ReadDir(library, "library")
	if err != nil {
		panic("scenarios: built-in library missing: " + err.Error())
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// Load reads a built-in scenario by name ("knight-capital-2012") or a
// scenario file by path; a built-in's name wins over a file of the same
// name, so write ./name for the file. A name that is neither gets an
// error that suggests the nearest built-in. Problems in the scenario come
// back as Errors, every one of them, with file, line and field; a file
// that cannot be read gives the *fs.PathError wrapped.
func Load(nameOrPath string) (*Scenario, error) {
	builtins := List()
	if slices.Contains(builtins, nameOrPath) {
		data, err := fs.ReadFile(library, "library/"+nameOrPath+".yaml")
		if err != nil {
			return nil, fmt.Errorf("scenario %q: %w", nameOrPath, err)
		}
		return Parse(nameOrPath, data)
	}
	f, err := os.Open(nameOrPath)
	var data []byte
	if err == nil {
		data, err = readLimited(nameOrPath, f)
		f.Close()
		var errs Errors
		if errors.As(err, &errs) {
			return nil, err
		}
	}
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) && !strings.ContainsAny(nameOrPath, `/\.`) {
			return nil, fmt.Errorf("scenario %q: no such built-in scenario or file%s (built-ins: %s)",
				nameOrPath, didYouMean(nameOrPath, builtins), strings.Join(builtins, ", "))
		}
		return nil, fmt.Errorf("scenario: %w", err)
	}
	return Parse(nameOrPath, data)
}

// Parse reads a scenario from YAML text; name is the file or built-in name
// that errors cite, and the scenario's name unless the text sets one. It never panics: any input yields a scenario or
// an error (Errors when the problems are in the text).
func Parse(name string, data []byte) (*Scenario, error) {
	src := &source{name: name}
	var errs errorSink
	root := parseYAML(data, src, "", &errs)
	if root == nil {
		return nil, errs.err()
	}
	sc, err := build(root, src, nil, &errs)
	if err != nil {
		return nil, err
	}
	if err := sc.checkUncertain(name); err != nil {
		return nil, err
	}
	return sc, nil
}

// build checks and resolves a scenario tree. overrides are the sources of
// the overrides applied to root, for the error order.
func build(root *node, src *source, overrides []string, errs *errorSink) (*Scenario, error) {
	if errs.bad == nil {
		errs.bad = map[*node]bool{}
	}
	sc := &Scenario{Source: src.name, root: root, Overrides: overrides}
	switch root.kind {
	case mapNode:
	case nullNode:
		errs.at(root, "", "empty scenario: write at least an arms list (deploysim init writes a template)")
		return nil, errs.err()
	default:
		errs.at(root, "", fmt.Sprintf("a scenario must be a mapping of keys (name, title, arms, …), got %s", root.kind))
		return nil, errs.err()
	}
	topKeys := make([]string, len(topSchema))
	for i, t := range topSchema {
		topKeys[i] = t.key
	}
	for _, k := range root.keys {
		if !slices.Contains(topKeys, k.value) {
			msg := "unknown field" + didYouMean(k.value, topKeys)
			if !strings.Contains(msg, "?") {
				var at []string
				for _, p := range allPaths {
					if p == k.value || strings.HasSuffix(p, "."+k.value) {
						at = append(at, p)
					}
				}
				if len(at) > 0 {
					msg += "; arm parameters go under defaults: or an arm (" + strings.Join(at, ", ") + ")"
				}
			}
			errs.at(k, k.path, msg)
		}
	}

	base := filepath.Base(src.name)
	base = strings.TrimSuffix(strings.TrimSuffix(base, ".yaml"), ".yml")
	sc.Name = text(root, "name", base, errs)
	if n := root.get("name"); n != nil && !nameRE.MatchString(sc.Name) {
		errs.at(n, n.path, fmt.Sprintf("must be letters, digits, - and _ (at most 64), got %q", sc.Name))
	}
	sc.Title = text(root, "title", sc.Name, errs)
	sc.Story = text(root, "story", "", errs)
	sc.Currency = text(root, "currency", "USD", errs)
	if n := root.get("currency"); n != nil && n.kind == scalarNode && !currencyRE.MatchString(sc.Currency) {
		errs.at(n, n.path, fmt.Sprintf("must be an ISO 4217 code of three capital letters (USD, EUR), got %q", sc.Currency))
	}
	if n := root.get("sources"); n != nil {
		sc.Sources = texts(n, errs)
	}
	sc.Seed = defaultSeed
	if n := root.get("seed"); n != nil {
		if n.kind != scalarNode {
			errs.at(n, n.path, "must be a whole number ≥ 0, got "+n.kind.String())
		} else if s, err := strconv.ParseUint(strings.ReplaceAll(n.value, "_", ""), 10, 64); err != nil {
			errs.at(n, n.path, fmt.Sprintf("must be a whole number in [0, 2^64), got %q", n.value))
		} else {
			sc.Seed = s
		}
	}
	sc.Replications = defaultReplications
	if n := root.get("replications"); n != nil {
		if r, msg := scalarWith(n, parseInt); msg != "" {
			errs.at(n, n.path, msg)
		} else if r < 1 || r > maxReplications {
			errs.at(n, n.path, fmt.Sprintf("must be in [1,%d], got %d", maxReplications, r))
		} else {
			sc.Replications = r
		}
	}
	sc.HorizonHours = defaultHorizonHours
	if n := root.get("horizon"); n != nil {
		if h, msg := scalarWith(n, parseDuration); msg != "" {
			errs.at(n, n.path, msg)
		} else if !(h > 0 && h <= maxHorizonHours) {
			errs.at(n, n.path, fmt.Sprintf("must be in (0,100y], got %s", n.value))
		} else {
			sc.HorizonHours = h
		}
	}
	warmup := math.NaN()
	if n := root.get("warmup"); n != nil {
		if h, msg := scalarWith(n, parseDuration); msg != "" {
			errs.at(n, n.path, msg)
		} else if !(h >= 0 && h <= maxHorizonHours) {
			errs.at(n, n.path, fmt.Sprintf("must be in [0,100y], got %s", n.value))
		} else {
			warmup = h
		}
	}

	// The built-in defaults, then the scenario's.
	builtin := parseYAML(defaultsYAML, &source{name: "defaults.yaml", rank: math.MaxInt, builtin: true}, "", errs)
	defaults := root.get("defaults")
	if defaults != nil {
		check := decoder{errs: errs, context: "defaults"}
		check.fields(armSchema, defaults, "", reflect.ValueOf(&models.Arm{}).Elem(), nil)
		if defaults.kind != mapNode {
			// Reported just above. Merged, it would blank every built-in
			// default and bury that one error under one per parameter.
			defaults = nil
		}
	}
	shared := merge(armSchema, builtin, defaults)

	armsNode := root.get("arms")
	var armNodes []*node
	switch {
	case armsNode == nil:
		errs.at(root, "arms", "missing: a scenario needs at least one arm")
	case armsNode.kind != seqNode:
		errs.at(armsNode, armsNode.path, "must be a list of arms (- name: …), got "+armsNode.kind.String())
	case len(armsNode.items) == 0:
		errs.at(armsNode, armsNode.path, "must have at least one arm")
	case len(armsNode.items) > maxArms:
		errs.at(armsNode, armsNode.path, fmt.Sprintf("must have at most %d arms, got %d", maxArms, len(armsNode.items)))
	default:
		armNodes = armsNode.items
	}

	// Names, titles and extends.
	names := make([]string, len(armNodes))
	extends := make([]*node, len(armNodes))
	titles := make([]string, len(armNodes))
	for i, a := range armNodes {
		if a.kind != mapNode {
			errs.at(a, a.path, "an arm must be a mapping with at least a name, got "+a.kind.String())
			continue
		}
		n := a.get("name")
		switch {
		case n == nil:
			errs.at(a, a.path, "missing name")
		case n.kind != scalarNode || !nameRE.MatchString(n.value):
			errs.at(n, n.path, fmt.Sprintf("name must be letters, digits, - and _ (at most 64), got %q", n.value))
		default:
			if j := slices.Index(names[:i], n.value); j >= 0 {
				errs.at(n, n.path, fmt.Sprintf("duplicate arm name %q (also arms[%d])", n.value, j))
			}
			names[i] = n.value
		}
		titles[i] = text(a, "title", names[i], errs)
		extends[i] = a.get("extends")
		check := decoder{errs: errs}
		check.fields(armSchema, a, "", reflect.ValueOf(&models.Arm{}).Elem(), armMetaKeys)
	}

	// Resolve extends, detecting cycles.
	trees := make([]*node, len(armNodes))
	parents := slices.Repeat([]int{-1}, len(armNodes))
	state := make([]int, len(armNodes)) // 0 new, 1 resolving, 2 done
	var resolve func(i int, chain []string) *node
	resolve = func(i int, chain []string) *node {
		switch state[i] {
		case 2:
			return trees[i]
		case 1:
			return nil // a cycle, reported below
		}
		state[i] = 1
		parent := shared
		if e := extends[i]; e != nil {
			j := -1
			if e.kind == scalarNode {
				j = slices.Index(names, e.value)
			}
			switch {
			case e.kind != scalarNode:
				errs.at(e, e.path, "must be the name of another arm, got "+e.kind.String())
			case j < 0:
				errs.at(e, e.path, fmt.Sprintf("no arm named %q%s (arms: %s)", e.value, didYouMean(e.value, names), strings.Join(names, ", ")))
			case j == i || state[j] == 1:
				errs.at(e, e.path, fmt.Sprintf("extends makes a cycle: %s → %s", strings.Join(append(chain, names[i]), " → "), e.value))
			default:
				if p := resolve(j, append(chain, names[i])); p != nil {
					parent, parents[i] = p, j
				}
			}
		}
		trees[i] = merge(armSchema, parent, withoutKeys(armNodes[i], armMetaKeys))
		state[i] = 2
		return trees[i]
	}
	for i := range armNodes {
		if armNodes[i].kind == mapNode {
			resolve(i, nil)
		}
	}
	sc.trees, sc.parents = trees, parents

	// Decode the resolved arms and validate them with the model.
	quiet := &errorSink{bad: errs.bad}
	var found []modelError
	decoders := make([]*decoder, len(trees))
	for i, t := range trees {
		if t == nil {
			continue
		}
		arm := models.Arm{Name: names[i], Title: titles[i]}
		d := decoder{errs: quiet, index: map[string]entry{}, missing: errs}
		d.record("", armNodes[i], "", nil)
		d.fields(armSchema, t, "", reflect.ValueOf(&arm).Elem(), nil)
		d.index[""] = entry{n: armNodes[i]}
		sc.Arms = append(sc.Arms, arm)
		decoders[i] = &d
		var fes models.Errors
		if err := arm.Validate(); errors.As(err, &fes) {
			for _, fe := range fes {
				e, exact := d.locate(fe.Path)
				found = append(found, modelError{arm: i, at: e, exact: exact, path: fe.Path, msg: fe.Msg})
			}
		}
	}
	if math.IsNaN(warmup) {
		warmup = defaultWarmup(sc.Arms)
	}
	sc.WarmupHours = warmup
	// Valid arms whose replications would explode, at this horizon.
	if len(found) == 0 {
		armIndex := 0
		for i, d := range decoders {
			if d == nil {
				continue
			}
			for _, fe := range explosion(&sc.Arms[armIndex], sc.HorizonHours+sc.WarmupHours) {
				e, exact := d.locate(fe.Path)
				found = append(found, modelError{arm: i, at: e, exact: exact, path: fe.Path, msg: fe.Msg})
			}
			armIndex++
		}
	}
	reportModelErrors(found, armNodes, errs)

	sc.Uncertain = decodeUncertain(root.get("uncertain"), names, errs)

	// Baseline and warm-up.
	sc.Baseline = text(root, "baseline", "", errs)
	if sc.Baseline == "" && len(names) > 0 {
		sc.Baseline = names[0]
	} else if n := root.get("baseline"); n != nil && n.kind == scalarNode && !slices.Contains(names, sc.Baseline) {
		errs.at(n, n.path, fmt.Sprintf("no arm named %q%s", sc.Baseline, didYouMean(sc.Baseline, names)))
	}
	sc.Case = decodeCase(root.get("case"), names, errs)
	checkCaseRanges(sc.Uncertain, src.name, errs)

	if err := errs.err(); err != nil {
		return nil, err
	}
	return sc, nil
}

// defaultWarmup is the longest release interval of any arm, at least four
// weeks, rounded up to whole weeks and at most 100 years: the slowest arm has released at least
// once, so the measured period starts with a realistic backlog, and the
// measured period starts on a Monday like time zero.
func defaultWarmup(arms []models.Arm) float64 {
	h := float64(minWarmupHours)
	for _, a := range arms {
		if a.Release.Policy != models.PerChange {
			h = max(h, a.Release.EveryHours)
		}
		if a.CAB.Enabled {
			h = max(h, a.CAB.MeetsEveryHours+a.CAB.MeetingOffsetHours)
		}
	}
	// Capped like an explicit warm-up: a CAB meeting every 100 years must
	// not make each replication simulate centuries before measuring.
	return min(math.Ceil(h/168-1e-9)*168, maxHorizonHours)
}

// modelError is one models.FieldError of one arm, located in the tree.
type modelError struct {
	arm   int
	at    entry
	exact bool
	path  string // the model's path, relative to the arm
	msg   string
}

// armPath names an arm's node as --set does, "arms.quarterly-manual",
// or by its place in the list ("arms[0]") if it has no name.
func armPath(arm *node) string {
	if name := arm.get("name"); name != nil && name.kind == scalarNode && name.value != "" && segmentRE.MatchString(name.value) {
		return "arms." + name.value
	}
	return arm.path
}

// armName is an arm's name, or its place in the list.
func armName(arm *node) string {
	if name := arm.get("name"); name != nil && name.kind == scalarNode && name.value != "" {
		return name.value
	}
	return arm.path
}

// freezeRefused matches the model's refusal of a freeze as long as the
// release interval, with the interval in hours.
var freezeRefused = regexp.MustCompile(`^must be shorter than release\.every \(([0-9.e+-]+) h\)`)

// freezeHint is the --set that fixes a freeze that blocks a shorter
// release interval (what a sweep of release.every runs into): a freeze
// of a quarter of the interval, or "".
func freezeHint(arm *node, path, msg string) string {
	m := freezeRefused.FindStringSubmatch(msg)
	if path != "release.freeze" || m == nil {
		return ""
	}
	every, err := strconv.ParseFloat(m[1], 64)
	if err != nil || !(every > 0) {
		return ""
	}
	return fmt.Sprintf(" (arm %s: --set %s.release.freeze=%s fixes it)", armName(arm), armPath(arm), formatDuration(readableHours(every/4)))
}

// readableHours rounds hours to whole days from two days up, whole hours
// from two hours, whole minutes below.
func readableHours(h float64) float64 {
	switch {
	case h >= 48:
		return math.Round(h/24) * 24
	case h >= 2:
		return math.Round(h)
	}
	return math.Max(math.Round(h*60), 1) / 60
}

// reportModelErrors turns the model's validation errors into located
// errors. An error on a value that did not parse is dropped (it was
// reported as such). An error that several arms share because they
// inherit the same value is reported once, at the path where the value was
// written ("defaults.deploy.step_error_prob"); an error of one arm names
// the arm's field ("arms[2].release.freeze") and the line of the value.
func reportModelErrors(found []modelError, armNodes []*node, errs *errorSink) {
	type group struct {
		first modelError
		arms  int
	}
	var order []string
	groups := map[string]*group{}
	for _, e := range found {
		if errs.bad[e.at.n] {
			continue
		}
		key := fmt.Sprintf("%p\x00%s\x00%s", e.at.n, e.path, e.msg)
		if g, ok := groups[key]; ok {
			g.arms++
			continue
		}
		groups[key] = &group{first: e, arms: 1}
		order = append(order, key)
	}
	for _, key := range order {
		g := groups[key]
		e := g.first
		msg := e.msg
		if n := e.at.n; e.exact && n != nil && n.kind == scalarNode {
			// "got 1000000y" as written, not "got 365000000d".
			msg = gotAtEnd.ReplaceAllLiteralString(msg, "got "+strings.TrimSpace(n.value))
		}
		msg = humanize(msg, e.at.kind)
		msg += freezeHint(armNodes[e.arm], e.path, e.msg)
		shown := e.path
		if e.exact {
			shown = e.at.rel
		}
		n := e.at.n
		switch {
		case n == nil || n.src == nil || n.src.builtin:
			// A built-in default that does not fit what the arm set: point
			// at the arm.
			errs.at(armNodes[e.arm], joinPath(armNodes[e.arm].path, shown), msg)
		case g.arms > 1 && n.path != "":
			p := n.path
			if !e.exact && e.path != e.at.rel {
				p += strings.TrimPrefix(e.path, e.at.rel)
			}
			errs.at(n, p, msg)
		default:
			errs.at(n, joinPath(armNodes[e.arm].path, shown), msg)
		}
	}
}

// text reads an optional single-line or block text value.
func text(m *node, key, def string, errs *errorSink) string {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return def
	}
	if n.kind != scalarNode {
		errs.at(n, n.path, "must be text, got "+n.kind.String())
		return def
	}
	if msg := controlIn(n.value); msg != "" {
		errs.at(n, n.path, msg)
		return def
	}
	return n.value
}

// controlIn explains the first control character in a text value other
// than a line break or tab: a YAML escape ("\e[31m") could otherwise put
// a terminal escape sequence in every table and page that shows it.
func controlIn(s string) string {
	for i, r := range s {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return fmt.Sprintf("must be plain text: control character %U at byte %d", r, i+1)
		}
	}
	return ""
}

func texts(n *node, errs *errorSink) []string {
	switch n.kind {
	case nullNode:
		return nil
	case scalarNode:
		return []string{n.value}
	case seqNode:
		out := make([]string, 0, len(n.items))
		for _, it := range n.items {
			if it.kind != scalarNode {
				errs.at(it, it.path, "must be text, got "+it.kind.String())
				continue
			}
			if msg := controlIn(it.value); msg != "" {
				errs.at(it, it.path, msg)
				continue
			}
			out = append(out, it.value)
		}
		return out
	}
	errs.at(n, n.path, "must be a list of text, got "+n.kind.String())
	return nil
}

func scalarWith[T any](n *node, parse func(string) (T, string)) (T, string) {
	var zero T
	if n.kind != scalarNode {
		return zero, "must be a single value, got " + n.kind.String()
	}
	return parse(n.value)
}

// Experiment returns the scenario as a models.Experiment ready to Run.
// The arms are copies: changing them does not change the scenario.
func (s *Scenario) Experiment() models.Experiment {
	e := models.Experiment{
		Arms:         make([]models.Arm, len(s.Arms)),
		Seed:         s.Seed,
		Replications: s.Replications,
		HorizonHours: s.HorizonHours,
		WarmupHours:  s.WarmupHours,
	}
	for i, a := range s.Arms {
		e.Arms[i] = cloneArm(a)
		if a.Name == s.Baseline {
			e.Baseline = i
		}
	}
	return e
}

// Arm returns a copy of the resolved arm with the given name.
func (s *Scenario) Arm(name string) (models.Arm, bool) {
	for _, a := range s.Arms {
		if a.Name == name {
			return cloneArm(a), true
		}
	}
	return models.Arm{}, false
}

// cloneArm copies an arm so that its lists are not shared.
func cloneArm(a models.Arm) models.Arm {
	a.Pipeline = slices.Clone(a.Pipeline)
	a.Strategy.Steps = slices.Clone(a.Strategy.Steps)
	a.Freezes = slices.Clone(a.Freezes)
	return a
}
