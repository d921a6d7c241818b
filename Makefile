# The AWS SDK warns once per process that its 2027 releases need Node 22; these machines have Node 20.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = true

.PHONY: install build lint format test demo emulator bench shapes clean

install:
	npm ci --no-audit --no-fund

build:
	npx tsc -p tsconfig.json

lint:
	npx eslint .
	npx prettier --check .

format:
	npx prettier --write .

# Lint, type check (the build) and the whole mocha suite.
test: lint build
	npx mocha

# The main job: the emulator on a free port and a trail lifecycle against it.
demo: build
	node dist/scripts/demo.js

emulator: build
	node dist/emulator/cli.js --port 4566

bench: build
	node dist/bench/validate.js
	node dist/bench/lake.js
	node dist/bench/lake-query.js

# Regenerates emulator/shapes.json from ../shared/reference/aws-models and the installed SDK's schema.
shapes: build
	node scripts/gen-emulator-shapes.mjs

clean:
	rm -rf dist
