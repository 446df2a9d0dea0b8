/** Rounds to 0.0001 USD, as the estimator rounds every line and total. */
export function round4(n: number): number {
  return Math.round(n * 1e4) / 1e4;
}

/** A hand sum of prices, rounded as the estimator rounds its totals. */
export function sum(values: number[]): number {
  return round4(values.reduce((a, b) => a + b, 0));
}
