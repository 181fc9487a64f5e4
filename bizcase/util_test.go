package bizcase

import (
	"strconv"
	"strings"
)

func scenariosNumber(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func contains(s, sub string) bool { return strings.Contains(s, sub) }
