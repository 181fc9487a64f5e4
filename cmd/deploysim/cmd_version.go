package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/pflag"
)

// version is deploysim's version. It is "dev" unless set at link time:
//
//	go build -ldflags "-X main.version=v1.2.3" ./cmd/deploysim
var version = "dev"

// versionString returns the version: the one set at link time, else the
// main module's version that the go command recorded (go install
// …@v1.2.3, or a pseudo-version from the VCS stamp), else "dev".
func versionString() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}

// buildDetails returns the Go version and platform and, when the go
// command stamped them, the VCS revision and whether the tree was
// modified: "go1.26.0 linux/amd64, commit 8c0da63abcde, modified".
func buildDetails() string {
	parts := []string{runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			switch {
			case s.Key == "vcs.revision":
				parts = append(parts, "commit "+s.Value[:min(12, len(s.Value))])
			case s.Key == "vcs.modified" && s.Value == "true":
				parts = append(parts, "modified")
			}
		}
	}
	return strings.Join(parts, ", ")
}

func versionCommand() *command {
	return &command{
		name:    "version",
		summary: "print deploysim's version",
		long: `Prints deploysim's version, the Go version and platform it was built
with and, if recorded, the commit it was built from.`,
		examples: `  deploysim version`,
		setup: func(fs *pflag.FlagSet) action {
			return func(ctx context.Context, e *env, args []string) error {
				if len(args) > 0 {
					return usagef("takes no arguments, got %s (see deploysim version --help)", strings.Join(args, " "))
				}
				_, err := fmt.Fprintf(e.stdout, "deploysim %s (%s)\n", versionString(), buildDetails())
				return err
			}
		},
	}
}
