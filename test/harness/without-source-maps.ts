// Imported first by run.ts, before Pulumi and gRPC load. The engine's process inherits the test
// process's --enable-source-maps, and Pulumi records a stack trace for each of its promises
// (`debuggablePromise`): with source maps on, each module's map is parsed as it loads (the
// program's on every run) and every one of those stacks is mapped, for stacks no test reads.
process.setSourceMapsEnabled(false);
