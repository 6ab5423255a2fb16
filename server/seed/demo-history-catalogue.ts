import type { KnowledgeDomain } from '../../shared/knowledge';

/**
 * The recurring problems of the demo MSP's history: what its techs work through week after week,
 * across the knowledge areas. Each one carries the two checks a tech runs, what they learn, the
 * cause and the fix, and how well the shipped knowledge covered it at intake (`coverage`, the
 * session's best match): the few with a weak match are the demo's knowledge gaps and are escalated
 * more often.
 */
export type HistoryProblem = {
  domain: KnowledgeDomain;
  problem: string;
  question: { text: string; options: string[]; answer: number };
  check: { text: string; command?: string; expected: string };
  fact: string;
  cause: string;
  fix: string;
  /** The senior's first move after claiming (a fact they add to the session). */
  seniorFact: string;
  coverage: number;
  /** Relative frequency among the week's tickets. */
  weight: number;
  escalationRate: number;
};

export const HISTORY_CLIENTS = [
  'Baker Legal',
  'Harbor Dental',
  'Miller Architects',
  'Oakridge Veterinary',
  'Summit Accounting',
];

export const HISTORY_PROBLEMS: HistoryProblem[] = [
  {
    domain: 'email',
    problem: 'Outlook prompts for credentials again and again after the mailbox moved to Exchange Online',
    question: { text: 'Does webmail work for the same mailbox?', options: ['Yes', 'No'], answer: 0 },
    check: {
      text: 'Clear the cached Office credentials in Credential Manager',
      command: 'cmdkey /list | findstr MicrosoftOffice',
      expected: 'No cached Office entries remain',
    },
    fact: 'Webmail works, only the desktop client prompts',
    cause: 'Stale cached credentials pointing at the old on-premises server',
    fix: 'Removed the cached Office credentials and signed in again with modern authentication',
    seniorFact: 'Autodiscover still resolves to the old server for this user',
    coverage: 0.78,
    weight: 9,
    escalationRate: 0.1,
  },
  {
    domain: 'email',
    problem: 'Finance team mailbox no longer appears in Outlook after a permissions change',
    question: {
      text: 'Was the user given Full Access recently?',
      options: ['Yes', 'No', 'Not sure'],
      answer: 0,
    },
    check: {
      text: 'Check the mailbox permissions',
      command: 'Get-MailboxPermission -Identity finance@',
      expected: 'The user has FullAccess with AutoMapping',
    },
    fact: 'Permission was granted through a group, not directly',
    cause: 'Auto-mapping does not apply to permissions granted through a group',
    fix: 'Granted Full Access to the user directly with AutoMapping on and restarted Outlook',
    seniorFact: 'Group-based permission confirmed in the admin center',
    coverage: 0.72,
    weight: 6,
    escalationRate: 0.1,
  },
  {
    domain: 'm365',
    problem: 'Teams keeps signing the user out and asks for MFA several times a day',
    question: { text: 'Does it happen on the phone too?', options: ['Yes', 'No, laptop only'], answer: 1 },
    check: {
      text: 'Check the device registration state',
      command: 'dsregcmd /status',
      expected: 'AzureAdPrt : YES',
    },
    fact: 'Primary refresh token is missing on the laptop',
    cause: 'The laptop lost its Entra ID registration after a motherboard replacement',
    fix: 'Re-joined the laptop to Entra ID and signed the user in again',
    seniorFact: 'Device object in Entra ID is disabled, duplicate found',
    coverage: 0.66,
    weight: 6,
    escalationRate: 0.15,
  },
  {
    domain: 'identity',
    problem: 'User locked out every morning, password was changed last week',
    question: {
      text: 'Is the user signed in on a phone or second PC?',
      options: ['Yes', 'No', 'Not sure'],
      answer: 0,
    },
    check: {
      text: 'Find the lockout source on the PDC emulator',
      command: 'Get-WinEvent -FilterHashtable @{LogName="Security";Id=4740}',
      expected: 'The caller computer of the lockout is named',
    },
    fact: 'Lockouts come from the user’s old phone on the guest Wi-Fi',
    cause: 'An old phone still syncing mail with the previous password',
    fix: 'Removed the mail profile from the old phone and unlocked the account',
    seniorFact: 'Event 4740 names the mobile gateway as caller',
    coverage: 0.74,
    weight: 7,
    escalationRate: 0.12,
  },
  {
    domain: 'active_directory',
    problem: 'New starter cannot open the department share, access denied',
    question: { text: 'Was the user added to the group today?', options: ['Yes', 'No'], answer: 0 },
    check: {
      text: 'List the groups in the user’s current token',
      command: 'whoami /groups',
      expected: 'The department group is listed',
    },
    fact: 'Group missing from the token, present in AD',
    cause: 'Group membership added after sign-in is not in the Kerberos ticket yet',
    fix: 'Had the user sign out and back in to refresh the token',
    seniorFact: 'Replication between the two DCs is healthy',
    coverage: 0.81,
    weight: 6,
    escalationRate: 0.06,
  },
  {
    domain: 'network',
    problem: 'Site-to-site VPN to the branch office is up but no traffic passes',
    question: {
      text: 'Did anything change on either firewall?',
      options: ['ISP change', 'Firmware update', 'Nothing known'],
      answer: 0,
    },
    check: {
      text: 'Compare the phase 2 proposals on both ends',
      expected: 'Encryption, hash and PFS group match',
    },
    fact: 'Phase 1 up, phase 2 fails with NO_PROPOSAL_CHOSEN',
    cause: 'Mismatched phase 2 PFS group after the ISP router swap',
    fix: 'Aligned the PFS group on both firewalls and re-established the tunnel',
    seniorFact: 'Branch side proposes DH14, head office expects DH19',
    coverage: 0.58,
    weight: 3,
    escalationRate: 0.35,
  },
  {
    domain: 'dns_dhcp',
    problem: 'Laptops get a 169.254 address on the office network',
    question: { text: 'Do wired PCs on the same switch get addresses?', options: ['Yes', 'No'], answer: 0 },
    check: {
      text: 'Check the DHCP scope statistics',
      command: 'Get-DhcpServerv4ScopeStatistics',
      expected: 'Free addresses available in the scope',
    },
    fact: 'Scope shows 0 free addresses',
    cause: 'DHCP scope exhausted by guest devices with an eight-day lease',
    fix: 'Shortened the lease time and moved guest devices to their own VLAN and scope',
    seniorFact: 'Lease table full of phones from the waiting room',
    coverage: 0.77,
    weight: 4,
    escalationRate: 0.1,
  },
  {
    domain: 'wifi',
    problem: 'Wi-Fi drops every few minutes in the meeting room upstairs',
    question: {
      text: 'How strong is the signal in the room?',
      options: ['Strong', 'Weak', 'Varies'],
      answer: 2,
    },
    check: {
      text: 'Survey the channel use near the meeting room',
      expected: 'Clear channel with good signal',
    },
    fact: 'Three neighbouring networks on channel 6',
    cause: 'Crowded 2.4 GHz channel and a single access point covering two floors',
    fix: 'Moved the meeting room clients to 5 GHz and added an access point upstairs',
    seniorFact: 'Roaming thresholds on the controller are at defaults',
    coverage: 0.69,
    weight: 4,
    escalationRate: 0.12,
  },
  {
    domain: 'printing',
    problem: 'Print spooler stops on the reception PC and nobody can print',
    question: {
      text: 'Does the spooler stop right after starting?',
      options: ['Yes', 'No, after a while'],
      answer: 0,
    },
    check: {
      text: 'Look for the faulting module in the Application log',
      command: 'Get-WinEvent -LogName Application -MaxEvents 50 | ? Id -eq 1000',
      expected: 'spoolsv.exe faults in a driver DLL',
    },
    fact: 'spoolsv.exe crashes in the label printer driver',
    cause: 'Corrupt third-party label printer driver',
    fix: 'Removed the old driver with printui and installed the current package-aware driver',
    seniorFact: 'Same driver version on the other reception PC works',
    coverage: 0.83,
    weight: 8,
    escalationRate: 0.06,
  },
  {
    domain: 'printing',
    problem: 'Scan to email on the copier fails after the Microsoft 365 password change',
    question: {
      text: 'Does the copier use its own mailbox to send?',
      options: ['Yes', 'No', 'Not sure'],
      answer: 0,
    },
    check: {
      text: 'Test SMTP authentication from the copier’s web page',
      expected: 'Test mail is delivered',
    },
    fact: 'Copier reports authentication failed on smtp.office365.com',
    cause: 'Copier still stores the old password of the scanning mailbox',
    fix: 'Updated the scanning mailbox password on the copier and sent a test scan',
    seniorFact: 'SMTP AUTH is still enabled for that mailbox',
    coverage: 0.8,
    weight: 5,
    escalationRate: 0.06,
  },
  {
    domain: 'endpoint',
    problem: 'Windows Update fails with 0x80070005 on reception PCs',
    question: { text: 'Do the PCs share the same security software?', options: ['Yes', 'No'], answer: 0 },
    check: {
      text: 'Reset the update components',
      command: 'net stop wuauserv && ren C:\\Windows\\SoftwareDistribution SoftwareDistribution.old',
      expected: 'The update downloads again',
    },
    fact: 'Still access denied after the reset',
    cause: 'Endpoint protection blocking writes to SoftwareDistribution',
    fix: 'Added the vendor-recommended exclusion and reran the cumulative update',
    seniorFact: 'Protection log shows blocked writes from TrustedInstaller',
    coverage: 0.7,
    weight: 6,
    escalationRate: 0.12,
  },
  {
    domain: 'endpoint',
    problem: 'Laptop very slow after login, disk at 100 % for ten minutes',
    question: { text: 'Is it an HDD or an SSD?', options: ['HDD', 'SSD', 'Not sure'], answer: 1 },
    check: {
      text: 'Check what is using the disk in Resource Monitor',
      expected: 'No single process dominates',
    },
    fact: 'Indexing and the sync client both scan the whole profile',
    cause: 'A full OneDrive resync of a 40 GB profile after a reset',
    fix: 'Turned on Files On-Demand and let the resync finish overnight',
    seniorFact: 'Known folder move re-ran after the profile reset',
    coverage: 0.62,
    weight: 5,
    escalationRate: 0.1,
  },
  {
    domain: 'server',
    problem: 'File server disk nearly full, users cannot save to the shared drive',
    question: { text: 'Which volume is full?', options: ['System C:', 'Data D:'], answer: 1 },
    check: {
      text: 'Find the largest folders on the data volume',
      expected: 'A clear culprit among the folders',
    },
    fact: 'Shadow copies take 180 GB on D:',
    cause: 'Shadow copy storage with no limit on the data volume',
    fix: 'Limited the shadow storage to 10 % and removed the oldest copies',
    seniorFact: 'vssadmin list shadowstorage shows UNBOUNDED',
    coverage: 0.64,
    weight: 3,
    escalationRate: 0.2,
  },
  {
    domain: 'backup',
    problem: 'Nightly backup job fails with VSS error 0x8004230f on the file server',
    question: { text: 'Does the job fail at the snapshot stage?', options: ['Yes', 'No'], answer: 0 },
    check: {
      text: 'List the VSS providers',
      command: 'vssadmin list providers',
      expected: 'Only the Microsoft software provider is listed',
    },
    fact: 'A third-party provider from an old agent is still registered',
    cause: 'Stale VSS provider left behind by a removed backup agent',
    fix: 'Removed the stale provider from the registry and restarted the VSS service',
    seniorFact: 'Provider GUID matches the old agent’s uninstall leftovers',
    coverage: 0.6,
    weight: 4,
    escalationRate: 0.25,
  },
  {
    domain: 'security',
    problem: 'User reports a suspicious sign-in alert from another country',
    question: { text: 'Did the user travel or use a VPN?', options: ['Yes', 'No'], answer: 1 },
    check: {
      text: 'Review the user’s sign-in log',
      expected: 'All sign-ins from known locations',
    },
    fact: 'Successful sign-in from an unknown IP with legacy authentication',
    cause: 'Password reused from a breached site, legacy authentication not blocked',
    fix: 'Reset the password, revoked sessions and blocked legacy authentication by policy',
    seniorFact: 'Inbox rule forwarding to an external address found and removed',
    coverage: 0.55,
    weight: 2,
    escalationRate: 0.45,
  },
  {
    domain: 'lob_apps',
    problem: 'Accounting software says the company file is in use by another user',
    question: {
      text: 'Does it happen when a second user opens the file?',
      options: ['Yes', 'No'],
      answer: 0,
    },
    check: {
      text: 'Check the database server manager on the host',
      expected: 'Service running and the folder scanned',
    },
    fact: 'Database service running, ports blocked on the host',
    cause: 'Windows firewall blocking the database ports on the host',
    fix: 'Opened the ports with the vendor’s firewall rules and rescanned the folder',
    seniorFact: 'Firewall profile switched to Public after a network change',
    coverage: 0.68,
    weight: 4,
    escalationRate: 0.15,
  },
  {
    domain: 'collaboration',
    problem: 'SharePoint library will not sync, files stuck with red crosses',
    question: {
      text: 'Are the stuck files in a long folder path?',
      options: ['Yes', 'No', 'Not sure'],
      answer: 0,
    },
    check: {
      text: 'Check the sync client’s activity for errors',
      expected: 'No errors listed',
    },
    fact: 'Paths longer than 400 characters fail',
    cause: 'Folder nesting from a migration exceeds the path length limit',
    fix: 'Flattened the deepest folders in the library and restarted the sync client',
    seniorFact: 'Migration tool kept the old server’s full folder structure',
    coverage: 0.63,
    weight: 4,
    escalationRate: 0.12,
  },
  {
    domain: 'mobile',
    problem: 'iPhone stopped receiving company mail after the iOS update',
    question: {
      text: 'Is the mail account set up in the Outlook app or native Mail?',
      options: ['Outlook app', 'Native Mail'],
      answer: 1,
    },
    check: {
      text: 'Check the device in the mobile devices list',
      expected: 'Device allowed and syncing',
    },
    fact: 'Device quarantined by the access rule',
    cause: 'New device model string did not match the allow rule',
    fix: 'Allowed the device and moved the user to the Outlook app under the app protection policy',
    seniorFact: 'Access rule was written for the previous model string',
    coverage: 0.71,
    weight: 3,
    escalationRate: 0.1,
  },
  // Weak matches at intake: the demo's knowledge gaps. The clinic's imaging software and the door
  // controller are outside the shipped knowledge, so these are escalated more often.
  {
    domain: 'lob_apps',
    problem: 'Dental imaging bridge does not open X-rays from the practice management software',
    question: {
      text: 'Which system is involved?',
      options: ['Imaging', 'Practice management', 'Both'],
      answer: 2,
    },
    check: {
      text: 'Open the imaging bridge settings on the operatory PC',
      expected: 'The bridge points at the imaging server',
    },
    fact: 'Bridge path points at the old imaging server share',
    cause: 'Imaging bridge configured with the old server path after the server move',
    fix: 'Updated the bridge path on every operatory PC through the practice software’s settings',
    seniorFact: 'Vendor notes say the bridge path is stored per workstation',
    coverage: 0.18,
    weight: 3,
    escalationRate: 0.45,
  },
  {
    domain: 'network',
    problem: 'Door access controller offline, badges not working at the side entrance',
    question: {
      text: 'Which system is involved?',
      options: ['Door controller', 'Network', 'Not sure'],
      answer: 0,
    },
    check: {
      text: 'Ping the controller from the server VLAN',
      expected: 'The controller answers',
    },
    fact: 'Controller answers from its own VLAN only',
    cause: 'Switch port of the controller moved to the wrong VLAN during a rewire',
    fix: 'Put the port back on the building systems VLAN and resynced the controller',
    seniorFact: 'Port description on the switch still says door controller',
    coverage: 0.22,
    weight: 2,
    escalationRate: 0.4,
  },
];
