// Errors a person fixes (bad config, policy violation, unusable output folder) print one
// message and exit 1; anything else is a bug and keeps its stack trace.
import { isUserError } from "../synthesize";

export function exitOnUserError(run: () => number): void {
  try {
    process.exitCode = run();
  } catch (error) {
    if (!isUserError(error)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
