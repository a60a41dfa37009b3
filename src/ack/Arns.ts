/**
 * Account, region and ARNs of the simulated resources of the ack-matching
 * models (KDA output, Firehose transformation).
 */

export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

/** ARN of a Lambda function by name. */
export function lambdaArn(name: string): string {
  return `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;
}
