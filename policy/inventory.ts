// Every resource of the app as Terraform JSON (the shape cdk.tf.json will have), so the
// rules read the same attributes Terraform will see, overrides included. Resolved without
// preparing the stacks: cross-stack references keep their origin stack's address.
import { DefaultTokenResolver, StringConcat, type TerraformResource, TerraformStack, Tokenization } from "cdktf";
import { isJsonObject, type TfResource } from "../terraform-json/tf-json";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

export class Inventory {
  constructor(readonly resources: readonly TfResource[]) {}

  ofType(type: string, stack?: string): TfResource[] {
    return this.resources.filter((r) => r.type === type && (stack === undefined || r.stack === stack));
  }

  has(type: string): boolean {
    return this.resources.some((r) => r.type === type);
  }
}

export function resolveResource(resource: TerraformResource): TfResource {
  const stack = TerraformStack.of(resource);
  const resolved: unknown = Tokenization.resolve(resource.toTerraform(), {
    scope: stack,
    preparing: false,
    resolver: RESOLVER,
  });
  const byType = isJsonObject(resolved) && isJsonObject(resolved.resource) ? resolved.resource : {};
  const entries = Object.entries(byType[resource.terraformResourceType] ?? {});
  const [logicalId, attrs] = entries[0] ?? [resource.friendlyUniqueId, {}];
  return {
    stack: stack.node.id,
    type: resource.terraformResourceType,
    logicalId,
    attrs: isJsonObject(attrs) ? attrs : {},
  };
}
