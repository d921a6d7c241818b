# The AWS SDK warns once per process that its 2027 releases need Node 22; these machines have Node 20.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = true

.PHONY: install build types docs lint format test demo emulator pack bench shapes clean

# One npm ci: the root, emulator/ (the cloudtrail-emulator package) and policy/ (the policy pack)
# are npm workspaces of one lock file.
install:
	npm ci --no-audit --no-fund

# tsc -b builds the emulator's package first (a project reference), then the root; then the
# validators precompiled from schema.json (scripts/gen-validators.ts).
build:
	npm run build

# The generated reference pages (docs/<kind>.md, docs/types.md, docs/functions.md:
# scripts/gen-docs.ts), after a change to the sdk's JSDoc, schema.json or scripts/docs/. Not part
# of the build, so that test/docs fails on a page left stale instead of rewriting it.
docs: types
	node dist/scripts/gen-docs.js

# sdk/inputs.ts, each resource kind's inputs as TypeScript, from schema.json
# (scripts/gen-input-types.ts), after a change to schema.json. Committed like docs/, so that an
# editor and the lint see the types without a build; test/docs fails on a file left stale.
types: build
	node dist/scripts/gen-input-types.js
	npx tsc -b tsconfig.json

lint:
	npx eslint .
	npx prettier --check .

format:
	npx prettier --write .

# Lint, type check (the build) and the whole mocha suite. Lint and build run side by side: each
# uses about one core.
test:
	$(MAKE) --no-print-directory --output-sync=target -j2 lint build
	npx mocha

# The main job: the emulator on a free port, both examples deployed to it (second up and refresh: no change), audit events sent and queried back.
demo: pack
	node dist/scripts/demo.js

# Both packages as npm would publish them, as pulumi-cloudtrail.tgz and cloudtrail-emulator.tgz:
# what examples/ install (the build ran already, so npm's prepack is skipped).
pack: build
	mv "$$(npm pack --silent --ignore-scripts)" pulumi-cloudtrail.tgz
	mv "$$(npm pack --silent --ignore-scripts --workspace emulator)" cloudtrail-emulator.tgz

# The emulator in the foreground; `make emulator PORT=4570` for another port.
PORT ?= 4566
emulator: build
	node emulator/dist/cli.js --port $(PORT)

# Six groups of figures measured side by side (docs/benchmarks.md); a few minutes, no network.
bench: build
	node dist/bench/convergence.js
	node dist/bench/cold-start.js
	node dist/bench/provider-cost.js
	@echo "5. The emulator: throughput, bounded cost, signature verification; Lake ingestion and queries"
	node dist/bench/emulator.js
	node dist/bench/rejected-requests.js
	node dist/bench/lake.js
	node dist/bench/lake-query.js
	@echo "Trail delivery: cost per event delivered, per digest, and with 20,000 events delivered before"
	node dist/bench/delivery.js
	node dist/bench/lake-bounds.js
	@echo "validate(): first call in a fresh process against a warm call"
	node dist/bench/validate.js
	@echo "6. What installing the packages costs a project"
	node dist/bench/install-size.js
	@echo "validateLogs(): log files validated per second, from files the emulator delivered"
	node dist/bench/validate-logs.js

# Regenerates emulator/shapes.json from ../shared/reference/aws-models and the installed SDK's schema.
shapes: build
	node scripts/gen-emulator-shapes.mjs

clean:
	rm -rf dist emulator/dist pulumi-cloudtrail.tgz cloudtrail-emulator.tgz
