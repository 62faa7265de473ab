// One planted secret per kind the redaction module must catch, built at run time so the
// repository itself holds no credential shape.
export const x = (n: number, c = "a"): string => c.repeat(n);
export const PLANTED: ReadonlyArray<{ kind: string; secret: string }> = [
  { kind: "github classic token", secret: `ghp_${x(18, "Ab")}` },
  { kind: "github fine-grained token", secret: `github_pat_${x(30, "B1")}` },
  { kind: "slack bot token", secret: `xoxb-${x(12, "12")}-${x(20, "c")}` },
  { kind: "slack webhook", secret: `https://hooks.slack.com/services/T${x(8, "0")}/B${x(8, "1")}/${x(24, "z")}` },
  { kind: "sentry dsn", secret: `https://${x(32, "f")}@o123.ingest.sentry.io/456` },
  { kind: "neon api key", secret: `napi_${x(40, "k")}` },
  { kind: "grafana service-account token", secret: `glsa_${x(32, "G")}_${x(8, "e")}` },
  { kind: "grafana cloud token", secret: `glc_${x(40, "H")}==` },
  { kind: "private key", secret: `-----BEGIN ${"RSA"} PRIVATE KEY-----` },
  { kind: "cloudflare api token", secret: `cfut_${x(20, "Cf")}${x(8, "9")}` },
  { kind: "aws access key id", secret: `AKIA${x(16, "Q")}` },
  { kind: "jwt", secret: `eyJ${x(20, "h")}.eyJ${x(30, "p")}.${x(43, "s")}` },
];

/** A Neon connection string with a literal password (the password is what must go). */
export const NEON_PASSWORD = `npg_${x(12, "P")}`;
export const NEON_URL = `postgresql://app_owner:${NEON_PASSWORD}@ep-cool-1.eu-central-1.aws.neon.tech/app?sslmode=require`;
