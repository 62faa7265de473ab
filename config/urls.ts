// URLs in config reach Terraform and, through it, dashboards, annotations and the Worker:
// they are https, and carry no credentials (a `user:password@` part would be written into
// cdktf.out in clear). Credentials come from sensitive variables, never config.
import { z } from "zod";

/** An https URL without `user:password@`; `example` goes into the message. */
export function httpsUrl(example: string) {
  return z
    .string()
    .refine((value) => URL.canParse(value), { message: `must be a URL such as ${example}` })
    .refine((value) => !URL.canParse(value) || new URL(value).protocol === "https:", {
      message: `must start with https:// (no other scheme: javascript:, http:, ftp: are refused), such as ${example}`,
    })
    .refine((value) => !URL.canParse(value) || (new URL(value).username === "" && new URL(value).password === ""), {
      message: `must not carry credentials (user:password@); they belong in a sensitive variable, e.g. ${example}`,
    });
}
