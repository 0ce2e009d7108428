import type { ApiClient } from '../../api-client.js';
import type { DesignProgress } from '../../output/design-progress.js';
import type { Prompter } from './create-prompter.js';
import type { PresetAnswers } from './read-answers-file.js';

/** What deciding a design's gates needs: the API, the progress view and how (or whether) to ask a person. */
export interface GateDependencies {
  api: ApiClient;
  progress: DesignProgress;
  /** Undefined when stdin is not a terminal: nobody can be asked. */
  prompter: Prompter | undefined;
  /** `--yes`: defaults for every question, approve every gate. */
  yes: boolean;
  /** `--answers FILE`, and the file's name for messages. */
  presetAnswers: { file: string; answers: PresetAnswers } | undefined;
  /** Question ids of the preset answers some gate asked (the rest are warned about at the end). */
  usedAnswerIds: Set<string>;
  /** Who decides, as the approvals record it. */
  person: string;
  /** Columns available for a line. */
  width: number;
}
