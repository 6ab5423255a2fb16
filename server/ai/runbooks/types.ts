/**
 * The shape of a runbook shipped with the product. The built-in engine retrieves runbooks by their
 * text (title, symptoms, keywords, error codes) and walks `steps` as a decision tree.
 */
export const RUNBOOK_DOMAINS = [
  'email', // Outlook, Exchange Online mail flow
  'm365', // Teams, OneDrive, SharePoint, licensing, Office apps
  'identity', // Entra ID, MFA, conditional access, SSO
  'active_directory', // on-prem AD, GPO, domain join, replication
  'network', // LAN, routing, firewalls, VPN
  'dns_dhcp',
  'wifi',
  'printing',
  'endpoint', // Windows endpoints, updates, performance, drivers, macOS
  'server', // Windows Server, Hyper-V, file shares, RDS
  'backup',
  'security', // malware, phishing, EDR alerts, account compromise
  'lob_apps', // line-of-business apps: QuickBooks, SQL-backed apps, ERP clients, browsers
] as const;
export type RunbookDomain = (typeof RUNBOOK_DOMAINS)[number];

/** Where a branch of the tree leads. Exactly one of the three keys is set. */
export type RunbookBranch =
  | { next: string } // id of another step in the same runbook
  | { resolve: string } // id of a cause in `causes`: the engine proposes its fix
  | { contradicts: true }; // this answer argues against the runbook: the engine should switch

export type RunbookOption = { label: string; value: string } & RunbookBranch;

export type RunbookStep =
  | {
      id: string;
      kind: 'question';
      text: string;
      /** 2–5 options; the tech may also type free text or skip. */
      options: RunbookOption[];
    }
  | {
      id: string;
      kind: 'action';
      text: string;
      /** A command or UI path the tech runs, when there is one. */
      command?: string;
      expected_outcome: string;
      /** "worked" = the check passed / the fix worked as described in expected_outcome. */
      on: { worked: RunbookBranch; failed: RunbookBranch; partial?: RunbookBranch };
    };

export type RunbookCause = {
  id: string;
  text: string; // the cause in one sentence
  fix: string; // what to do about it, in a few sentences
};

export type Runbook = {
  id: string; // kebab-case, unique, stable: e.g. 'outlook-profile-corrupt'
  title: string;
  domain: RunbookDomain;
  /** How techs and users describe the problem, 3–8 phrases. */
  symptoms: string[];
  /** Product names, components and jargon that help retrieval. */
  keywords: string[];
  /** Exact error strings: hex codes, AADSTS codes, event IDs as 'Event ID 4625', NDR codes like '5.7.1'. */
  error_codes: string[];
  causes: RunbookCause[];
  /** Decision tree; the first step is the root. Every `next` points at a step of this runbook. */
  steps: RunbookStep[];
  /** How to confirm the problem is fixed. */
  verification: string[];
};
