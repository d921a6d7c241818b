import { spawn, type ChildProcess } from "node:child_process";
import { Agent } from "node:http";
import { dirname, join } from "node:path";

/** An emulator in a process of its own (the installed package's CLI), and a keep-alive agent to it. */
export type EmulatorProcess = { child: ChildProcess; port: number; agent: Agent };

/**
 * Starts `cloudtrail-emulator` on a free port with rate limits off and `args`, and resolves once it
 * prints its address; the agent keeps up to `maxSockets` connections open.
 */
export async function startEmulatorProcess(args: string[], maxSockets: number): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      join(dirname(require.resolve("cloudtrail-emulator/package.json")), "dist", "cli.js"),
      "--port",
      "0",
      "--rate-scale",
      "0",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(d.toString());
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return { child, port, agent: new Agent({ keepAlive: true, maxSockets }) };
}
