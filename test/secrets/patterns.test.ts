// Each credential shape at its edges: every prefix variant, exactly the minimum length (caught)
// and one character short (left alone), and each caught again in its JSON-escaped form.
import { describe, expect, it } from "vitest";
import { redact, SENSITIVE } from "../../secrets/redact";
import { isReferenceOnly, SECRET_NAME, stripInterpolations } from "../../secrets/patterns";
import { x } from "./planted";

// PEM headers are assembled here so the repository holds no literal key header for secret
// scanners to flag; the strings under test are the same.
const pem = (label: string): string => `${"-".repeat(5)}BEGIN ${label}${"-".repeat(5)}`;

/** [description, caught, near miss that must stay]. A near miss of "" means none. */
const EDGES: ReadonlyArray<[string, string, string]> = [
  ...["ghp", "gho", "ghu", "ghs", "ghr"].map((p): [string, string, string] => [
    `github ${p}_`,
    `${p}_${x(36, "A")}`,
    `${p}_${x(35, "A")}`,
  ]),
  ["github token is not a longer word", `ghp_${x(36, "A")}`, `ghp_${x(37, "A")}`],
  ["github fine-grained", `github_pat_${x(22, "a_")}`.slice(0, 33), `github_pat_${x(21, "b")}`],
  ...["a", "b", "p", "o", "s", "r"].map((c): [string, string, string] => [
    `slack xox${c}-`,
    `xox${c}-${x(10, "1")}`,
    `xox${c}-${x(9, "1")}`,
  ]),
  ["slack xoxq- is no token", `xoxb-${x(10, "-")}`, `xoxq-${x(10, "1")}`],
  ...["services", "workflows", "triggers"].map((kind): [string, string, string] => [
    `slack webhook ${kind}`,
    `https://hooks.slack.com/${kind}/${x(8, "T")}`,
    `https://hooks.slack.com/${kind}/${x(7, "T")}`,
  ]),
  [
    "slack webhook on another path",
    `https://hooks.slack.com/services/T_/B-/${x(3, "z")}`,
    "https://hooks.slack.com/other/TTTTTTTTTT",
  ],
  ["sentry dsn", `https://${x(32, "0")}@o1.ingest.sentry.io/2`, `https://${x(31, "0")}@o1.ingest.sentry.io/2`],
  ["sentry dsn with secret", `https://${x(32, "a")}:${x(32, "b")}@o12.ingest.sentry.io/34`, ""],
  [
    "sentry dsn in the EU region",
    `https://${x(32, "c")}@o9.ingest.de.sentry.io/8`,
    `https://${x(32, "c")}@o9.ingest.sentry.io/x`,
  ],
  ["neon api key", `napi_${x(32, "a1")}`.slice(0, 37), `napi_${x(31, "a")}`],
  ["grafana service account", `glsa_${x(32, "Z")}_${x(8, "F")}`, `glsa_${x(32, "Z")}_${x(7, "F")}`],
  ["grafana service account hex checksum", `glsa_${x(32, "z")}_${x(8, "a")}`, `glsa_${x(32, "z")}_${x(8, "g")}`],
  ["grafana cloud", `glc_${x(32, "k")}`, `glc_${x(31, "k")}`],
  ["grafana cloud base64", `glc_${x(16, "+/")}==`, ""],
  ["private key", pem("PRIVATE KEY"), pem("PUBLIC KEY")],
  ["private key with type", pem("OPENSSH PRIVATE KEY"), pem("PRIVATE KEY").slice(0, -1)],
  ["private key with two words", pem("EC2 RSA PRIVATE KEY"), ""],
  ...["cfk", "cfut", "cfat"].map((p): [string, string, string] => [
    `cloudflare ${p}_`,
    `${p}_${x(40, "Q")}`,
    `${p}_${x(39, "Q")}`,
  ]),
  ["cloudflare cfx_ is no token", `cfk_${x(40, "9")}`, `cfx_${x(40, "Q")}`],
  ["aws AKIA", `AKIA${x(16, "7")}`, `AKIA${x(15, "7")}`],
  ["aws ASIA", `ASIA${x(16, "Z")}`, `ASIA${x(17, "Z")}`],
  ["jwt", `eyJ${x(8, "a")}.eyJ${x(8, "-")}.`, `eyJ${x(7, "a")}.eyJ${x(8, "b")}.c`],
  ["jwt second part", `eyJ${x(8, "_")}.eyJ${x(8, "b")}.${x(5, "s")}`, `eyJ${x(8, "a")}.eyJ${x(7, "b")}.c`],
];

describe("secret patterns at their edges", () => {
  for (const [what, caught, miss] of EDGES) {
    it(`${what}: caught at the minimum, raw and JSON-escaped${miss ? ", near miss kept" : ""}`, () => {
      expect(redact(`a ${caught} b`)).toBe(`a ${SENSITIVE} b`);
      // JSON inside JSON: "\"…\"", and JSON with escaped slashes: https:\/\/….
      expect(redact(`v=${JSON.stringify(JSON.stringify(caught))};`)).toBe(`v="\\"${SENSITIVE}\\"";`);
      expect(redact(`{"v":"${caught.replace(/\//g, "\\/")}"}`)).toBe(`{"v":"${SENSITIVE}"}`);
      if (miss) expect(redact(`a ${miss} b`)).toBe(`a ${miss} b`);
    });
  }
});

describe("references", () => {
  it("strips every interpolation, nested braces included", () => {
    expect(stripInterpolations("a${var.x}b${lookup({k = 1}, 'k')}c")).toBe("abc");
    expect(stripInterpolations("{plain} $ {x}")).toBe("{plain} $ {x}");
    expect(stripInterpolations("tail ${unclosed")).toBe("tail ");
  });

  it("is reference-only when nothing but interpolations and blanks remain", () => {
    expect(isReferenceOnly("")).toBe(true);
    expect(isReferenceOnly(" ${var.token} ")).toBe(true);
    expect(isReferenceOnly("${var.a}${var.b}")).toBe(true);
    expect(isReferenceOnly("Bearer ${var.token}")).toBe(false);
  });

  it("recognises secret-bearing names, case-insensitively", () => {
    for (const name of [
      "API_TOKEN",
      "db_key",
      "Password",
      "passwd",
      "client_secret",
      "SLACK_WEBHOOK",
      "sentry_dsn",
      "credentials",
    ]) {
      expect(SECRET_NAME.test(name), name).toBe(true);
    }
    expect(SECRET_NAME.test("LOG_LEVEL")).toBe(false);
  });
});
