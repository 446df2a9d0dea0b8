import { Size } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * A starting shape for a `ShopDatabase`; every part can be overridden by its own prop.
 */
export class DatabasePreset {
  /**
   * For development and small shops: db.t4g.micro (Graviton), single-AZ, 20 GB gp3 growing to
   * 100 GB. $14.38 a month at us-east-1 list prices (`CostEstimator` defaults, with its secret).
   */
  public static readonly DEVELOPMENT = new DatabasePreset(
    'DEVELOPMENT',
    ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MICRO),
    Size.gibibytes(20),
    Size.gibibytes(100),
    false,
  );

  /**
   * For production: db.r6g.large (Graviton, 16 GiB, no CPU credits to run out of), Multi-AZ
   * with a synchronous standby in a second zone, 100 GB gp3 growing to 1,000 GB. $351.90 a month
   * at us-east-1 list prices (`CostEstimator` defaults, with its secret).
   */
  public static readonly HIGHLY_AVAILABLE = new DatabasePreset(
    'HIGHLY_AVAILABLE',
    ec2.InstanceType.of(ec2.InstanceClass.R6G, ec2.InstanceSize.LARGE),
    Size.gibibytes(100),
    Size.gibibytes(1000),
    true,
  );

  /**
   * @param name the preset's name, shown in errors
   * @param instanceType the instance class
   * @param allocatedStorage the initial storage
   * @param maxAllocatedStorage the storage autoscaling ceiling
   * @param multiAz whether a standby runs in a second zone
   */
  protected constructor(
    public readonly name: string,
    public readonly instanceType: ec2.InstanceType,
    public readonly allocatedStorage: Size,
    public readonly maxAllocatedStorage: Size,
    public readonly multiAz: boolean,
  ) {}
}
