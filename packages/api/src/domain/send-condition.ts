/**
 * `send_condition` of a campaign step: a small boolean expression, checked for each lead before
 * the step sends (the step is skipped for leads it is false for). Pure functions, no database.
 *
 *   condition  := or
 *   or         := and ( "or" and )*
 *   and        := unary ( "and" unary )*
 *   unary      := "not" unary | "(" condition ")" | event | comparison
 *   event      := "opened" | "clicked" | "replied" | "bounced"   (any earlier step of the campaign, for this lead)
 *   comparison := field op string
 *   field      := "lead.email" | "lead.name" | "lead.first_name" | "lead.last_name" | "lead.company" | "lead.status"
 *   op         := "=" | "!=" | "contains"                        (case-insensitive comparisons)
 *   string     := "'" ( any character but "'" and newline | "''" )* "'"   ("''" is one quote)
 *
 * Keywords are lower case; whitespace between tokens is free. At most 500 characters.
 * Examples: `not replied`, `opened and lead.status != 'unsubscribed'`,
 * `(clicked or replied) and lead.company contains 'acme'`.
 */
export type SendCondition =
  | { kind: "event"; event: SendConditionEvent }
  | { kind: "compare"; field: SendConditionField; op: SendConditionOp; value: string }
  | { kind: "not"; operand: SendCondition }
  | { kind: "and" | "or"; left: SendCondition; right: SendCondition };

export const SEND_CONDITION_EVENTS = ["opened", "clicked", "replied", "bounced"] as const;
export type SendConditionEvent = (typeof SEND_CONDITION_EVENTS)[number];
export const SEND_CONDITION_FIELDS = ["email", "name", "first_name", "last_name", "company", "status"] as const;
export type SendConditionField = (typeof SEND_CONDITION_FIELDS)[number];
export type SendConditionOp = "=" | "!=" | "contains";

export const MAX_SEND_CONDITION_LENGTH = 500;

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; text: string; at: number }
  | { kind: "punct"; text: "(" | ")" | "=" | "!="; at: number };

class SyntaxProblem extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i] as string;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "(" || c === ")" || c === "=") {
      tokens.push({ kind: "punct", text: c, at: i });
      i++;
    } else if (c === "!" && source[i + 1] === "=") {
      tokens.push({ kind: "punct", text: "!=", at: i });
      i += 2;
    } else if (c === "'") {
      const start = i;
      let text = "";
      i++;
      for (;;) {
        const d = source[i];
        if (d === undefined || d === "\n" || d === "\r") {
          throw new SyntaxProblem(`the string starting at column ${start + 1} is never closed`);
        }
        if (d === "'" && source[i + 1] === "'") {
          text += "'";
          i += 2;
        } else if (d === "'") {
          i++;
          break;
        } else {
          text += d;
          i++;
        }
      }
      tokens.push({ kind: "string", text, at: start });
    } else {
      const match = /^[a-z_][a-z_.]*/.exec(source.slice(i));
      if (!match) throw new SyntaxProblem(`unexpected character "${c}" at column ${i + 1}`);
      tokens.push({ kind: "word", text: match[0], at: i });
      i += match[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): SendCondition {
    const condition = this.or();
    const rest = this.tokens[this.pos];
    if (rest) throw new SyntaxProblem(`unexpected "${rest.text}" at column ${rest.at + 1}`);
    return condition;
  }

  private peekWord(word: string): boolean {
    const t = this.tokens[this.pos];
    return t?.kind === "word" && t.text === word;
  }

  private or(): SendCondition {
    let left = this.and();
    while (this.peekWord("or")) {
      this.pos++;
      left = { kind: "or", left, right: this.and() };
    }
    return left;
  }

  private and(): SendCondition {
    let left = this.unary();
    while (this.peekWord("and")) {
      this.pos++;
      left = { kind: "and", left, right: this.unary() };
    }
    return left;
  }

  private unary(): SendCondition {
    const t = this.tokens[this.pos];
    if (!t) throw new SyntaxProblem("the condition ends where an event or a comparison was expected");
    this.pos++;
    if (t.kind === "word" && t.text === "not") return { kind: "not", operand: this.unary() };
    if (t.kind === "punct" && t.text === "(") {
      const inner = this.or();
      const close = this.tokens[this.pos];
      if (close?.kind !== "punct" || close.text !== ")") {
        throw new SyntaxProblem(`the "(" at column ${t.at + 1} is never closed`);
      }
      this.pos++;
      return inner;
    }
    if (t.kind === "word" && (SEND_CONDITION_EVENTS as readonly string[]).includes(t.text)) {
      return { kind: "event", event: t.text as SendConditionEvent };
    }
    if (t.kind === "word" && t.text.startsWith("lead.")) {
      const field = t.text.slice("lead.".length);
      if (!(SEND_CONDITION_FIELDS as readonly string[]).includes(field)) {
        throw new SyntaxProblem(
          `unknown field "${t.text}" at column ${t.at + 1} (known: ${SEND_CONDITION_FIELDS.map((f) => `lead.${f}`).join(", ")})`,
        );
      }
      const op = this.tokens[this.pos];
      const isOp =
        (op?.kind === "punct" && (op.text === "=" || op.text === "!=")) ||
        (op?.kind === "word" && op.text === "contains");
      if (!op || !isOp)
        throw new SyntaxProblem(`"${t.text}" at column ${t.at + 1} must be followed by =, != or contains`);
      const value = this.tokens[this.pos + 1];
      if (value?.kind !== "string") {
        throw new SyntaxProblem(`"${op.text}" at column ${op.at + 1} must be followed by a quoted string`);
      }
      this.pos += 2;
      return { kind: "compare", field: field as SendConditionField, op: op.text as SendConditionOp, value: value.text };
    }
    throw new SyntaxProblem(
      `unexpected "${t.text}" at column ${t.at + 1}: expected not, "(", an event (${SEND_CONDITION_EVENTS.join(", ")}) or lead.<field>`,
    );
  }
}

/** The parsed condition, or the first problem found (with its column). */
export function parseSendCondition(
  source: string,
): { ok: true; condition: SendCondition } | { ok: false; problem: string } {
  if (source.length > MAX_SEND_CONDITION_LENGTH) {
    return { ok: false, problem: `longer than ${MAX_SEND_CONDITION_LENGTH} characters` };
  }
  if (source.trim() === "") return { ok: false, problem: "empty" };
  try {
    return { ok: true, condition: new Parser(tokenize(source)).parse() };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

export interface SendConditionFacts {
  events: ReadonlySet<SendConditionEvent>;
  lead: Partial<Record<SendConditionField, string | null>>;
}

/** Whether the condition holds for one lead; a missing field compares as the empty string. */
export function evaluateSendCondition(condition: SendCondition, facts: SendConditionFacts): boolean {
  switch (condition.kind) {
    case "event":
      return facts.events.has(condition.event);
    case "compare": {
      const actual = (facts.lead[condition.field] ?? "").toLowerCase();
      const expected = condition.value.toLowerCase();
      if (condition.op === "contains") return actual.includes(expected);
      return condition.op === "=" ? actual === expected : actual !== expected;
    }
    case "not":
      return !evaluateSendCondition(condition.operand, facts);
    case "and":
      return evaluateSendCondition(condition.left, facts) && evaluateSendCondition(condition.right, facts);
    case "or":
      return evaluateSendCondition(condition.left, facts) || evaluateSendCondition(condition.right, facts);
  }
}
