// Entry point of the offline provider executable. Terraform starts it (through the
// launcher script install.ts writes) with the go-plugin environment; it answers
// with the handshake line on stdout and serves tfplugin6 over plaintext gRPC.
//
//   node --import tsx serve.ts --snapshot providers/neon.json --proto-dir <dir>
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import { join } from "node:path";
import { createHandlers } from "./provider-service";
import { readSnapshot } from "./schema";

export const MAGIC_COOKIE_KEY = "TF_PLUGIN_MAGIC_COOKIE";
export const MAGIC_COOKIE_VALUE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

type ServiceLookup = Record<string, unknown>;

function service(pkg: grpc.GrpcObject, path: string): grpc.ServiceDefinition {
  let node: unknown = pkg;
  for (const part of path.split(".")) node = (node as ServiceLookup)[part];
  const ctor = node as { service?: grpc.ServiceDefinition } | undefined;
  if (!ctor?.service) throw new Error(`proto service ${path} not found`);
  return ctor.service;
}

function unary(
  fn: (req: Record<string, unknown>) => Record<string, unknown>,
): grpc.handleUnaryCall<Record<string, unknown>, Record<string, unknown>> {
  return (call, callback) => {
    try {
      callback(null, fn(call.request));
    } catch (e) {
      callback({ code: grpc.status.INTERNAL, details: e instanceof Error ? e.message : String(e) });
    }
  };
}

const loadedProtos = new Map<string, grpc.GrpcObject>();

/** Parsed once per process: a provider host serves several providers from the same protos. */
function loadProtos(protoDir: string): grpc.GrpcObject {
  let pkg = loadedProtos.get(protoDir);
  if (!pkg) {
    const files = [
      "tfplugin6.proto",
      "grpc_controller.proto",
      "grpc_stdio.proto",
      "grpc_broker.proto",
      "health.proto",
    ].map((f) => join(protoDir, f));
    pkg = grpc.loadPackageDefinition(protoLoader.loadSync(files, LOADER_OPTIONS));
    loadedProtos.set(protoDir, pkg);
  }
  return pkg;
}

export interface StartedServer {
  server: grpc.Server;
  address: string;
}

/** Builds and binds the gRPC server; `onShutdown` runs when Terraform asks the plugin to exit. */
export async function startProviderServer(
  snapshotFile: string,
  protoDir: string,
  onShutdown: () => void,
): Promise<StartedServer> {
  const pkg = loadProtos(protoDir);
  const handlers = createHandlers(readSnapshot(snapshotFile));

  // Large schemas (grafana, cloudflare) exceed gRPC's 4 MiB default.
  const server = new grpc.Server({ "grpc.max_send_message_length": -1, "grpc.max_receive_message_length": -1 });
  server.addService(
    service(pkg, "tfplugin6.Provider"),
    Object.fromEntries(Object.entries(handlers).map(([name, fn]) => [name, unary(fn)])),
  );
  server.addService(service(pkg, "plugin.GRPCController"), {
    Shutdown: unary(() => (setImmediate(onShutdown), {})),
  });
  // Nothing to mirror: keep the stream open until Terraform hangs up.
  server.addService(service(pkg, "plugin.GRPCStdio"), {
    StreamStdio: (call: grpc.ServerWritableStream<unknown, unknown>) => call.on("cancelled", () => call.end()),
  });
  server.addService(service(pkg, "plugin.GRPCBroker"), {
    StartStream: (call: grpc.ServerDuplexStream<unknown, unknown>) => {
      call.on("data", () => undefined);
      call.on("end", () => call.end());
    },
  });
  server.addService(service(pkg, "grpc.health.v1.Health"), {
    Check: unary(() => ({ status: "SERVING" })),
    Watch: (call: grpc.ServerWritableStream<unknown, unknown>) => {
      call.write({ status: "SERVING" });
      call.on("cancelled", () => call.end());
    },
  });

  const port = await bindPort(server);
  return { server, address: `127.0.0.1:${port}` };
}

function bindOnce(server: grpc.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    );
  });
}

// Any free port, chosen by the OS in one atomic bind. go-plugin's PLUGIN_MIN_PORT/MAX_PORT
// are a hint Terraform does not enforce (it dials the address in the handshake line);
// scanning that range from its start made concurrent providers (two Terraform runs at
// once) race through thousands of failed binds, and under load some never started.
function bindPort(server: grpc.Server): Promise<number> {
  return bindOnce(server, 0);
}

function parentAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.env[MAGIC_COOKIE_KEY] !== MAGIC_COOKIE_VALUE) {
    process.stderr.write(
      "This binary is a Terraform plugin (offline schema provider). It is started by Terraform, not run directly.\n",
    );
    process.exit(1);
  }
  if (process.env.PLUGIN_CLIENT_CERT) {
    process.stderr.write(
      "offline schema provider: plugin mTLS is not supported; run Terraform with TF_DISABLE_PLUGIN_TLS=1\n",
    );
    process.exit(1);
  }
  const versions = (process.env.PLUGIN_PROTOCOL_VERSIONS ?? "6").split(",");
  if (!versions.includes("6")) {
    process.stderr.write(`offline schema provider speaks protocol 6 only; Terraform offered ${versions.join(",")}\n`);
    process.exit(1);
  }
  const snapshot = arg("--snapshot");
  const protoDir = arg("--proto-dir");
  if (!snapshot || !protoDir) throw new Error("usage: serve.ts --snapshot FILE --proto-dir DIR");

  const exit = (): void => {
    started.server.forceShutdown();
    process.exit(0);
  };
  const started = await startProviderServer(snapshot, protoDir, exit);

  // go-plugin plugins ignore interrupts (Terraform coordinates shutdown), but must
  // not outlive Terraform. process.ppid is fixed at startup in Node 20, so probe
  // the parent pid instead.
  process.on("SIGINT", () => undefined);
  const parent = process.ppid;
  setInterval(() => parentAlive(parent) || exit(), 500).unref();

  // go-plugin handshake: CORE-PROTOCOL|APP-PROTOCOL|NETWORK|ADDR|PROTOCOL
  process.stdout.write(`1|6|tcp|${started.address}|grpc\n`);
}

// Run only as the executable, not when imported by tests.
if (process.argv.includes("--snapshot")) {
  main().catch((e: unknown) => {
    process.stderr.write(`offline schema provider failed to start: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  });
}
