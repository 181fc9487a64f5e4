package main

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"deploysim/scenarios"
)

// YAML 1.1's resolvers for the plain scalars whose reading differs from
// the text deploysim wrote, from the type definitions of YAML 1.1
// (yaml.org/type/int.html, float.html, bool.html), which PyYAML and most
// YAML 1.1 tools implement: base-60 integers and floats (17:00 is 1020),
// octal integers (010 is 8), and the booleans YAML 1.2 dropped.
var (
	yaml11Sexagesimal = regexp.MustCompile(`^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$`)
	yaml11Octal       = regexp.MustCompile(`^[-+]?0[0-7_]+$`)
	yaml11Bool        = regexp.MustCompile(`^(y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF)$`)
	timeOfDayText     = regexp.MustCompile(`^[0-9]{1,2}:[0-9]{2}$`)
	quotedDayStart    = regexp.MustCompile(`\bday_start: "[0-9]{2}:[0-9]{2}"`)
)

// yaml11Reading returns how a YAML 1.1 reader reads a plain scalar, and
// whether that differs from the text (which deploysim's loader reads).
func yaml11Reading(s string) (string, bool) {
	switch {
	case yaml11Sexagesimal.MatchString(s):
		// Base 60: each part after a colon is a digit of base 60.
		whole, frac, _ := strings.Cut(strings.ReplaceAll(s, "_", ""), ".")
		sign := 1.0
		if whole[0] == '-' || whole[0] == '+' {
			sign, whole = map[byte]float64{'-': -1, '+': 1}[whole[0]], whole[1:]
		}
		x := 0.0
		for _, part := range strings.Split(whole, ":") {
			d, _ := strconv.Atoi(part)
			x = x*60 + float64(d)
		}
		if frac != "" {
			f, _ := strconv.ParseFloat("0."+frac, 64)
			x += f
		}
		return strconv.FormatFloat(sign*x, 'g', -1, 64), true
	case yaml11Octal.MatchString(s) && len(strings.Trim(s, "-+_")) > 1:
		n, _ := strconv.ParseInt(strings.ReplaceAll(strings.TrimLeft(s, "+"), "_", ""), 8, 64)
		return strconv.FormatInt(n, 10), true
	case yaml11Bool.MatchString(s):
		return strconv.FormatBool(strings.ContainsAny(s[:1], "yYoO") && s != "off" && s != "Off" && s != "OFF"), true
	}
	return s, false
}

// checkYAML11 reports every value in a scenario file that a YAML 1.1
// reader would read as something other than deploysim does, and every time
// of day that is not quoted.
func checkYAML11(t *testing.T, what, text string) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		switch n.Kind {
		case yaml.DocumentNode, yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, path+"["+strconv.Itoa(i)+"]")
			}
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				walk(n.Content[i+1], path+"."+n.Content[i].Value)
			}
		case yaml.ScalarNode:
			if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) != 0 {
				return
			}
			if timeOfDayText.MatchString(n.Value) {
				t.Errorf("%s: line %d: %s: the time of day %s is not quoted", what, n.Line, path, n.Value)
			}
			if got, changed := yaml11Reading(n.Value); changed {
				t.Errorf("%s: line %d: %s: a YAML 1.1 reader reads %s as %s", what, n.Line, path, n.Value, got)
			}
		}
	}
	walk(&doc, "")
}

func TestYAML11Reading(t *testing.T) {
	for _, c := range []struct {
		in, want string
		changed  bool
	}{
		{"17:00", "1020", true},
		{"09:00", "540", true},
		{"1:30.5", "90.5", true},
		{"-1:00", "-60", true},
		{"010", "8", true},
		{"0", "0", false},
		{"no", "false", true},
		{"on", "true", true},
		{"off", "false", true},
		{"Y", "true", true},
		{"true", "true", false},
		{"17h", "17h", false},
		{"0.125", "0.125", false},
		{"2h30m", "2h30m", false},
	} {
		got, changed := yaml11Reading(c.in)
		if got != c.want || changed != c.changed {
			t.Errorf("yaml11Reading(%q) = %q, %v; want %q, %v", c.in, got, changed, c.want, c.changed)
		}
	}
}

// TestShowSurvivesYAML11 checks that what show and init write reads the
// same in a YAML 1.1 reader (PyYAML, which reads an unquoted day_end: 17:00
// as 1020) as in deploysim: every time of day quoted, as defaults.yaml
// writes them, and no other value a YAML 1.1 reader reads differently.
// TestShowRoundTrip and TestShowChanged check that the output loads back
// the same scenario in deploysim's own loader.
func TestShowSurvivesYAML11(t *testing.T) {
	for _, name := range scenarios.List() {
		for _, args := range [][]string{{"show", name}, {"show", name, "--changed"}} {
			r := cli(t, args...)
			if r.code != exitOK {
				t.Fatalf("%v: status %d: %s", args, r.code, r.stderr)
			}
			checkYAML11(t, strings.Join(args, " "), r.stdout)
			if len(args) == 2 && !quotedDayStart.MatchString(r.stdout) {
				t.Errorf("%v: no quoted day_start in the full listing", args)
			}
		}
	}
	checkYAML11(t, "init", string(scenarios.Template()))
	checkYAML11(t, "init --case", string(scenarios.CaseTemplate()))
}
