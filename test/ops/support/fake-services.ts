// A recording HTTP server on 127.0.0.1 standing in for origins and third-party APIs.
// Each test scenario gets a path prefix (/<scenario>/...) so one server serves them all.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  scenario: string;
  method: string;
  /** Path after the scenario prefix, e.g. /railway. */
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Reply {
  status: number;
  body?: string;
  delayMs?: number;
  headers?: Record<string, string>;
}

export type Route = (request: RecordedRequest) => Reply;

export interface FakeServices {
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests of one scenario, optionally only those whose path starts with `prefix`. */
  of(scenario: string, prefix?: string): RecordedRequest[];
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function startFakeServices(route: Route): Promise<FakeServices> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void readBody(req).then((body) => {
      const [, scenario = "", ...rest] = (req.url ?? "/").split("/");
      const recorded = {
        scenario,
        method: req.method ?? "GET",
        path: `/${rest.join("/")}`,
        headers: req.headers,
        body,
      };
      requests.push(recorded);
      const reply = route(recorded);
      setTimeout(() => {
        res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
        res.end(reply.body ?? "");
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    of: (scenario, prefix = "/") => requests.filter((r) => r.scenario === scenario && r.path.startsWith(prefix)),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
