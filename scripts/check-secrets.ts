// `npm run check:secrets [paths…]`: scans cdktf.out (or the given files and folders) for
// credentials and for secret variables/outputs not marked sensitive. Run after synth and
// in CI. Prints file:line and the kind of each finding, never the secret; exits 1 on any.
import { formatSecretFindings, scanFiles } from "../secrets/scan";

const paths = process.argv.slice(2);
const targets = paths.length > 0 ? paths : ["cdktf.out"];
try {
  const findings = scanFiles(targets);
  if (findings.length > 0) {
    console.error(`Secret check failed (${findings.length} finding${findings.length === 1 ? "" : "s"}):`);
    console.error(formatSecretFindings(findings));
    process.exitCode = 1;
  } else {
    console.log(`Secret check passed: ${targets.join(", ")}`);
  }
} catch (error) {
  console.error(`Secret check could not run: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
}
