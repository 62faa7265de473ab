// Attribute-level before/after of one change, as the plan comment shows it: paths, absent
// and unknown values, the cut, replace paths, and masking. Issue 30: a mutation printing a
// value sensitive only BEFORE the change in clear survived the suite; "was sensitive" below
// fails on it: a value that was secret shows nothing on either side.
import { describe, expect, it } from "vitest";
import {
  attributeChanges as changesWith,
  KNOWN_AFTER_APPLY,
  SENSITIVE,
  type AttributeOptions,
} from "../../pipeline/comment/attribute-diff";
import type { Change } from "../../pipeline/plan/plan-json";
import { Redactor } from "../../secrets/redact";

const change = (fields: Partial<Change>): Change => ({ actions: ["update"], ...fields });
/** The comment's values with a redactor that knows no secret (patterns only), unless given one. */
const attributeChanges = (c: Change, options: AttributeOptions = { redactor: new Redactor() }) =>
  changesWith(c, options);
const line = (path: string, before: string, after: string, forcesReplacement = false) => ({
  path,
  before,
  after,
  forcesReplacement,
});

describe("attributeChanges", () => {
  it("lists changed leaves only, by sorted path", () => {
    const result = attributeChanges(
      change({ before: { ttl: 60, name: "api", zone: "z" }, after: { zone: "z", ttl: 300, name: "api2" } }),
    );
    expect(result).toEqual([line("name", '"api"', '"api2"'), line("ttl", "60", "300")]);
  });

  it("shows absent sides as (none), treats null as absent, and recurses into lists", () => {
    expect(attributeChanges(change({ before: { a: [1, 2] }, after: { a: [1, 3, 4], b: true } }))).toEqual([
      line("a[1]", "2", "3"),
      line("a[2]", "(none)", "4"),
      line("b", "(none)", "true"),
    ]);
    expect(attributeChanges(change({ before: { x: null }, after: {} }))).toEqual([]);
    expect(attributeChanges(change({ before: null, after: { x: 1 } }))).toEqual([line("x", "(none)", "1")]);
    // A null inside is absent too: an object replacing it is compared key by key.
    expect(attributeChanges(change({ before: { t: null }, after: { t: { a: 1 } } }))).toEqual([
      line("t.a", "(none)", "1"),
    ]);
  });

  it("names the whole value, quoted keys and nested paths", () => {
    expect(attributeChanges(change({ before: "a", after: "b" }))).toEqual([line("(whole value)", '"a"', '"b"')]);
    expect(
      attributeChanges(change({ before: { tags: { "a.b": 1, _ok: 1 } }, after: { tags: { "a.b": 2, _ok: 2 } } })),
    ).toEqual([line("tags._ok", "1", "2"), line('tags["a.b"]', "1", "2")]);
    expect(attributeChanges(change({ before: { "0x": 1 }, after: { "0x": 2 } }))).toEqual([line('["0x"]', "1", "2")]);
  });

  it("compares a value that changes kind as a whole", () => {
    expect(attributeChanges(change({ before: { x: { a: 1 } }, after: { x: [1] } }))).toEqual([
      line("x", '{"a":1}', "[1]"),
    ]);
    expect(attributeChanges(change({ before: { x: [1] }, after: { x: "1" } }))).toEqual([line("x", "[1]", '"1"')]);
  });

  it("shows unknown values as known after apply, inside lists too", () => {
    expect(
      attributeChanges(
        change({ before: { id: "abc", l: [] }, after: { l: [] }, after_unknown: { id: true, l: [true] } }),
      ),
    ).toEqual([line("id", '"abc"', KNOWN_AFTER_APPLY), line("l[0]", "(none)", KNOWN_AFTER_APPLY)]);
  });

  it("shows the unknown parts of a value that changes kind as known after apply (not as null)", () => {
    const result = attributeChanges(
      change({
        before: { x: "a" },
        after: { x: { id: null, name: "n", list: [null, 1] } },
        after_unknown: { x: { id: true, list: [true] } },
      }),
    );
    expect(result).toEqual([
      line("x", '"a"', `{"id":"${KNOWN_AFTER_APPLY}","name":"n","list":["${KNOWN_AFTER_APPLY}",1]}`),
    ]);
  });

  it("masks a value that becomes sensitive", () => {
    const result = attributeChanges(
      change({ before: { password: "a" }, after: { password: "b" }, after_sensitive: { password: true } }),
    );
    expect(result).toEqual([line("password", SENSITIVE, SENSITIVE)]);
  });

  it("masks a value that was sensitive, on both sides, leaf or object (issue 30 survivor)", () => {
    const leaf = attributeChanges(
      change({
        before: { password: "old-clear-text" },
        after: { password: "new-clear-text" },
        before_sensitive: { password: true },
        after_sensitive: {},
      }),
    );
    expect(leaf).toEqual([line("password", SENSITIVE, SENSITIVE)]);
    const object = attributeChanges(
      change({
        before: { settings: { token: "old-clear-text" } },
        after: { settings: { token: "new-clear-text" } },
        before_sensitive: { settings: true },
      }),
    );
    expect(object).toEqual([line("settings", SENSITIVE, SENSITIVE)]);
    expect(JSON.stringify([leaf, object])).not.toContain("clear-text");
  });

  it("shows a sensitive value unchanged only when its sensitivity changes", () => {
    const same = { before: { p: "x" }, after: { p: "x" } };
    expect(attributeChanges(change({ ...same, before_sensitive: { p: true }, after_sensitive: { p: true } }))).toEqual(
      [],
    );
    expect(attributeChanges(change({ ...same, before_sensitive: { p: true }, after_sensitive: { p: false } }))).toEqual(
      [line("p", SENSITIVE, SENSITIVE)],
    );
  });

  it("masks a new sensitive value, and one known only after apply", () => {
    expect(attributeChanges(change({ before: {}, after: { p: "x" }, after_sensitive: { p: true } }))).toEqual([
      line("p", "(none)", SENSITIVE),
    ]);
    expect(
      attributeChanges(
        change({ before: { p: "x" }, after: {}, before_sensitive: { p: true }, after_unknown: { p: true } }),
      ),
    ).toEqual([line("p", SENSITIVE, KNOWN_AFTER_APPLY)]);
    // Same value, still sensitive, but unknown after apply: shown.
    expect(
      attributeChanges(
        change({
          before: { p: "x" },
          after: { p: "x" },
          before_sensitive: { p: true },
          after_sensitive: { p: true },
          after_unknown: { p: true },
        }),
      ),
    ).toEqual([line("p", SENSITIVE, KNOWN_AFTER_APPLY)]);
  });

  it("masks the sensitive parts of a value that changes kind, item by item", () => {
    const result = attributeChanges(
      change({
        before: { x: ["a", "b"] },
        after: { x: { token: "t", id: "i" } },
        before_sensitive: { x: [false, true] },
        after_sensitive: { x: { token: true } },
      }),
    );
    expect(result).toEqual([line("x", `["a","${SENSITIVE}"]`, `{"token":"${SENSITIVE}","id":"i"}`)]);
  });

  it("marks the lines a replace path covers, and adds a line for a replace path with no visible change", () => {
    const result = attributeChanges(
      change({
        before: { region: "a", size: 1, settings: { x: 1 } },
        after: { region: "b", size: 2, settings: { x: 2 } },
        // ["other", "x"] shares its last segment with settings.x but not its first: it covers nothing.
        replace_paths: [["region"], ["computed_id"], ["settings", "x", "deep"], ["other", "x"]],
      }),
    );
    expect(result).toEqual([
      line("region", '"a"', '"b"', true),
      line("settings.x", "1", "2"),
      line("size", "1", "2"),
      line("computed_id", "", "", true),
      line("other.x", "", "", true),
    ]);
  });

  it("cuts a value at the limit: whole at the limit, cut one past it", () => {
    const at = attributeChanges(change({ before: { v: "" }, after: { v: "abcdefgh" } }), {
      redactor: new Redactor(),
      maxValueChars: 10,
    });
    expect(at).toEqual([line("v", '""', '"abcdefgh"')]);
    const past = attributeChanges(change({ before: { v: "" }, after: { v: "abcdefghi" } }), {
      redactor: new Redactor(),
      maxValueChars: 10,
    });
    expect(past).toEqual([line("v", '""', '"abcdefgh…')]);
  });

  it("cuts at 160 characters by default", () => {
    const text = "a".repeat(158);
    expect(attributeChanges(change({ before: {}, after: { v: text } }))[0].after).toBe(JSON.stringify(text));
    const longer = attributeChanges(change({ before: {}, after: { v: `${text}b` } }))[0].after;
    expect(longer).toBe(`"${text}…`);
  });

  it("scrubs known secrets before it cuts", () => {
    const secret = "s3cr3t-" + "q".repeat(20);
    const result = attributeChanges(change({ before: { v: "x" }, after: { v: `pre-${secret}-post` } }), {
      redactor: new Redactor([secret]),
      maxValueChars: 20,
    });
    expect(result[0].after).not.toContain("s3cr3t");
  });
});
