package render

import "testing"

func TestCodeSpans(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"after `day_start`, at most `24:00`.", "after <code>day_start</code>, at most <code>24:00</code>."},
		{"`<b>` & one ` alone", "<code>&lt;b&gt;</code> &amp; one ` alone"},
	} {
		if got := string(codeSpans(tc.in)); got != tc.want {
			t.Errorf("codeSpans(%q): got %q, want %q", tc.in, got, tc.want)
		}
	}
}
