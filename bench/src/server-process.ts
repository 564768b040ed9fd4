import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const tsx = fileURLToPath(new URL("../node_modules/.bin/tsx", import.meta.url));

export interface ServerProcess {
  url: string;
  pid: number;
  /** Resident set size of the server process now, in MiB. */
  rssMiB(): number;
  stop(): Promise<void>;
}

/** Starts `script` under tsx with `env`, and waits for it to print `listening <port>`. */
export async function startServer(
  script: string,
  env: Record<string, string>,
  options: { nodeArgs?: string[] } = {},
): Promise<ServerProcess> {
  const file = fileURLToPath(new URL(script, import.meta.url));
  // With node flags (a CPU profile), node runs the script itself with tsx as a loader: no grandchild.
  const child: ChildProcess = options.nodeArgs
    ? spawn(process.execPath, [...options.nodeArgs, "--import", "tsx", file], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "inherit"],
      })
    : spawn(tsx, [file], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code} before listening`)));
  });
  const pid = options.nodeArgs ? (child.pid ?? 0) : serverPid(child);
  return {
    url: `http://127.0.0.1:${port}`,
    pid,
    rssMiB: () => rssOf(pid),
    stop: () =>
      new Promise((resolve) => {
        child.on("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** tsx runs the script in a child of its own; the server is that grandchild. */
function serverPid(child: ChildProcess): number {
  const parent = child.pid ?? 0;
  try {
    const children = readFileSync(`/proc/${parent}/task/${parent}/children`, "utf8").trim().split(/\s+/);
    const first = Number(children[0]);
    return Number.isFinite(first) && first > 0 ? first : parent;
  } catch {
    return parent;
  }
}

export function rssOf(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}
