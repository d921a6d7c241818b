# The AWS SDK warns once per process that its 2027 releases need Node 22; these machines have Node 20.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = true

.PHONY: install build lint format test demo emulator pack bench shapes clean

# The policy pack (policy/) is a project of its own, as `pulumi preview --policy-pack policy` runs it.
install:
	npm ci --no-audit --no-fund
	npm ci --prefix policy --no-audit --no-fund

# tsc, then the validators precompiled from schema.json (scripts/gen-validators.ts).
build:
	npx tsc -p tsconfig.json
	node dist/scripts/gen-validators.js

lint:
	npx eslint .
	npx prettier --check .

format:
	npx prettier --write .

# Lint, type check (the build) and the whole mocha suite.
test: lint build
	npx mocha

# The main job: the emulator on a free port, both examples deployed to it (second up and refresh: no change), audit events sent and queried back.
demo: pack
	node dist/scripts/demo.js

# The package as npm would publish it, as pulumi-cloudtrail.tgz: what examples/ install.
pack: build
	mv "$$(npm pack --silent)" pulumi-cloudtrail.tgz

# The emulator in the foreground; `make emulator PORT=4570` for another port.
PORT ?= 4566
emulator: build
	node dist/emulator/cli.js --port $(PORT)

# Five groups of figures measured side by side (README: Benchmarks); a few minutes, no network.
bench: build
	node dist/bench/convergence.js
	node dist/bench/cold-start.js
	node dist/bench/provider-cost.js
	@echo "5. The emulator: throughput, bounded cost, signature verification; Lake ingestion and queries"
	node dist/bench/emulator.js
	node dist/bench/lake.js
	node dist/bench/lake-query.js
	@echo "Trail delivery: cost per event delivered, per digest, and with 20,000 events delivered before"
	node dist/bench/delivery.js
	@echo "validate(): first call in a fresh process against a warm call"
	node dist/bench/validate.js
	@echo "validateLogs(): log files validated per second, from files the emulator delivered"
	node dist/bench/validate-logs.js

# Regenerates emulator/shapes.json from ../shared/reference/aws-models and the installed SDK's schema.
shapes: build
	node scripts/gen-emulator-shapes.mjs

clean:
	rm -rf dist pulumi-cloudtrail.tgz
