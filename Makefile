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

.PHONY: build test test-slow bench demo fmt-check vet clean release

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

# make bench: the engine, model and what-if benchmarks, with allocation
# figures, then each ratio the issues set a target for with its verdict,
# pass or FAIL; make bench fails if a target is missed.
bench:
	@$(GO) test -run '^$$' -bench . -benchmem -count=1 ./sim ./models ./whatif | tee bench.out
	@status=0; awk -f .ci/bench-ratios.awk bench.out || status=$$?; rm -f bench.out; exit $$status

# make demo: the default scenario, as a trainer first runs it.
# make demo ARGS="knight-capital-2012 -n 1000" runs another.
demo: build
	./$(BIN) run $(ARGS)

# make release VERSION=v1.2.3: deploysim for every platform in PLATFORMS,
# built with nothing but Go (CGO_ENABLED=0, so no C toolchain per target),
# the version stamped with -X main.version, into dist/ with SHA256SUMS
# beside them (check a download with sha256sum -c SHA256SUMS
# --ignore-missing). Without VERSION the version is git describe's, or
# "dev". make release PLATFORMS="linux/arm64" builds one.
PLATFORMS ?= linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
RELEASE_VERSION = $(or $(VERSION),$(shell git describe --tags --always --dirty 2>/dev/null),dev)
SHA256SUM ?= $(shell command -v sha256sum >/dev/null 2>&1 && echo sha256sum || echo "shasum -a 256")

release:
	@rm -rf dist && mkdir -p dist
	@set -e; for p in $(PLATFORMS); do \
		os=$${p%/*}; arch=$${p#*/}; ext=; [ "$$os" = windows ] && ext=.exe; \
		out=dist/deploysim-$(RELEASE_VERSION)-$$os-$$arch$$ext; \
		echo "$$out"; \
		CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath \
			-ldflags "-X main.version=$(RELEASE_VERSION)" -o $$out ./cmd/deploysim; \
	done
	@cp LICENSE dist/
	@cd dist && $(SHA256SUM) deploysim-* LICENSE > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf bin dist
