// CLI: fails the trusted plan when a stateful resource is destroyed or replaced without the
// approval label.
//   tsx pipeline/data-loss-gate.ts --plans plans --labels '["approve-data-loss"]'
// The work is record/data-loss-gate.ts's `main(argv, env, io)`, exported here too so the
// rehearsal runs it in-process; the command runs only when this file is the entry.
import { main } from "./record/data-loss-gate";
import { runAsEntry } from "./script-entry";

export { main };

runAsEntry("data-loss-gate", main);
