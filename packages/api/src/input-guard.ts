import { badRequest, type DomainError } from "./errors.js";

/**
 * One rule for every procedure, before its schema runs: text is Unicode text. PostgreSQL refuses
 * NUL (SQLSTATE 22021), and the other control characters have no place in names, subjects or
 * addresses (they corrupt logs, terminals and mail headers), so C0 controls other than tab, line
 * feed and carriage return, DEL, C1 controls and unpaired surrogates are refused with a field
 * error naming where they are. A `__proto__` key is refused too: no schema has that field, and an
 * object carrying it as its own key changes meaning when copied with spread or Object.assign.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are exactly the characters refused.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any input of the contract; deeper input is refused before anything walks it. */
export const MAX_INPUT_DEPTH = 32;

function problemIn(text: string): string | null {
  if (CONTROL_CHARACTERS.test(text)) return "must not contain control characters";
  if (UNPAIRED_SURROGATE.test(text)) return "must be valid Unicode text (no unpaired surrogates)";
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** The first problem in `value`: where it is and what is wrong, or null when the input is clean. */
export function findInputProblem(value: unknown, path = "", depth = 0): { path: string; message: string } | null {
  if (typeof value === "string") {
    const message = problemIn(value);
    return message ? { path: path || "(input)", message } : null;
  }
  if (value === null || typeof value !== "object" || value instanceof Date) return null;
  if (depth >= MAX_INPUT_DEPTH)
    return { path: path || "(input)", message: `must not nest deeper than ${MAX_INPUT_DEPTH}` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findInputProblem(value[i], join(path, String(i)), depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    if (key === "__proto__") return { path: join(path, key), message: "is not an accepted field" };
    const keyProblem = problemIn(key);
    if (keyProblem) return { path: path || "(input)", message: `has a field name that ${keyProblem}` };
    const found = findInputProblem((value as Record<string, unknown>)[key], join(path, key), depth + 1);
    if (found) return found;
  }
  return null;
}

/** The BAD_REQUEST for an input `findInputProblem` objects to, or null. */
export function inputProblemError(input: unknown): DomainError | null {
  const problem = findInputProblem(input);
  if (!problem) return null;
  return badRequest(`Invalid input: ${problem.path} ${problem.message}`, { [problem.path]: [problem.message] });
}
