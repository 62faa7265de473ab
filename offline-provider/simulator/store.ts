// The simulated account's live objects, kept in a folder the user names
// (NEUROPILOT_SIMULATOR_DIR) so that they outlive one Terraform command. Terraform runs a
// provider per command (and several at once), so every change holds a lock file and
// replaces the store file atomically (write a temp file, rename it over the old one).
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";

/** Attributes of one live object, in Terraform's JSON state encoding (dynamic = {value, type}). */
export type Attributes = Record<string, unknown>;

export interface AccountStore {
  version: 1;
  /** type name -> object id -> attributes */
  objects: Record<string, Record<string, Attributes>>;
}

export const SIMULATOR_DIR_ENV = "NEUROPILOT_SIMULATOR_DIR";
const STORE_FILE = "account.json";
const LOCK_FILE = "account.lock";
/** A lock older than this was left by a process that died; it is taken over. */
const STALE_LOCK_MS = 30_000;
const LOCK_WAIT_MS = 20_000;

/** The simulator folder from the environment, or undefined when the simulator is off. */
export function simulatorDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env[SIMULATOR_DIR_ENV];
  return dir === undefined || dir === "" ? undefined : dir;
}

export const emptyStore = (): AccountStore => ({ version: 1, objects: {} });

export function readStore(dir: string): AccountStore {
  const file = join(dir, STORE_FILE);
  if (!existsSync(file)) return emptyStore();
  const parsed = JSON.parse(readFileSync(file, "utf8")) as AccountStore;
  if (parsed.version !== 1 || typeof parsed.objects !== "object")
    throw new Error(`${file} is not a simulated account (version 1); run \`npm run simulate -- reset\``);
  return parsed;
}

function writeStore(dir: string, store: AccountStore): void {
  const file = join(dir, STORE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(store, null, 2)}\n`);
  renameSync(temp, file);
}

const sleep = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function acquire(dir: string): () => void {
  const lock = join(dir, LOCK_FILE);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      closeSync(openSync(lock, "wx"));
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) rmSync(lock, { force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline)
        throw new Error(
          `simulated account ${dir} stayed locked for ${LOCK_WAIT_MS} ms; if no Terraform command is running, remove ${lock}`,
          { cause: e },
        );
      sleep(10);
    }
  }
}

/** Runs `change` on the store under the lock and writes the result atomically. */
export function updateStore<T>(dir: string, change: (store: AccountStore) => T): T {
  mkdirSync(dir, { recursive: true });
  const release = acquire(dir);
  try {
    const store = readStore(dir);
    const result = change(store);
    writeStore(dir, store);
    return result;
  } finally {
    release();
  }
}

export function resetStore(dir: string, seed: AccountStore = emptyStore()): void {
  updateStore(dir, (store) => {
    store.objects = structuredClone(seed.objects);
  });
}
