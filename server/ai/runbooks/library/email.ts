import type { Runbook } from '../types';

export const emailRunbooks: Runbook[] = [
  {
    id: 'outlook-disconnected-profile-corrupt',
    title: 'Outlook stuck Disconnected or Trying to connect (profile or OST corruption)',
    domain: 'email',
    symptoms: [
      'Outlook status bar shows Disconnected or Trying to connect',
      'Outlook says Working offline and never reconnects',
      'new emails not arriving in Outlook but they show in Outlook on the web',
      'Outlook keeps prompting for the password and then stays disconnected',
      'Outlook hangs on Loading Profile or Processing',
      'Outlook folders out of date, sent items missing on the desktop client',
    ],
    keywords: [
      'Outlook',
      'Exchange Online',
      'OST',
      'Outlook profile',
      'cached Exchange mode',
      'Autodiscover',
      'Work Offline',
      'scanpst',
      'Mail control panel',
      'Microsoft 365 Apps',
    ],
    error_codes: ['0x8004010F', '0x80040115', '0x800CCC0E'],
    causes: [
      {
        id: 'work-offline-toggled',
        text: 'Work Offline was switched on in Outlook, so the client is not even trying to reach Exchange.',
        fix: 'On the Send / Receive tab click Work Offline to switch it off, then watch the status bar change to Connected to: Microsoft Exchange.',
      },
      {
        id: 'corrupt-profile',
        text: 'The Outlook profile or its cached Autodiscover settings are damaged, so Outlook cannot build a working connection to the mailbox.',
        fix: 'Close Outlook, open Control Panel > Mail (32-bit) > Show Profiles, click Add to create a new profile with the user\'s address, set "Always use this profile" to the new one and start Outlook. Remove the old profile once mail is confirmed working.',
      },
      {
        id: 'corrupt-ost',
        text: 'The local OST cache file is damaged or oversized, so Outlook connects but fails to synchronise folders.',
        fix: 'Close Outlook, rename the .ost file under %LOCALAPPDATA%\\Microsoft\\Outlook to .old, and restart Outlook so it downloads a fresh cache. For very large mailboxes reduce the "Mail to keep offline" slider in Account Settings.',
      },
      {
        id: 'stale-credentials',
        text: 'Saved credentials or the cached sign-in token for Microsoft 365 are stale, typically after a password change, so Outlook cannot authenticate.',
        fix: "Open Credential Manager and remove entries starting with MicrosoftOffice or containing the user's address, then in Outlook use File > Office Account > Sign out and sign back in with the new password.",
      },
    ],
    steps: [
      {
        id: 'check-owa',
        kind: 'question',
        text: 'Can the user sign in to Outlook on the web (outlook.office.com) and see their recent mail there?',
        options: [
          { label: 'Yes, webmail is fine', value: 'owa-ok', next: 'check-work-offline' },
          {
            label: 'No, webmail also fails to sign in or shows no mail',
            value: 'owa-broken',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-work-offline',
        kind: 'action',
        text: 'Check whether Work Offline is enabled on the Send / Receive tab and switch it off if it is.',
        command: 'Outlook > Send / Receive tab > Work Offline (toggle)',
        expected_outcome:
          'The Work Offline button was highlighted; after clicking it the status bar shows Connected.',
        on: { worked: { resolve: 'work-offline-toggled' }, failed: { next: 'check-password-prompt' } },
      },
      {
        id: 'check-password-prompt',
        kind: 'question',
        text: 'Does Outlook keep popping up a password or sign-in window, or did the user recently change their password?',
        options: [
          { label: 'Yes, repeated password prompts', value: 'prompts', next: 'clear-credentials' },
          { label: 'No prompts, it just sits disconnected', value: 'no-prompts', next: 'new-profile' },
        ],
      },
      {
        id: 'clear-credentials',
        kind: 'action',
        text: 'Clear cached Office credentials and sign in again.',
        command:
          'cmdkey /list | findstr /i "MicrosoftOffice"  ::then remove each with cmdkey /delete:<target>, then Outlook > File > Office Account > Sign out / Sign in',
        expected_outcome: 'After signing back in once, Outlook stays Connected and stops prompting.',
        on: { worked: { resolve: 'stale-credentials' }, failed: { next: 'new-profile' } },
      },
      {
        id: 'new-profile',
        kind: 'action',
        text: 'Create a fresh Outlook profile and set it as the default.',
        command:
          'outlook.exe /profiles   (or Control Panel > Mail (Microsoft Outlook) > Show Profiles > Add)',
        expected_outcome: 'Outlook opens on the new profile, shows Connected and starts downloading mail.',
        on: {
          worked: { resolve: 'corrupt-profile' },
          failed: { next: 'rebuild-ost' },
          partial: { next: 'rebuild-ost' },
        },
      },
      {
        id: 'rebuild-ost',
        kind: 'action',
        text: 'Close Outlook and force a fresh OST by renaming the existing cache file.',
        command:
          'taskkill /im outlook.exe /f & ren "%LOCALAPPDATA%\\Microsoft\\Outlook\\user@contoso.com.ost" user@contoso.com.ost.old',
        expected_outcome: 'Outlook rebuilds the cache and folders match what is in Outlook on the web.',
        on: { worked: { resolve: 'corrupt-ost' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      'Status bar reads "All folders are up to date" and "Connected to: Microsoft Exchange".',
      'A test email sent from another account arrives in the desktop client within a minute.',
      'Outlook restarts without a password prompt.',
    ],
  },
  {
    id: 'mailbox-full-quota-exceeded',
    title: 'Mailbox full: user cannot send or receive because the mailbox quota is reached',
    domain: 'email',
    symptoms: [
      'Outlook banner says the mailbox is full or almost full',
      'senders get a bounce saying the recipient mailbox is full',
      'user cannot send email, told the mailbox has exceeded its size limit',
      'mailbox near 50 GB or 100 GB quota',
      'Outlook data file has reached the maximum size',
    ],
    keywords: [
      'mailbox quota',
      'ProhibitSendQuota',
      'ProhibitSendReceiveQuota',
      'IssueWarningQuota',
      'online archive',
      'Recoverable Items',
      'Deleted Items',
      'retention policy',
      'Exchange Online Plan 2',
      'storage space',
      'mailbox size',
    ],
    error_codes: ['5.2.2', '554 5.2.2', '0x8004060C'],
    causes: [
      {
        id: 'mailbox-over-quota',
        text: 'The primary mailbox has grown past its send or send/receive quota (for example 50 GB on Business Basic/Standard).',
        fix: 'Have the user empty Deleted Items and Junk, remove large attachments (sort by size), and move old mail to an archive. Enable the online archive and an archive retention tag so older items move automatically.',
      },
      {
        id: 'recoverable-items-full',
        text: 'The Recoverable Items folder is full (often due to litigation hold or a retention policy), which blocks deletes and can block mail flow.',
        fix: 'Check RecoverableItemsQuota with Get-MailboxFolderStatistics. If a hold is intentional, enable the archive with auto-expanding archiving so recoverable items move there; if the hold is not needed, remove it after confirming with the client.',
      },
      {
        id: 'license-too-small',
        text: 'The user genuinely needs more space than their licence provides.',
        fix: 'Offer an Exchange Online Archiving add-on or upgrade to a plan with 100 GB mailbox and unlimited archive. Get client approval before changing licences.',
      },
      {
        id: 'local-pst-ost-limit',
        text: 'A local PST or OST file has reached the Outlook file size limit rather than the server-side mailbox.',
        fix: 'Move items out of the PST into the online archive, or compact the file (File > Account Settings > Data Files > Settings > Compact Now). Raise MaxLargeFileSize only as a temporary measure.',
      },
    ],
    steps: [
      {
        id: 'check-size',
        kind: 'action',
        text: 'Check the mailbox size against its quotas in Exchange Online PowerShell.',
        command:
          'Get-EXOMailboxStatistics user@contoso.com | fl TotalItemSize,StorageLimitStatus; Get-EXOMailbox user@contoso.com -PropertySets Quota | fl *Quota',
        expected_outcome:
          'TotalItemSize is at or above ProhibitSendQuota, confirming the server mailbox is full.',
        on: { worked: { next: 'check-recoverable' }, failed: { next: 'which-file' } },
      },
      {
        id: 'which-file',
        kind: 'question',
        text: 'The server mailbox is under quota. Is the warning about a local Outlook data file (PST/OST), or is mail actually bouncing?',
        options: [
          { label: 'Local data file limit warning', value: 'local-file', resolve: 'local-pst-ost-limit' },
          { label: 'Mail bounces with a different error, not 5.2.2', value: 'other-ndr', contradicts: true },
        ],
      },
      {
        id: 'check-recoverable',
        kind: 'action',
        text: 'Check how much of the size is in Recoverable Items.',
        command:
          'Get-EXOMailboxFolderStatistics user@contoso.com -FolderScope RecoverableItems | ft Name,FolderAndSubfolderSize',
        expected_outcome: 'Recoverable Items is small (a few GB), so the bulk of the size is normal mail.',
        on: { worked: { next: 'archive-available' }, failed: { resolve: 'recoverable-items-full' } },
      },
      {
        id: 'archive-available',
        kind: 'question',
        text: 'Is an online archive already enabled and is the user willing to archive or delete older mail?',
        options: [
          { label: 'Yes, cleanup / archive is possible', value: 'cleanup', resolve: 'mailbox-over-quota' },
          {
            label: 'No, they need all mail in the primary mailbox and the archive is already large',
            value: 'needs-more',
            resolve: 'license-too-small',
          },
        ],
      },
    ],
    verification: [
      'Get-EXOMailboxStatistics shows StorageLimitStatus below the warning level.',
      'User can send a test email and an external sender no longer receives a 5.2.2 bounce.',
    ],
  },
  {
    id: 'ndr-571-relay-denied',
    title:
      'NDR 5.7.1 Unable to relay: application, server or website cannot send mail through Exchange Online',
    domain: 'email',
    symptoms: [
      'application or server email bounces with Unable to relay',
      'bounce message 550 5.7.1 relay access denied',
      'line-of-business app cannot send notification emails via SMTP',
      'website contact form or ERP system stopped sending mail to external addresses',
      'alerts from the server reach internal mailboxes but not outside recipients',
      'SMTP relay through the connector stopped working after public IP change',
    ],
    keywords: [
      'SMTP relay',
      'inbound connector',
      'smtp.office365.com',
      'MX endpoint',
      'mail.protection.outlook.com',
      'SMTP AUTH',
      'direct send',
      'application relay',
      'service account',
      'Send-MailMessage',
      'port 25',
      'port 587',
    ],
    error_codes: ['5.7.1', '550 5.7.1 Unable to relay', '5.7.57', '5.7.139', '5.7.64'],
    causes: [
      {
        id: 'connector-ip-mismatch',
        text: "An IP-based inbound connector exists for relay, but the site's public IP has changed, so Exchange Online no longer recognises the sending server as the organisation's.",
        fix: 'Find the current public IP (from the site or firewall), update the inbound connector in Exchange admin center > Mail flow > Connectors, and confirm SPF includes the new IP if external recipients are involved.',
      },
      {
        id: 'smtp-auth-disabled',
        text: 'The app uses authenticated SMTP on port 587, but SMTP AUTH is disabled for the tenant or the mailbox (5.7.139) or the credentials are rejected (5.7.57).',
        fix: 'Preferably move the app to an IP-based relay connector on port 25 or to a modern-auth/API sending method, since basic-auth SMTP submission is being retired by Microsoft. As a stopgap, enable authenticated SMTP for only that mailbox (Set-CASMailbox -SmtpClientAuthenticationDisabled $false) and check the service account is not blocked by MFA-only policies.',
      },
      {
        id: 'direct-send-external',
        text: 'The app or server is configured for direct send to the MX endpoint without a connector, which only delivers to internal recipients; relaying to external addresses is rejected.',
        fix: 'Create an inbound connector from "Your organization\'s email server" restricted to the site\'s static public IP, keep the app pointing at the tenant MX host on port 25, and test to an external address.',
      },
    ],
    steps: [
      {
        id: 'read-ndr',
        kind: 'question',
        text: 'What exact code is in the bounce or in the application mail log?',
        options: [
          { label: '5.7.1 / 5.7.64 (unable to relay / tenant attribution)', value: '571', next: 'how-sends' },
          { label: '5.7.57 or 5.7.139 (authentication)', value: 'auth', resolve: 'smtp-auth-disabled' },
          { label: 'Something else (e.g. 5.2.2, 5.1.1, 5.7.23)', value: 'other', contradicts: true },
          { label: 'The sender is a copier / MFP doing scan to email', value: 'mfp', contradicts: true },
        ],
      },
      {
        id: 'how-sends',
        kind: 'question',
        text: 'How is the app or server configured to send?',
        options: [
          {
            label: 'To contoso-com.mail.protection.outlook.com on port 25',
            value: 'mx',
            next: 'check-connector',
          },
          {
            label: 'To smtp.office365.com on port 587 with a username',
            value: 'auth',
            resolve: 'smtp-auth-disabled',
          },
        ],
      },
      {
        id: 'check-connector',
        kind: 'action',
        text: "List inbound connectors and compare their sender IPs with the site's current public IP.",
        command:
          'Get-InboundConnector | fl Name,Enabled,SenderIPAddresses,RestrictDomainsToIPAddresses; (Invoke-RestMethod https://api.ipify.org)  # run from the site',
        expected_outcome:
          'An enabled connector exists and its SenderIPAddresses includes the current public IP.',
        on: { worked: { next: 'test-relay' }, failed: { next: 'connector-exists' } },
      },
      {
        id: 'connector-exists',
        kind: 'question',
        text: 'Is there any relay connector at all for this organisation?',
        options: [
          { label: 'Yes, but with an old IP', value: 'old-ip', resolve: 'connector-ip-mismatch' },
          { label: 'No connector exists', value: 'none', resolve: 'direct-send-external' },
        ],
      },
      {
        id: 'test-relay',
        kind: 'action',
        text: 'Send a test message from the site to an external address using the same host and port as the app.',
        command:
          'Send-MailMessage -SmtpServer contoso-com.mail.protection.outlook.com -Port 25 -From erp@contoso.com -To you@gmail.com -Subject relaytest',
        expected_outcome: 'The test message is accepted and delivered externally.',
        on: { worked: { contradicts: true }, failed: { resolve: 'connector-ip-mismatch' } },
      },
    ],
    verification: [
      'The app sends a test email to an external address and it arrives.',
      'Message trace in Exchange admin center shows the message as Delivered, not Failed.',
    ],
  },
  {
    id: 'shared-mailbox-not-showing',
    title: 'Shared mailbox not appearing in Outlook',
    domain: 'email',
    symptoms: [
      'shared mailbox not showing up in the Outlook folder list',
      'user was given access to the team inbox but cannot see it',
      'shared mailbox disappeared from Outlook',
      'cannot open the shared mailbox, says it cannot expand the folder',
      'shared mailbox shows in webmail but not in desktop Outlook',
    ],
    keywords: [
      'shared mailbox',
      'Full Access',
      'automapping',
      'Add-MailboxPermission',
      'Send As',
      'Exchange admin center',
      'additional mailbox',
      'open another mailbox',
      'team inbox',
      'folder pane',
    ],
    error_codes: [],
    causes: [
      {
        id: 'no-full-access',
        text: 'The user was never granted Full Access on the shared mailbox (or only Send As was given).',
        fix: 'In Exchange admin center > Recipients > Mailboxes > shared mailbox > Delegation, add the user under Read and manage (Full Access). Allow up to an hour for Outlook to pick it up.',
      },
      {
        id: 'automapping-off-or-delayed',
        text: 'Permission is via a group or was granted with AutoMapping disabled, so Outlook does not add the mailbox automatically.',
        fix: 'Re-grant per user with automapping on (Add-MailboxPermission -AutoMapping $true) or add it manually in Outlook: File > Account Settings > Change > More Settings > Advanced > Add.',
      },
      {
        id: 'outlook-cache-shared',
        text: 'The permission and automapping are correct, but the local Outlook profile has not refreshed or the shared folders cache is stale.',
        fix: 'Restart Outlook; if still missing, untick "Download shared folders" in Cached Exchange settings or create a new Outlook profile.',
      },
    ],
    steps: [
      {
        id: 'check-owa-shared',
        kind: 'action',
        text: 'Have the user open the shared mailbox in Outlook on the web (right-click Folders > Add shared folder or mailbox).',
        command: 'https://outlook.office.com/mail/sharedmailbox@contoso.com/',
        expected_outcome:
          'The shared mailbox opens in the browser and shows its contents (so Full Access is in place).',
        on: { worked: { next: 'how-granted' }, failed: { next: 'check-perms' } },
      },
      {
        id: 'check-perms',
        kind: 'action',
        text: 'Check mailbox permissions for the user.',
        command:
          'Get-EXOMailboxPermission sharedmailbox@contoso.com | ? {$_.User -like "*user@contoso.com*"} | ft User,AccessRights',
        expected_outcome: 'The user is listed directly with FullAccess.',
        on: { worked: { next: 'how-granted' }, failed: { next: 'group-or-none' } },
      },
      {
        id: 'group-or-none',
        kind: 'question',
        text: 'Is the user absent entirely, or do they get access through a security group?',
        options: [
          { label: 'Not listed at all / only Send As', value: 'none', resolve: 'no-full-access' },
          {
            label: 'Through a mail-enabled security group',
            value: 'group',
            resolve: 'automapping-off-or-delayed',
          },
          {
            label: 'The mailbox itself cannot be found (deleted or not a shared mailbox)',
            value: 'missing',
            contradicts: true,
          },
        ],
      },
      {
        id: 'how-granted',
        kind: 'action',
        text: 'Remove and re-add Full Access with automapping enabled, then restart Outlook after ~30 minutes.',
        command:
          'Remove-MailboxPermission sharedmailbox@contoso.com -User user@contoso.com -AccessRights FullAccess -Confirm:$false; Add-MailboxPermission sharedmailbox@contoso.com -User user@contoso.com -AccessRights FullAccess -AutoMapping $true',
        expected_outcome: 'The shared mailbox appears in the Outlook folder pane after restart.',
        on: {
          worked: { resolve: 'automapping-off-or-delayed' },
          failed: { resolve: 'outlook-cache-shared' },
        },
      },
    ],
    verification: [
      'Shared mailbox appears in the Outlook folder pane and its folders expand.',
      'User can open a message and, if granted Send As, send from the shared address.',
    ],
  },
  {
    id: 'calendar-delegation-broken',
    title: 'Calendar delegation not working: delegate cannot see, edit or receive meeting requests',
    domain: 'email',
    symptoms: [
      "assistant cannot edit the manager's calendar",
      'delegate does not receive meeting requests for the boss',
      'shared calendar shows only free/busy instead of details',
      'meeting invites go to the delegate but not to the manager or vice versa',
      "cannot open other user's calendar, error that you do not have permission",
    ],
    keywords: [
      'delegate access',
      'calendar permissions',
      'Editor',
      'Reviewer',
      'Add-MailboxFolderPermission',
      'meeting requests',
      'SharingPermissionFlags',
      'free/busy',
      'calendar sharing',
      'REST calendar sharing',
    ],
    error_codes: [],
    causes: [
      {
        id: 'wrong-permission-level',
        text: 'The delegate has a viewing role (Reviewer, LimitedDetails or AvailabilityOnly) instead of Editor on the calendar folder.',
        fix: 'Set the role to Editor: Set-MailboxFolderPermission -Identity manager@contoso.com:\\Calendar -User assistant@contoso.com -AccessRights Editor -SharingPermissionFlags Delegate.',
      },
      {
        id: 'meeting-forward-setting',
        text: 'The delegate meeting-request delivery option is set so only the delegate (or only the manager) receives the invitations.',
        fix: 'In the manager\'s Outlook, File > Account Settings > Delegate Access, choose "My delegates and me" or the option the client wants, or set it with Set-CalendarProcessing -ForwardRequestsToDelegates.',
      },
      {
        id: 'stale-delegate-rules',
        text: 'Old or broken delegate entries and the hidden delegate forwarding rule are left over from a former assistant.',
        fix: 'Remove all delegates in the manager\'s Outlook, close Outlook, then re-add the current delegate. If removal fails, use MFCMapi to delete the hidden "Schedule+ EMS Interface" rule or remove via Remove-MailboxFolderPermission.',
      },
    ],
    steps: [
      {
        id: 'what-fails',
        kind: 'question',
        text: 'What exactly is wrong for the delegate?',
        options: [
          { label: 'Can only see free/busy or cannot edit', value: 'perm', next: 'check-folder-perm' },
          { label: 'Meeting requests go to the wrong person', value: 'requests', next: 'check-forwarding' },
          {
            label: "Cannot open anyone's mailbox at all, Outlook disconnected",
            value: 'outlook',
            contradicts: true,
          },
        ],
      },
      {
        id: 'check-folder-perm',
        kind: 'action',
        text: "Read the calendar folder permissions on the manager's mailbox.",
        command:
          'Get-EXOMailboxFolderPermission manager@contoso.com:\\Calendar | ft User,AccessRights,SharingPermissionFlags',
        expected_outcome: 'The delegate is listed with Editor and Delegate flags.',
        on: { worked: { next: 'check-forwarding' }, failed: { resolve: 'wrong-permission-level' } },
      },
      {
        id: 'check-forwarding',
        kind: 'action',
        text: 'Check how meeting requests are delivered to delegates.',
        command:
          'Get-CalendarProcessing manager@contoso.com | fl ResourceDelegates,ForwardRequestsToDelegates; Get-EXOMailbox manager@contoso.com | fl GrantSendOnBehalfTo',
        expected_outcome: 'Delivery option matches what the manager wants and the delegate is listed.',
        on: { worked: { next: 'readd-delegate' }, failed: { resolve: 'meeting-forward-setting' } },
      },
      {
        id: 'readd-delegate',
        kind: 'action',
        text: "Remove every delegate in the manager's Outlook, restart Outlook, then add the delegate back with Editor on Calendar.",
        command: 'Outlook (manager) > File > Account Settings > Delegate Access > Remove, then Add',
        expected_outcome: 'After re-adding, the delegate can edit and new requests route correctly.',
        on: { worked: { resolve: 'stale-delegate-rules' }, failed: { contradicts: true } },
      },
    ],
    verification: [
      "Delegate creates a test appointment in the manager's calendar and it shows for the manager.",
      'A test meeting request sent to the manager arrives where the client expects (delegate, manager, or both).',
    ],
  },
  {
    id: 'outbound-mail-rejected-spf-dmarc',
    title: 'Outbound email rejected or sent to junk because of SPF, DKIM or DMARC failures',
    domain: 'email',
    symptoms: [
      'emails to Gmail or Yahoo bounce saying the message is unauthenticated',
      "outgoing mail landing in recipients' spam folders",
      'bounce mentions SPF fail or DMARC policy',
      'mail from the website or CRM on our domain is rejected',
      'after moving to a new email service, customers stop getting our emails',
    ],
    keywords: [
      'SPF',
      'DKIM',
      'DMARC',
      'TXT record',
      'include:spf.protection.outlook.com',
      'selector1',
      'p=reject',
      'email authentication',
      'Gmail bulk sender requirements',
      'third-party sender',
    ],
    error_codes: ['5.7.23', '5.7.509', '550 5.7.26', '5.7.515'],
    causes: [
      {
        id: 'spf-missing-sender',
        text: "The SPF record does not list a service that sends on the domain's behalf (e.g. marketing platform, CRM, website host), or has more than 10 DNS lookups.",
        fix: 'Publish a single SPF TXT record that includes every legitimate sender (include:spf.protection.outlook.com plus each vendor), keep it under 10 lookups, and end with ~all or -all.',
      },
      {
        id: 'dkim-not-enabled',
        text: 'DKIM signing is not enabled for the custom domain, so DMARC alignment depends on SPF alone and fails when mail is forwarded.',
        fix: 'Publish the selector1/selector2 CNAME records shown in Defender portal > Email authentication settings > DKIM, then enable signing for the domain.',
      },
      {
        id: 'dmarc-too-strict',
        text: 'A DMARC policy of p=reject or p=quarantine was published before all senders were aligned.',
        fix: 'Temporarily move DMARC to p=none with rua reporting, fix alignment for each sender found in reports, then step back up to quarantine/reject.',
      },
    ],
    steps: [
      {
        id: 'get-bounce',
        kind: 'question',
        text: "Does the bounce or the recipient's header mention SPF, DKIM or DMARC?",
        options: [
          {
            label: 'Yes (5.7.23, 5.7.509, 5.7.26, spf=fail, dmarc=fail)',
            value: 'auth',
            next: 'check-records',
          },
          { label: 'No, it says relay denied or mailbox full', value: 'other', contradicts: true },
        ],
      },
      {
        id: 'check-records',
        kind: 'action',
        text: "Look up the domain's SPF and DMARC records.",
        command:
          'Resolve-DnsName contoso.com -Type TXT | ? Strings -match "v=spf1"; Resolve-DnsName _dmarc.contoso.com -Type TXT',
        expected_outcome:
          'A single SPF record exists and it includes every service that sends as the domain.',
        on: { worked: { next: 'check-dkim' }, failed: { resolve: 'spf-missing-sender' } },
      },
      {
        id: 'check-dkim',
        kind: 'action',
        text: 'Check that DKIM signing is enabled for the domain in Exchange Online.',
        command: 'Get-DkimSigningConfig contoso.com | fl Enabled,Status,Selector1CNAME',
        expected_outcome: 'Enabled is True and Status is Valid.',
        on: { worked: { next: 'which-sender' }, failed: { resolve: 'dkim-not-enabled' } },
      },
      {
        id: 'which-sender',
        kind: 'question',
        text: 'Is the failing mail coming from Outlook / Exchange Online, or from a third-party system sending as the domain?',
        options: [
          {
            label: 'Third-party system (CRM, website, marketing tool)',
            value: 'third',
            resolve: 'spf-missing-sender',
          },
          { label: 'Normal Outlook mail, DMARC is p=reject', value: 'exo', resolve: 'dmarc-too-strict' },
        ],
      },
    ],
    verification: [
      'A test email to a Gmail account shows spf=pass, dkim=pass and dmarc=pass in Show original.',
      'The original recipient confirms delivery to inbox.',
    ],
  },
];
