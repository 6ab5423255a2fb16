import { KNOWLEDGE_DOMAINS, type KnowledgeDomain } from '../../../../../shared/knowledge';

export const DOMAIN_LABELS: Record<KnowledgeDomain, string> = {
  email: 'Email',
  m365: 'Microsoft 365',
  identity: 'Identity',
  active_directory: 'Active Directory',
  network: 'Network',
  dns_dhcp: 'DNS and DHCP',
  wifi: 'Wi-Fi',
  printing: 'Printing',
  endpoint: 'Endpoint',
  server: 'Server',
  backup: 'Backup',
  security: 'Security',
  lob_apps: 'Line-of-business apps',
  macos: 'macOS',
  mobile: 'Mobile',
  virtualization: 'Virtualization',
  database: 'Database',
  firewall: 'Firewall',
  collaboration: 'Collaboration',
  google_workspace: 'Google Workspace',
  cloud: 'Cloud',
  rmm: 'RMM',
};

export const DOMAIN_OPTIONS = KNOWLEDGE_DOMAINS.map((value) => ({ value, label: DOMAIN_LABELS[value] }));

/** Tolerates a domain this build does not know yet (a newer server): show the raw value. */
export const domainLabel = (domain: string) => DOMAIN_LABELS[domain as KnowledgeDomain] ?? domain;
