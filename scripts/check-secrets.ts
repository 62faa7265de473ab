// `npm run check:secrets [paths…]`: scans cdktf.out (or the given files and folders) for
// credentials and for secret variables/outputs not marked sensitive. Run after synth and
// in CI. Prints file:line and the kind of each finding, never the secret; exits 1 on any.
import { strictArgs, UsageError } from "../cli/flags";
import { runCommand } from "../cli/run";
import { formatSecretFindings, scanFiles } from "../secrets/scan";

const USAGE = "usage: npm run check:secrets -- [file or folder…] (default cdktf.out) | --help";

function main(argv: string[]): number {
  const { values, positionals } = strictArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: "boolean" } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const targets = positionals.length > 0 ? positionals : ["cdktf.out"];
  try {
    const findings = scanFiles(targets);
    if (findings.length > 0) {
      console.error(`Secret check failed (${findings.length} finding${findings.length === 1 ? "" : "s"}):`);
      console.error(formatSecretFindings(findings));
      return 1;
    }
    console.log(`Secret check passed: ${targets.join(", ")}`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    console.error(`Secret check could not run: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

runCommand(() => main(process.argv.slice(2)), { name: "check:secrets", usage: USAGE });
