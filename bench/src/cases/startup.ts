import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const serverDir = fileURLToPath(new URL("../../../apps/server/", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

/** Milliseconds from spawning the real server entry point to its first 200 on /readyz. */
export async function timeToReady(env: Record<string, string>): Promise<number> {
  const started = performance.now();
  const child = spawn(tsx, ["src/main.ts"], {
    cwd: serverDir,
    // A fixed throw-away secret-store key: on PostgreSQL the server refuses to start without one.
    env: {
      ...process.env,
      SECRET_KEY: "0".repeat(64),
      ...env,
      PORT: "0",
      LOG_LEVEL: "silent",
      SEED_DEMO: "false",
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk) => {
        out += String(chunk);
        const match = /Outbound API on (\S+)\/trpc/.exec(out);
        if (match?.[1]) resolve(match[1]);
      });
      child.on("exit", (code) => reject(new Error(`server exited with ${code}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/readyz`).catch(() => null);
      if (res?.status === 200) return Math.round(performance.now() - started);
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    await new Promise<void>((resolve) => {
      child.on("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
