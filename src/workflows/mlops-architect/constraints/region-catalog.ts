import type { CloudProvider } from '../../../contracts/mlops-architect.js';

/** AWS region codes: us-east-1, eu-central-1, us-gov-west-1. */
export const awsRegionSource = String.raw`(?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:east|west|north|south|central|northeast|northwest|southeast|southwest)-\d`;
/** Google Cloud region codes: us-central1, europe-west4. */
export const gcpRegionSource = String.raw`(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-(?:east|west|north|south|central|northeast|northwest|southeast|southwest)\d{1,2}`;
/** Azure region names as the CLI spells them. */
export const azureRegionSource = String.raw`(?:east|west|central|northcentral|southcentral|westcentral)us\d?|(?:north|west)europe|uk(?:south|west)|francecentral|germanywestcentral|switzerlandnorth|norwayeast|swedencentral|polandcentral|italynorth|spaincentral|canada(?:central|east)|brazilsouth|(?:east|southeast)asia|japan(?:east|west)|australia(?:east|southeast)|(?:central|south)india|koreacentral|uaenorth|southafricanorth`;

/** Regions in Europe, for residency checks. */
export function isEuropeanRegion(region: string): boolean {
  return /^(?:eu-|europe-)|europe$|^(?:uk|france|germany|switzerland|norway|sweden|poland|italy|spain)/u.test(region);
}

/** A place a request may name, and the region each cloud serves it from. */
export interface Geography {
  label: string;
  pattern: string;
  caseSensitive?: boolean;
  regions: Readonly<Record<CloudProvider, string>>;
}

/**
 * The nearest region per cloud to each place (from the providers' region lists, 2025). For the EU as a whole
 * Frankfurt is chosen on AWS: central, with every service, and the usual home of EU-resident data.
 */
export const geographies: readonly Geography[] = [
  { label: 'Germany', pattern: String.raw`Germany|Deutschland|Frankfurt|Berlin|Munich|München`, regions: { aws: 'eu-central-1', gcp: 'europe-west3', azure: 'germanywestcentral' } },
  { label: 'Ireland', pattern: String.raw`Ireland|Dublin`, regions: { aws: 'eu-west-1', gcp: 'europe-west1', azure: 'northeurope' } },
  { label: 'United Kingdom', pattern: String.raw`UK|United Kingdom|Britain|London`, caseSensitive: true, regions: { aws: 'eu-west-2', gcp: 'europe-west2', azure: 'uksouth' } },
  { label: 'France', pattern: String.raw`France|Paris`, regions: { aws: 'eu-west-3', gcp: 'europe-west9', azure: 'francecentral' } },
  { label: 'Netherlands', pattern: String.raw`Netherlands|Amsterdam|Dutch`, regions: { aws: 'eu-west-1', gcp: 'europe-west4', azure: 'westeurope' } },
  { label: 'Sweden', pattern: String.raw`Sweden|Stockholm|Nordics?`, regions: { aws: 'eu-north-1', gcp: 'europe-north1', azure: 'swedencentral' } },
  { label: 'Italy', pattern: String.raw`Italy|Milan`, regions: { aws: 'eu-south-1', gcp: 'europe-west8', azure: 'italynorth' } },
  { label: 'Spain', pattern: String.raw`Spain|Madrid`, regions: { aws: 'eu-south-2', gcp: 'europe-southwest1', azure: 'spaincentral' } },
  { label: 'Switzerland', pattern: String.raw`Switzerland|Zurich|Zürich`, regions: { aws: 'eu-central-2', gcp: 'europe-west6', azure: 'switzerlandnorth' } },
  // "EU" must be upper case ("eu-west-1" is a region code, handled separately).
  { label: 'EU', pattern: String.raw`EU(?!-[a-z])|EEA|European Union|Europe(?:an)?`, caseSensitive: true, regions: { aws: 'eu-central-1', gcp: 'europe-west4', azure: 'westeurope' } },
  { label: 'United States', pattern: String.raw`US(?!-[a-z]|\$)|USA|U\.S\.|United States`, caseSensitive: true, regions: { aws: 'us-east-1', gcp: 'us-central1', azure: 'eastus' } },
  { label: 'Canada', pattern: String.raw`Canada|Toronto|Montreal`, regions: { aws: 'ca-central-1', gcp: 'northamerica-northeast1', azure: 'canadacentral' } },
  { label: 'Japan', pattern: String.raw`Japan|Tokyo`, regions: { aws: 'ap-northeast-1', gcp: 'asia-northeast1', azure: 'japaneast' } },
  { label: 'India', pattern: String.raw`India|Mumbai`, regions: { aws: 'ap-south-1', gcp: 'asia-south1', azure: 'centralindia' } },
  { label: 'Singapore', pattern: String.raw`Singapore`, regions: { aws: 'ap-southeast-1', gcp: 'asia-southeast1', azure: 'southeastasia' } },
  { label: 'Australia', pattern: String.raw`Australia|Sydney`, regions: { aws: 'ap-southeast-2', gcp: 'australia-southeast1', azure: 'australiaeast' } },
  { label: 'Brazil', pattern: String.raw`Brazil|São Paulo|Sao Paulo`, regions: { aws: 'sa-east-1', gcp: 'southamerica-east1', azure: 'brazilsouth' } },
];
