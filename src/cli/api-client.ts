import { createParser } from 'eventsource-parser';
import type { Approval, ApprovalDecisionRequest } from '../contracts/approval.js';
import type { ErrorResponse } from '../contracts/error-response.js';
import type { ApiKey, CreatedApiKey, PrincipalView, User } from '../contracts/identity.js';
import type { Role } from '../core/permissions.js';
import type { CreateRunRequest, Run, RunList } from '../contracts/run.js';
import type { RunEvent } from '../contracts/run-event.js';
import type { WorkflowSummary } from '../contracts/workflow.js';

/** An error the API answered with, or a failure to reach it; the CLI prints its message. */
export class ApiClientError extends Error {
  override name = 'ApiClientError';
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** A typed client for the Agent Bus HTTP API (types come from `src/contracts`), sending `apiKey` when given. */
export function createApiClient(baseUrl: string, apiKey?: string) {
  const root = baseUrl.replace(/\/+$/, '');
  const authorization: Record<string, string> = apiKey === undefined ? {} : { authorization: `Bearer ${apiKey}` };

  async function request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${root}${path}`, {
        method,
        headers: { accept: 'application/json', ...authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw unreachable(root, error);
    }
    const text = await response.text();
    if (!response.ok) {
      let parsed: ErrorResponse | undefined;
      try {
        parsed = JSON.parse(text) as ErrorResponse;
      } catch {
        // Not our error shape (a proxy?); reported with the status below.
      }
      throw new ApiClientError(parsed ? `${parsed.error.code}: ${parsed.error.message}${hintFor(parsed.error.code)}` : `HTTP ${response.status} from ${path}`, parsed?.error.code ?? 'HTTP_ERROR', response.status);
    }
    return JSON.parse(text) as T;
  }

  const query = (parameters: Record<string, string | number | undefined>) => {
    const entries = Object.entries(parameters).filter((entry): entry is [string, string | number] => entry[1] !== undefined);
    return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([key, value]): [string, string] => [key, String(value)])).toString()}`;
  };

  return {
    listWorkflows: () => request<{ items: WorkflowSummary[] }>('GET', '/api/v1/workflows'),
    createRun: (body: CreateRunRequest, idempotencyKey?: string) => request<Run>('POST', '/api/v1/runs', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    listRuns: (filter: { status?: string; workflow?: string; limit?: number; cursor?: string }) => request<RunList>('GET', `/api/v1/runs${query(filter)}`),
    getRun: (runId: string) => request<Run>('GET', `/api/v1/runs/${encodeURIComponent(runId)}`),
    cancelRun: (runId: string) => request<Run>('POST', `/api/v1/runs/${encodeURIComponent(runId)}/cancel`),
    retryRun: (runId: string) => request<Run>('POST', `/api/v1/runs/${encodeURIComponent(runId)}/retry`),
    listApprovals: (filter: { runId?: string | undefined; status?: string | undefined; workflow?: string | undefined; reasonCategory?: string | undefined; projectId?: string | undefined; sort?: string | undefined; limit?: number; cursor?: string | undefined }) =>
      request<{ items: Approval[]; nextCursor: string | null }>('GET', `/api/v1/approvals${query(filter)}`),
    getApproval: (approvalId: string) => request<Approval>('GET', `/api/v1/approvals/${encodeURIComponent(approvalId)}`),
    decideApproval: (approvalId: string, decision: ApprovalDecisionRequest) => request<Approval>('POST', `/api/v1/approvals/${encodeURIComponent(approvalId)}/decision`, decision),

    me: () => request<PrincipalView>('GET', '/api/v1/auth/me'),
    createApiKey: (body: { name: string; role?: Role; projectId?: string; expiresInDays?: number }) => request<CreatedApiKey>('POST', '/api/v1/keys', body),
    listApiKeys: (includeRevoked: boolean) => request<{ items: ApiKey[] }>('GET', `/api/v1/keys${query({ includeRevoked: includeRevoked ? 'true' : undefined })}`),
    revokeApiKey: (keyId: string) => request<ApiKey>('DELETE', `/api/v1/keys/${encodeURIComponent(keyId)}`),
    listUsers: () => request<{ items: User[] }>('GET', '/api/v1/users'),
    createUser: (body: { email: string; name?: string; role?: Role; password?: string }) => request<User>('POST', '/api/v1/users', body),
    updateUser: (userId: string, body: { name?: string; role?: Role; password?: string; disabled?: boolean }) => request<User>('PATCH', `/api/v1/users/${encodeURIComponent(userId)}`, body),

    /** Downloads an artifact's bytes (`GET /api/v1/artifacts/:id/content`). */
    async downloadArtifact(artifactId: string): Promise<Uint8Array> {
      const path = `/api/v1/artifacts/${encodeURIComponent(artifactId)}/content`;
      let response: Response;
      try {
        response = await fetch(`${root}${path}`, { headers: authorization });
      } catch (error) {
        throw unreachable(root, error);
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => undefined)) as ErrorResponse | undefined;
        throw new ApiClientError(body ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status} from ${path}`, body?.error.code ?? 'HTTP_ERROR', response.status);
      }
      return new Uint8Array(await response.arrayBuffer());
    },

    /**
     * Follows a run's events over SSE until `run-ended`, reconnecting with `Last-Event-ID` after a
     * network loss and de-duplicating by `seq`, so `onEvent` sees each event exactly once, in order.
     * The server sends a heartbeat at least every 15 s, so a connection silent for `idleTimeoutMs`
     * is dead (a proxy or NAT that dropped it without a reset): it is abandoned and reopened.
     */
    async followRunEvents(runId: string, onEvent: (event: RunEvent) => void, options: { signal?: AbortSignal; afterSeq?: number; onReconnect?: (attempt: number) => void; idleTimeoutMs?: number } = {}): Promise<void> {
      let lastSeq = options.afterSeq ?? 0;
      const idleTimeoutMs = options.idleTimeoutMs ?? 45_000;
      for (let attempt = 0; ; attempt += 1) {
        let ended = false;
        const silence = new AbortController();
        let idleTimer: NodeJS.Timeout | undefined;
        const expectData = () => {
          clearTimeout(idleTimer);
          idleTimer = setTimeout(() => silence.abort(), idleTimeoutMs);
        };
        try {
          expectData();
          const response = await fetch(`${root}/api/v1/runs/${encodeURIComponent(runId)}/stream`, {
            headers: { accept: 'text/event-stream', 'last-event-id': String(lastSeq), ...authorization },
            signal: options.signal ? AbortSignal.any([options.signal, silence.signal]) : silence.signal,
          });
          if (!response.ok || !response.body) {
            const body = (await response.json().catch(() => undefined)) as ErrorResponse | undefined;
            throw new ApiClientError(body ? `${body.error.code}: ${body.error.message}` : `HTTP ${response.status}`, body?.error.code ?? 'HTTP_ERROR', response.status);
          }
          attempt = 0;
          const parser = createParser({
            onEvent: (message) => {
              const event = JSON.parse(message.data) as RunEvent;
              if (event.seq <= lastSeq) return;
              lastSeq = event.seq;
              if (event.type === 'run-ended') ended = true;
              onEvent(event);
            },
          });
          const decoder = new TextDecoder();
          for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
            expectData();
            parser.feed(decoder.decode(chunk, { stream: true }));
          }
          if (ended) return;
        } catch (error) {
          if (options.signal?.aborted) return;
          if (error instanceof ApiClientError && error.status !== undefined && error.status < 500) throw error;
          if (attempt >= 30) throw unreachable(root, error);
        } finally {
          clearTimeout(idleTimer);
        }
        options.onReconnect?.(attempt + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 250 * 2 ** Math.min(attempt, 5))));
      }
    },
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** What to do about an error the CLI user can fix. */
function hintFor(code: string): string {
  return code === 'UNAUTHENTICATED' ? ' Save a key for this server with: npx agentbus login --key <API key> (or set AGENTBUS_API_KEY).' : '';
}

function unreachable(root: string, error: unknown): ApiClientError {
  const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new ApiClientError(`Cannot reach Agent Bus at ${root} (${cause}). Is it running? Start it with: npx agentbus serve (or set AGENTBUS_URL).`, 'UNREACHABLE', undefined);
}
