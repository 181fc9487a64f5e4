package golden

import "testing"

func TestRoundFloats(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"mean": 0.12345678901234}`, `{"mean": 0.123456789}`},
		{"a,1.0000000000000002,b", "a,1,b"},
		{"3.5e-07 and 42", "3.5e-07 and 42"},
		{"no numbers", "no numbers"},
	} {
		if got := string(RoundFloats([]byte(tc.in))); got != tc.want {
			t.Errorf("RoundFloats(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
