import { describe, expect, it } from "vitest";
import { type ChunkResult, chunk, importInChunks, type LeadRow, leadsFromCsv, parseCsv } from "../src/lib/csv.js";
import { moveItem } from "../src/lib/sequence.js";

describe("parseCsv", () => {
  it("handles quotes, escaped quotes, commas and newlines inside quotes, CRLF and a BOM", () => {
    const text = '\uFEFFemail,name\r\n"a@x.example","Lovelace, Ada"\r\nb@x.example,"Say ""hi""\nthere"\n\n';
    expect(parseCsv(text)).toEqual([
      ["email", "name"],
      ["a@x.example", "Lovelace, Ada"],
      ["b@x.example", 'Say "hi"\nthere'],
    ]);
  });

  it("keeps a last row without a trailing newline", () => {
    expect(parseCsv("email\nc@x.example")).toEqual([["email"], ["c@x.example"]]);
  });
});

describe("leadsFromCsv", () => {
  it("maps columns by header name in any order and case, naming the ignored ones", () => {
    const parsed = leadsFromCsv("Company,EMAIL,phone,status\nAcme,ada@acme.example,123,new\n");
    expect(parsed.problem).toBeNull();
    expect(parsed.ignoredColumns).toEqual(["phone"]);
    expect(parsed.rows).toEqual([{ email: "ada@acme.example", company: "Acme", status: "new" }]);
  });

  it("refuses a file without an email column", () => {
    expect(leadsFromCsv("name\nAda\n").problem).toMatch(/email/);
    expect(leadsFromCsv("").problem).toBe("The file is empty");
  });
});

describe("chunk", () => {
  it("splits in order with a short last chunk", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });
});

describe("importInChunks", () => {
  it("sends chunks one after another, reports progress, sums results and renumbers row errors to the file", async () => {
    const rows: LeadRow[] = Array.from({ length: 1201 }, (_, i) => ({ email: `lead${i}@x.example` }));
    const sent: number[] = [];
    const progress: [number, number][] = [];
    let inFlight = 0;
    const totals = await importInChunks(
      rows,
      500,
      async (part): Promise<ChunkResult> => {
        inFlight++;
        expect(inFlight).toBe(1);
        sent.push(part.length);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        // The second row of every chunk is "invalid", the third a duplicate.
        return {
          inserted: part.length - 2,
          updated: 0,
          skipped: 1,
          invalid: [{ index: 1, email: part[1]?.email ?? "", reason: "bad" }],
        };
      },
      (done, total) => progress.push([done, total]),
    );
    expect(sent).toEqual([500, 500, 201]);
    expect(progress).toEqual([
      [0, 1201],
      [500, 1201],
      [1000, 1201],
      [1201, 1201],
    ]);
    expect(totals.inserted).toBe(1201 - 6);
    expect(totals.skipped).toBe(3);
    expect(totals.errors.map((e) => e.row)).toEqual([2, 502, 1002]);
    expect(totals.errors[1]?.message).toBe("lead501@x.example: bad");
  });

  it("stops at the first refused chunk and leaves the error to the caller", async () => {
    let calls = 0;
    await expect(
      importInChunks(
        [{ email: "a@x.example" }, { email: "b@x.example" }],
        1,
        async () => {
          calls++;
          throw new Error("PAYMENT_REQUIRED");
        },
        () => {},
      ),
    ).rejects.toThrow("PAYMENT_REQUIRED");
    expect(calls).toBe(1);
  });
});

describe("moveItem", () => {
  it("moves one id and keeps the rest in order", () => {
    expect(moveItem(["a", "b", "c"], 2, 0)).toEqual(["c", "a", "b"]);
    expect(moveItem(["a", "b", "c"], 0, 1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b"], 0, 5)).toEqual(["a", "b"]);
  });
});
