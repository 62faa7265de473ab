// The shape of the rule data in providers/offline/rules/<provider>.json: per resource type
// and attribute path (names joined by "."; list/set/map elements implied), what the real
// provider decides at plan time, each fact with the file and line it was read from.

export interface Citation {
  file: string;
  line: number;
}

export type ValidatorRule = Citation & {
  /** "framework" messages follow terraform-plugin-framework-validators, "sdkv2" terraform-plugin-sdk/v2 validation. */
  style: "framework" | "sdkv2";
  /** The Go call as written, e.g. stringvalidator.LengthBetween(1, 63). */
  source: string;
  /** SDKv2: set through ValidateDiagFunc (message key = attribute name) rather than ValidateFunc (flatmap key). */
  diag_func?: boolean;
} & (
    | { kind: "length"; min?: number; max?: number; utf8: boolean }
    | { kind: "range"; min?: number; max?: number; integer: boolean }
    | { kind: "size"; min?: number; max?: number }
    | { kind: "one_of"; values: (string | number)[]; ignore_case: boolean }
    | { kind: "none_of"; values: (string | number)[] }
    | { kind: "regex"; pattern: string; message: string }
    | { kind: "not_empty"; whitespace: boolean }
  );

export interface AttributeRules {
  requires_replace?: Citation & { if_configured: boolean };
  default?: Citation & { value: string | number | boolean };
  use_state_for_unknown?: Citation;
  /**
   * SDKv2 DiffSuppressFunc (custom code). The planner models one case only: an attribute
   * left out of the configuration keeps its prior value, no diff (what neon_project.org_id's
   * function does, provider/resource_project.go:86-95); other suppressions are not modelled.
   */
  diff_suppress?: Citation;
  validators?: ValidatorRule[];
  /** Plan modifiers, defaults and validators seen but not modelled offline (custom code). */
  unmodelled?: (Citation & { source: string })[];
}

export interface ResourceRules {
  sdk: "framework" | "sdkv2";
  file: string;
  attributes: Record<string, AttributeRules>;
}

export interface ProviderRules {
  provenance: { source: string; version: string; repository: string; commit: string; method: string };
  resources: Record<string, ResourceRules>;
}
