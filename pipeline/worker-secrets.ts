// npm run worker-secrets -- <stack> [--synth cdktf.out] [--check]
// Sets the auto-heal Worker's secrets through Cloudflare's API after an apply (deploy.yml's
// apply job, worker-secrets.yml). The command's path stays here (package.json and the
// workflows start it); its work is apply/worker-secrets.ts.
import { main } from "./apply/worker-secrets";
import { runAsEntry } from "./script-entry";

runAsEntry("worker-secrets", main);
