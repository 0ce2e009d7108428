/**
 * What an MLOps Architect agent decided and how: by the built-in engine or by a language model whose
 * answer the built-in engine checked. The reason card shows `corrections` and `fallbackReason`, so a
 * person sees where the model was overruled.
 */
export interface AgentResult<T> {
  value: T;
  /** `model` when the model's answer was used, even partly corrected; `builtin` otherwise. */
  engine: 'builtin' | 'model';
  /** The model that answered, or that failed when `fallbackReason` is set; null when none was given. */
  model: { provider: string; modelId: string } | null;
  /** Each change the built-in checks made to the model's answer, one sentence each. */
  corrections: string[];
  /** Why the built-in engine answered although a model was given (the model's error), or null. */
  fallbackReason: string | null;
}
