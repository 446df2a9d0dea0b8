/**
 * `n.toLocaleString('en-US', { minimumFractionDigits: min, maximumFractionDigits: max })` for
 * finite numbers, without Intl: the first `toLocaleString` of a process loads ICU's number data,
 * about 40 ms, which an estimate made during synthesis (the shop dashboard's cost widget) paid on
 * every `cdk synth`. Past `max` digits it rounds as `toFixed` does (an exact tie up, where Intl
 * rounds it to even): give numbers already rounded to `max` digits where the two must agree, as the
 * callers do; a test compares it with `toLocaleString`.
 */
export function formatEnUs(n: number, max: number, min = 0): string {
  const fixed = Math.abs(n).toFixed(max);
  const [int, frac = ''] = fixed.split('.');
  let digits = frac;
  while (digits.length > min && digits.endsWith('0')) digits = digits.slice(0, -1);
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = n < 0 && /[1-9]/.test(fixed);
  return `${negative ? '-' : ''}${grouped}${digits ? `.${digits}` : ''}`;
}
