/**
 * Secret paths are `/`-separated segments of letters, digits and `._-` (no empty, `.` or `..`
 * segment), so a path means the same thing in the database store and in a Vault URL.
 */
const SEGMENT = /^[A-Za-z0-9._-]+$/;

export function assertSecretPath(path: string): void {
  const segments = path.split("/");
  const valid =
    path.length > 0 && path.length <= 500 && segments.every((s) => SEGMENT.test(s) && s !== "." && s !== "..");
  if (!valid) throw new Error(`Invalid secret path ${JSON.stringify(path)}`);
}
