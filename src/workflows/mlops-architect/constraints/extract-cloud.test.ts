import { describe, expect, it } from 'vitest';
import { extractCloud } from './extract-cloud.js';

describe('extractCloud', () => {
  it.each([
    ['on AWS us-east-1', 'aws', 'stated'],
    ['Amazon Web Services', 'aws', 'stated'],
    ['a ResNet-50 on Lambda', 'aws', 'implied'],
    ['features in DynamoDB', 'aws', 'implied'],
    ['on GCP', 'gcp', 'stated'],
    ['Google Cloud Platform', 'gcp', 'stated'],
    ['warehouse in BigQuery', 'gcp', 'implied'],
    ['deploy to europe-west4', 'gcp', 'implied'],
    ['Demand forecasting on Azure', 'azure', 'stated'],
    ['trained in Azure ML', 'azure', 'stated'],
    ['Cosmos DB for features', 'azure', 'implied'],
    ['in westeurope', 'azure', 'implied'],
  ])('reads "%s" as %s (%s)', (text, cloud, source) => {
    const extraction = extractCloud(text);
    expect(extraction.value).toBe(cloud);
    expect(extraction.evidence.cloud?.source).toBe(source);
  });

  it('defaults to AWS with source default, no span, and a question', () => {
    const extraction = extractCloud('A churn model for a startup');
    expect(extraction.value).toBe('aws');
    expect(extraction.evidence.cloud).toMatchObject({ source: 'default', span: null });
    expect(extraction.ambiguities[0]?.field).toBe('cloud');
  });

  it('reads a migration as the target cloud, without a conflict', () => {
    const extraction = extractCloud('We are migrating from AWS to GCP');
    expect(extraction.value).toBe('gcp');
    expect(extraction.ambiguities).toEqual([]);
  });

  it('lists two clouds asked for at once as a conflict and trusts the choice less', () => {
    const extraction = extractCloud('The model must run on GCP. Deploy everything to AWS.');
    expect(extraction.ambiguities[0]?.message).toMatch(/GCP.*AWS/u);
    expect(extraction.evidence.cloud?.confidence ?? 1).toBeLessThan(extractCloud('on GCP').evidence.cloud?.confidence ?? 0);
  });

  it('does not read "lambda" in lower case (a Python lambda) nor "s3" in prose as AWS', () => {
    expect(extractCloud('a lambda function over s3-like data').evidence.cloud?.source).toBe('default');
  });
});
