/**
 * The ML workload detector's knowledge: terms that say something about whether a workload needs a GPU.
 *
 * Weights add up to a score (see detect-ml-workload.ts): 3 or more means a GPU is required, 1 or more
 * that one is optional, below 1 none. A single weight of 4 means "this alone needs a GPU" (vLLM, Llama,
 * Stable Diffusion); negative weights are CPU-friendly libraries and methods. Every pattern is matched
 * on word boundaries, and each term counts once however often it is repeated.
 */

/** Which resource model sizes the estimate when this signal is the strongest one present. */
export type MlSignalProfile =
  | 'llm'
  | 'diffusion'
  | 'vision_segmentation'
  | 'vision_detection'
  | 'speech'
  | 'vision_classification'
  | 'embedding'
  | 'deep_learning'
  | 'training'
  | 'cpu';

/** One row of the table. */
export interface MlSignal {
  /** The canonical name shown in signals and reason cards. */
  term: string;
  kind: 'keyword' | 'framework' | 'model_family' | 'accelerator';
  /** Regular-expression source, matched on word boundaries; bounded quantifiers only. */
  pattern: string;
  /** Match case exactly where the lower-case spelling is an ordinary word (`CLIP` vs "video clip"). */
  caseSensitive?: boolean;
  weight: number;
  profile: MlSignalProfile;
}

export const mlSignals: readonly MlSignal[] = [
  // Accelerators named outright are the strongest evidence there is, either way.
  { term: 'GPU', kind: 'accelerator', pattern: String.raw`GPUs?|CUDA`, weight: 4, profile: 'deep_learning' },
  { term: 'TPU', kind: 'accelerator', pattern: String.raw`TPUs?`, weight: 4, profile: 'deep_learning' },
  // "No GPU" / "CPU only" is a decision the requester made; it overrides inferred needs (see the detector).
  {
    term: 'CPU only',
    kind: 'accelerator',
    pattern: String.raw`CPU[- ]only|CPUs? only|only CPUs?|no GPUs?|without (?:a |any )?GPUs?|keine GPUs?|ohne GPUs?`,
    weight: -5,
    profile: 'cpu',
  },

  // LLM serving engines exist to batch tokens on GPUs; naming one settles the question.
  { term: 'vLLM', kind: 'framework', pattern: String.raw`vLLM`, weight: 4, profile: 'llm' },
  { term: 'TGI', kind: 'framework', pattern: String.raw`TGI|text[- ]generation[- ]inference`, weight: 4, profile: 'llm' },
  { term: 'TensorRT', kind: 'framework', pattern: String.raw`TensorRT(?:-LLM)?`, weight: 4, profile: 'deep_learning' },
  { term: 'DeepSpeed', kind: 'framework', pattern: String.raw`DeepSpeed`, weight: 4, profile: 'training' },
  // Triton Inference Server also serves CPU models, so it suggests rather than proves a GPU.
  { term: 'Triton', kind: 'framework', pattern: String.raw`Triton(?: Inference Server)?`, caseSensitive: true, weight: 2, profile: 'deep_learning' },
  // Deep-learning frameworks: usually trained on GPUs, though small models serve fine on CPUs.
  { term: 'PyTorch', kind: 'framework', pattern: String.raw`PyTorch|torch`, weight: 2, profile: 'deep_learning' },
  { term: 'TensorFlow', kind: 'framework', pattern: String.raw`TensorFlow|tf\.keras`, weight: 2, profile: 'deep_learning' },
  { term: 'Keras', kind: 'framework', pattern: String.raw`Keras`, weight: 2, profile: 'deep_learning' },
  // JAX is built around XLA on accelerators; almost nobody runs it on CPUs in production.
  { term: 'JAX', kind: 'framework', pattern: String.raw`JAX|Flax`, weight: 3, profile: 'deep_learning' },
  { term: 'Hugging Face', kind: 'framework', pattern: String.raw`Hugging ?Face|HF Transformers`, weight: 1.5, profile: 'deep_learning' },
  // ONNX is a portable format whose runtime is fast on CPUs: it hints at a neural model, not at a GPU.
  { term: 'ONNX', kind: 'framework', pattern: String.raw`ONNX(?: Runtime)?`, weight: 0.5, profile: 'deep_learning' },
  // CPU inference runtimes: the requester means to avoid GPUs.
  { term: 'llama.cpp', kind: 'framework', pattern: String.raw`llama\.cpp|GGUF|OpenVINO`, weight: -3, profile: 'cpu' },
  { term: 'Ollama', kind: 'framework', pattern: String.raw`Ollama`, weight: 1, profile: 'llm' },
  // Gradient-boosted trees, classical ML and statistical forecasting train and serve on CPUs.
  { term: 'XGBoost', kind: 'framework', pattern: String.raw`XGBoost`, weight: -2, profile: 'cpu' },
  { term: 'LightGBM', kind: 'framework', pattern: String.raw`LightGBM`, weight: -2, profile: 'cpu' },
  { term: 'CatBoost', kind: 'framework', pattern: String.raw`CatBoost`, weight: -2, profile: 'cpu' },
  { term: 'scikit-learn', kind: 'framework', pattern: String.raw`scikit[- ]learn|sklearn`, weight: -2, profile: 'cpu' },
  { term: 'Prophet', kind: 'framework', pattern: String.raw`Prophet`, weight: -2, profile: 'cpu' },
  { term: 'statsmodels', kind: 'framework', pattern: String.raw`statsmodels|ARIMA|SARIMA|exponential smoothing`, weight: -2, profile: 'cpu' },
  { term: 'Spark MLlib', kind: 'framework', pattern: String.raw`(?:Spark )?MLlib`, weight: -1, profile: 'cpu' },

  // Large language models: billions of parameters that only fit in GPU memory at useful speed.
  { term: 'Llama', kind: 'model_family', pattern: String.raw`Llama(?!\.cpp)(?:[- ]?\d(?:\.\d)?)?`, weight: 4, profile: 'llm' },
  { term: 'Mistral', kind: 'model_family', pattern: String.raw`Mistral`, weight: 4, profile: 'llm' },
  { term: 'Mixtral', kind: 'model_family', pattern: String.raw`Mixtral`, weight: 4, profile: 'llm' },
  { term: 'Qwen', kind: 'model_family', pattern: String.raw`Qwen\d?(?:\.\d)?`, weight: 4, profile: 'llm' },
  { term: 'DeepSeek', kind: 'model_family', pattern: String.raw`DeepSeek`, weight: 4, profile: 'llm' },
  { term: 'Falcon', kind: 'model_family', pattern: String.raw`Falcon[- ]\d+B`, weight: 4, profile: 'llm' },
  // Gemma and Phi include small models that run on CPUs, so they weigh less than Llama.
  { term: 'Gemma', kind: 'model_family', pattern: String.raw`Gemma(?:[- ]?\d)?`, weight: 3, profile: 'llm' },
  { term: 'Phi', kind: 'model_family', pattern: String.raw`Phi-\d(?:\.\d)?`, caseSensitive: true, weight: 3, profile: 'llm' },
  { term: 'GPT-J', kind: 'model_family', pattern: String.raw`GPT-(?:J|NeoX?)`, caseSensitive: true, weight: 4, profile: 'llm' },
  // "GPT" often means a hosted API (no GPU of ours), so it weighs less than a self-hosted family.
  { term: 'GPT', kind: 'model_family', pattern: String.raw`GPT(?:-?\d(?:\.\d)?[a-z]?)?`, caseSensitive: true, weight: 2, profile: 'llm' },
  { term: 'LLM', kind: 'keyword', pattern: String.raw`LLMs?|large language models?`, weight: 3, profile: 'llm' },
  { term: 'generative AI', kind: 'keyword', pattern: String.raw`generative AI|GenAI`, weight: 2, profile: 'llm' },
  { term: 'time to first token', kind: 'keyword', pattern: String.raw`time to first token|TTFT|tokens per second`, weight: 1, profile: 'llm' },
  // RAG needs an embedding model and an LLM, either of which may be a hosted API: optional on its own.
  { term: 'RAG', kind: 'keyword', pattern: String.raw`RAG|retrieval[- ]augmented(?: generation)?`, caseSensitive: true, weight: 1, profile: 'llm' },
  { term: 'chatbot', kind: 'keyword', pattern: String.raw`chat ?bots?`, weight: 1, profile: 'llm' },

  // Encoders: GPUs help at volume, CPUs cope with modest traffic.
  { term: 'BERT', kind: 'model_family', pattern: String.raw`BERT|RoBERTa|DistilBERT|DeBERTa|ALBERT`, caseSensitive: true, weight: 2, profile: 'embedding' },
  { term: 'sentence-transformers', kind: 'framework', pattern: String.raw`sentence[- ]transformers`, weight: 1, profile: 'embedding' },
  { term: 'CLIP', kind: 'model_family', pattern: String.raw`CLIP`, caseSensitive: true, weight: 2, profile: 'embedding' },
  { term: 'embeddings', kind: 'keyword', pattern: String.raw`embeddings?|semantic search`, weight: 0.5, profile: 'embedding' },
  { term: 'transformer', kind: 'keyword', pattern: String.raw`transformer[- ]based|transformer models?`, weight: 2, profile: 'deep_learning' },
  { term: 'deep learning', kind: 'keyword', pattern: String.raw`deep learning|neural (?:network|net)s?|CNNs?`, weight: 2, profile: 'deep_learning' },

  // Vision: convolutional and transformer models over pixels; video multiplies the load by frames.
  { term: 'YOLO', kind: 'model_family', pattern: String.raw`YOLO(?:v?\d{1,2}[a-z]?)?`, weight: 3, profile: 'vision_detection' },
  { term: 'R-CNN', kind: 'model_family', pattern: String.raw`(?:Faster |Mask )?R-CNN|DETR|RetinaNet`, caseSensitive: true, weight: 3, profile: 'vision_detection' },
  { term: 'object detection', kind: 'keyword', pattern: String.raw`object detection|object tracking`, weight: 3, profile: 'vision_detection' },
  { term: 'ResNet', kind: 'model_family', pattern: String.raw`ResNet(?:-?\d{2,3})?|EfficientNet(?:-?B\d)?|ConvNeXt|MobileNet(?:V\d)?`, weight: 2, profile: 'vision_classification' },
  { term: 'ViT', kind: 'model_family', pattern: String.raw`ViT(?:-[BLH](?:/\d{1,2})?)?|vision transformers?`, caseSensitive: true, weight: 3, profile: 'vision_classification' },
  { term: 'image classification', kind: 'keyword', pattern: String.raw`image (?:classification|recognition)|computer vision`, weight: 2, profile: 'vision_classification' },
  { term: 'U-Net', kind: 'model_family', pattern: String.raw`(?:nn)?U-?Net|DeepLab(?:v3\+?)?|Segment Anything`, weight: 3, profile: 'vision_segmentation' },
  // "Customer segmentation" is clustering on tabular data, not pixels: excluded here, counted as CPU below.
  {
    term: 'segmentation',
    kind: 'keyword',
    pattern: String.raw`(?<!(?:customer|market|user|audience) )segmentation`,
    weight: 3,
    profile: 'vision_segmentation',
  },
  { term: 'customer segmentation', kind: 'keyword', pattern: String.raw`(?:customer|market|user|audience) segmentation`, weight: -1, profile: 'cpu' },
  { term: 'medical imaging', kind: 'keyword', pattern: String.raw`CT scans?|MRI|X-rays?|radiology|medical imag(?:ing|es)|histopathology`, weight: 2, profile: 'vision_segmentation' },
  { term: 'video', kind: 'keyword', pattern: String.raw`videos?|video streams?|camera streams?`, weight: 2, profile: 'vision_detection' },
  { term: 'camera', kind: 'keyword', pattern: String.raw`cameras?|CCTV`, weight: 1, profile: 'vision_detection' },
  // Diffusion models run tens of denoising steps per image: a GPU is the only practical option.
  { term: 'Stable Diffusion', kind: 'model_family', pattern: String.raw`Stable Diffusion(?: XL)?|SDXL|diffusion models?|FLUX\.1`, weight: 4, profile: 'diffusion' },
  { term: 'image generation', kind: 'keyword', pattern: String.raw`image generation|text[- ]to[- ]image`, weight: 4, profile: 'diffusion' },
  // Speech models are transformers over audio: real-time transcription wants a GPU.
  { term: 'Whisper', kind: 'model_family', pattern: String.raw`Whisper`, caseSensitive: true, weight: 3, profile: 'speech' },
  { term: 'speech recognition', kind: 'keyword', pattern: String.raw`speech recognition|speech[- ]to[- ]text|ASR|text[- ]to[- ]speech|TTS`, weight: 3, profile: 'speech' },

  // Training: says little alone (tabular models train on CPUs), but adds to deep-learning evidence.
  {
    term: 'training',
    kind: 'keyword',
    // Bare "train" only as a verb ("train a model"); "train" alone is also a railway.
    pattern: String.raw`retrain(?:s|ed|ing)?|train(?:s|ing)|train(?= (?:a|an|the|our|models?|on|it|them|new|custom)(?![\p{L}]))|trainiert|Training`,
    weight: 1,
    profile: 'training',
  },
  // Fine-tuning (the verb, not "a fine-tuned model") updates a neural network's weights.
  { term: 'fine-tuning', kind: 'keyword', pattern: String.raw`fine[- ]?tun(?:e|es|ing)|LoRA|QLoRA`, weight: 2, profile: 'training' },
  { term: 'distributed training', kind: 'keyword', pattern: String.raw`distributed training|multi[- ]node training|FSDP`, weight: 3, profile: 'training' },

  // Tabular and statistical problems: the usual winners are CPU models.
  { term: 'tabular', kind: 'keyword', pattern: String.raw`tabular|structured data`, weight: -1, profile: 'cpu' },
  { term: 'forecasting', kind: 'keyword', pattern: String.raw`(?:demand |time[- ]series )?forecast(?:s|ing)?`, weight: -1, profile: 'cpu' },
  { term: 'logistic regression', kind: 'keyword', pattern: String.raw`(?:logistic|linear) regression|linear models?|random forests?|decision trees?|gradient[- ]boost(?:ed|ing)(?: trees)?`, weight: -2, profile: 'cpu' },
  // Fraud, credit and anomaly models are usually gradient-boosted trees or isolation forests on features.
  { term: 'risk or anomaly scoring', kind: 'keyword', pattern: String.raw`fraud detection|credit scoring|risk scoring|anomaly detection|anomaly scores?`, weight: -0.5, profile: 'cpu' },
];
