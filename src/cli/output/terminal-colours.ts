import { createColors } from 'picocolors';

/**
 * Colours for CLI output, on only when stdout is a terminal (and NO_COLOR is unset). picocolors'
 * own detection also turns colours on whenever `CI` is set, which would put escape codes into
 * piped output and logs.
 */
export const colours = createColors(process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
