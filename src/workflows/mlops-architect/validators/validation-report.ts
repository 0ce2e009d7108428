/** One problem a validator found, with the file and (where known) the line. */
export interface ValidationProblem {
  file: string;
  line?: number;
  message: string;
}

/** The outcome of one check: `skipped` when the tool it needs is missing. */
export interface ValidationCheck {
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  problems: ValidationProblem[];
  note?: string;
}

/** The validators' verdict on a generated repository. */
export interface ValidationReport {
  ok: boolean;
  checks: ValidationCheck[];
}

/** Builds a check result from its problems: failed when there are any. */
export function createCheck(name: string, problems: ValidationProblem[]): ValidationCheck {
  return { name, status: problems.length > 0 ? 'failed' : 'passed', problems };
}
