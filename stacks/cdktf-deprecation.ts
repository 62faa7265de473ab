// cdktf 0.21.0, CDKTF's last release, calls util.isArray for every TerraformOutput it
// synthesises; Node 24 deprecates util.isArray at run time (DEP0044), so every synth on the
// workflows' Node printed a DeprecationWarning nobody here can act on. Only that warning is
// dropped, and only while cdktf's own code is on the stack; every other warning is printed.
const UTIL_IS_ARRAY = "DEP0044";
let installed = false;

/** The warning's code, for each of process.emitWarning's call forms. */
function codeOf(warning: string | Error, rest: readonly unknown[]): unknown {
  if (warning instanceof Error && "code" in warning) return warning.code;
  const [typeOrOptions, code] = rest;
  if (typeof typeOrOptions === "object" && typeOrOptions !== null && "code" in typeOrOptions) {
    return typeOrOptions.code;
  }
  return code;
}

/** Whether the code asking for the warning is cdktf's (bundled or from node_modules). */
function raisedByCdktf(): boolean {
  const stack = new Error().stack ?? "";
  return /TerraformOutput|[\\/]node_modules[\\/]cdktf[\\/]/.test(stack);
}

export function silenceCdktfIsArrayDeprecation(): void {
  if (installed) return;
  installed = true;
  const emitWarning = process.emitWarning;
  process.emitWarning = function (warning: string | Error, ...rest: unknown[]): void {
    if (codeOf(warning, rest) === UTIL_IS_ARRAY && raisedByCdktf()) return;
    Reflect.apply(emitWarning, process, [warning, ...rest]);
  } as typeof process.emitWarning;
}
