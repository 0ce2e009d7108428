/** A batch of `.tf` files for the parser thread, as (path, content) pairs. */
export interface TerraformParseRequest {
  id: number;
  files: [string, string][];
}

/** The parser thread's answer: one result per file, in the order sent. */
export interface TerraformParseResponse {
  id: number;
  results: ({ parsed: Record<string, unknown> } | { error: string })[];
}
