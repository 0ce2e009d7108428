import type { GatewayCallContext } from './gateway-call-context.js';
import type { LanguageModel, LanguageModelRequest } from './language-model.js';
import type { ModelPrice } from './pricing/price-table.js';

/** What an `llm.before` check is asked about: the call, the model of its first attempt and its price. */
export interface LlmCallFacts {
  context: GatewayCallContext;
  model: LanguageModel;
  request: LanguageModelRequest;
  price: ModelPrice | undefined;
  streamed: boolean;
}

/** The verdict on one LLM call; a deny is the call's error (403 `POLICY_DENIED`, never retried). */
export type LlmPolicyVerdict = { effect: 'allow' } | { effect: 'deny' | 'require_approval'; reason: string; policy?: { id: string; name: string } };

/**
 * The `llm.before` phase, asked once per call before its rate limit and budget. Implemented by the
 * governance module (CEL policies); a process without policies passes none and pays nothing.
 */
export type LlmPolicyCheck = (facts: LlmCallFacts) => Promise<LlmPolicyVerdict> | LlmPolicyVerdict;
