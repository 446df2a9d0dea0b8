import type { ShopLoadBalancer, ShopLoadBalancerOptions } from './load-balancer';
import { acknowledge } from '../../private/acknowledge';

/**
 * The findings of cdk-nag (AwsSolutions, NIST 800-53 R5) and cfn-guard the load balancer
 * accepts, each on the construct it concerns, with its reason.
 */
export function acknowledgeLoadBalancerFindings(
  lb: ShopLoadBalancer,
  options: ShopLoadBalancerOptions,
): void {
  acknowledge(lb.securityGroup, {
    id: 'AwsSolutions-EC23',
    reason:
      'The shop is a public web site: its load balancer takes HTTP(S) from any address, on 443 and 80 only (80 redirects to HTTPS when there is a certificate); no other port is open.',
  });
  acknowledge(lb.loadBalancer, {
    id: 'NIST.800.53.R5-ALBWAFEnabled',
    reason:
      'A regional web ACL costs $5 a month plus $1 per rule and request charges; AWS WAF goes at the edge (ShopEdge, CloudFront) or is attached to loadBalancer with wafv2.CfnWebACLAssociation.',
  });
  if (!options.deletionProtection) {
    const noProtection =
      'Deletion protection is off by choice (the DEVELOPMENT preset, so a test shop can be torn down); HIGHLY_AVAILABLE turns it on, and the load balancer holds no data (its logs are in a retained bucket).';
    acknowledge(
      lb.loadBalancer,
      { id: 'NIST.800.53.R5-ELBDeletionProtectionEnabled', reason: noProtection },
      { id: 'guard:elbv2_deletion_protection_enabled_check', reason: noProtection },
    );
  }
  if (lb.redirectListener) {
    acknowledge(lb.redirectListener, {
      id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
      reason:
        'This HTTP listener serves nothing: its only action is a 301 redirect to the HTTPS listener, which has the ACM certificate.',
    });
  } else {
    const httpOnly =
      'No certificate (no domain was given), so the shop serves plain HTTP on the load balancer DNS name, as a development shop, and says so in its URL; give domainName and hostedZone for HTTPS with an HTTP to HTTPS redirect.';
    acknowledge(
      lb.listener,
      { id: 'NIST.800.53.R5-ELBv2ACMCertificateRequired', reason: httpOnly },
      { id: 'NIST.800.53.R5-ALBHttpToHttpsRedirection', reason: httpOnly },
      { id: 'guard:alb_http_to_https_redirection_check', reason: httpOnly },
    );
  }
}
