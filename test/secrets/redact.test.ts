// The one redaction module: one planted secret per pattern, raw and JSON-escaped, and the
// known-value scrub in every printed form.
import { describe, expect, it } from "vitest";
import { MIN_SECRET_LENGTH, redact, Redactor, SENSITIVE } from "../../secrets/redact";
import { PLANTED, x } from "./planted";

describe("Redactor: secret patterns", () => {
  for (const { kind, secret } of PLANTED) {
    it(`removes a ${kind}`, () => {
      const out = redact(`value = "${secret}" end`);
      expect(out).toBe(`value = "${SENSITIVE}" end`);
    });

    it(`removes a ${kind} in its JSON-escaped form`, () => {
      const once = JSON.stringify(JSON.stringify({ v: secret }));
      const out = redact(`after: ${once}`);
      expect(out).not.toContain(secret.slice(4, 20));
      expect(out).not.toContain(JSON.stringify(secret).slice(5, 20));
      expect(out).toContain(SENSITIVE);
    });
  }

  it("removes a slack webhook written with escaped slashes", () => {
    const out = redact(`"https:\\/\\/hooks.slack.com\\/services\\/T0000\\/B1111\\/${x(24, "z")}"`);
    expect(out).toBe(`"${SENSITIVE}"`);
  });

  it("removes the password of a connection string and keeps the host", () => {
    const neon = `postgresql://app_owner:npg_${x(12, "P")}@ep-cool-1.eu-central-1.aws.neon.tech/app?sslmode=require`;
    const out = redact(`DATABASE_URL=${neon}`);
    expect(out).toBe(
      `DATABASE_URL=postgresql://app_owner:${SENSITIVE}@ep-cool-1.eu-central-1.aws.neon.tech/app?sslmode=require`,
    );
    expect(redact(`redis://:${x(10, "r")}@cache:6379`)).toBe(`redis://:${SENSITIVE}@cache:6379`);
    expect(redact(JSON.stringify(JSON.stringify(neon)))).not.toContain("npg_");
  });

  it("removes an AWS secret key next to its name, and leaves other 40-character strings", () => {
    const key = x(40, "W");
    expect(redact(`aws_secret_access_key = ${key}`)).toBe(`aws_secret_access_key = ${SENSITIVE}`);
    expect(redact(`commit ${"0123456789".repeat(4)}`)).toBe(`commit ${"0123456789".repeat(4)}`);
  });

  it("leaves ordinary text and references alone", () => {
    const text = 'name: "api" → "web"  ${var.slack_webhook_url} https://example.com/path';
    expect(redact(text)).toBe(text);
  });
});

describe("Redactor: known values", () => {
  const secret = 'old-format"cf/token+1';
  const redactor = new Redactor([secret]);

  it("removes the raw, JSON-escaped (once and twice), URL-encoded and base64 forms", () => {
    const forms = [
      secret,
      JSON.stringify(secret),
      JSON.stringify(JSON.stringify(secret)),
      encodeURIComponent(secret),
      Buffer.from(secret).toString("base64"),
    ];
    for (const form of forms) expect(redactor.scrub(`<${form}>`), form).not.toMatch(/cf.?token|Y2Yv/);
  });

  it("scrubs values of exactly the minimum length and ignores one character shorter", () => {
    const atMin = x(MIN_SECRET_LENGTH, "m");
    const below = x(MIN_SECRET_LENGTH - 1, "n");
    expect(new Redactor([atMin, below]).scrub(`${atMin} ${below}`)).toBe(`${SENSITIVE} ${below}`);
  });

  it("replaces overlapping hits once", () => {
    const token = `ghp_${x(36, "A")}`;
    expect(new Redactor([token]).scrub(`[${token}]`)).toBe(`[${SENSITIVE}]`);
  });
});

describe("Redactor: escapes and ranges", () => {
  const token = `ghp_${x(36, "T")}`;

  it('finds a token glued to a JSON escape (\\n, \\t, \\r, \\b, \\f, \\/, \\\\, \\") that hides its word boundary raw', () => {
    for (const escape of ["\\n", "\\t", "\\r", "\\b", "\\f"]) {
      expect(redact(`"x${escape}${token}"`), escape).toBe(`"x${escape}${SENSITIVE}"`);
    }
    expect(redact(`"\\u0067hp_${x(36, "T")}"`)).toBe(`"${SENSITIVE}"`);
    expect(redact(`"\\u0067HP_${x(36, "T")}"`)).toBe(`"\\u0067HP_${x(36, "T")}"`);
  });

  it("unescapes every level: an escaped-slash webhook JSON-encoded once to five times", () => {
    const webhook = `https://hooks.slack.com/services/T${x(8, "0")}/B${x(8, "1")}/${x(24, "z")}`;
    const escapedOnce = (text: string) => JSON.stringify(text).slice(1, -1);
    // Slashes escaped (one level), then JSON n times: n + 1 levels. n = 3 is the old gap.
    for (let times = 1; times <= 5; times++) {
      let encoded = webhook.replace(/\//g, "\\/");
      let printed = encoded;
      for (let i = 0; i < times; i++) {
        encoded = escapedOnce(encoded);
        printed = JSON.stringify(printed);
      }
      expect(printed, `JSON ${times} times`).toContain(encoded);
      expect(redact(printed), `JSON ${times} times`).toBe(printed.replace(encoded, SENSITIVE));
    }
  });

  it("finds a known value with a character written as a \\uXXXX escape, in either case", () => {
    const known = ["correct", "horse", "battery", "staple"].join("-");
    expect(redact(String.raw`{"x":"correct\u002dhorse-battery-staple"}`, [known])).toBe(`{"x":"${SENSITIVE}"}`);
    expect(redact(String.raw`{"x":"correct\u002Dhorse-battery-staple!"}`, [known])).toBe(`{"x":"${SENSITIVE}!"}`);
  });

  it("keeps the text between two hits, and merges touching hits into one", () => {
    const a = x(8, "a");
    const b = x(8, "b");
    expect(new Redactor([a, b]).scrub(`<${a}-${b}>`)).toBe(`<${SENSITIVE}-${SENSITIVE}>`);
    expect(new Redactor([a, b]).scrub(`<${a}${b}>`)).toBe(`<${SENSITIVE}>`);
    expect(new Redactor([a]).scrub(`${a}${a}`)).toBe(SENSITIVE);
    expect(new Redactor([a]).scrub("")).toBe("");
    expect(redact(`${token} ${token}`)).toBe(`${SENSITIVE} ${SENSITIVE}`);
  });

  it("a longer known value wins over a shorter one inside it", () => {
    const short = x(8, "s");
    const long = `${short}-and-more`;
    expect(new Redactor([short, long]).scrub(`[${long}]`)).toBe(`[${SENSITIVE}]`);
  });
});

describe("Redactor: known values in every printed form", () => {
  const secret = "s3cr3t+/=value&more";

  it("base64 and base64url at each of the three byte alignments inside a longer blob", () => {
    for (const prefix of ["", "u", "us", "use", "user:"]) {
      const blob = Buffer.from(`${prefix}${secret}!tail`);
      for (const encoded of [blob.toString("base64"), blob.toString("base64url")]) {
        const out = new Redactor([secret]).scrub(`Basic ${encoded}`);
        expect(out, `${prefix} ${encoded}`).toContain(SENSITIVE);
        // The characters the secret's bytes alone decide are gone: at most 2 of its neighbours' remain.
        const p = prefix.length;
        const core = encoded.slice(Math.ceil((8 * p) / 6), Math.floor((8 * (p + secret.length)) / 6));
        expect(out).not.toContain(core.slice(0, 8));
        expect(out).not.toContain(core.slice(-8));
      }
    }
  });

  it("the whole padded base64 of the value alone, padding included", () => {
    const alone = Buffer.from(x(8, "q")).toString("base64");
    expect(alone.endsWith("=")).toBe(true);
    expect(new Redactor([x(8, "q")]).scrub(`[${alone}]`)).toBe(`[${SENSITIVE}]`);
  });

  it("URL-encoded, form-encoded and percent-encoded in lower case", () => {
    // Ends in an encoded character: each hit must end exactly where its encoding ends.
    const spaced = "pass word+1/2=";
    const redactor = new Redactor([spaced]);
    for (const form of [
      encodeURIComponent(spaced),
      encodeURIComponent(spaced).replace(/%20/g, "+"),
      encodeURIComponent(spaced).toLowerCase(),
    ]) {
      expect(redactor.scrub(`q=${form}&x=1`), form).toBe(`q=${SENSITIVE}&x=1`);
    }
  });

  it("a credential pattern behind percent-encoding (t%3Dghp_…, https%3A%2F%2Fhooks…)", () => {
    const token = `gh${"p_"}${x(36, "A")}`;
    expect(redact(`t%3D${token}`)).toBe(`t%3D${SENSITIVE}`);
    const hook = `https://hooks.slack.com/services/T${x(8, "0")}/B${x(8, "1")}/${x(24, "z")}`;
    expect(redact(`u=${encodeURIComponent(hook)}&x=1`)).toBe(`u=${SENSITIVE}&x=1`);
  });

  it("a known value split by a line break at any position, with or without Terraform's │ prefix", () => {
    const known = x(12, "kw");
    for (let at = 1; at < known.length; at++) {
      for (const brk of ["\n", "\r\n", "\n│ ", "  \n    ", "\\n"]) {
        const text = `a ${known.slice(0, at)}${brk}${known.slice(at)} b`;
        expect(new Redactor([known]).scrub(text), JSON.stringify(text)).toBe(`a ${SENSITIVE} b`);
      }
    }
  });

  it("a passphrase word-wrapped at one of its spaces", () => {
    const known = "correct horse battery staple";
    expect(new Redactor([known]).scrub(`│ the correct horse\n│ battery staple was refused`)).toBe(
      `│ the ${SENSITIVE} was refused`,
    );
  });

  it("patterns do not run across a joined line break: the next line's first word stays", () => {
    const jwt = `ey${"J"}${x(8, "a")}.ey${"J"}${x(8, "b")}.${x(4, "c")}`;
    // With a known value, so that the line-break-free view is built at all.
    const redactor = new Redactor([x(9, "K")]);
    expect(redactor.scrub(`${jwt}\nnext`)).toBe(`${SENSITIVE}\nnext`);
    expect(redactor.scrub(`napi_${x(32, "a")}\nmore`)).toBe(`${SENSITIVE}\nmore`);
  });

  it("skips encoded forms shorter than the minimum: a value of exactly the minimum length is still found in base64", () => {
    const atMin = x(MIN_SECRET_LENGTH, "Z");
    const shifted = Buffer.from(`u${atMin}`).toString("base64");
    expect(new Redactor([atMin]).scrub(shifted)).toContain(SENSITIVE);
  });
});

describe("Redactor: encoded forms and views, exactly", () => {
  it("base64url of the value alone, unpadded, goes whole", () => {
    const known = "???>>>???>>>";
    const b64 = Buffer.from(known).toString("base64");
    const url = Buffer.from(known).toString("base64url");
    expect(b64).toMatch(/\+/);
    expect(b64).toMatch(/\//);
    expect(url).toMatch(/-/);
    expect(url).toMatch(/_/);
    // 10 bytes: base64 pads with "==", base64url drops both.
    for (const form of [b64, url, Buffer.from(x(10, "k")).toString("base64url")]) {
      const secret = form === b64 || form === url ? known : x(10, "k");
      expect(new Redactor([secret]).scrub(`[${form}]`), form).toBe(`[${SENSITIVE}]`);
    }
  });

  it("joins a carriage return alone and a tab-indented continuation too", () => {
    const known = x(12, "kq");
    for (const brk of ["\r", "\n\t", "\t\r\n\t│\t"]) {
      expect(new Redactor([known]).scrub(`<${known.slice(0, 5)}${brk}${known.slice(5)}>`), JSON.stringify(brk)).toBe(
        `<${SENSITIVE}>`,
      );
    }
  });

  it("patterns run on the view with line breaks as spaces: a Bearer credential wrapped after its scheme", () => {
    expect(redact(`│ Authorization: Bearer\n│ ${x(24, "w")}\n│ next`)).toBe(
      `│ Authorization: Bearer\n│ ${SENSITIVE}\n│ next`,
    );
  });
});
