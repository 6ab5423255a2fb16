import type { Runbook } from '../types';

export const printingRunbooks: Runbook[] = [
  {
    id: 'print-spooler-crash',
    title: 'Print Spooler service keeps stopping or crashing',
    domain: 'printing',
    symptoms: [
      'Print Spooler service stops on its own every few minutes',
      'Nothing prints and the printer list in Settings is empty',
      'Operation could not be completed, the print spooler service is not running',
      'spoolsv.exe crashes as soon as a job is sent',
      'Restarting the spooler works for a short while then it dies again',
      'Print server stops serving all queues at once',
    ],
    keywords: [
      'print spooler',
      'spoolsv.exe',
      'spooler service',
      'PRINTERS folder',
      'print processor',
      'print server',
      'printmanagement.msc',
      'third-party print driver',
      'PrintService log',
    ],
    error_codes: ['Event ID 7031', 'Event ID 7034', 'Event ID 1000', '0x000006ba'],
    causes: [
      {
        id: 'corrupt-spool-file',
        text: 'A damaged or oversized job stuck in the spool folder crashes the spooler every time it tries to process it.',
        fix: 'Stop the Print Spooler service, delete everything in C:\\Windows\\System32\\spool\\PRINTERS, then start the service again. Ask the user who sent the failing job to resend it once the queue is clean.',
      },
      {
        id: 'faulty-print-driver',
        text: 'A third-party or legacy (Type 3) driver or print processor loaded into spoolsv.exe is faulting.',
        fix: 'Find the faulting module in Application log Event ID 1000 for spoolsv.exe. Remove the offending driver in Print Management > Drivers (or printui /s /t2), replace it with the current vendor universal or Type 4 driver, and reset any queue still pointing at a non-Microsoft print processor back to winprint.',
      },
      {
        id: 'spooler-dependency-or-policy',
        text: 'The spooler has been disabled by a hardening policy or one of its dependencies (RPC, HTTP) is not running.',
        fix: 'Check whether a GPO or security baseline sets the Print Spooler to Disabled (common after PrintNightmare hardening on servers and DCs). Re-enable it only on machines that must print, set startup type to Automatic, and confirm the RPC service is running.',
      },
    ],
    steps: [
      {
        id: 'check-service-state',
        kind: 'action',
        text: 'Check the spooler state and the recent Service Control Manager events for it.',
        command:
          "Get-Service Spooler | Select Status,StartType; Get-WinEvent -FilterHashtable @{LogName='System'; Id=7031,7034} -MaxEvents 10 | Format-List TimeCreated,Message",
        expected_outcome: 'Spooler is Running and there are no recent 7031/7034 crash events.',
        on: { worked: { next: 'ask-printing-works' }, failed: { next: 'ask-start-type' } },
      },
      {
        id: 'ask-start-type',
        kind: 'question',
        text: 'What is the Print Spooler startup type?',
        options: [
          {
            label: 'Disabled (set by policy or baseline)',
            value: 'disabled',
            resolve: 'spooler-dependency-or-policy',
          },
          { label: 'Automatic, but it keeps stopping', value: 'automatic', next: 'clear-spool-folder' },
        ],
      },
      {
        id: 'clear-spool-folder',
        kind: 'action',
        text: 'Stop the spooler, clear the spool folder and start it again.',
        command:
          'net stop spooler && del /Q /F %systemroot%\\System32\\spool\\PRINTERS\\*.* && net start spooler',
        expected_outcome:
          'The spooler starts and stays running for several minutes with test prints succeeding.',
        on: {
          worked: { resolve: 'corrupt-spool-file' },
          failed: { next: 'check-faulting-module' },
          partial: { next: 'check-faulting-module' },
        },
      },
      {
        id: 'check-faulting-module',
        kind: 'action',
        text: 'Look in the Application log for Event ID 1000 with spoolsv.exe as the faulting application and note the faulting module.',
        command:
          "Get-WinEvent -FilterHashtable @{LogName='Application'; Id=1000} -MaxEvents 20 | Where-Object Message -match 'spoolsv' | Format-List TimeCreated,Message",
        expected_outcome:
          'The faulting module is a vendor driver DLL or print processor (not a core Windows file).',
        on: { worked: { resolve: 'faulty-print-driver' }, failed: { next: 'ask-printing-works' } },
      },
      {
        id: 'ask-printing-works',
        kind: 'question',
        text: 'With the spooler running, what does the user actually see?',
        options: [
          { label: 'Spooler stays up but one printer shows Offline', value: 'offline', contradicts: true },
          { label: 'Spooler stays up but jobs sit in the queue', value: 'stuck', next: 'clear-spool-folder' },
          {
            label: 'Spooler still crashes a few minutes later',
            value: 'crashes',
            next: 'check-faulting-module',
          },
        ],
      },
    ],
    verification: [
      'Print Spooler has stayed Running for at least 30 minutes with no new Event ID 7031/7034.',
      'A test page prints from each affected queue.',
    ],
  },
  {
    id: 'network-printer-offline',
    title: 'Network printer shows Offline on workstations',
    domain: 'printing',
    symptoms: [
      'Printer status says Offline even though it is switched on',
      'Jobs queue up with status Error or Offline and never print',
      'Printer works from the copier panel but not from PCs',
      'Only some users see the printer as offline',
      'Printer went offline after the router or firewall was replaced',
    ],
    keywords: [
      'printer offline',
      'Standard TCP/IP port',
      'WSD port',
      'SNMP status',
      'DHCP reservation',
      'port 9100',
      'raw printing',
      'sleep mode',
      'IP address changed',
    ],
    error_codes: [],
    causes: [
      {
        id: 'printer-ip-changed',
        text: 'The printer picked up a new DHCP address, so the port on the PCs or print server points at the old IP.',
        fix: 'Print a configuration page to get the current IP, create a DHCP reservation (or static IP outside the scope), and update the Standard TCP/IP port on the print server or PCs to the reserved address.',
      },
      {
        id: 'wsd-port-unreliable',
        text: 'The queue uses a WSD port, which relies on discovery and drops the printer to Offline when discovery fails.',
        fix: 'Replace the WSD port with a Standard TCP/IP port pointing at the printer IP: Add-PrinterPort -Name IP_<addr> -PrinterHostAddress <addr>, then Set-Printer -Name <queue> -PortName IP_<addr>.',
      },
      {
        id: 'snmp-status-mismatch',
        text: 'SNMP status is enabled on the port but the printer has SNMP disabled or uses a different community string, so Windows marks it Offline.',
        fix: 'In Printer properties > Ports > Configure Port, untick SNMP Status Enabled (or match the community string configured on the printer). The queue will stop reporting a false Offline state.',
      },
    ],
    steps: [
      {
        id: 'ask-scope',
        kind: 'question',
        text: 'How many printers are showing Offline?',
        options: [
          { label: 'One printer', value: 'one', next: 'ping-printer' },
          { label: 'Every printer on the print server', value: 'all', contradicts: true },
        ],
      },
      {
        id: 'ping-printer',
        kind: 'action',
        text: 'From the affected PC (or the print server), test the IP configured on the printer port.',
        command:
          'Get-PrinterPort | Select Name,PrinterHostAddress; Test-NetConnection <printer-ip> -Port 9100',
        expected_outcome: 'TcpTestSucceeded is True for the IP configured on the port.',
        on: { worked: { next: 'ask-port-type' }, failed: { next: 'check-config-page' } },
      },
      {
        id: 'check-config-page',
        kind: 'action',
        text: 'Print a configuration or network page from the printer panel and compare its IP to the port IP.',
        expected_outcome: 'The printer IP on the config page matches the port IP.',
        on: { worked: { next: 'ask-port-type' }, failed: { resolve: 'printer-ip-changed' } },
      },
      {
        id: 'ask-port-type',
        kind: 'question',
        text: 'What kind of port does the queue use (Printer properties > Ports)?',
        options: [
          { label: 'WSD port', value: 'wsd', resolve: 'wsd-port-unreliable' },
          { label: 'Standard TCP/IP port', value: 'tcpip', next: 'check-snmp' },
        ],
      },
      {
        id: 'check-snmp',
        kind: 'action',
        text: 'Open Configure Port and untick "SNMP Status Enabled", then refresh the queue.',
        command: 'Printer properties > Ports > select port > Configure Port > untick SNMP Status Enabled',
        expected_outcome: 'The printer status changes to Ready and a test page prints.',
        on: { worked: { resolve: 'snmp-status-mismatch' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      'The printer shows Ready on the affected PCs and a test page prints.',
      'A DHCP reservation or static IP exists for the printer so the address cannot drift again.',
    ],
  },
  {
    id: 'print-driver-rpc-0x0000011b',
    title: 'Cannot connect to shared printer: 0x0000011b / 0x00000709 / 0x00000bcb after Windows updates',
    domain: 'printing',
    symptoms: [
      'Windows cannot connect to the printer when adding a shared printer from the print server',
      'Shared printer stopped working after Patch Tuesday',
      'Users are prompted for admin credentials to install a printer driver',
      'Do you trust this printer prompt then install fails',
      'Printing to a printer shared from another PC broke after updates',
    ],
    keywords: [
      'PrintNightmare',
      'Point and Print',
      'RestrictDriverInstallationToAdministrators',
      'RPC authentication',
      'RpcAuthnLevelPrivacyEnabled',
      'package-aware driver',
      'Type 4 driver',
      'print server',
      'KB5005652',
      'CVE-2021-34527',
    ],
    error_codes: ['0x0000011b', '0x00000709', '0x00000bcb', '0x0000007e', '0x00000002'],
    causes: [
      {
        id: 'rpc-auth-mismatch',
        text: 'The client and print server are at different patch levels, so the hardened RPC authentication for printing fails with 0x0000011b.',
        fix: 'Install the same current cumulative update on the print server and the clients, then reboot both. Do not rely on the old RpcAuthnLevelPrivacyEnabled=0 registry workaround; it weakens security and is not honoured on fully patched builds. If printers are shared from a desktop, move them to a patched print server.',
      },
      {
        id: 'point-and-print-admin-only',
        text: 'Since the PrintNightmare fixes, only administrators may install printer drivers via Point and Print, so standard users fail when the driver is not already present.',
        fix: 'Pre-install the driver on endpoints as admin through RMM or Intune (pnputil /add-driver <inf> /install, then Add-PrinterDriver -Name "<driver name>"), or deploy package-aware drivers on the print server. Keep RestrictDriverInstallationToAdministrators at 1 rather than weakening it.',
      },
      {
        id: 'driver-package-missing',
        text: 'The driver on the print server is a non-package or wrong-architecture driver that clients cannot download (0x00000bcb / 0x0000007e).',
        fix: 'In Print Management on the server, replace the driver with the vendor x64 package-aware or universal driver, reassign the queue to it, then remove and re-add the printer on the client.',
      },
    ],
    steps: [
      {
        id: 'ask-error-code',
        kind: 'question',
        text: 'Which error does the Add Printer dialog show?',
        options: [
          { label: '0x0000011b', value: '11b', next: 'compare-patch-level' },
          { label: 'Asks for admin credentials / 0x00000bcb', value: 'admin', next: 'check-driver-present' },
          { label: '0x0000007e or 0x00000002', value: '7e', resolve: 'driver-package-missing' },
          { label: 'No error, printer adds but shows Offline', value: 'offline', contradicts: true },
        ],
      },
      {
        id: 'compare-patch-level',
        kind: 'action',
        text: 'Compare the OS build and latest installed update on the client and on the machine sharing the printer.',
        command:
          "Get-HotFix | Sort-Object InstalledOn -Descending | Select -First 3; (Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion').UBR",
        expected_outcome: "Both machines are on the same month's cumulative update.",
        on: { worked: { next: 'check-driver-present' }, failed: { resolve: 'rpc-auth-mismatch' } },
      },
      {
        id: 'check-driver-present',
        kind: 'action',
        text: "Check whether the print server's driver is already installed on the client.",
        command: 'Get-PrinterDriver | Select Name,MajorVersion,IsPackageAware',
        expected_outcome: 'The exact driver name used by the shared queue is listed on the client.',
        on: { worked: { next: 'ask-server-driver' }, failed: { resolve: 'point-and-print-admin-only' } },
      },
      {
        id: 'ask-server-driver',
        kind: 'question',
        text: "In Print Management on the server, is the queue's driver package-aware and x64?",
        options: [
          { label: 'Yes, package-aware x64', value: 'yes', resolve: 'rpc-auth-mismatch' },
          { label: 'No / legacy or x86-only driver', value: 'no', resolve: 'driver-package-missing' },
        ],
      },
    ],
    verification: [
      'A standard (non-admin) user can add the shared printer without an elevation prompt.',
      'A test page prints from the client through the print server queue.',
    ],
  },
  {
    id: 'mfp-scan-to-email-fail',
    title: 'Copier / MFP scan to email stopped sending',
    domain: 'printing',
    symptoms: [
      'Scanner says send failed when scanning to email',
      'Copier scan to email worked for years and suddenly stopped',
      'Scans never arrive in the inbox',
      'MFP shows SMTP authentication error',
      'Scan to email broke after the Microsoft 365 migration',
    ],
    keywords: [
      'scan to email',
      'SMTP AUTH',
      'smtp.office365.com',
      'port 587',
      'STARTTLS',
      'SMTP relay',
      'direct send',
      'connector',
      'multifunction printer',
      'copier',
      'TLS 1.2',
    ],
    error_codes: ['535 5.7.139', '535 5.7.3', '5.7.57', '550 5.7.60', '554 5.7.1'],
    causes: [
      {
        id: 'smtp-auth-disabled',
        text: 'SMTP AUTH client submission (basic auth) is disabled for the tenant or the scanner mailbox, or the account now requires MFA.',
        fix: 'Check Get-TransportConfig | fl SmtpClientAuthenticationDisabled and Get-CASMailbox <scanner> | fl SmtpClientAuthenticationDisabled. Because Microsoft is retiring basic auth for SMTP client submission, move the device to a connector-based relay (static public IP + inbound connector), direct send for internal recipients, or a third-party SMTP relay rather than re-enabling it long term.',
      },
      {
        id: 'scanner-account-password',
        text: 'The password of the account the MFP authenticates with expired or was changed.',
        fix: "Use a dedicated scanner mailbox or relay account with a non-expiring, vaulted password, update the credential in the copier web UI, and document it in the client's password manager.",
      },
      {
        id: 'tls-version-too-old',
        text: 'The MFP firmware only supports TLS 1.0/1.1, which Microsoft 365 no longer accepts.',
        fix: 'Update the copier firmware so it supports TLS 1.2, or route scans through an on-prem relay (IIS SMTP or a relay service) that accepts the device and forwards with modern TLS.',
      },
      {
        id: 'relay-ip-changed',
        text: 'A connector-based relay stopped accepting mail because the office public IP changed.',
        fix: 'Update the inbound connector in Exchange admin center > Mail flow > Connectors with the new public IP, and the SPF record if it lists the old IP.',
      },
    ],
    steps: [
      {
        id: 'ask-method',
        kind: 'question',
        text: 'How is the copier configured to send (copier web UI > SMTP settings)?',
        options: [
          {
            label: 'smtp.office365.com:587 with a username/password',
            value: 'auth',
            next: 'read-device-error',
          },
          {
            label: 'Tenant MX endpoint (*.mail.protection.outlook.com) port 25',
            value: 'relay',
            next: 'check-public-ip',
          },
          { label: 'Scan to folder, not email', value: 'folder', contradicts: true },
        ],
      },
      {
        id: 'read-device-error',
        kind: 'question',
        text: 'What does the copier job log or a test send report?',
        options: [
          {
            label: '535 5.7.139 / SmtpClientAuthentication is disabled',
            value: '5.7.139',
            resolve: 'smtp-auth-disabled',
          },
          { label: '535 5.7.3 authentication unsuccessful', value: '5.7.3', next: 'test-account-login' },
          { label: 'Connection / TLS handshake failure', value: 'tls', resolve: 'tls-version-too-old' },
        ],
      },
      {
        id: 'test-account-login',
        kind: 'action',
        text: 'Sign in to Outlook on the web as the scanner account and check sign-in logs for that account in Entra.',
        command: 'Entra admin center > Users > <scanner account> > Sign-in logs',
        expected_outcome:
          'The account signs in with the stored password and no MFA or Conditional Access block is logged.',
        on: { worked: { resolve: 'smtp-auth-disabled' }, failed: { resolve: 'scanner-account-password' } },
      },
      {
        id: 'check-public-ip',
        kind: 'action',
        text: "Compare the office's current public IP with the IP on the inbound connector.",
        command:
          '(Invoke-RestMethod https://api.ipify.org); Get-InboundConnector | Select Name,SenderIPAddresses',
        expected_outcome: 'The current public IP is listed on the connector.',
        on: { worked: { next: 'read-device-error' }, failed: { resolve: 'relay-ip-changed' } },
      },
    ],
    verification: [
      'A test scan arrives in an internal and an external mailbox.',
      'Message trace in the Exchange admin center shows the scan as Delivered.',
    ],
  },
  {
    id: 'mfp-scan-to-folder-smb-fail',
    title: 'Copier scan to network folder (SMB) fails',
    domain: 'printing',
    symptoms: [
      'Scan to folder fails with cannot connect to destination',
      'Copier cannot save scans to the shared folder on the server',
      'Scan to SMB stopped after the server was replaced or upgraded',
      'MFP shows login failed when scanning to a PC',
      'Scans used to land in the Scans share and now nothing appears',
    ],
    keywords: [
      'scan to folder',
      'scan to SMB',
      'SMBv1',
      'SMB2',
      'network folder',
      'copier address book',
      'share permissions',
      'scan account',
      'AuditSmb1Access',
    ],
    error_codes: ['Event ID 3000'],
    causes: [
      {
        id: 'smb1-only-device',
        text: 'The copier only speaks SMBv1, which is disabled on current Windows servers and PCs.',
        fix: "Update the copier firmware and switch its SMB client to SMB2/3. If the device cannot do SMB2, use scan to email, FTP/SFTP, or the vendor's scan connector instead. Do not re-enable SMB1 on the server.",
      },
      {
        id: 'scan-account-credentials',
        text: 'The account stored in the copier address book has an expired or changed password, or is locked out.',
        fix: 'Use a dedicated scan service account with a non-expiring vaulted password, unlock/reset it, and update the credential on every address book entry that uses it.',
      },
      {
        id: 'share-path-or-permission',
        text: 'The share path changed (server migration, renamed folder) or the scan account lacks Change rights on the share or NTFS folder.',
        fix: 'Update the destination path in the address book to \\\\<server>\\<share>\\<folder> and grant the scan account Modify on NTFS and Change on the share.',
      },
    ],
    steps: [
      {
        id: 'check-smb1-audit',
        kind: 'action',
        text: 'On the destination server, turn on SMB1 access auditing and retry a scan, then check the SMBServer Audit log.',
        command:
          "Set-SmbServerConfiguration -AuditSmb1Access $true -Force; Get-WinEvent -LogName 'Microsoft-Windows-SMBServer/Audit' -MaxEvents 10",
        expected_outcome: 'No Event ID 3000 appears for the copier IP after the test scan.',
        on: { worked: { next: 'test-credentials' }, failed: { resolve: 'smb1-only-device' } },
      },
      {
        id: 'test-credentials',
        kind: 'action',
        text: 'From a PC, map the exact path in the copier address book using the scan account.',
        command: 'net use \\\\<server>\\<share> /user:<DOMAIN>\\<scanaccount> *',
        expected_outcome: 'The command completes successfully and a test file can be created in the folder.',
        on: { worked: { next: 'ask-copier-error' }, failed: { next: 'ask-net-use-error' } },
      },
      {
        id: 'ask-net-use-error',
        kind: 'question',
        text: 'What did net use return?',
        options: [
          {
            label: 'System error 1326 / 1909 (bad password / locked)',
            value: 'creds',
            resolve: 'scan-account-credentials',
          },
          {
            label: 'System error 53 / 67 (path not found)',
            value: 'path',
            resolve: 'share-path-or-permission',
          },
          {
            label: 'System error 5 (access denied) on the folder',
            value: 'denied',
            resolve: 'share-path-or-permission',
          },
        ],
      },
      {
        id: 'ask-copier-error',
        kind: 'question',
        text: 'The mapping works from a PC. What does the copier do now?',
        options: [
          { label: 'Still fails with connection error', value: 'conn', resolve: 'smb1-only-device' },
          {
            label: 'The copier itself cannot power on or reach any network',
            value: 'dead',
            contradicts: true,
          },
        ],
      },
    ],
    verification: [
      'A test scan lands in the destination folder.',
      'No SMB1 Event ID 3000 entries appear for the copier on the server.',
    ],
  },
  {
    id: 'gpo-printer-mapping-missing',
    title: 'Printer deployed by Group Policy does not appear for users',
    domain: 'printing',
    symptoms: [
      'Mapped printer missing after login even though it is in the GPO',
      'New starter does not get the department printers',
      'Printers deployed through Group Policy Preferences disappeared',
      'Printer shows for some users on the floor but not others',
      'gpupdate runs but the shared printer never gets added',
    ],
    keywords: [
      'Group Policy Preferences',
      'GPP printers',
      'Deployed Printers',
      'item-level targeting',
      'security group',
      'gpresult',
      'Point and Print',
      'user configuration',
      'loopback processing',
    ],
    error_codes: ['Event ID 4098', '0x80070bcb', '0x80070709'],
    causes: [
      {
        id: 'targeting-excludes-user',
        text: 'Item-level targeting or security filtering on the GPO excludes the user (wrong group, OU, or the computer is not in scope).',
        fix: "Run gpresult for the user, confirm the GPO is applied, and check the printer item's targeting. Add the user to the targeted group (they must log off/on for the token to update) or fix the targeting rule.",
      },
      {
        id: 'driver-install-blocked',
        text: 'The preference item fails because the driver must be downloaded and non-admins are blocked from installing it (Event ID 4098 with 0x80070bcb).',
        fix: 'Pre-stage the print driver on endpoints as admin via RMM or a computer startup script, or use package-aware drivers and approved servers in Point and Print policy. Then rerun gpupdate /force and log off/on.',
      },
      {
        id: 'queue-renamed-or-moved',
        text: 'The GPP item points at an old print server or queue share name that no longer exists (0x80070709).',
        fix: 'Update the preference item with the correct \\\\printserver\\sharename, and set the action to Update or Replace so stale connections are cleaned up.',
      },
    ],
    steps: [
      {
        id: 'run-gpresult',
        kind: 'action',
        text: 'As the affected user, generate a Group Policy report and check whether the printer GPO is applied.',
        command: 'gpresult /h %temp%\\gp.html & start %temp%\\gp.html',
        expected_outcome: 'The printer GPO is listed under Applied GPOs in the User Details section.',
        on: { worked: { next: 'check-event-4098' }, failed: { resolve: 'targeting-excludes-user' } },
      },
      {
        id: 'check-event-4098',
        kind: 'action',
        text: 'Look for Group Policy Printers errors in the Application log.',
        command:
          "Get-WinEvent -FilterHashtable @{LogName='Application'; Id=4098} -MaxEvents 10 | Format-List TimeCreated,Message",
        expected_outcome: 'No Event ID 4098 for the printer item.',
        on: { worked: { next: 'ask-gpo-applies-at-all' }, failed: { next: 'ask-4098-code' } },
      },
      {
        id: 'ask-4098-code',
        kind: 'question',
        text: 'Which error code is in the 4098 event?',
        options: [
          {
            label: '0x80070bcb (driver must be downloaded)',
            value: 'bcb',
            resolve: 'driver-install-blocked',
          },
          { label: '0x80070709 (invalid printer name)', value: '709', resolve: 'queue-renamed-or-moved' },
          { label: 'Other / access denied', value: 'other', next: 'ask-gpo-applies-at-all' },
        ],
      },
      {
        id: 'ask-gpo-applies-at-all',
        kind: 'question',
        text: 'Are other settings from Group Policy (drive maps, wallpaper) also missing for this user?',
        options: [
          {
            label: 'Yes, no Group Policy applies at all / gpupdate errors',
            value: 'none',
            contradicts: true,
          },
          { label: 'No, only the printer is missing', value: 'printer', resolve: 'targeting-excludes-user' },
        ],
      },
    ],
    verification: [
      "After log off/on the printer appears in the user's printer list.",
      'No new Event ID 4098 entries for the printer preference item.',
    ],
  },
];
