/**
 * The task sizes Fargate offers for Linux tasks: each CPU value (vCPU units, 1024 = 1 vCPU)
 * with the memory values (MiB) it accepts. Amazon ECS Developer Guide, "Amazon ECS task
 * definition parameters for Fargate", Task size: 256 with 512, 1024 or 2048; 512 with 1 to 4 GB;
 * 1024 with 2 to 8 GB; 2048 with 4 to 16 GB; 4096 with 8 to 30 GB, all in 1 GB steps; 8192 with
 * 16 to 60 GB in 4 GB steps; 16384 with 32 to 120 GB in 8 GB steps.
 */
export const FARGATE_TASK_SIZES: { readonly [cpu: number]: readonly number[] } = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

function steps(from: number, to: number, step: number): number[] {
  const values: number[] = [];
  for (let v = from; v <= to; v += step) values.push(v);
  return values;
}

/** The memory sizes as a reader wants them: "1024, 2048, 3072 or 4096". */
export function describeSizes(values: readonly number[]): string {
  if (values.length > 6) {
    return `${values[0]} to ${values[values.length - 1]} in steps of ${values[1] - values[0]}`;
  }
  return `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}
