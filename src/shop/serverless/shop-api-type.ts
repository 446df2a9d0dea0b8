/**
 * Which API Gateway flavour serves a `ShopApi`.
 *
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html
 */
export class ShopApiType {
  /**
   * An HTTP API (API Gateway v2): about 70% cheaper per request than REST, JWT authorizers,
   * `$default` stage. No usage plans or API keys, no X-Ray on the API itself (the functions
   * still trace).
   */
  public static readonly HTTP = new ShopApiType('HTTP');

  /**
   * A REST API (API Gateway v1), for usage plans and API keys, request validation or X-Ray
   * tracing at the API: a regional endpoint with one deployment stage and a Cognito user pools
   * authorizer.
   */
  public static readonly REST = new ShopApiType('REST');

  /** `HTTP` or `REST`. */
  public readonly name: string;

  private constructor(name: string) {
    this.name = name;
  }
}
