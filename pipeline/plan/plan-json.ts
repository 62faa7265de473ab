// The parts of Terraform's JSON plan representation (`terraform show -json <planfile>`,
// https://developer.hashicorp.com/terraform/internals/json-format) the renderer reads.
// Unknown fields pass through; values stay untyped JSON.
import { z } from "zod";
import type { JsonValue } from "../synth/json";

// Everything here came out of JSON.parse, so any value is a JsonValue.
const jsonValue = z.custom<JsonValue>(() => true);
const attributePath = z.array(z.union([z.string(), z.number()]));

export const ChangeSchema = z.looseObject({
  actions: z.array(z.string()).min(1),
  before: jsonValue.optional(),
  after: jsonValue.optional(),
  after_unknown: jsonValue.optional(),
  before_sensitive: jsonValue.optional(),
  after_sensitive: jsonValue.optional(),
  replace_paths: z.array(attributePath).optional(),
  importing: z.looseObject({ id: z.string().optional() }).optional(),
});

export const ResourceChangeSchema = z.looseObject({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.enum(["managed", "data"]),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  previous_address: z.string().optional(),
  change: ChangeSchema,
  action_reason: z.string().optional(),
});

export const PlanSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(ResourceChangeSchema).default([]),
  resource_drift: z.array(ResourceChangeSchema).default([]),
  output_changes: z.record(z.string(), ChangeSchema).default({}),
  errored: z.boolean().optional(),
  variables: z.record(z.string(), z.looseObject({ value: jsonValue.optional() })).optional(),
  configuration: z
    .looseObject({
      root_module: z
        .looseObject({
          variables: z.record(z.string(), z.looseObject({ sensitive: z.boolean().optional() })).optional(),
        })
        .optional(),
    })
    .optional(),
});

export type Change = z.infer<typeof ChangeSchema>;
export type ResourceChange = z.infer<typeof ResourceChangeSchema>;
export type TerraformPlan = z.infer<typeof PlanSchema>;

export function parsePlan(text: string): TerraformPlan {
  const result = PlanSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(`not a terraform show -json plan: ${issue.path.join(".")}: ${issue.message}`);
  }
  return result.data;
}
