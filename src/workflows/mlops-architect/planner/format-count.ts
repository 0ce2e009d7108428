/**
 * A number for people in reasons and findings: thousands separated by commas, whole above 10 and
 * two decimals below. Hand-rolled rather than `toLocaleString` so the text never depends on the
 * process's ICU data or locale: plans must be byte-for-byte deterministic.
 */
export function formatCount(value: number): string {
  const rounded = Math.abs(value) >= 10 ? Math.round(value) : Math.round(value * 100) / 100;
  const [whole = '0', fraction] = String(rounded).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A monthly amount in whole US dollars, e.g. `$1,234`. */
export function formatUsd(value: number): string {
  return `$${formatCount(Math.round(value))}`;
}
