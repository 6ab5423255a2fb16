import type { Runbook } from '../types';

export const securityRunbooks: Runbook[] = [
  {
    id: 'phishing-email-reported',
    title: 'User reports a suspected phishing email',
    domain: 'security',
    symptoms: [
      'User forwarded a suspicious email asking if it is legit',
      'Staff received a fake invoice or DocuSign email with a link',
      'Several users got the same dodgy password expiry email',
      'User clicked a link in a suspicious email and entered their password',
      'User opened an attachment from an unknown sender',
    ],
    keywords: [
      'phishing',
      'suspicious email',
      'credential harvesting',
      'Report Message',
      'Threat Explorer',
      'Defender for Office 365',
      'purge',
      'Tenant Allow/Block List',
      'content search',
      'message trace',
    ],
    error_codes: [],
    causes: [
      {
        id: 'phish-delivered-no-interaction',
        text: 'A phishing message was delivered but nobody clicked or replied.',
        fix: 'Find all copies with Threat Explorer or message trace, soft-delete them from every mailbox (Explorer > Take action, or New-ComplianceSearchAction -Purge -PurgeType SoftDelete), block the sender/domain and URLs in the Tenant Allow/Block List, and thank the user for reporting.',
      },
      {
        id: 'credentials-entered',
        text: 'The user entered their credentials on the phishing page.',
        fix: 'Treat the account as compromised: reset the password, revoke sessions (Revoke-MgUserSignInSession), review MFA methods and sign-in logs, check for inbox/forwarding rules, then purge the message tenant-wide and block the URL.',
      },
      {
        id: 'attachment-executed',
        text: 'The user opened an attachment or ran a downloaded file.',
        fix: "Isolate the device in the EDR console, run a full scan, review the EDR timeline for child processes and persistence, reset the user's password, and purge the message. Reimage if anything executed.",
      },
    ],
    steps: [
      {
        id: 'ask-origin',
        kind: 'question',
        text: 'Where did the suspicious message come from?',
        options: [
          { label: 'An external or spoofed sender', value: 'external', next: 'ask-interaction' },
          { label: "The user's own account is sending it to others", value: 'own', contradicts: true },
        ],
      },
      {
        id: 'ask-interaction',
        kind: 'question',
        text: 'What did the user do with the message?',
        options: [
          { label: 'Nothing, just reported it', value: 'none', next: 'find-copies' },
          { label: 'Clicked the link and typed a password', value: 'creds', resolve: 'credentials-entered' },
          { label: 'Opened an attachment / ran a file', value: 'attachment', resolve: 'attachment-executed' },
          { label: 'Clicked but did not enter anything', value: 'clicked', next: 'check-clicks' },
        ],
      },
      {
        id: 'check-clicks',
        kind: 'action',
        text: 'Check URL click events and sign-ins for the user around the time of the click.',
        command:
          'Defender portal > Email & collaboration > Explorer > URL clicks; Entra admin center > Users > <user> > Sign-in logs',
        expected_outcome: 'No sign-ins from unfamiliar IPs or countries after the click.',
        on: { worked: { next: 'find-copies' }, failed: { resolve: 'credentials-entered' } },
      },
      {
        id: 'find-copies',
        kind: 'action',
        text: 'Find and remove every copy of the message in the tenant.',
        command:
          'New-ComplianceSearch -Name "Phish-<date>" -ExchangeLocation All -ContentMatchQuery \'subject:"<subject>" AND from:<sender>\'; Start-ComplianceSearch "Phish-<date>"; New-ComplianceSearchAction -SearchName "Phish-<date>" -Purge -PurgeType SoftDelete',
        expected_outcome: 'All copies are found and removed from mailboxes.',
        on: {
          worked: { resolve: 'phish-delivered-no-interaction' },
          failed: { resolve: 'phish-delivered-no-interaction' },
        },
      },
    ],
    verification: [
      'No copies of the message remain in user mailboxes.',
      'The sender/URL is blocked and the reporting user has had feedback.',
    ],
  },
  {
    id: 'compromised-mailbox-inbox-rules',
    title: 'Compromised mailbox: suspicious sign-ins, forwarding or hidden inbox rules',
    domain: 'security',
    symptoms: [
      'Contacts say they received a strange email or invoice from the user',
      "User's replies are vanishing and they are missing emails",
      'Inbox rule moving mail to RSS Feeds or Archive found on the mailbox',
      'Mail is being forwarded to an external Gmail address',
      'Impossible travel or risky sign-in alert for the user',
      'Hundreds of sent messages the user did not send',
    ],
    keywords: [
      'business email compromise',
      'BEC',
      'account takeover',
      'inbox rules',
      'forwarding',
      'ForwardingSmtpAddress',
      'Revoke sessions',
      'AiTM',
      'token theft',
      'OAuth consent',
      'sign-in logs',
      'restricted users',
    ],
    error_codes: [],
    causes: [
      {
        id: 'password-phished-no-mfa',
        text: 'The password was phished and the account had no MFA (or an exclusion), so the attacker signed in directly.',
        fix: 'Reset the password, revoke sessions, enforce MFA/Conditional Access for the account, remove malicious rules and forwarding, and unblock the user from the restricted users list if outbound sending was blocked.',
      },
      {
        id: 'session-token-stolen',
        text: 'An adversary-in-the-middle phishing kit stole a session cookie, so MFA was satisfied by the attacker.',
        fix: 'Revoke all sessions (Revoke-MgUserSignInSession) and reset the password, remove any MFA methods the attacker registered, and tighten Conditional Access (compliant device, phishing-resistant MFA, token protection where licensed).',
      },
      {
        id: 'malicious-oauth-app',
        text: 'The user consented to a malicious OAuth app that keeps access to mail even after a password reset.',
        fix: "In Entra admin center > Enterprise applications, review the user's consented apps, revoke and delete the malicious app, and restrict user consent to verified publishers or admin approval.",
      },
    ],
    steps: [
      {
        id: 'check-signins',
        kind: 'action',
        text: "Review the user's recent sign-ins for unfamiliar locations, IPs or clients.",
        command:
          'Entra admin center > Users > <user> > Sign-in logs (filter last 7 days; look at IP, location, client app, MFA detail)',
        expected_outcome: 'Sign-ins from an unfamiliar IP, country or hosting provider are present.',
        on: { worked: { next: 'contain' }, failed: { next: 'ask-legit-explanation' } },
      },
      {
        id: 'ask-legit-explanation',
        kind: 'question',
        text: 'No obviously bad sign-ins. Is there a legitimate explanation for the alert?',
        options: [
          {
            label: 'User is travelling / using a VPN, and no rules or odd sent mail exist',
            value: 'legit',
            contradicts: true,
          },
          { label: 'No, rules or sent mail still look malicious', value: 'bad', next: 'contain' },
        ],
      },
      {
        id: 'contain',
        kind: 'action',
        text: 'Contain: reset the password and revoke all sessions.',
        command: 'Revoke-MgUserSignInSession -UserId <user@domain>   # after resetting the password in Entra',
        expected_outcome: 'The user is signed out everywhere and must reauthenticate with MFA.',
        on: { worked: { next: 'check-rules' }, failed: { next: 'check-rules' } },
      },
      {
        id: 'check-rules',
        kind: 'action',
        text: 'List inbox rules and mailbox forwarding, and remove anything the user did not create.',
        command:
          'Get-InboxRule -Mailbox <user> | Select Name,Enabled,ForwardTo,RedirectTo,DeleteMessage,MoveToFolder; Get-Mailbox <user> | Select ForwardingSmtpAddress,DeliverToMailboxAndForward',
        expected_outcome:
          'Malicious rules/forwarding found and removed (Remove-InboxRule, Set-Mailbox -ForwardingSmtpAddress $null).',
        on: { worked: { next: 'ask-mfa-state' }, failed: { next: 'ask-mfa-state' } },
      },
      {
        id: 'ask-mfa-state',
        kind: 'question',
        text: 'What do the suspicious sign-ins show for authentication?',
        options: [
          { label: 'Single-factor / no MFA required', value: 'nomfa', resolve: 'password-phished-no-mfa' },
          {
            label: 'MFA satisfied (claim in token) from attacker IP',
            value: 'mfa',
            resolve: 'session-token-stolen',
          },
          { label: 'Access via an app the user consented to', value: 'app', resolve: 'malicious-oauth-app' },
        ],
      },
    ],
    verification: [
      'No further sign-ins from attacker IPs, and no malicious rules or forwarding on the mailbox.',
      'The user can send mail again and contacts have been warned about the fraudulent messages.',
    ],
  },
  {
    id: 'edr-defender-threat-quarantined',
    title: 'Defender / EDR alert: threat detected and quarantined on an endpoint',
    domain: 'security',
    symptoms: [
      'Defender popped up saying threats found and quarantined',
      'EDR alert for a workstation in the security console',
      'Business tool was removed as a virus by the antivirus',
      'PUA detected alert for a toolbar or bundled installer',
      'Admin tool like PsExec flagged as a hacktool',
    ],
    keywords: [
      'Microsoft Defender',
      'Defender for Endpoint',
      'EDR',
      'quarantine',
      'PUA',
      'false positive',
      'HackTool',
      'Get-MpThreatDetection',
      'MpCmdRun',
      'indicator',
      'SentinelOne',
      'Huntress',
    ],
    error_codes: ['Event ID 1116', 'Event ID 1117', 'Event ID 1118', 'Event ID 1119'],
    causes: [
      {
        id: 'true-positive-contained',
        text: 'Real malware arrived (download, email, USB) and was blocked or quarantined before it ran.',
        fix: 'Confirm the remediation succeeded (Event ID 1117), review the EDR timeline for execution or persistence, run a full scan, and find the source (browser download, email) to block it tenant-wide.',
      },
      {
        id: 'remediation-failed',
        text: 'Detection fired but remediation failed or the threat had already executed (Event ID 1118/1119, active alerts).',
        fix: 'Isolate the device from the EDR console, run an offline scan (Start-MpWDOScan), reset credentials used on the device, and escalate to L2/security; reimage if persistence is found.',
      },
      {
        id: 'false-positive-business-app',
        text: 'A legitimate business or admin tool was flagged (false positive, PUA or HackTool used by IT).',
        fix: 'Verify the file hash and signature with the vendor and on VirusTotal, submit it to Microsoft as a false positive, restore it (MpCmdRun -Restore -Name <ThreatName>), and add a narrow allow indicator (file hash or certificate), not a folder-wide exclusion.',
      },
    ],
    steps: [
      {
        id: 'read-detection',
        kind: 'action',
        text: 'Read the detection details on the device.',
        command:
          "Get-MpThreatDetection | Select InitialDetectionTime,ThreatID,ActionSuccess,Resources; Get-WinEvent -FilterHashtable @{LogName='Microsoft-Windows-Windows Defender/Operational'; Id=1116,1117,1118,1119} -MaxEvents 10 | Format-List TimeCreated,Id,Message",
        expected_outcome: 'ActionSuccess is True and Event ID 1117 shows the quarantine completed.',
        on: { worked: { next: 'ask-file-known' }, failed: { resolve: 'remediation-failed' } },
      },
      {
        id: 'ask-file-known',
        kind: 'question',
        text: 'What was flagged?',
        options: [
          { label: 'A file the business or IT uses on purpose', value: 'known', next: 'verify-hash' },
          {
            label: 'An unknown file from a download, email or USB',
            value: 'unknown',
            next: 'check-timeline',
          },
          {
            label: 'The alert is "Unauthorized changes blocked" (Controlled folder access)',
            value: 'cfa',
            contradicts: true,
          },
        ],
      },
      {
        id: 'verify-hash',
        kind: 'action',
        text: 'Get the file hash and check signature and reputation.',
        command:
          'Get-FileHash <path> -Algorithm SHA256; Get-AuthenticodeSignature <path> | Select Status,SignerCertificate',
        expected_outcome: 'The file is validly signed by the expected vendor and has a clean reputation.',
        on: { worked: { resolve: 'false-positive-business-app' }, failed: { next: 'check-timeline' } },
      },
      {
        id: 'check-timeline',
        kind: 'action',
        text: 'Review the device timeline in the EDR console for the minutes around the detection.',
        command:
          'Defender portal > Assets > Devices > <device> > Timeline (look for process launches, new services, scheduled tasks, outbound connections)',
        expected_outcome: 'The file never executed and no persistence or follow-on activity appears.',
        on: { worked: { resolve: 'true-positive-contained' }, failed: { resolve: 'remediation-failed' } },
      },
    ],
    verification: [
      'Full scan completes clean and the alert is resolved in the console with a classification.',
      'If a false positive, the tool runs again and no new detections fire for its hash.',
    ],
  },
  {
    id: 'ransomware-encryption-indicators',
    title: 'Suspected ransomware: files renamed/encrypted, ransom note found',
    domain: 'security',
    symptoms: [
      'Files on the shared drive all have a weird new extension and will not open',
      'Found a README or HOW_TO_DECRYPT text file in every folder',
      'Users report documents are gibberish suddenly',
      'Desktop wallpaper changed to a ransom message',
      'File server CPU and disk maxed while files are being changed rapidly',
    ],
    keywords: [
      'ransomware',
      'encrypted files',
      'ransom note',
      'file extension changed',
      'isolate device',
      'incident response',
      'patient zero',
      'Get-SmbOpenFile',
      'immutable backup',
      'cyber insurance',
      'RDP exposure',
    ],
    error_codes: [],
    causes: [
      {
        id: 'infected-workstation-encrypting-shares',
        text: 'One infected workstation is encrypting files on mapped network shares.',
        fix: 'Identify the source (owner of ransom notes, open file handles on the server) and isolate that device immediately (EDR isolate or pull the network cable; do not wipe it). Disable the user account, stop the share if encryption continues, then escalate to incident response and restore affected data from clean backups.',
      },
      {
        id: 'server-compromised-directly',
        text: 'An attacker has interactive access to servers (exposed RDP, VPN without MFA, stolen admin creds) and is running the encryptor on them.',
        fix: "Cut external access (disable the RDP/VPN path at the firewall), isolate affected servers, disable compromised admin accounts, and engage incident response and the client's cyber insurer before rebuilding. Protect backups: take the backup server/repository offline if it is still clean.",
      },
      {
        id: 'not-ransomware',
        text: 'Files will not open because of a file association, sync conflict or a single corrupt file, not encryption.',
        fix: 'Fix the default app or restore the individual file from Previous Versions / OneDrive version history.',
      },
    ],
    steps: [
      {
        id: 'ask-indicators',
        kind: 'question',
        text: 'What do you actually see?',
        options: [
          {
            label: 'Many files with a new/random extension and/or ransom notes',
            value: 'encrypted',
            next: 'isolate-now',
          },
          {
            label: 'One or two files will not open, names unchanged',
            value: 'few',
            next: 'check-file-header',
          },
          { label: 'Only a browser pop-up claiming the PC is infected', value: 'popup', contradicts: true },
        ],
      },
      {
        id: 'check-file-header',
        kind: 'action',
        text: 'Check a non-working file: open it in Notepad or view its first bytes to see whether it is still a valid document.',
        command: 'Format-Hex <file> -Count 64',
        expected_outcome:
          'The header is a normal file signature (e.g. PK for Office documents, %PDF for PDFs).',
        on: { worked: { resolve: 'not-ransomware' }, failed: { next: 'isolate-now' } },
      },
      {
        id: 'isolate-now',
        kind: 'action',
        text: 'Contain first: isolate suspected devices and find who is modifying files on the file server.',
        command:
          'Get-SmbOpenFile | Select ClientComputerName,ClientUserName,Path | Sort ClientComputerName -Unique; (Get-Acl <path-to-ransom-note>).Owner',
        expected_outcome: 'A single workstation/user is holding the files being encrypted.',
        on: {
          worked: { resolve: 'infected-workstation-encrypting-shares' },
          failed: { next: 'ask-server-access' },
        },
      },
      {
        id: 'ask-server-access',
        kind: 'question',
        text: 'Are files encrypted locally on the servers themselves (C: and data volumes, not just shares)?',
        options: [
          { label: 'Yes, on the server itself', value: 'server', resolve: 'server-compromised-directly' },
          {
            label: 'No, only share content',
            value: 'shares',
            resolve: 'infected-workstation-encrypting-shares',
          },
        ],
      },
    ],
    verification: [
      'No further files are being modified, and all suspected devices are isolated.',
      'Restores come from a backup point dated before the first encrypted file, and the entry point (device, account, RDP/VPN) is closed.',
    ],
  },
  {
    id: 'usb-storage-blocked-policy',
    title: 'USB drive blocked or read-only by security policy',
    domain: 'security',
    symptoms: [
      'USB stick not showing up on the work laptop',
      'Can read the memory stick but cannot copy files onto it',
      'Windows says access is denied when opening the flash drive',
      'Message that the organisation blocked this device',
      'Prompt to encrypt the drive with BitLocker before writing',
    ],
    keywords: [
      'USB',
      'removable storage',
      'device control',
      'Removable Storage Access',
      'BitLocker To Go',
      'Deny write access',
      'Intune',
      'attack surface reduction',
      'exception request',
    ],
    error_codes: ['Event ID 6416'],
    causes: [
      {
        id: 'removable-storage-deny-policy',
        text: 'An intentional GPO or Intune device control policy denies read/write to removable storage.',
        fix: 'This is working as designed. Raise an exception request with the client contact; if approved, add the user/device to the exception group or allow the specific device by vendor/product ID or serial in the device control policy. Offer OneDrive/SharePoint sharing as the alternative.',
      },
      {
        id: 'bitlocker-to-go-required',
        text: 'Policy denies write access to removable drives not protected by BitLocker.',
        fix: 'Encrypt the drive with BitLocker To Go (right-click drive > Turn on BitLocker) or use a company-issued encrypted drive. Do not remove the policy.',
      },
      {
        id: 'drive-hardware-fault',
        text: 'The drive itself is faulty, write-protected by a physical switch, or unformatted.',
        fix: 'Test on another machine, check the lock switch, and replace the drive if it fails elsewhere too.',
      },
    ],
    steps: [
      {
        id: 'test-other-device',
        kind: 'action',
        text: 'Try the drive on another machine that is not under the policy (or a known-good drive on this machine).',
        expected_outcome: 'The drive works on the other machine.',
        on: { worked: { next: 'check-policy' }, failed: { resolve: 'drive-hardware-fault' } },
      },
      {
        id: 'check-policy',
        kind: 'action',
        text: 'Check for removable storage and BitLocker removable-drive policies on the device.',
        command:
          'reg query HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\RemovableStorageDevices /s & reg query HKLM\\SYSTEM\\CurrentControlSet\\Policies\\Microsoft\\FVE /v RDVDenyWriteAccess',
        expected_outcome:
          'A Deny_Read/Deny_Write or RDVDenyWriteAccess=1 value is present, or Intune device control lists the device as blocked.',
        on: { worked: { next: 'ask-behaviour' }, failed: { contradicts: true } },
      },
      {
        id: 'ask-behaviour',
        kind: 'question',
        text: 'How is the drive blocked?',
        options: [
          {
            label: 'Read works, write is denied, offers BitLocker',
            value: 'write',
            resolve: 'bitlocker-to-go-required',
          },
          {
            label: 'No access at all / blocked notification',
            value: 'all',
            resolve: 'removable-storage-deny-policy',
          },
        ],
      },
    ],
    verification: [
      'If an exception was approved, the approved drive works for the approved user only.',
      'The ticket records the policy decision and any exception approval from the client contact.',
    ],
  },
  {
    id: 'defender-controlled-folder-access-block',
    title: 'Controlled folder access blocks an app from saving files',
    domain: 'security',
    symptoms: [
      'Windows Security notification: unauthorized changes blocked',
      'Accounting app cannot save to Documents after security hardening',
      'App says access denied saving to Desktop but Explorer works fine',
      'Program crashes or errors on save since ransomware protection was turned on',
      'Scanner software cannot write scans to the Pictures folder',
    ],
    keywords: [
      'controlled folder access',
      'ransomware protection',
      'protected folders',
      'allowed apps',
      'ControlledFolderAccessAllowedApplications',
      'attack surface reduction',
      'Intune',
      'Microsoft Defender',
    ],
    error_codes: ['Event ID 1123', 'Event ID 1124'],
    causes: [
      {
        id: 'app-not-allowed',
        text: 'Controlled folder access is on and the app is not on the allowed list (common for unsigned or older LOB apps).',
        fix: 'Allow the specific executable: via Intune Endpoint security > Attack surface reduction (allowed applications), or locally with Add-MpPreference -ControlledFolderAccessAllowedApplications "<full path to exe>". Use the exact path from Event ID 1123.',
      },
      {
        id: 'allow-path-stale',
        text: 'The app was already allowed but an update changed its install path or executable name.',
        fix: 'Update the allowed application path in the policy to the new executable location shown in the latest Event ID 1123.',
      },
    ],
    steps: [
      {
        id: 'check-1123',
        kind: 'action',
        text: 'Look for Controlled folder access block events.',
        command:
          "Get-WinEvent -FilterHashtable @{LogName='Microsoft-Windows-Windows Defender/Operational'; Id=1123,1124} -MaxEvents 10 | Format-List TimeCreated,Id,Message",
        expected_outcome: "Event ID 1123 shows the app's executable being blocked from a protected folder.",
        on: { worked: { next: 'check-allowlist' }, failed: { next: 'ask-where-saving' } },
      },
      {
        id: 'ask-where-saving',
        kind: 'question',
        text: 'No block events. Where is the app trying to save?',
        options: [
          { label: 'A network share or mapped drive', value: 'share', contradicts: true },
          {
            label: 'Local Documents/Desktop/Pictures, and CFA is in audit mode',
            value: 'audit',
            next: 'check-allowlist',
          },
        ],
      },
      {
        id: 'check-allowlist',
        kind: 'action',
        text: 'Compare the blocked path with the current allowed applications list.',
        command:
          '(Get-MpPreference).EnableControlledFolderAccess; (Get-MpPreference).ControlledFolderAccessAllowedApplications',
        expected_outcome: 'An allow entry exists for an older path of the same app.',
        on: { worked: { resolve: 'allow-path-stale' }, failed: { resolve: 'app-not-allowed' } },
      },
    ],
    verification: [
      'The app saves to the protected folder and no new Event ID 1123 is logged for it.',
      'Controlled folder access remains enabled (not switched off as a workaround).',
    ],
  },
];
