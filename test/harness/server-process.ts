import { spawn, type ChildProcess } from "node:child_process";
import * as readline from "node:readline";

/** A plugin process that serves gRPC and prints its port first, as Pulumi's plugins do. */
export interface ServerProcess {
  child: ChildProcess;
  port: string;
  /** What it printed after its port: stdout lines and stderr, in order. */
  output: string[];
}

/** Runs `node <entry> <args>` in `cwd` and resolves with the port it prints. */
export async function startServer(
  label: string,
  entry: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerProcess> {
  const child = spawn(process.execPath, [entry, ...args], { cwd, env, stdio: "pipe" });
  const output: string[] = [];
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => output.push(chunk));
  const lines = readline.createInterface({ input: child.stdout! });
  const port = await new Promise<string>((resolve, reject) => {
    lines.once("line", (line) => {
      lines.on("line", (more) => output.push(`${more}\n`));
      resolve(line.trim());
    });
    child.once("exit", (code) => reject(new Error(`${label} exited (${code}): ${output.join("")}`)));
  });
  return { child, port, output };
}

/** Closes the client, then ends the process and waits for it. */
export async function stopServer(child: ChildProcess, client: { close(): void }): Promise<void> {
  client.close();
  if (child.exitCode === null) {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill();
    await exited;
  }
}
