import type { WorkloadKind } from '../../../contracts/mlops-architect.js';

/** A wording that says the system runs one kind of ML workload. */
export interface WorkloadSignal {
  workload: WorkloadKind;
  /** Regular-expression source, matched on word boundaries; bounded quantifiers only. */
  pattern: string;
  caseSensitive?: boolean;
  /** Cue strength for computeConfidence. */
  strength: number;
  /**
   * Generic words ("API", "real-time") that mean online inference only when nothing more specific explains
   * them: an LLM chat product or a RAG assistant also has an API without being a separate prediction service.
   */
  generic?: boolean;
}

export const workloadSignals: readonly WorkloadSignal[] = [
  // Online inference: a model answers requests as they arrive.
  { workload: 'online_inference', pattern: String.raw`online (?:inference|predictions?|scoring)|real[- ]time (?:inference|predictions?|scoring)`, strength: 0.5 },
  { workload: 'online_inference', pattern: String.raw`serv(?:e|es|ed|ing) (?:the )?(?:predictions?|scores|recommendations|results|inferences?)|predictions? (?:exposed|served)`, strength: 0.5 },
  {
    workload: 'online_inference',
    pattern: String.raw`(?:scoring|prediction|inference|classification|detection|recommendation|model) (?:service|API|endpoint|server|microservice)`,
    strength: 0.45,
  },
  { workload: 'online_inference', pattern: String.raw`API|REST|gRPC|endpoints?`, caseSensitive: true, strength: 0.3, generic: true },
  { workload: 'online_inference', pattern: String.raw`real[- ]?time|realtime|Echtzeit|temps r[ée]el|tiempo real`, strength: 0.3, generic: true },

  // Batch inference: scores computed on a schedule and stored.
  { workload: 'batch_inference', pattern: String.raw`(?<!mini-|micro-)batch(?:es)?(?! size)(?:[- ](?:scoring|inference|predictions?|jobs?|processing|pipeline|mode))?`, strength: 0.45 },
  { workload: 'batch_inference', pattern: String.raw`nightly (?:jobs?|runs?|scoring|predictions|recommendations|refresh)|offline (?:scoring|inference|predictions)|bulk (?:scoring|predictions|inference)`, strength: 0.45 },
  { workload: 'batch_inference', pattern: String.raw`(?:pre|re)-?comput(?:e|es|ed|ing)|scheduled (?:scoring|predictions|jobs?)|Stapelverarbeitung`, strength: 0.3 },

  // Training: the system fits models, not only serves them. "Fine-tuned" (an adjective: a model someone already
  // tuned) and "pre-trained" are deliberately absent; serving such a model is not training.
  { workload: 'training', pattern: String.raw`retrain(?:s|ed|ing)?|train(?:s|ing)|trainiert|model training`, strength: 0.45 },
  { workload: 'training', pattern: String.raw`train(?= (?:a|an|the|our|their|models?|on|it|them|new|custom|and)(?![\p{L}]))`, strength: 0.4 },
  { workload: 'training', pattern: String.raw`fine[- ]?tun(?:e|es|ing)|hyper-?parameter (?:tuning|search)|learns? from (?:new )?data`, strength: 0.45 },

  // Streaming: events flow in continuously. Token streaming in a chat UI is not a streaming workload.
  { workload: 'streaming', pattern: String.raw`stream(?:s|ing|ed)?(?! (?:tokens?|responses?|output|replies|the (?:response|answer|output)))`, strength: 0.4 },
  { workload: 'streaming', pattern: String.raw`Kafka|Kinesis|Pub/?Sub|Event ?Hubs?|Flink|Spark Structured Streaming|MQTT|clickstreams?|event[- ]driven`, strength: 0.5 },

  // LLM serving: a large language model answers users.
  { workload: 'llm_serving', pattern: String.raw`LLMs?|large language models?|vLLM|TGI|text generation inference|generative AI|GenAI`, strength: 0.5 },
  { workload: 'llm_serving', pattern: String.raw`Llama(?!\.cpp)|Mistral|Mixtral|Qwen|Gemma|DeepSeek|Falcon|Claude`, strength: 0.45 },
  { workload: 'llm_serving', pattern: String.raw`GPT(?:-?\d(?:\.\d)?[a-z]?)?|GPT-J`, caseSensitive: true, strength: 0.45 },
  { workload: 'llm_serving', pattern: String.raw`chat ?bots?|chat (?:product|assistant|app|application|interface|experience)|copilot|time to first token|TTFT`, strength: 0.35 },

  // RAG: answers grounded in retrieved documents.
  { workload: 'rag', pattern: String.raw`RAG`, caseSensitive: true, strength: 0.5 },
  { workload: 'rag', pattern: String.raw`retrieval[- ]augmented(?: generation)?|retrieval|semantic search|vector (?:search|stores?|databases?|db|index)`, strength: 0.45 },
  {
    workload: 'rag',
    pattern: String.raw`(?:assistant|chat ?bot|Q&A|question[- ]answering|search) (?:over|across|on top of|for) (?:[\p{L}\p{N},.-]+ ){0,4}?(?:pages|documents|docs|wiki|knowledge base|manuals|tickets|PDFs|contracts)`,
    strength: 0.4,
  },

  // Feature pipelines: features computed once and shared between training and serving.
  { workload: 'feature_pipeline', pattern: String.raw`feature (?:stores?|pipelines?|engineering|views|tables|computation|platform)|online features|offline features`, strength: 0.5 },
  { workload: 'feature_pipeline', pattern: String.raw`Feast|Tecton|Hopsworks`, caseSensitive: true, strength: 0.5 },
];
