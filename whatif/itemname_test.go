package whatif

import (
	"testing"

	"deploysim/models"
)

// TestItemName: a list item is named by its name when every arm that
// moves it names it the same, and left as an index otherwise.
func TestItemName(t *testing.T) {
	a := models.Arm{Name: "a", Pipeline: []models.Stage{{Name: "unit"}, {Name: "manual-regression"}},
		Work: models.Work{Severities: []models.Severity{{Name: "minor"}, {Name: "major"}}}}
	b := models.Arm{Name: "b", Pipeline: []models.Stage{{Name: "unit"}, {Name: "integration"}}}
	arms, involved := []models.Arm{a, b}, []string{"a", "b"}
	for _, tc := range []struct {
		field string
		on    []string
		want  string
	}{
		{"pipeline[1].catch_prob", []string{"a"}, "pipeline.manual-regression.catch_prob"},
		{"pipeline[1].duration.mean", []string{"a"}, "pipeline.manual-regression.duration.mean"},
		{"pipeline[0].catch_prob", []string{"a", "b"}, "pipeline.unit.catch_prob"},
		{"pipeline[1].catch_prob", []string{"a", "b"}, "pipeline[1].catch_prob"}, // named differently
		{"work.severities[1].impact", []string{"a"}, "work.severities.major.impact"},
		{"work.severities[1].impact", []string{"b"}, "work.severities[1].impact"}, // b has none
		{"pipeline[7].catch_prob", []string{"a"}, "pipeline[7].catch_prob"},
		{"deploy.step_error_prob", []string{"a"}, "deploy.step_error_prob"},
	} {
		if got := itemName(tc.field, tc.on, involved, arms); got != tc.want {
			t.Errorf("itemName(%q, %v) = %q, want %q", tc.field, tc.on, got, tc.want)
		}
	}
}
