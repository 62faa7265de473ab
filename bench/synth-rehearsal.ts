// One synthesis of the rehearsal's pull request (config/examples/rehearsal.ts) into
// $CDKTF_OUTDIR with a local backend: the synth step of the pull-request path bench/pr-path.ts times.
import { rehearsalSources } from "../config/examples/rehearsal";
import { synthesize } from "../synthesize";

const outdir = process.env.CDKTF_OUTDIR;
if (!outdir) throw new Error("CDKTF_OUTDIR must name the output folder");
synthesize(rehearsalSources(process.env.REHEARSAL_VARIANT === "base" ? "base" : "pr"), { backend: "local", outdir });
