#!/usr/bin/env node
// `npx cloudtrail-emulator` where only pulumi-cloudtrail is installed: the emulator is a package of
// its own since 0.2 (pulumi-cloudtrail no longer ships DuckDB and a server to every Pulumi
// program). npm links whichever package's bin comes last when both are installed, so this also
// hands over to the real emulator when it is there.
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";

function emulatorCli(): string | undefined {
  try {
    const manifest = require.resolve("cloudtrail-emulator/package.json", {
      paths: [process.cwd(), __dirname],
    });
    const { bin } = JSON.parse(fs.readFileSync(manifest, "utf8")) as { bin: Record<string, string> };
    return path.join(path.dirname(manifest), bin["cloudtrail-emulator"]);
  } catch {
    return undefined;
  }
}

const cli = emulatorCli();
if (cli) {
  void import(pathToFileURL(cli).href);
} else {
  process.stderr.write(
    "cloudtrail-emulator is a separate package: pulumi-cloudtrail no longer includes the emulator.\n" +
      "Add it to your project as a dev dependency, then run it again:\n" +
      "  npm install --save-dev cloudtrail-emulator\n" +
      "  npx cloudtrail-emulator --port 4566\n",
  );
  process.exitCode = 1;
}
