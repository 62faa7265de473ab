// One HTTP(S) GET with a timeout, measuring latency and capturing the TLS certificate,
// plus a retry loop with exponential backoff for origins that are still starting.
// Node's https verifies certificates by default; tests inject an Agent trusting their CA.
import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { TLSSocket } from "node:tls";

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Request start to the end of the body. */
  elapsedMs: number;
  /** The peer certificate for HTTPS, else null. */
  certificate: { subject: string; validTo: Date } | null;
}

export interface RequestSettings {
  timeoutMs: number;
  userAgent: string;
  /** For HTTPS: trust (ca) and verification (rejectUnauthorized) settings. */
  agent?: https.Agent;
}

/** Errors of certificate verification: permanent, so never retried, and reported as TLS failures. */
const TLS_ERROR_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

export class RequestError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = "RequestError";
  }

  get isTls(): boolean {
    return TLS_ERROR_CODES.has(this.code);
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" ? code : "UNKNOWN";
}

export function get(url: URL, settings: RequestSettings): Promise<HttpResponse> {
  const client = url.protocol === "https:" ? https : http;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: "GET",
        headers: { "user-agent": settings.userAgent, accept: "*/*" },
        ...(url.protocol === "https:" && settings.agent ? { agent: settings.agent } : {}),
      },
      (res) => {
        const socket = res.socket as TLSSocket;
        const peer = typeof socket.getPeerCertificate === "function" ? socket.getPeerCertificate() : undefined;
        const certificate =
          peer && peer.valid_to
            ? { subject: [peer.subject?.CN ?? "(no CN)"].flat().join(", "), validTo: new Date(peer.valid_to) }
            : null;
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString("utf8"),
            elapsedMs: Math.round(performance.now() - started),
            certificate,
          }),
        );
        res.on("error", (e) => reject(new RequestError(e.message, errorCode(e))));
      },
    );
    req.setTimeout(settings.timeoutMs, () => {
      req.destroy(new RequestError(`no response within ${settings.timeoutMs} ms`, "ETIMEDOUT"));
    });
    req.on("error", (e) => reject(e instanceof RequestError ? e : new RequestError(e.message, errorCode(e))));
    req.end();
  });
}

export interface RetryPolicy {
  /** Total attempts, the first included. */
  attempts: number;
  initialDelayMs: number;
  factor: number;
  maxDelayMs: number;
}

export interface RetriedResult {
  attempts: number;
  response?: HttpResponse;
  error?: RequestError;
}

/** A freshly deployed origin answers 502/503 or refuses connections for a while; those are retried. */
export function isTransient(outcome: { response?: HttpResponse; error?: RequestError }): boolean {
  if (outcome.error) return !outcome.error.isTls;
  const status = outcome.response?.status ?? 0;
  return status >= 500 || status === 429;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function getWithRetry(
  url: URL,
  settings: RequestSettings,
  policy: RetryPolicy,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<RetriedResult> {
  let delay = policy.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    let outcome: { response?: HttpResponse; error?: RequestError };
    try {
      outcome = { response: await get(url, settings) };
    } catch (error) {
      outcome = { error: error instanceof RequestError ? error : new RequestError(String(error), "UNKNOWN") };
    }
    if (attempt >= policy.attempts || !isTransient(outcome)) return { attempts: attempt, ...outcome };
    await wait(delay);
    delay = Math.min(delay * policy.factor, policy.maxDelayMs);
  }
}
