// What discovery works on: the resources a synthesised stack declares, and what it found.

/** A reference from one resource's attribute to another resource (same stack or across stacks). */
export interface Reference {
  type: string;
  /** The referenced resource's attributes (its literal references already resolved). */
  attributes: Record<string, unknown>;
  /** The referenced resource's own references to computed attributes. */
  references?: Record<string, Reference>;
  /** The attribute referenced, e.g. `id`, `default_branch_id`, `default_environment.id`. */
  attribute: string;
}

export interface DeclaredResource {
  /** Construct path relative to the stack. */
  path: string;
  type: string;
  /** The resource's synthesised attributes (references stay `${…}` strings). */
  attributes: Record<string, unknown>;
  /** Attributes that reference another resource's computed attribute. */
  references?: Record<string, Reference>;
}

export type Finding = DeclaredResource &
  (
    | {
        status: "import";
        id: string;
        match: string;
        /** The live values of attributes that force a replacement (config/replace-attributes.ts). */
        live?: Record<string, string | number | boolean>;
      }
    | { status: "create"; match: string; /** Shown instead of "not found: <match>". */ reason?: string }
    | { status: "unmatched"; hint: string }
    | { status: "listed"; id: string }
    /** A live object of a list discovery read that no resource of the stack matched (path: its name). */
    | { status: "unmanaged"; hint: string }
  );
