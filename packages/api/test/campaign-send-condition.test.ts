import { describe, expect, it } from "vitest";
import {
  evaluateSendCondition,
  parseSendCondition,
  type SendCondition,
  type SendConditionFacts,
} from "../src/domain/send-condition.js";

function parsed(source: string): SendCondition {
  const result = parseSendCondition(source);
  if (!result.ok) throw new Error(`expected ${source} to parse: ${result.problem}`);
  return result.condition;
}
const problemOf = (source: string) => {
  const result = parseSendCondition(source);
  return result.ok ? null : result.problem;
};

describe("send condition grammar", () => {
  it("parses events, comparisons, not, and, or and parentheses", () => {
    expect(parsed("not replied")).toEqual({ kind: "not", operand: { kind: "event", event: "replied" } });
    expect(parsed("lead.company contains 'Acme'")).toEqual({
      kind: "compare",
      field: "company",
      op: "contains",
      value: "Acme",
    });
    expect(parsed("lead.status != 'x' and opened")).toEqual({
      kind: "and",
      left: { kind: "compare", field: "status", op: "!=", value: "x" },
      right: { kind: "event", event: "opened" },
    });
  });

  it("binds and tighter than or", () => {
    expect(parsed("opened or clicked and replied")).toEqual({
      kind: "or",
      left: { kind: "event", event: "opened" },
      right: {
        kind: "and",
        left: { kind: "event", event: "clicked" },
        right: { kind: "event", event: "replied" },
      },
    });
    expect(parsed("(opened or clicked) and replied").kind).toBe("and");
  });

  it("reads '' as one quote inside a string", () => {
    expect(parsed("lead.name = 'O''Brien'")).toMatchObject({ value: "O'Brien" });
  });

  it.each([
    ["", "empty"],
    ["   ", "empty"],
    ["opened and", "ends"],
    ["(opened", "never closed"],
    ["opened)", 'unexpected ")"'],
    ["lead.age = '3'", 'unknown field "lead.age"'],
    ["lead.email 'x'", "must be followed by =, != or contains"],
    ["lead.email = x", "quoted string"],
    ["lead.email = 'x", "never closed"],
    ["visited", 'unexpected "visited"'],
    ["opened & clicked", 'unexpected character "&"'],
    ["opened\nor clicked", "unexpected character"],
    ["OPENED", 'unexpected character "O"'],
  ])("refuses %j (%s)", (source, problem) => {
    expect(problemOf(source)).toContain(problem);
  });

  it("refuses conditions over 500 characters", () => {
    expect(problemOf(`opened${" or opened".repeat(60)}`)).toContain("longer than 500");
  });

  it("evaluates against a lead's events and fields, case-insensitively", () => {
    const facts: SendConditionFacts = {
      events: new Set(["opened"]),
      lead: { company: "ACME Corp", status: "new" },
    };
    expect(evaluateSendCondition(parsed("opened and not replied"), facts)).toBe(true);
    expect(evaluateSendCondition(parsed("lead.company contains 'acme'"), facts)).toBe(true);
    expect(evaluateSendCondition(parsed("lead.status = 'NEW' and clicked"), facts)).toBe(false);
    expect(evaluateSendCondition(parsed("clicked or lead.name = ''"), facts)).toBe(true);
  });
});
