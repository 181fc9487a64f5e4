package scenarios

import "embed"

// library holds the built-in scenarios, one file each.
//
//go:embed library/*.yaml
var library embed.FS

// defaultsYAML is the project-wide defaults every scenario starts from.
//
//go:embed defaults.yaml
var defaultsYAML []byte

//go:embed template.yaml
var templateYAML []byte

// Template returns a commented scenario file that teaches every section
// and validates as written: what deploysim init writes.
func Template() []byte {
	return append([]byte(nil), templateYAML...)
}

// Defaults returns the project-wide defaults that every scenario starts
// from, with a source or an "assumption" comment for every number.
func Defaults() []byte {
	return append([]byte(nil), defaultsYAML...)
}
