import { describe, expect, it } from 'vitest';
import { itEvidence } from './it-evidence';

describe('IT evidence of an intake', () => {
  it('finds no IT thing in everyday requests, even when an IT word names something else', () => {
    for (const text of [
      'the radiator on the landing is cold again',
      'the server room door handle came off',
      'where can I buy a laptop bag with a shoulder strap',
      'can you print 30 copies of the seating plan',
      'my phone number on the fire warden list is out of date',
      // A building appliance's own display is not a screen the helpdesk looks after.
      "the lift on the east side is broken, it's stuck on floor 2 with an error on the little display",
    ])
      expect(itEvidence(text), text).toBe('none');
  });

  it('does not count an IT word that only names a bill or the way a paper travelled', () => {
    for (const text of [
      'the office phone bill is much higher than usual',
      'please send the signed quote back by email',
      'the invoice you emailed us is missing the VAT number',
      // A spent hold-out's request: an account that is not a sign-in.
      'my parking permit account says expired, where do i renew it',
      'my account with the pension provider is locked, they told me to contact my employer',
    ])
      expect(itEvidence(text), text).toBe('none');
  });

  it('does not count an IT thing that only places a furnishing', () => {
    expect(itEvidence('the stationery cupboard next to the printer is jammed shut')).toBe('none');
    expect(itEvidence('the blind behind my screen is stuck half way')).toBe('none');
    expect(itEvidence('left my glasses in room 3 next to the tv screen, anyone handed them in')).toBe('none');
    // The thing itself failing still counts, wherever it stands, and so does trouble near it.
    expect(itEvidence('the printer next to reception is jammed again')).toBe('symptom');
    expect(itEvidence('paper jam in the tray next to the copier')).not.toBe('none');
    expect(itEvidence('smoke coming from behind the server')).not.toBe('none');
  });

  it("does not count the glass in a wall or a safety device's battery", () => {
    expect(itEvidence('when are the windows getting cleaned? you cannot see out of them')).toBe('none');
    expect(itEvidence('the smoke alarm in the kitchen keeps beeping, battery low I think')).toBe('none');
    // The same words on an IT thing keep their evidence.
    expect(itEvidence('windows update keeps failing on the reception pc')).toBe('symptom');
    expect(itEvidence('the laptop battery will not charge past 60 percent')).toBe('symptom');
    expect(itEvidence('smoke alarm went off in the server room, the UPS battery is swelling')).not.toBe(
      'none',
    );
  });

  it('reads a failure told after a request about something else as context', () => {
    expect(itEvidence('hi, how many days of leave have I got left? the HR portal just keeps spinning')).toBe(
      'context',
    );
    // Asking for hands-on help, or opening with the failure itself, is an IT problem.
    expect(itEvidence('need someone to look at the card machine, it will not connect to the wifi')).toBe(
      'symptom',
    );
    expect(itEvidence('the HR portal keeps spinning, can you tell me how much leave I have left')).toBe(
      'symptom',
    );
  });

  it('reads a thank-you note as no request, unless something fails again', () => {
    expect(itEvidence('thanks so much for sorting my laptop so quickly yesterday')).toBe('none');
    expect(itEvidence('thanks for yesterday, but the laptop will not boot again this morning')).toBe(
      'symptom',
    );
  });

  it('counts the tools a tech names when they are all the ticket names', () => {
    expect(itEvidence('at one site nslookup against 1.1.1.1 times out while 8.8.8.8 answers')).not.toBe(
      'none',
    );
    expect(
      itEvidence('fsrm quota on the D: volume shows the wrong amount since the pagefile moved'),
    ).not.toBe('none');
  });

  it('tells an IT thing merely named from an IT thing that fails', () => {
    expect(itEvidence('could you tidy the wording of my email to the landlord')).toBe('object');
    expect(itEvidence('the payroll portal says my account is locked')).toBe('symptom');
    expect(itEvidence('HR share gives access denied since this morning')).toBe('symptom');
    // A full day, a full-time role: nothing is full.
    expect(itEvidence('book the boardroom with the big screen for a full-day workshop')).toBe('object');
    expect(itEvidence('the shared drive is full again')).toBe('symptom');
  });

  it('reads printouts, calls, connections, dead ports, beeping disks and ransom notes as IT reports', () => {
    expect(itEvidence('printouts coming out faded and streaky')).toBe('object');
    expect(itEvidence('all the printouts come out blank')).toBe('symptom');
    expect(itEvidence('video calls keep freezing, connection unstable')).toBe('symptom');
    expect(itEvidence('no network on this desk, the floor port looks dead')).toBe('symptom');
    expect(itEvidence('the backup disk in the comms cupboard keeps beeping')).toBe('symptom');
    expect(itEvidence('calls to the main number are not ringing')).toBe('symptom');
    expect(itEvidence('a window says our files have been encrypted, pay in bitcoin')).toBe('symptom');
    expect(itEvidence('i clicked a link in a text that looked like the bank')).toBe('symptom');
    // Gate set 4's words for failures: jams, being logged out, a print that goes nowhere.
    expect(itEvidence('the copier on level 2 shows a paper jam, tray is empty')).toBe('symptom');
    expect(itEvidence('the rota system keeps logging me out')).toBe('symptom');
    expect(itEvidence('the rota system logs me out every hour')).toBe('symptom');
    expect(itEvidence('sent it to the printer and it goes nowhere')).toBe('symptom');
    // A time-out is how software fails (a spent hold-out's app that "randomly times out").
    expect(itEvidence('the app on this box times out when it talks to the server')).toBe('symptom');
  });

  it('reads terse reports of phones, voicemail, sessions and missing logins as failures', () => {
    for (const text of [
      'desk phone says no service',
      'voicemail light flashing but no messages when i dial in',
      'timesheet site says session expired every 5 minutes',
      'new starter has no login yet and starts in an hour',
      'shared mailbox for sales vanished from my outlook',
      // Gate set 5: kit on the shop floor and in meeting rooms, and an app's own apology.
      'both card terminals in the shop dropped off the network this morning',
      'the clickshare button doesnt connect in the big meeting room',
      'expenses app just says something went wrong when i submit',
    ])
      expect(itEvidence(text), text).toBe('symptom');
  });

  it("reads a web app's page or form as an IT thing only when software fails on it", () => {
    expect(itEvidence('timesheet page is just blank since this morning')).toBe('symptom');
    expect(itEvidence('holiday request form just says something went wrong, try again later')).toBe(
      'symptom',
    );
    expect(itEvidence('the room booking form on the intranet hangs after i press send')).toBe('symptom');
    expect(itEvidence('page 3 of the staff handbook is missing')).toBe('none');
    expect(itEvidence('the maternity form says contact payroll but doesnt give an address')).toBe('none');
  });

  it('ties the failure to the IT thing, not to something else in the sentence', () => {
    // The claim was rejected; the email only carried the receipts.
    expect(
      itEvidence('my mileage claim was rejected even though the receipts were attached to my email'),
    ).toBe('object');
    // An email that "doesn't say" something is not failing (two spent hold-outs' requests).
    expect(
      itEvidence("is the plus-one allowed this year? the invite email about the party doesn't say"),
    ).toBe('object');
    expect(itEvidence("the invite email doesn't open on my phone")).toBe('symptom');
    // Doubt about a message is a security report wherever the words sit.
    expect(itEvidence('got an email from the MD asking for vouchers urgently, looks dodgy')).toBe('symptom');
    expect(itEvidence('the sender address on this invoice email looks off')).toBe('symptom');
    // A figure that looks off is not a message in doubt.
    expect(itEvidence('the HR portal number looks off')).toBe('object');
  });
});
