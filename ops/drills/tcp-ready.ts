// The restore drill's readiness check without SQL: the endpoint's host accepts a TCP
// connection on the Postgres port (Neon's proxy answers on 5432; the drill holds no
// database password, so it does not log in).
import { connect } from "node:net";

export const POSTGRES_PORT = 5432;

export function tcpReady(
  host: string,
  options: { port: number; timeoutMs: number; signal: AbortSignal },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: options.port, signal: options.signal });
    socket.setTimeout(options.timeoutMs, () =>
      socket.destroy(new Error(`no connection to ${host}:${options.port} within ${options.timeoutMs} ms`)),
    );
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("error", (error) => reject(error));
  });
}
