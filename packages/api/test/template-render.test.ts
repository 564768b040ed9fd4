import { describe, expect, it } from "vitest";
import { DomainError } from "../src/errors.js";
import {
  assertTemplateSyntax,
  escapeHtml,
  isHtml,
  leadVariables,
  parseTemplate,
  renderSeed,
  renderTemplate,
  splitName,
  type Variables,
} from "../src/services/content/template-render.js";

const render = (content: string, variables: Variables = {}, seed = "seed", subject = "") =>
  renderTemplate({ subject, content }, { variables, seed }).content;

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Every distinct output over many seeds: what spintax can produce. */
function outputs(content: string, variables: Variables = {}, seeds = 400): Set<string> {
  const seen = new Set<string>();
  for (let i = 0; i < seeds; i++) seen.add(render(content, variables, `seed-${i}`));
  return seen;
}

describe("variables", () => {
  const ada = leadVariables({ email: "ada@example.com", name: "Ada King Lovelace", company: "Analytical Engines" });

  it("fills the lead's variables, with first and last name split from the name", () => {
    expect(
      render("{{email}} | {{name}} | {{first_name}} | {{last_name}} | {{company}}".replaceAll(" | ", "/"), ada),
    ).toBe("ada@example.com/Ada King Lovelace/Ada/King Lovelace/Analytical Engines");
  });

  it("ignores whitespace inside the braces and uses fallbacks for empty or unknown values", () => {
    expect(render("Hi {{ first_name }}!", ada)).toBe("Hi Ada!");
    const noName = leadVariables({ email: "x@example.com", name: null, company: null });
    expect(render("Hi {{first_name|there}}, from {{ company | your team }}", noName)).toBe("Hi there, from your team");
    expect(render("Hi {{nickname|friend}}", {})).toBe("Hi friend");
    expect(render("Hi {{first_name}}.", noName)).toBe("Hi .");
  });

  it("never takes a variable from the object prototype", () => {
    expect(render("{{constructor|x}} {{toString|y}}", {})).toBe("x y");
    expect(refusal(() => render("{{constructor}}", {})).code).toBe("BAD_REQUEST");
  });

  it("takes custom variables, which may contain template characters without being parsed", () => {
    expect(render("Your code: {{code}}", { code: "{a|b} {{email}}" })).toBe("Your code: {a|b} {{email}}");
  });

  it("splits names on any whitespace", () => {
    expect(splitName("  Vincent   van Gogh ")).toEqual({ first: "Vincent", last: "van Gogh" });
    expect(splitName("Cher")).toEqual({ first: "Cher", last: null });
    expect(splitName(null)).toEqual({ first: null, last: null });
  });

  it("refuses unknown variables without a fallback, naming each of them by field", () => {
    const error = refusal(() =>
      renderTemplate(
        { subject: "{{topic}}", content: "{{foo}} {{bar}} {{foo}} {{email}}" },
        { variables: {}, seed: "s" },
      ),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain("topic, foo, bar");
    expect(error.details.fieldErrors).toEqual({
      subject: ["unknown variable {{topic}} without a fallback"],
      content: [
        "unknown variable {{foo}} without a fallback",
        "unknown variable {{bar}} without a fallback",
        "unknown variable {{email}} without a fallback",
      ],
    });
  });

  it("refuses an unknown variable inside any spintax option, whichever option a seed would pick", () => {
    for (let i = 0; i < 20; i++) {
      expect(refusal(() => render("{Hi|Hello {{nickname}}}", {}, `s${i}`)).details.fieldErrors).toEqual({
        content: ["unknown variable {{nickname}} without a fallback"],
      });
    }
  });
});

describe("spintax", () => {
  it("picks one of the options", () => {
    expect(outputs("{Hi|Hello|Hey} there")).toEqual(new Set(["Hi there", "Hello there", "Hey there"]));
  });

  it("nests, and only the chosen branch's inner choices show", () => {
    expect(outputs("{Hi {friend|pal}|Hello}!")).toEqual(new Set(["Hi friend!", "Hi pal!", "Hello!"]));
    expect(outputs("{a{b|c{d|e}}|f}")).toEqual(new Set(["ab", "acd", "ace", "f"]));
  });

  it("allows variables and empty options inside options", () => {
    const ada = { first_name: "Ada" };
    expect(outputs("{Hi {{first_name}}|Hello}", ada)).toEqual(new Set(["Hi Ada", "Hello"]));
    expect(outputs("{{{first_name}}|Dear friend}", ada)).toEqual(new Set(["Ada", "Dear friend"]));
    expect(outputs("Hi{|!}")).toEqual(new Set(["Hi", "Hi!"]));
  });

  it("keeps a brace pair without options, and escaped characters, literal", () => {
    expect(render("p { margin: 0 } {a|a}")).toBe("p { margin: 0 } a");
    expect(render("\\{not|spintax\\} a \\| b | c")).toBe("{not|spintax} a | b | c");
    expect(render("{{{first_name}}}", { first_name: "Ada" })).toBe("{Ada}");
  });

  it("is deterministic for a seed and varies across seeds", () => {
    const content = "{A|B|C|D|E|F|G|H} {1|2|3|4|5|6|7|8} {x|y|z}";
    const first = render(content, {}, "template-1:lead:42");
    for (let i = 0; i < 5; i++) expect(render(content, {}, "template-1:lead:42")).toBe(first);
    expect(outputs(content).size).toBeGreaterThan(50);
  });

  it("draws the subject and the content from separate sequences", () => {
    const rendered = renderTemplate({ subject: "{a|b|c|d}", content: "{a|b|c|d}" }, { variables: {}, seed: "s" });
    const contentOnly = renderTemplate({ subject: "", content: "{a|b|c|d}" }, { variables: {}, seed: "s" });
    expect(rendered.content).toBe(contentOnly.content);
  });
});

describe("seeds", () => {
  it("hang on template and lead, or on the values regardless of their order", () => {
    expect(renderSeed("t1", { leadId: "l1", values: { a: "1" } })).toBe(renderSeed("t1", { leadId: "l1" }));
    expect(renderSeed("t1", { leadId: "l1" })).not.toBe(renderSeed("t2", { leadId: "l1" }));
    expect(renderSeed("t1", { values: { a: "1", b: "2" } })).toBe(renderSeed("t1", { values: { b: "2", a: "1" } }));
    expect(renderSeed("t1", { values: { a: "1" } })).not.toBe(renderSeed("t1", { values: { a: "2" } }));
  });
});

describe("HTML", () => {
  it("detects HTML by a tag or doctype, not by a stray angle bracket", () => {
    expect(isHtml("<p>Hi</p>")).toBe(true);
    expect(isHtml("Hi<br/>there")).toBe(true);
    expect(isHtml('<a href="x">y</a>')).toBe(true);
    expect(isHtml("<!DOCTYPE html><html></html>")).toBe(true);
    expect(isHtml("2 < 3 and 5 > 4")).toBe(false);
    expect(isHtml("Email me at <ada@example.com>")).toBe(false);
  });

  it("escapes values in HTML content but not in plain content, the subject, or fallbacks", () => {
    const variables = { name: `Tom & "Jerry" <script>`, company: null };
    const html = renderTemplate(
      { subject: "For {{name}}", content: "<p>Hi {{name}} from {{company|<b>us</b>}}</p>" },
      { variables, seed: "s" },
    );
    expect(html.content).toBe("<p>Hi Tom &amp; &quot;Jerry&quot; &lt;script&gt; from <b>us</b></p>");
    expect(html.subject).toBe(`For Tom & "Jerry" <script>`);
    expect(render("Hi {{name}}", variables)).toBe(`Hi Tom & "Jerry" <script>`);
    expect(escapeHtml(`'&'`)).toBe("&#39;&amp;&#39;");
  });
});

describe("syntax errors", () => {
  it("names unbalanced braces by line and column", () => {
    expect(parseTemplate("Hi {there|you").problems).toEqual([
      'unbalanced braces: the "{" at line 1, column 4 is never closed',
    ]);
    expect(parseTemplate("a\nb } c").problems).toEqual([
      'unbalanced braces: the "}" at line 2, column 3 closes nothing',
    ]);
    expect(parseTemplate("Hi {{name").problems).toEqual([
      'unbalanced braces: the "{{" at line 1, column 4 is never closed',
    ]);
    expect(parseTemplate("{a|{b|c}").problems).toHaveLength(1);
  });

  it("names malformed variables", () => {
    expect(parseTemplate("{{first name}} {{}} {{9lives}}").problems).toEqual([
      'malformed variable "{{first name}}" at line 1, column 1: use {{name}} or {{name|fallback}}',
      'malformed variable "{{}}" at line 1, column 16: use {{name}} or {{name|fallback}}',
      'malformed variable "{{9lives}}" at line 1, column 21: use {{name}} or {{name|fallback}}',
    ]);
  });

  it("refuses to render a malformed template, by field, even when every variable is known", () => {
    const error = refusal(() => renderTemplate({ subject: "Hi {x", content: "ok }" }, { variables: {}, seed: "s" }));
    expect(error.code).toBe("BAD_REQUEST");
    expect(Object.keys(error.details.fieldErrors ?? {})).toEqual(["subject", "content"]);
    expect(error.message).toMatch(/subject: unbalanced braces.*content: unbalanced braces/);
  });

  it("checks syntax alone for storing a template, where custom variables are still unknown", () => {
    expect(() =>
      assertTemplateSyntax({ subject: "{{anything}}", content: "{Hi|Hello} {{custom_field}}" }),
    ).not.toThrow();
    expect(refusal(() => assertTemplateSyntax({ subject: "ok", content: "{Hi|Hello" })).details.fieldErrors).toEqual({
      content: ['unbalanced braces: the "{" at line 1, column 1 is never closed'],
    });
  });
});
