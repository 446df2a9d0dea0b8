import * as route53 from 'aws-cdk-lib/aws-route53';

/** The zone's domain name, without the trailing dot Route 53 may give it. */
export function zoneApex(zone: route53.IHostedZone): string {
  return zone.zoneName.replace(/\.$/, '');
}

/** Whether `name` (or the name under a `*.` wildcard) is `apex` itself or a name below it. */
export function isInZone(name: string, apex: string): boolean {
  const bare = name.replace(/^\*\./, '');
  return bare === apex || bare.endsWith(`.${apex}`);
}
