import { createHash } from "node:crypto";
import { badRequest } from "../../errors.js";

/**
 * The template language, as pure functions (no database):
 * - `{{name}}` inserts a variable, `{{name|fallback}}` uses `fallback` when the value is empty
 *   or the variable is not known; whitespace around the name and the fallback is ignored.
 * - `{a|b|c}` (spintax) picks one option; options nest (`{Hi {there|you}|Hello}`).
 * - A brace pair with no `|` at its own level stays literal text, braces included, so the CSS
 *   of an HTML template (`p { margin: 0 }`) survives. `\{`, `\}` and `\|` are literal characters.
 * - Braces must balance; `{{{x}}|y}` opens a spintax whose first option starts with `{{x}}`.
 */
export type TemplateNode =
  | { kind: "text"; text: string }
  | { kind: "variable"; name: string; fallback: string | null }
  | { kind: "spin"; options: TemplateNode[][] }
  | { kind: "group"; children: TemplateNode[] };

export interface ParsedTemplate {
  nodes: TemplateNode[];
  /** Syntax problems (unbalanced braces, malformed variables), each naming where it is. */
  problems: string[];
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ESCAPABLE = new Set(["{", "}", "|"]);

/** 1-based line and column of `offset`, as people count them in an editor. */
function locate(source: string, offset: number): string {
  const before = source.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `line ${line}, column ${column}`;
}

class Parser {
  private pos = 0;
  readonly problems: string[] = [];

  constructor(private readonly source: string) {}

  parse(): TemplateNode[] {
    const { options } = this.body(false);
    return options[0] ?? [];
  }

  /** Reads up to the `}` that closes the current brace (or the end); `|` splits options only inside braces. */
  private body(inBraces: boolean): { options: TemplateNode[][]; closed: boolean } {
    const s = this.source;
    const options: TemplateNode[][] = [[]];
    let text = "";
    const current = () => options[options.length - 1] as TemplateNode[];
    const flush = () => {
      if (text) current().push({ kind: "text", text });
      text = "";
    };
    while (this.pos < s.length) {
      const c = s[this.pos] as string;
      const next = s[this.pos + 1];
      if (c === "\\" && next !== undefined && ESCAPABLE.has(next)) {
        text += next;
        this.pos += 2;
      } else if (c === "{" && next === "{" && s[this.pos + 2] !== "{") {
        flush();
        const variable = this.variable();
        if (variable) current().push(variable);
      } else if (c === "{") {
        flush();
        const start = this.pos;
        this.pos++;
        const inner = this.body(true);
        if (!inner.closed) this.problems.push(`unbalanced braces: the "{" at ${locate(s, start)} is never closed`);
        current().push(
          inner.options.length > 1
            ? { kind: "spin", options: inner.options }
            : { kind: "group", children: inner.options[0] ?? [] },
        );
      } else if (c === "}") {
        if (inBraces) {
          flush();
          this.pos++;
          return { options, closed: true };
        }
        this.problems.push(`unbalanced braces: the "}" at ${locate(s, this.pos)} closes nothing`);
        text += c;
        this.pos++;
      } else if (c === "|" && inBraces) {
        flush();
        options.push([]);
        this.pos++;
      } else {
        text += c;
        this.pos++;
      }
    }
    flush();
    return { options, closed: false };
  }

  /** At `{{`: the variable up to the first `}}`, or null (with a problem) when it is malformed. */
  private variable(): TemplateNode | null {
    const s = this.source;
    const start = this.pos;
    const end = s.indexOf("}}", start + 2);
    if (end < 0) {
      this.problems.push(`unbalanced braces: the "{{" at ${locate(s, start)} is never closed`);
      this.pos = s.length;
      return null;
    }
    this.pos = end + 2;
    const inner = s.slice(start + 2, end);
    const bar = inner.indexOf("|");
    const name = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const fallback = bar < 0 ? null : inner.slice(bar + 1).trim();
    if (!VARIABLE_NAME.test(name) || inner.includes("{")) {
      this.problems.push(`malformed variable "{{${inner}}}" at ${locate(s, start)}: use {{name}} or {{name|fallback}}`);
      return null;
    }
    return { kind: "variable", name, fallback };
  }
}

export function parseTemplate(source: string): ParsedTemplate {
  const parser = new Parser(source);
  const nodes = parser.parse();
  return { nodes, problems: parser.problems };
}

/** Every variable the nodes use without a fallback, in every spintax option (chosen or not). */
function requiredVariables(nodes: TemplateNode[], out = new Set<string>()): Set<string> {
  for (const node of nodes) {
    if (node.kind === "variable" && node.fallback === null) out.add(node.name);
    else if (node.kind === "spin") for (const option of node.options) requiredVariables(option, out);
    else if (node.kind === "group") requiredVariables(node.children, out);
  }
  return out;
}

/** Content counts as HTML when it holds a tag or a doctype; plain text with a stray `<` does not. */
export function isHtml(content: string): boolean {
  return /<!doctype\s|<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i.test(content);
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

/** mulberry32: tiny, fast, and the same sequence everywhere for the same seed. */
function seededRandom(seed: string): () => number {
  let state = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * What spintax choices hang on: the template and the lead, so a lead always reads the same
 * text; without a lead, the given values (order-insensitive).
 */
export function renderSeed(templateId: string, recipient: { leadId?: string | undefined; values?: Variables }): string {
  if (recipient.leadId) return `${templateId}:lead:${recipient.leadId}`;
  const entries = Object.entries(recipient.values ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const digest = createHash("sha256").update(JSON.stringify(entries)).digest("hex");
  return `${templateId}:values:${digest}`;
}

/** Variable values by name; null or "" is a known variable without a value (its fallback applies). */
export type Variables = Record<string, string | null | undefined>;

/** First name is the first word of the name, last name the rest ("Vincent van Gogh" → "van Gogh"). */
export function splitName(name: string | null | undefined): { first: string | null; last: string | null } {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  return { first: words[0] ?? null, last: words.length > 1 ? words.slice(1).join(" ") : null };
}

export function leadVariables(lead: { email: string; name: string | null; company: string | null }): Variables {
  const { first, last } = splitName(lead.name);
  return { email: lead.email, name: lead.name, first_name: first, last_name: last, company: lead.company };
}

interface RenderContext {
  variables: Variables;
  random: () => number;
  escape: (value: string) => string;
}

function renderNodes(nodes: TemplateNode[], ctx: RenderContext): string {
  let out = "";
  for (const node of nodes) {
    if (node.kind === "text") out += node.text;
    else if (node.kind === "variable") {
      // Own properties only: `{{constructor|x}}` must not find Object.prototype's.
      const value = Object.hasOwn(ctx.variables, node.name) ? ctx.variables[node.name] : undefined;
      out += value ? ctx.escape(value) : (node.fallback ?? "");
    } else if (node.kind === "group") out += `{${renderNodes(node.children, ctx)}}`;
    else {
      const option = node.options[Math.floor(ctx.random() * node.options.length)] ?? [];
      out += renderNodes(option, ctx);
    }
  }
  return out;
}

export interface TemplateText {
  subject: string;
  content: string;
}

/** Syntax problems and (when `known` is given) unknown variables of both fields, by field. */
function checkFields(fields: TemplateText, intro: string, known?: Variables) {
  const parsed = { subject: parseTemplate(fields.subject), content: parseTemplate(fields.content) };
  const fieldErrors: Record<string, string[]> = {};
  const summary: string[] = [];
  const unknown = new Set<string>();
  for (const field of ["subject", "content"] as const) {
    const { nodes, problems } = parsed[field];
    const missing = known ? [...requiredVariables(nodes)].filter((name) => !Object.hasOwn(known, name)) : [];
    for (const name of missing) unknown.add(name);
    const messages = [...problems, ...missing.map((name) => `unknown variable {{${name}}} without a fallback`)];
    if (messages.length > 0) fieldErrors[field] = messages;
    if (problems.length > 0) summary.push(`${field}: ${problems.join("; ")}`);
  }
  if (unknown.size > 0) summary.unshift(`unknown variables without a fallback: ${[...unknown].join(", ")}`);
  const problem = summary.length > 0 ? badRequest(`${intro}: ${summary.join("; ")}`, fieldErrors) : null;
  return { parsed, problem };
}

/** Refuses (BAD_REQUEST, by field) a subject or content with unbalanced braces or a malformed variable. */
export function assertTemplateSyntax(fields: TemplateText): void {
  const { problem } = checkFields(fields, "The template is malformed");
  if (problem) throw problem;
}

/**
 * Fills subject and content. Values are HTML-escaped in HTML content (never in the subject,
 * which is plain text); fallbacks are template text and are not. Every variable without a
 * fallback must be known, in any spintax option, so whether a render fails never depends on
 * the choices. Subject and content draw from separate sequences of the same seed.
 */
export function renderTemplate(fields: TemplateText, options: { variables: Variables; seed: string }): TemplateText {
  const { parsed, problem } = checkFields(fields, "The template can't be rendered", options.variables);
  if (problem) throw problem;
  const plain = (value: string) => value;
  return {
    subject: renderNodes(parsed.subject.nodes, {
      variables: options.variables,
      random: seededRandom(`${options.seed}:subject`),
      escape: plain,
    }),
    content: renderNodes(parsed.content.nodes, {
      variables: options.variables,
      random: seededRandom(`${options.seed}:content`),
      escape: isHtml(fields.content) ? escapeHtml : plain,
    }),
  };
}
