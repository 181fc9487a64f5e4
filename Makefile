# deploysim — build, test and benchmark with nothing but Go installed.
GO      ?= go
PKGS    := ./...
BIN     := bin/deploysim
# make build VERSION=v1.2.3 stamps a version; without it deploysim reports
# the go command's build information, or "dev".
VERSION ?=
LDFLAGS := $(if $(VERSION),-ldflags "-X main.version=$(VERSION)")

.PHONY: build test bench demo fmt-check vet clean

build:
	$(GO) build $(LDFLAGS) -o $(BIN) ./cmd/deploysim

# make test: formatting, vet, then every test with the race detector.
test: fmt-check vet
	$(GO) test -race -count=1 $(PKGS)

fmt-check:
	@out=$$(gofmt -l .); \
	if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(PKGS)

# make bench: the engine and model benchmarks, with allocation figures.
bench:
	@$(GO) test -run '^$$' -bench . -benchmem -count=1 ./sim ./models | tee bench.out
	@awk -f .ci/bench-ratios.awk bench.out; rm -f bench.out

# make demo: the default scenario, as a trainer first runs it.
# make demo ARGS="knight-capital-2012 -n 1000" runs another.
demo: build
	./$(BIN) run $(ARGS)

clean:
	rm -rf bin
