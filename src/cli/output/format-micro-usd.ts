/** Integer micro-USD as dollars: `$0.0042`, `$12.50`; null (no price) as `cost unknown`. */
export function formatMicroUsd(micros: number | null): string {
  if (micros === null) return 'cost unknown';
  const dollars = micros / 1_000_000;
  return `$${dollars >= 1 ? dollars.toFixed(2) : dollars.toPrecision(2).replace(/\.?0+$/, '') || '0'}`;
}
