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

describe("no word boundary before a token prefix: a token glued to what precedes it is caught", () => {
  const tokens: ReadonlyArray<[string, string]> = [
    ["github classic", `gh${"p_"}${x(36, "A")}`],
    ["github fine-grained", `github_pat_${x(22, "a")}`],
    ["slack", `xox${"b"}-${x(10, "1")}`],
    ["neon", `napi_${x(32, "a")}`],
    ["grafana service account", `glsa_${x(32, "Z")}_${x(8, "F")}`],
    ["grafana cloud", `glc_${x(32, "k")}`],
    ["cloudflare scannable", `cfut_${x(40, "Q")}`],
    ["aws access key id", `AK${"IA"}${x(16, "7")}`],
    ["jwt", `ey${"J"}${x(8, "a")}.ey${"J"}${x(8, "b")}.c`],
  ];
  for (const [what, token] of tokens) {
    for (const glue of ["t", "T", "9", "_", "t%3D", "Bearer%20"]) {
      it(`${what} after ${glue}`, () => {
        expect(redact(`(${glue}${token})`)).toBe(`(${glue}${SENSITIVE})`);
      });
    }
  }

  it("the URL password of a scheme glued to a letter, a digit or an underscore", () => {
    for (const glue of ["x", "9", "_"]) {
      expect(redact(`${glue}postgres://u:${x(10, "p")}@h/db`)).toBe(`${glue}postgres://u:${SENSITIVE}@h/db`);
    }
  });
});

describe("PEM private keys: the whole key, not only its BEGIN line", () => {
  const begin = `${"-".repeat(5)}BEGIN RSA PRIVATE KEY${"-".repeat(5)}`;
  const end = `${"-".repeat(5)}END RSA PRIVATE KEY${"-".repeat(5)}`;
  const body = [x(64, "M"), x(64, "N"), `${x(10, "O")}==`];

  it("removes BEGIN line, body and END line, and keeps the text around", () => {
    const key = [begin, ...body, end].join("\n");
    expect(redact(`key:\n${key}\nnext line`)).toBe(`key:\n${SENSITIVE}\nnext line`);
  });

  it("removes a body written with JSON-escaped line breaks", () => {
    const key = [begin, ...body, end].join("\n");
    expect(redact(`{"k":${JSON.stringify(key)}}`)).toBe(`{"k":"${SENSITIVE}"}`);
  });

  it("removes each body line under Terraform's diagnostic prefix", () => {
    const boxed = [begin, ...body].map((line) => `│ ${line}`).join("\n");
    expect(redact(`${boxed}\n│ \n╵`)).toBe(`│ ${SENSITIVE}\n│ \n╵`);
  });

  it("removes every body line of a key cut before its END line, up to the first non-base64 text", () => {
    expect(redact(`${begin}\n${body.join("\n")}\nError: cut`)).toBe(`${SENSITIVE}\nError: cut`);
    expect(redact(`${begin}\r\n${body[0]}\r\n(end)`)).toBe(`${SENSITIVE}\r\n(end)`);
  });

  it("a flattened body: space-separated runs of 16 base64 characters are body, 15 are not", () => {
    expect(redact(`${begin} ${x(16, "Q")} tail`)).toBe(`${SENSITIVE} tail`);
    expect(redact(`${begin} ${x(15, "Q")} tail`)).toBe(`${SENSITIVE} ${x(15, "Q")} tail`);
  });

  it("an END line of another label does not end the key: the body lines still go", () => {
    const other = `${"-".repeat(5)}END EC PRIVATE KEY${"-".repeat(5)}`;
    const out = redact([begin, ...body, other].join("\n"));
    for (const line of body) expect(out).not.toContain(line);
  });
});

describe("Cloudflare's bare 40-character tokens: only next to a credential name", () => {
  const token = x(20, "aZ");
  const names = [
    "CLOUDFLARE_API_TOKEN=",
    "cloudflare_api_key: ",
    '"cf_api_token": "',
    "CF_TOKEN=",
    "api_token = '",
    "api-token:",
  ];

  for (const name of names) {
    it(`after ${JSON.stringify(name)}: 40 characters caught, 39 and 41 left`, () => {
      expect(redact(`${name}${token}`)).toBe(`${name}${SENSITIVE}`);
      expect(redact(`${name}${token.slice(1)}`)).toBe(`${name}${token.slice(1)}`);
      expect(redact(`${name}${token}b`)).toBe(`${name}${token}b`);
    });
  }

  it("a 40-character word with no such name stays (a commit SHA, a random id)", () => {
    for (const text of [`commit ${token}`, `id=${token}`, `token_id: ${token}`]) expect(redact(text)).toBe(text);
  });

  it("allows up to 3 quotes or blanks before the operator and up to 5 after, not more", () => {
    expect(redact(`cloudflare_token"  =  "${token}`)).toBe(`cloudflare_token"  =  "${SENSITIVE}`);
    expect(redact(`cloudflare_token    =${token}`)).toBe(`cloudflare_token    =${token}`);
    expect(redact(`cloudflare_token=      ${token}`)).toBe(`cloudflare_token=      ${token}`);
  });
});

describe("Bearer credentials", () => {
  it("catches 20 characters after Bearer and a blank, leaves 19", () => {
    expect(redact(`Authorization: Bearer ${x(20, "t")}`)).toBe(`Authorization: Bearer ${SENSITIVE}`);
    expect(redact(`authorization: bearer\t${x(20, "t")}==`)).toBe(`authorization: bearer\t${SENSITIVE}`);
    expect(redact(`Authorization: Bearer ${x(19, "t")}`)).toBe(`Authorization: Bearer ${x(19, "t")}`);
  });

  it("leaves prose about bearer tokens alone", () => {
    const text = "Bearer authentication uses a Bearer token";
    expect(redact(text)).toBe(text);
  });
});

describe("Cloudflare token names and operators at their limits", () => {
  const token = x(20, "kZ");
  it("every assignment operator", () => {
    for (const op of ["=", ":", ",", "=>", ":="]) {
      expect(redact(`cloudflare_token ${op} ${token}`), op).toBe(`cloudflare_token ${op} ${SENSITIVE}`);
    }
    expect(redact(`cloudflare_token ; ${token}`)).toBe(`cloudflare_token ; ${token}`);
  });

  it("up to 5 quotes or blanks after the operator", () => {
    expect(redact(`cloudflare_token=     ${token}`)).toBe(`cloudflare_token=     ${SENSITIVE}`);
    expect(redact(`cloudflare_token=\`'" =${token}`)).toBe(`cloudflare_token=\`'" =${SENSITIVE}`);
  });

  it("a name of cloudflare + 30 characters + token, or cf_ + 20, and not one more", () => {
    expect(redact(`cloudflare${x(30, "_")}token=${token}`)).toBe(`cloudflare${x(30, "_")}token=${SENSITIVE}`);
    expect(redact(`cloudflare${x(31, "_")}token=${token}`)).toBe(`cloudflare${x(31, "_")}token=${token}`);
    expect(redact(`cf_${x(20, "x")}token=${token}`)).toBe(`cf_${x(20, "x")}token=${SENSITIVE}`);
    expect(redact(`cf_${x(21, "x")}token=${token}`)).toBe(`cf_${x(21, "x")}token=${token}`);
  });
});
