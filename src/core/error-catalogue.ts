/**
 * The closed catalogue of error codes. Every error that leaves a process (HTTP body, `steps.error`,
 * `runs.error`, SSE event) carries one of these codes; the HTTP status and whether a run may be
 * retried after it are decided here and nowhere else. `docs/errors.md` is checked against it.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: { status: 400, retryable: false, description: 'A request field is missing, has the wrong type or value, or is not allowed.' },
  INVALID_JSON: { status: 400, retryable: false, description: 'The request body is not valid JSON.' },
  INVALID_POLICY_EXPRESSION: { status: 400, retryable: false, description: 'A policy expression does not parse or type-check for its phase; details give the line, column and offset of the problem.' },
  INVALID_CURSOR: { status: 400, retryable: false, description: 'The pagination cursor was not issued by this server or is corrupted.' },
  PAYLOAD_TOO_LARGE: { status: 413, retryable: false, description: 'The request body exceeds the size limit.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, retryable: false, description: 'The request body has a content type the endpoint does not accept.' },
  UNAUTHENTICATED: { status: 401, retryable: false, description: 'The request has no valid credential: send `Authorization: Bearer <API key or access token>`. Unknown, revoked and expired credentials all answer this.' },
  INVALID_CREDENTIALS: { status: 401, retryable: false, description: 'The email and password do not match an active user, or the refresh token is unknown, used or expired.' },
  FORBIDDEN: { status: 403, retryable: false, description: "The caller's role does not hold the permission this endpoint needs (docs/governance.md lists the table)." },
  ROUTE_NOT_FOUND: { status: 404, retryable: false, description: 'No endpoint matches the method and path.' },
  WORKFLOW_NOT_FOUND: { status: 404, retryable: false, description: 'No workflow has that name.' },
  RUN_NOT_FOUND: { status: 404, retryable: false, description: 'No run has that id.' },
  APPROVAL_NOT_FOUND: { status: 404, retryable: false, description: 'No approval has that id.' },
  MODEL_NOT_FOUND: { status: 404, retryable: false, description: 'No configured provider serves that model; GET /v1/models lists the models this gateway serves.' },
  PROJECT_NOT_FOUND: { status: 404, retryable: false, description: 'No project has that id.' },
  API_KEY_NOT_FOUND: { status: 404, retryable: false, description: 'No API key has that id.' },
  POLICY_NOT_FOUND: { status: 404, retryable: false, description: 'No policy has that id.' },
  VIOLATION_NOT_FOUND: { status: 404, retryable: false, description: 'No violation has that id.' },
  USER_NOT_FOUND: { status: 404, retryable: false, description: 'No user has that id.' },
  ARTIFACT_NOT_FOUND: { status: 404, retryable: false, description: 'No artifact has that id.' },
  BUDGET_NOT_FOUND: { status: 404, retryable: false, description: 'No budget has that id.' },
  NAME_TAKEN: { status: 409, retryable: false, description: 'Another resource of the tenant already has that name (or, for users, that email).' },
  BUDGET_EXISTS: { status: 409, retryable: false, description: 'The tenant already has a budget for that scope and period; change its limits with PATCH instead.' },
  LAST_OWNER: { status: 409, retryable: false, description: 'The change would leave the tenant without an active owner.' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, retryable: false, description: 'The Idempotency-Key was already used for a request with a different body.' },
  RUN_NOT_CANCELLABLE: { status: 409, retryable: false, description: 'The run already ended and cannot be cancelled.' },
  RUN_NOT_RETRYABLE: { status: 409, retryable: false, description: 'Only failed, cancelled or timed-out runs can be retried.' },
  APPROVAL_ALREADY_DECIDED: { status: 409, retryable: false, description: 'The approval was already decided.' },
  APPROVAL_EXPIRED: { status: 409, retryable: false, description: 'The approval passed its deadline and was resolved with its timeout outcome.' },
  NODE_FAILED: { status: 500, retryable: false, description: 'A workflow node threw an unexpected error.' },
  GENERATED_REPOSITORY_INVALID: { status: 422, retryable: false, description: 'A generated repository failed its validators; the run fails with the validation report as an artifact.' },
  NODE_TIMEOUT: { status: 504, retryable: true, description: 'A workflow node exceeded its time limit.' },
  WORKER_LOST: { status: 503, retryable: true, description: 'The worker running the run stopped (crash or lost lease); the run resumes elsewhere.' },
  TRANSIENT_DATABASE_ERROR: { status: 503, retryable: true, description: 'A database error that usually passes (connection loss, deadlock, serialization failure).' },
  UPSTREAM_RATE_LIMITED: { status: 429, retryable: true, description: 'An upstream service asked us to slow down.' },
  UPSTREAM_UNAVAILABLE: { status: 502, retryable: true, description: 'An upstream service failed or could not be reached.' },
  RATE_LIMITED: { status: 429, retryable: true, description: 'A rate limit of the tenant or user was reached; retry after the Retry-After interval.' },
  REQUEST_EXCEEDS_RATE_LIMIT: { status: 422, retryable: false, description: 'The request alone needs more tokens than a rate limit allows in its window; waiting does not help: lower max_tokens or shorten the prompt.' },
  BUDGET_EXCEEDED: { status: 402, retryable: false, description: 'A budget limit was reached; no further spending is allowed.' },
  POLICY_DENIED: { status: 403, retryable: false, description: 'A policy denied the action.' },
  RUN_CANCELLED: { status: 409, retryable: false, description: 'The run was cancelled.' },
  RUN_TIMED_OUT: { status: 504, retryable: false, description: 'The run exceeded its time limit.' },
  REQUEST_ABORTED: { status: 499, retryable: false, description: 'The caller closed the connection or aborted the request before the answer was complete.' },
  SERVICE_UNAVAILABLE: { status: 503, retryable: true, description: 'The server is starting, shutting down or cannot reach its database.' },
  INTERNAL_ERROR: { status: 500, retryable: false, description: 'An unexpected server error; the request id locates it in the logs.' },
} as const satisfies Record<string, { status: number; retryable: boolean; description: string }>;

/** One of the catalogue's error codes. */
export type ErrorCode = keyof typeof errorCatalogue;

/** Every catalogue code, in declaration order. */
export const errorCodes = Object.keys(errorCatalogue) as ErrorCode[];

/** Whether a run that failed with this code may be attempted again. */
export function isRetryableCode(code: ErrorCode): boolean {
  return errorCatalogue[code].retryable;
}

/** The HTTP status that a response carrying this code uses. */
export function httpStatusOf(code: ErrorCode): number {
  return errorCatalogue[code].status;
}
