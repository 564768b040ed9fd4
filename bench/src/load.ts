import autocannon from "autocannon";

export interface LoadResult {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

/** One autocannon run against `url`; requests/s is the mean over the run. */
export async function load(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections,
    duration: options.seconds,
    headers: options.headers ?? {},
  });
  // A run that counted error answers measures the error path: refuse to report it.
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0) {
    const statuses = Object.entries(result.statusCodeStats ?? {})
      .map(([status, stats]) => `${status}×${stats.count}`)
      .join(", ");
    throw new Error(
      `${url}: ${result.non2xx} non-2xx answers (${statuses}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** Runs the targets in alternating rounds, so drift of a noisy machine hits all of them alike; keeps each target's median round. */
export async function sideBySide(
  targets: Record<string, () => Promise<LoadResult>>,
  rounds: number,
): Promise<Record<string, LoadResult>> {
  const runs: Record<string, LoadResult[]> = {};
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(targets)) {
      const list = runs[name] ?? [];
      list.push(await run());
      runs[name] = list;
    }
  }
  return Object.fromEntries(
    Object.entries(runs).map(([name, list]) => {
      const rps = median(list.map((r) => r.requestsPerSec));
      const pick = list.find((r) => r.requestsPerSec === rps) ?? list[0];
      return [
        name,
        {
          requestsPerSec: Math.round(rps),
          p50Ms: median(list.map((r) => r.p50Ms)),
          p99Ms: median(list.map((r) => r.p99Ms)),
          errors: list.reduce((sum, r) => sum + r.errors, 0),
          non2xx: list.reduce((sum, r) => sum + r.non2xx, 0) + (pick ? 0 : 0),
        },
      ];
    }),
  );
}
