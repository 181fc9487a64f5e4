package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"strings"

	"deploysim/models"
)

// builtinArm decodes the project-wide defaults into an arm (without name).
func builtinArm() (models.Arm, error) {
	var errs errorSink
	tree := parseYAML(defaultsYAML, &source{name: "defaults.yaml", rank: math.MaxInt, builtin: true}, "", &errs)
	var a models.Arm
	if tree != nil {
		d := decoder{errs: &errs, context: "defaults"}
		d.fields(armSchema, tree, "", reflect.ValueOf(&a).Elem(), nil)
	}
	return a, errs.err()
}

// Reference returns the scenario file reference in Markdown: every key,
// its syntax, its built-in default and its meaning, generated from the
// schema that the loader uses. docs/scenario-reference.md is its output.
func Reference() []byte {
	def, err := builtinArm()
	if err != nil {
		panic("scenarios: built-in defaults: " + err.Error()) // a test keeps them valid
	}
	var b bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	p("# Scenario file reference\n\n")
	p("<!-- Generated from scenarios/schema.go and scenarios/defaults.yaml by\n")
	p("     `go test ./scenarios -run TestReference -update`. Do not edit by hand. -->\n\n")
	p("A scenario is a YAML file that names the ways of delivering to compare (the\n")
	p("*arms*), what they share, and how to run them. `deploysim init` writes a\n")
	p("commented template; the built-in scenarios (`deploysim list`) are examples.\n")
	p("Keys are decoded strictly: an unknown key is an error that suggests the\n")
	p("nearest known one, and every error names the file, the line and the field.\n\n")

	p("## Writing values\n\n")
	p("| kind | written as |\n|---|---|\n")
	for _, k := range []*kind{durationKind, distKind, probKind, rateKind, timeKind, moneyKind, numberKind, intKind, boolKind, weekdayKind, dayKind, textKind} {
		p("| %s | %s |\n", cell(k.name), cell(k.syntax))
	}
	p("\nA day is 24 hours, a week 7 days and a year 365 days of calendar time;\n")
	p("a month (`mo`; `m` is minutes) is a twelfth of that year, 730 hours, as\n")
	p("DORA's cluster tables read \"one month\", so `6mo` is their six months;\n")
	p("durations of people's work (manual stages, rework) are working time, so\n")
	p("write them in hours (`16h` is two office days). Enumerations are written\n")
	p("as the words listed for each field.\n\n")

	p("## How values combine\n\n")
	p("Each arm is the built-in defaults (below, with their sources in\n")
	p("`scenarios/defaults.yaml`), overlaid by the scenario's `defaults`, then by\n")
	p("the arm named in `extends` (itself resolved the same way), then by the arm's\n")
	p("own fields. Sections merge key by key. A list (`pipeline`,\n")
	p("`strategy.steps`, `freezes`) replaces the inherited list as a whole. A\n")
	p("random duration written as one value (`2h`) replaces the inherited one,\n")
	p("variation included (CV 0); written as a mapping (`{cv: 1}`) it changes only\n")
	p("the keys it names. A section key with nothing under it changes nothing.\n\n")

	p("## Top level\n\n")
	p("| key | kind | meaning |\n|---|---|---|\n")
	for _, t := range topSchema {
		p("| `%s` | %s | %s |\n", t.key, t.kind, cell(t.doc))
	}
	p("\n## An arm\n\n")
	p("Each item of `arms` has these keys, then any of the sections below\n")
	p("(`defaults` takes the sections only).\n\n")
	p("| key | kind | meaning |\n|---|---|---|\n")
	for _, t := range armMetaDocs {
		p("| `%s` | %s | %s |\n", t.key, t.kind, cell(t.doc))
	}
	p("\n")

	var section func(fs []*field, v reflect.Value, prefix string, level int)
	section = func(fs []*field, v reflect.Value, prefix string, level int) {
		var leaves []*field
		for _, f := range fs {
			if f.kind != nil {
				leaves = append(leaves, f)
			}
		}
		if len(leaves) > 0 {
			p("| key | kind | default | meaning |\n|---|---|---|---|\n")
			for _, f := range leaves {
				def := "—"
				if v.IsValid() {
					def = "`" + f.kind.format(v.FieldByIndex(f.index)) + "`"
				}
				unit := f.kind.name
				if f.kind == moneyKind {
					unit = "money " + f.unit
				}
				p("| `%s` | %s | %s | %s |\n", f.key, cell(unit), cell(def), cell(f.doc))
			}
			p("\n")
		}
		for _, f := range fs {
			if f.kind != nil {
				continue
			}
			path := joinPath(prefix, f.key)
			fv := reflect.Value{}
			if v.IsValid() {
				fv = v.FieldByIndex(f.index)
			}
			p("%s `%s`\n\n%s\n\n", strings.Repeat("#", level), path, f.doc)
			if f.list {
				if fv.IsValid() {
					p("Default: `%s`\n\n", formatList(f, fv))
				}
				p("Each item:\n\n")
				section(f.fields, reflect.Value{}, path+"[]", level+1)
				continue
			}
			section(f.fields, fv, path, level+1)
		}
	}
	p("## Arm sections\n\n")
	section(armSchema, reflect.ValueOf(&def).Elem(), "", 3)

	b.WriteString(caseReference())

	p("## What-if overrides\n\n")
	p("`deploysim run --set path=value` changes one value before the run, with the\n")
	p("same checks and error messages as a file; errors name the override.\n\n")
	p("| override | sets |\n|---|---|\n")
	for _, ex := range [][2]string{
		{"seed=7", "a top-level setting: `seed`, `replications`, `horizon`, `warmup`, `baseline`, `title`, …"},
		{"defaults.work.changes_per_day=25", "a parameter shared by every arm (an arm that sets it keeps its own)"},
		{"arms.quarterly-manual.release.every=30d", "a parameter of the arm named `quarterly-manual` (in epic-vs-continuous)"},
		{"arms.quarterly-manual.pipeline[1].catch_prob=0.9", "one item of a list; an inherited list is copied into the arm first"},
		{"arms.quarterly-manual.recovery.triage.cv=1", "one part of a random duration"},
		{"arms.cd.strategy.steps=[{weight: 10%, bake: 1h}, {weight: 1, bake: 0}]", "a whole list, in YAML flow syntax"},
	} {
		p("| `%s` | %s |\n", cell(ex[0]), cell(ex[1]))
	}
	p("\n## Limits\n\n")
	p("Every value has an upper bound, so that no total can overflow and every\n")
	p("replication ends in seconds; a file beyond them is refused when it is read\n")
	p("(by `validate` as by `run`), with the bound in the message.\n\n")
	p("| what | limit |\n|---|---|\n")
	for _, l := range [][2]string{
		{"a scenario file", fmt.Sprintf("at most %d bytes (1 MiB) of UTF-8 text without control characters; `title`, `story` and `sources` are plain text", maxFileBytes)},
		{"`replications`", fmt.Sprintf("1 to %d", maxReplications)},
		{"`horizon`, `warmup`", "at most 100y each; the default warm-up too"},
		{"every other duration", "at most 100y (the mean of a random duration too); its `cv` at most 10"},
		{"every amount of money", fmt.Sprintf("at most %s a unit (a minute of downtime, an hour of work, a change-day of delay)", sci(models.MaxMoneyRate))},
		{"`money.off_hours_multiplier`", fmt.Sprintf("1 to %d", models.MaxOffHoursMultiplier)},
		{"`work.changes_per_day`", fmt.Sprintf("one change in 100 years (%.3g/day) to 10000/day", minChangesPerDay)},
		{"the work of one replication", fmt.Sprintf("about %s events of one arm, estimated from the rates: changes, release trains, servers deployed, CAB meetings over the warm-up and horizon", sci(maxEventsPerReplication))},
		{"hotfix rounds", fmt.Sprintf("an arm whose incidents would need more than %d hotfix rounds on average to close (`hotfix.defect_prob` near 1, or a manual deploy to so many servers that one is always misconfigured) is refused", maxRepairRounds)},
		{"lists", fmt.Sprintf("at most %d arms, 100 pipeline stages, 100 canary steps, %d freezes", maxArms, maxListItems)},
	} {
		p("| %s | %s |\n", l[0], cell(l[1]))
	}
	p("\n## Uncertain inputs\n\n")
	p("The `uncertain` section states what nobody knows exactly: each key is a\n")
	p("parameter path as `--set` spells it, each value a 90%% interval (the true\n")
	p("value is below `low` one time in twenty and above `high` one time in\n")
	p("twenty) written in the parameter's own units, with an optional `dist`:\n\n")
	p("```yaml\nuncertain:\n")
	p("  defaults.money.loss_per_minute: {low: 500, high: 5000}                  # lognormal\n")
	p("  arms.quarterly-manual.deploy.step_error_prob: {low: 0.1%%, high: 2%%}     # beta\n")
	p("  arms.quarterly-manual.recovery.triage: {low: 30m, high: 4h}             # the mean of a random duration\n")
	p("  arms.quarterly-manual.pipeline[1].catch_prob: {low: 0.5, high: 0.9, dist: uniform}\n")
	p("  case.investment: {low: 200_000, high: 1_000_000}                        # the business case's own\n```\n\n")
	p("| `dist` | default for | notes |\n|---|---|---|\n")
	p("| `lognormal` | durations, money, rates | needs `low` > 0 |\n")
	p("| `beta` | probabilities | needs 0 < `low` ≤ `high` < 1 |\n")
	p("| `triangular` | other numbers | peaked midway between `low` and `high` |\n")
	p("| `uniform` | — | every value between equally likely |\n\n")
	p("`low` must not exceed `high`, and both must be values the parameter\n")
	p("accepts for that arm (the same checks as `--set`). A random duration's path\n")
	p("means its mean (add `.cv` for its spread); a list item is named by its\n")
	p("index. Only numeric parameters can be uncertain. Paths under `case.` belong\n")
	p("to the business case and are checked there. `deploysim sensitivity` moves\n")
	p("each parameter to its `low` and `high` (instead of ±50%%) and ranks the\n")
	p("parameters by how much the result swings.\n")

	p("\n## Errors\n\n")
	p("Every problem is reported, one per line, as `file:line: field: problem`:\n\n")
	p("```\nepic.yaml:14: arms[0].deploy.step_error_prob: must be in [0,1], got 1.5\n")
	p("epic.yaml:7: arms[1].deploy.step_eror_prob: unknown field; did you mean step_error_prob?\n")
	p("--set arms.quarterly-manual.release.every=30x: invalid duration \"30x\" (use e.g. 45m, 8h, 3d, 13w)\n```\n\n")
	p("A value that several arms inherit and that is wrong for all of them is\n")
	p("reported once, where it was written (`defaults.…`).\n")
	return b.Bytes()
}

// sci writes a round number as 1e9.
func sci(x float64) string { return strings.Replace(fmt.Sprintf("%g", x), "e+0", "e", 1) }

// formatList writes a list value in YAML flow syntax.
func formatList(f *field, v reflect.Value) string {
	items := make([]string, v.Len())
	for i := range v.Len() {
		var kv []string
		for _, e := range f.fields {
			kv = append(kv, e.key+": "+e.kind.format(v.Index(i).FieldByIndex(e.index)))
		}
		items[i] = "{" + strings.Join(kv, ", ") + "}"
	}
	return "[" + strings.Join(items, ", ") + "]"
}

// cell escapes text for a Markdown table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
