// The Worker secrets call of npm run worker-secrets (pipeline/apply/worker-secrets.ts):
//   PUT /accounts/{account_id}/workers/scripts/{script_name}/secrets
//   body { name, text, type: "secret_text" }; token permission "Workers Scripts Write"
//   (https://developers.cloudflare.com/api/resources/workers/subresources/scripts/subresources/secrets/methods/update)
// One idempotent PUT per secret. The value travels in the body only: no message names it.
import type { RestCall } from "../../contracts/call";
import {
  type BearerClientOptions,
  isObject,
  requestJson,
  type VendorApiProps,
  VendorApiError,
  withoutCredentials,
} from "../http";
import { CLOUDFLARE_SERVICE, cloudflareApi, cloudflareErrors } from "./api";

/** The one call (test/contracts/cloudflare.test.ts checks it against Cloudflare's description). */
export const WORKER_SECRETS_CALLS: readonly RestCall[] = [
  {
    id: "Worker secret",
    method: "PUT",
    path: "/accounts/{account_id}/workers/scripts/{script_name}/secrets",
    body: ["name", "text", "type"],
    reads: ["success", "errors[].message"],
  },
];

export type WorkerSecretsClientOptions = BearerClientOptions;

export interface WorkerSecret {
  accountId: string;
  scriptName: string;
  /** The binding's name in the Worker. */
  name: string;
  /** The secret's value; sent, never printed. */
  text: string;
}

export class WorkerSecretsClient {
  private readonly api: VendorApiProps;

  constructor(options: WorkerSecretsClientOptions) {
    this.api = cloudflareApi({
      ...options,
      access: "Workers Scripts Write on the account; use the apply token",
      // Default 30 s: an apply job should not hang on one request.
      timeoutMs: options.timeoutMs ?? 30_000,
    });
  }

  /** Sets one secret_text binding; a missing Worker or a `success: false` answer is a one-line error. */
  async put(secret: WorkerSecret): Promise<void> {
    const path = `/accounts/${encodeURIComponent(secret.accountId)}/workers/scripts/${encodeURIComponent(secret.scriptName)}/secrets`;
    const response = await requestJson(this.api, {
      method: "PUT",
      path,
      body: { name: secret.name, text: secret.text, type: "secret_text" },
      // Cloudflare's errors[].message may quote the value it refused.
      secrets: [secret.text],
    });
    if (response.status === 404)
      throw new VendorApiError(
        `${CLOUDFLARE_SERVICE}: Worker ${secret.scriptName} not found (404 on PUT ${path}); apply its stack first, then run this again`,
      );
    if (!isObject(response.body) || response.body.success !== true) {
      const reason = cloudflareErrors(response.body);
      throw new VendorApiError(
        `${CLOUDFLARE_SERVICE}: PUT ${path} did not report success${reason ? ` (${withoutCredentials(this.api, reason, [secret.text])})` : ""}; retry, or check the status page`,
      );
    }
  }
}
