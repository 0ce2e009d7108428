/**
 * The controls a compliance framework can require and a catalogue component can provide. The policy
 * critic checks each framework's controls against what the plan's components provide.
 */
export const complianceControls = [
  'encryption_at_rest',
  'encryption_in_transit',
  'key_management',
  'waf',
  'audit_logging',
  'access_logging',
  'network_isolation',
  'data_residency',
  'retention',
  'backup',
  'secrets_management',
  'vulnerability_scanning',
  'intrusion_detection',
  'continuous_monitoring',
] as const;

export type ComplianceControl = (typeof complianceControls)[number];
