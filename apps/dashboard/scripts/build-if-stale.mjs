// Builds the dashboard unless dist/ is newer than every source file, so `pnpm start` from a
// fresh clone serves /app and a restart doesn't rebuild for nothing.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const built = join(root, "dist/index.html");

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

const inputs = ["src", "index.html", "vite.config.ts", "package.json"].map((p) => join(root, p)).filter(existsSync);
const stale = !existsSync(built) || Math.max(...inputs.map(newest)) > statSync(built).mtimeMs;
if (stale) {
  process.stdout.write("Building the dashboard (apps/dashboard)…\n");
  const result = spawnSync("pnpm", ["exec", "vite", "build", "--logLevel", "warn"], { cwd: root, stdio: "inherit" });
  process.exit(result.status ?? 1);
}
