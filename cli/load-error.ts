// A program file that throws while it loads (a config file's top level: a `throw`, a
// `new URL("…")` of a bad value, a syntax error) stops the command before any of its code
// runs, with a stack trace into the esbuild bundle that never names the file. `loadModule`
// imports such files lazily and turns that into one line naming the file (a user error,
// exit 1): the first stack frame inside the repository, mapped through the bundle's
// `// <path>` module comments when the frame is in the bundle (app-runner/run-app.mjs).
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";

/** A repository file that could not be loaded; its message is the one line a user sees. */
export class ModuleLoadError extends Error {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? `${cause.name}: ${cause.message.split("\n")[0]}` : String(cause);
    super(`${file}: cannot be loaded (${reason}); fix the file: config files hold plain values only`);
    this.name = "ModuleLoadError";
  }
}

/** esbuild writes `// config/production.ts` before each module's code in a bundle that is not minified. */
const BUNDLE_MODULE = /^\/\/ ([\w./@+-]+\.[cm]?[jt]s)$/;
const FRAME = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):\d+\)?$/;

/** The repository-relative path of `file`, or undefined outside the repository or in node_modules. */
function inRepository(file: string, root: string): string | undefined {
  const path = relative(root, file);
  if (path === "" || path.startsWith("..") || isAbsolute(path)) return undefined;
  return path.split(sep).join("/");
}

/** The source file of line `line` (1-based) of an esbuild bundle: the last module comment above it. */
export function bundleSourceAt(bundle: string, line: number): string | undefined {
  const lines = bundle.split("\n");
  for (let index = Math.min(line, lines.length) - 1; index >= 0; index--) {
    const module = BUNDLE_MODULE.exec(lines[index]);
    if (module) return module[1];
  }
  return undefined;
}

/**
 * The repository file an error was thrown in: the first stack frame in the repository
 * (outside node_modules, except the app bundle, which is mapped to its source), or for an
 * error without such a frame (a syntax error), a repository path its message names.
 */
export function thrownIn(
  error: unknown,
  root: string,
  read = (file: string) => readFileSync(file, "utf8"),
): string | undefined {
  if (!(error instanceof Error)) return undefined;
  for (const frame of (error.stack ?? "").split("\n").slice(1)) {
    const match = FRAME.exec(frame.trim());
    if (!match) continue;
    const path = inRepository(match[1], root);
    if (path === undefined) continue;
    if (/\.cjs$/.test(path) && path.startsWith("node_modules/.cache/")) {
      let source: string | undefined;
      try {
        source = bundleSourceAt(read(match[1]), Number(match[2]));
      } catch {
        source = undefined;
      }
      if (source) return source;
      continue;
    }
    if (path.split("/").includes("node_modules")) continue;
    return path;
  }
  const named = [
    ...(error.message.match(/(?:\/|[A-Za-z]:\\)[^\s:()"']+\.[cm]?ts\b/g) ?? []),
    // Vite's transform names the file relative to the working folder ("../x/config/a.ts").
    ...(error.message.match(/(?:\.\.?\/)+[^\s:()"'[\]]+\.[cm]?ts\b/g) ?? []).map((file) => resolve(file)),
  ];
  return named.map((file) => inRepository(file, root)).find((path) => path && !path.includes("node_modules/"));
}

/** Imports a module lazily; an error thrown while it loads becomes a ModuleLoadError naming the file. */
export async function loadModule<T>(load: () => Promise<T>, root: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const file = thrownIn(error, root);
    if (file === undefined) throw error;
    throw new ModuleLoadError(file, error);
  }
}
