import { CostEstimatorProps } from '../../src';

/**
 * The pricers' arithmetic is tested at list prices, without the always-free allowances (which
 * test/cost/allowances.test.ts tests on their own): these props restore the figures from before
 * the allowances, so these tests also show that the switch does.
 */
export const LIST_PRICES: CostEstimatorProps = { alwaysFreeAllowances: false };
