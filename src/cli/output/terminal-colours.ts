import { createColors } from 'picocolors';

/** A set of colour functions, on or off. */
export type Colours = ReturnType<typeof createColors>;

/**
 * Colours for CLI output, on only when stdout is a terminal (and NO_COLOR is unset). picocolors'
 * own detection also turns colours on whenever `CI` is set, which would put escape codes into
 * piped output and logs.
 */
export const colours = createColors(process.stdout.isTTY === true && process.env.NO_COLOR === undefined);

/**
 * Colours for progress written to stderr, on only when stderr is a terminal: `design --json`
 * pipes stdout into a program while a person still watches the progress in colour.
 */
export const progressColours = createColors(process.stderr.isTTY === true && process.env.NO_COLOR === undefined);
