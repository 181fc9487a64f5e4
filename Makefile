# deploysim — build, test and benchmark with nothing but Go installed.
GO      ?= go
PKGS    := ./...
BIN     := bin/deploysim
# make build VERSION=v1.2.3 stamps a version; without it deploysim reports
# the go command's build information, or "dev".
VERSION ?=
LDFLAGS := $(if $(VERSION),-ldflags "-X main.version=$(VERSION)")

# RACE_PKGS and RACE_RUN select what the race detector checks: the code
# with goroutines (the replication runner, signal handling and the
# interrupted run). Add a package with concurrency (a server) here; running
# every statistical test under -race would take minutes and find nothing.
RACE_PKGS := ./sim ./cmd/deploysim ./bizcase ./web ./whatif
RACE_RUN  := Replicate|Interrupt|Signal|Stop|Concurrent|Busy|Prefetch

.PHONY: build test test-slow bench demo fmt-check vet clean

build:
	$(GO) build $(LDFLAGS) -o $(BIN) ./cmd/deploysim

# make test, the fast tier (under a minute on 2 cores): formatting, vet,
# every test once with -short, then the concurrent tests again under the
# race detector. -short skips the long statistical checks (a test guards
# itself with testing.Short); make test-slow runs them, and CI (.ci/run)
# runs both tiers.
test: fmt-check vet
	$(GO) test -short -count=1 $(PKGS)
	$(GO) test -short -race -count=1 -run '$(RACE_RUN)' $(RACE_PKGS)

# make test-slow, the slow tier: every test without -short, the long
# statistical checks (M/M/1 at ρ = 0.9, the built-in scenarios' claims,
# every built-in's figures) included.
test-slow:
	$(GO) test -count=1 $(PKGS)

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

# make bench: the engine, model and what-if benchmarks, with allocation figures.
bench:
	@$(GO) test -run '^$$' -bench . -benchmem -count=1 ./sim ./models ./whatif | tee bench.out
	@awk -f .ci/bench-ratios.awk bench.out; rm -f bench.out

# make demo: the default scenario, as a trainer first runs it.
# make demo ARGS="knight-capital-2012 -n 1000" runs another.
demo: build
	./$(BIN) run $(ARGS)

clean:
	rm -rf bin
