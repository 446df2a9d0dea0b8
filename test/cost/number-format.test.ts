import { formatEnUs } from '../../src/cost/private/number-format';

/* formatEnUs writes what toLocaleString('en-US') writes, without loading Intl's number data. */

const round4 = (n: number) => Math.round(n * 1e4) / 1e4;

describe('formatEnUs equals toLocaleString en-US', () => {
  // amounts of the estimator's lines: quantities and USD, small and large, whole and fractional
  const samples = [
    0,
    1,
    3,
    9.5,
    10,
    0.1 + 0.2,
    0.0001,
    0.00004,
    0.00005,
    999.9999,
    1000,
    1234.5678,
    12345.6,
    730,
    1e6,
    1_234_567.891,
    2_500_000,
    0.005,
    0.015,
    1.005,
    2.675,
    123456789.12345,
    5e-7,
    42.42,
  ];
  test.each(samples)('%p, 4 digits at most (the allowance lines)', (n) => {
    expect(formatEnUs(round4(n), 4)).toBe(round4(n).toLocaleString('en-US', { maximumFractionDigits: 4 }));
  });
  test.each(samples)('%p, 2 digits exactly (dollars)', (n) => {
    const r = Math.round(n * 100) / 100;
    expect(formatEnUs(r, 2, 2)).toBe(
      r.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    );
  });

  test('pseudo-random amounts of every size', () => {
    let seed = 7;
    const next = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i++) {
      const n = round4(next() * 10 ** Math.floor(next() * 9));
      expect(formatEnUs(n, 4)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 4 }));
    }
  });

  test('negative amounts', () => {
    for (const n of [-1, -1234.5, -0.25, -1_000_000]) {
      expect(formatEnUs(n, 4)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 4 }));
    }
  });
});
