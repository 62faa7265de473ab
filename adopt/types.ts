// What discovery works on: the resources a synthesised stack declares, and what it found.

export interface DeclaredResource {
  /** Construct path relative to the stack. */
  path: string;
  type: string;
  /** The resource's synthesised attributes (references stay `${…}` strings). */
  attributes: Record<string, unknown>;
}

export type Finding = DeclaredResource &
  (
    | { status: "import"; id: string; match: string }
    | { status: "create"; match: string }
    | { status: "unmatched"; hint: string }
    | { status: "listed"; id: string }
  );
