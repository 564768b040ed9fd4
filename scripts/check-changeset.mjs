#!/usr/bin/env node
// Fails when a published package's source changed since a base ref without a new changeset
// naming it, so every user-visible change reaches its CHANGELOG and version.
// Base: $CHANGESET_BASE, else origin/main when it exists, else the check is skipped.
// Compares the merge base with the working tree, so uncommitted and untracked files count too.
// Usage: CHANGESET_BASE=origin/main node scripts/check-changeset.mjs
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
/** The published packages and where their source lives. */
const PUBLISHED = [
  { name: "@outbound/sdk", source: "packages/sdk/src/" },
  { name: "@outbound/testkit", source: "packages/testkit/src/" },
];

function git(...args) {
  const result = spawnSync("git", args, { cwd: root, encoding: "utf8" });
  return { ok: result.status === 0, out: result.stdout.trim(), err: result.stderr.trim() };
}

const lines = (text) => text.split("\n").filter(Boolean);

// Every pending changeset must keep the front matter `changeset version` reads; a file whose
// front matter was reformatted (for example into a Markdown heading) bumps nothing, silently.
const pending = lines(git("ls-files", "--cached", "--others", "--exclude-standard", ".changeset").out).filter(
  (file) => file.endsWith(".md") && file !== ".changeset/README.md",
);
const malformed = pending.filter((file) => {
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(readFileSync(join(root, file), "utf8"))?.[1];
  return (
    !frontMatter ||
    !lines(frontMatter).every((line) => /^\s*["']?@outbound\/[\w-]+["']?\s*:\s*(patch|minor|major)\s*$/.test(line))
  );
});
if (malformed.length > 0) {
  console.error(`check-changeset: no valid front matter (---, "@outbound/<package>": patch|minor|major, ---) in:`);
  for (const file of malformed) console.error(`  ${file}`);
  process.exit(1);
}

let base = process.env.CHANGESET_BASE;
if (!base) {
  if (!git("rev-parse", "--verify", "--quiet", "origin/main").ok) {
    console.log("check-changeset: skipped, no CHANGESET_BASE and no origin/main to compare with");
    process.exit(0);
  }
  base = "origin/main";
}
const mergeBase = git("merge-base", base, "HEAD");
if (!mergeBase.ok) {
  console.error(`check-changeset: cannot compare with ${base}: ${mergeBase.err || "no common ancestor"}`);
  process.exit(1);
}

const changed = lines(git("diff", "--name-only", mergeBase.out).out);
const added = lines(git("diff", "--name-only", "--diff-filter=A", mergeBase.out).out);
const untracked = lines(git("ls-files", "--others", "--exclude-standard").out);

const touched = [...new Set([...changed, ...untracked])];
const newChangesets = [...new Set([...added, ...untracked])].filter(
  (file) => /^\.changeset\/[^/]+\.md$/.test(file) && file !== ".changeset/README.md",
);

/** A changeset names each package it bumps in its front matter: `"@outbound/sdk": minor`. */
function bumps(file, name) {
  const text = readFileSync(join(root, file), "utf8");
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "";
  return new RegExp(`^\\s*["']?${name}["']?\\s*:\\s*(patch|minor|major)\\s*$`, "m").test(frontMatter);
}

let missing = 0;
for (const { name, source } of PUBLISHED) {
  const changes = touched.filter((file) => file.startsWith(source));
  if (changes.length === 0) {
    console.log(`check-changeset: ok, nothing under ${source} changed since ${base}`);
    continue;
  }
  const naming = newChangesets.filter((file) => bumps(file, name));
  if (naming.length > 0) {
    console.log(`check-changeset: ok, ${changes.length} ${name} source file(s) changed, with ${naming.join(", ")}`);
    continue;
  }
  missing++;
  console.error(`check-changeset: ${name} source changed since ${base} without a changeset:`);
  for (const file of changes.slice(0, 20)) console.error(`  ${file}`);
  if (changes.length > 20) console.error(`  … and ${changes.length - 20} more`);
  if (newChangesets.length > 0) console.error(`New changesets (${newChangesets.join(", ")}) don't bump ${name}.`);
  console.error(`Run \`pnpm changeset\`, pick ${name}, choose the bump and describe the change for users.`);
}
process.exit(missing > 0 ? 1 : 0);
