// One outbound call a client module makes, declared so that test/contracts/ can check it
// against the vendor's machine-readable API description (contracts/descriptions/, docs/contracts.md).
// Paths are the description's own templates ("/zones/{zone_id}/dns_records"); fields are dotted
// paths into the JSON, `[]` stepping into an array ("result[].id", "branch_policies[].name").

export interface RestCall {
  /** Stable name, used in test messages. */
  readonly id: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The description's path template, relative to the vendor's API root. */
  readonly path: string;
  /** Query parameters the call sends (by name). */
  readonly query?: readonly string[];
  /**
   * Query parameters only the server's `Link: <…>; rel="next"` URL carries (GitHub `page`,
   * Sentry `cursor`): the client follows that URL verbatim and never sets them itself, so
   * they are the server's contract, not checked against the operation's parameters.
   */
  readonly serverQuery?: readonly string[];
  /** JSON body fields the call sends. */
  readonly body?: readonly string[];
  /** Response fields the code reads. */
  readonly reads?: readonly string[];
}

/** A GraphQL operation: the document as sent; the test validates it against the schema. */
export interface GraphQlCall {
  readonly id: string;
  readonly document: string;
}
