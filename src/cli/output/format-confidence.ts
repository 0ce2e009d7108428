import type { Colours } from './terminal-colours.js';

/**
 * A confidence as `0.71`, coloured by how far to trust it: green above 0.85, yellow from 0.7,
 * red below 0.7. The number is always there, so the meaning survives without colours.
 */
export function formatConfidence(confidence: number, colours: Colours): string {
  const text = confidence.toFixed(2);
  if (confidence > 0.85) return colours.green(text);
  if (confidence >= 0.7) return colours.yellow(text);
  return colours.red(text);
}
