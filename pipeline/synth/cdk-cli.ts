// The CDK CLI's name is one setting: $CDK_CLI (workflow-level env in .github/workflows).
// CDKTF is archived; CDK Terrain (`cdktn`) continues it with the same commands.
const KNOWN_CLIS = ["cdktf", "cdktn"] as const;

export function cdkCli(env: NodeJS.ProcessEnv = process.env): string {
  const cli = env.CDK_CLI ?? "cdktf";
  if (!(KNOWN_CLIS as readonly string[]).includes(cli)) {
    throw new Error(`CDK_CLI must be one of ${KNOWN_CLIS.join(", ")}, got "${cli}"`);
  }
  return cli;
}
