/**
 * A gate needs a person, but nobody can be asked: stdin is not a terminal and neither `--yes` nor
 * (for questions) `--answers` decides for them. The design stops rather than guess.
 */
export class PersonNeededError extends Error {
  override name = 'PersonNeededError';
  readonly code = 'PERSON_NEEDED';

  constructor(gate: string, what: string) {
    super(
      `The design reached the gate "${gate}" (${what}), which needs a person, but stdin is not a terminal, so nobody can be asked. ` +
        'Pass --yes to accept the defaults and approve, or --answers FILE to answer the clarifying questions (a final review still needs --yes or a terminal).',
    );
  }
}
