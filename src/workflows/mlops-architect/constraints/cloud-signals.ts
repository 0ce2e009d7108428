import type { CloudProvider } from '../../../contracts/mlops-architect.js';

/** A wording that names a cloud provider or one of its services. */
export interface CloudSignal {
  cloud: CloudProvider;
  pattern: string;
  caseSensitive?: boolean;
  /** The provider's own name is conclusive (1); a service name strongly suggestive (0.6–0.8). */
  weight: number;
}

export const cloudSignals: readonly CloudSignal[] = [
  { cloud: 'aws', pattern: String.raw`AWS|Amazon Web Services`, weight: 1 },
  { cloud: 'aws', pattern: String.raw`SageMaker|Bedrock|EKS|ECS|Fargate|DynamoDB|Kinesis|Redshift|CloudWatch|CloudFormation|GovCloud|Step Functions`, weight: 0.8 },
  // "Lambda" and "EC2" are AWS names; S3 weighs less because many stores speak the S3 API.
  { cloud: 'aws', pattern: String.raw`Lambda|EC2|Aurora|Athena`, caseSensitive: true, weight: 0.7 },
  { cloud: 'aws', pattern: String.raw`S3`, caseSensitive: true, weight: 0.4 },
  { cloud: 'gcp', pattern: String.raw`GCP|Google Cloud(?: Platform)?`, weight: 1 },
  { cloud: 'gcp', pattern: String.raw`Vertex AI|BigQuery|GKE|Cloud Run|Dataflow|Dataproc|Bigtable|Cloud Functions|Cloud Storage|Spanner|Firestore|Pub/?Sub`, weight: 0.8 },
  { cloud: 'gcp', pattern: String.raw`GCS|TPUs?`, caseSensitive: true, weight: 0.6 },
  { cloud: 'azure', pattern: String.raw`(?:Microsoft )?Azure`, weight: 1 },
  { cloud: 'azure', pattern: String.raw`AKS|Cosmos ?DB|Event Hubs?|Synapse|Blob Storage|Entra ID`, caseSensitive: true, weight: 0.8 },
];
