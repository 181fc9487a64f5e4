# deploysim — build, test and benchmark with nothing but Go installed.
GO      ?= go
PKGS    := ./...
BIN     := bin/deploysim

.PHONY: build test bench demo fmt-check vet clean

build:
	$(GO) build -o $(BIN) ./cmd/deploysim

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

demo: build
	./$(BIN) run

clean:
	rm -rf bin
