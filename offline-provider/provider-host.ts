// Serves the offline providers from this process, and tells Terraform to reattach to
// them (TF_REATTACH_PROVIDERS) instead of starting them. Terraform otherwise starts
// every provider several times per command, one Node process each: a validate + plan +
// show of one stack took ≈ 9 s, ≈ 1.3 s with the providers served here.
//
// `terraform init` still installs from the filesystem mirror (install.ts), so the
// version pins and the lock file are checked exactly as before; only the running of
// the providers changes. The handlers are stateless, so one host serves any number of
// Terraform processes, concurrently too.
import { readSnapshot } from "./schema";
import { PROTO_DIR } from "./paths";
import { type StartedServer, startProviderServer } from "./serve";

export interface ProviderHost {
  /** The value for TF_REATTACH_PROVIDERS. */
  reattach: string;
  close(): void;
}

/** go-plugin's reattach entry; `Test: true` tells Terraform not to stop the server when it is done. */
interface ReattachEntry {
  Protocol: "grpc";
  ProtocolVersion: 6;
  Pid: number;
  Test: true;
  Addr: { Network: "tcp"; String: string };
}

export async function startProviderHost(snapshotFiles: readonly string[]): Promise<ProviderHost> {
  const servers: StartedServer[] = [];
  const entries: Record<string, ReattachEntry> = {};
  const close = (): void => servers.forEach((s) => s.server.forceShutdown());
  try {
    for (const file of snapshotFiles) {
      const { source } = readSnapshot(file);
      // Terraform asks a provider to shut down only when it started it, never with Test: true.
      const started = await startProviderServer(file, PROTO_DIR, () => undefined);
      servers.push(started);
      entries[source] = {
        Protocol: "grpc",
        ProtocolVersion: 6,
        Pid: process.pid,
        Test: true,
        Addr: { Network: "tcp", String: started.address },
      };
    }
  } catch (error) {
    close();
    throw error;
  }
  return { reattach: JSON.stringify(entries), close };
}

let shared: { key: string; host: Promise<ProviderHost> } | undefined;

/**
 * One host per process for the given snapshots, started on first use and kept for the
 * next plans. Its sockets keep Node running: call closeSharedProviderHost() when done.
 */
export function sharedProviderHost(snapshotFiles: readonly string[]): Promise<ProviderHost> {
  const key = snapshotFiles.join("\0");
  if (shared?.key !== key) {
    closeSharedProviderHost();
    shared = { key, host: startProviderHost(snapshotFiles) };
    // A failed start is not kept: the next call tries again.
    const attempt = shared;
    attempt.host.catch(() => {
      if (shared === attempt) shared = undefined;
    });
  }
  return shared.host;
}

export function closeSharedProviderHost(): void {
  const current = shared;
  shared = undefined;
  current?.host.then((h) => h.close()).catch(() => undefined);
}
