/**
 * Requests a helpdesk receives that are not technical problems: billing, purchasing, HR, facilities,
 * scheduling. Indexed beside the runbooks as a reference document; when it outranks every runbook
 * the engine answers "no match" instead of forcing an unrelated runbook on the tech.
 */
/** Ids of the reference documents, one per topic, so each is as short as a runbook's symptom list. */
export const NON_TECHNICAL_PREFIX = '__non_technical__';

export const NON_TECHNICAL_TOPICS = [
  'invoice billing bill payment paid refund credit note statement overdue accounts payable receivable',
  'quote quotation pricing price cost estimate proposal purchase order buy procurement budget renewal contract',
  // Departments (payroll, HR) and "home" are context, not a request: "the payroll portal says account
  // locked" and "no VPN from home" are IT problems.
  'salary wages payslip payslips overtime bonus commission holiday annual leave sick leave sick note address bank details pension p60s',
  'maternity paternity probation grievance flexible working benefits health insurance cycle scheme p60 p45 dress code',
  // The HR record's own fields: who to call in an emergency is HR's to change, not a directory's.
  'emergency contact next of kin',
  'lunch catering coffee kitchen tea snacks fridge restaurant recommendation party event quiz night social',
  'parking permit car park key card door fob building visitor',
  // A staff pass is the building's to reissue or reprint, even when a new one is "printed".
  'access card id card reprint replacement card new card',
  'furniture chair move blinds aircon air conditioning heating temperature lights cleaning plant plants',
  // The building's climate and the desk layout are facilities', even beside a server room or a phone.
  'air con too cold too warm freezing boiling stuffy draught turn up turn down desk closer further wall socket cord length',
  'reschedule appointment booking onsite visit meeting time slot availability',
  'business cards stationery post courier delivery parcel',
  'feedback complaint compliment thanks survey newsletter marketing sales account manager',
  'tax taxes deductible deduction vat gst expenses expense claim mileage accountant bookkeeping advice year end',
  // Receipts are claimed, whatever app the payment shows in.
  'receipt receipts lunch dinner hotel stay reimburse reimbursed reimbursement',
  'legal lawyer solicitor contract terms nda liability clause lease landlord rent tenancy gdpr advice insurance claim premium mortgage loan',
  'toilet toilets bathroom plumbing plumber lift elevator leaking ceiling carpet lightbulb bulb thermostat facilities water cooler',
  // The landlord's reception line and its after-hours divert are the building's, not the client's phone system.
  "switchboard divert building's phone not ours after hours security desk",
  'lost property found left behind umbrella wallet keys',
  'proofread proofreading tender bid wording grammar spelling translation logo',
  'travel flight flights hotel train taxi booking trip visa passport conference tickets',
  'recruitment hiring interview candidate job offer onboarding paperwork contract employee handbook training course',
  'radiator rain fire alarm drill evacuation microwave shredder gas smell latch bike stairwell roof terrace',
  'allowance meal overseas visa taxi train hotel corporate credit card',
  'petty cash direct debit corporation overcharged payment',
  'mortgage dentist doctor car brakes gym vodafone',
  'ergonomic footrest footrests standing grinder whiteboard markers envelopes franking bag workstation assessment neck back pain posture',
  'sandwiches fruit buffet hamper christmas venue summer party speech retirement',
  'grammar reword paragraph translate translation speech handwritten brochure copyright',
  'complaint rude receptionist cleaners courier soaked',
  // A client unhappy with an invoice is for accounts to answer, even when it came by email.
  'moaning unhappy invoice amount',
  'copies photocopies agenda handouts laminate poster flyer leaflets',
  'company policy dogs dog pets pet animals bring children office rules fridays',
  'name badges badge lanyards lanyard open day merchandise branded banners signage',
  'dress code what to wear outfit smart casual christmas party office party celebration',
  // When the office is open is the office manager's to answer, even where a shared calendar is silent.
  // Two short lines rather than one long one: a short line keeps outweighing Outlook's holiday-file items.
  'office open opening hours closing time bank holiday public holiday',
  'office closed shutdown closure early finish',
  // Ordering consumables is purchasing, even for a printer ("a box of paper and a spare toner").
  'order reorder ordering restock supplies stock consumables boxes a4 next month stationery',
  // Where the spares are kept is the office's to answer, even for a printer's labels or paper.
  'ran out spare spares rolls labels refill where kept cupboard',
  // Meetings as business: their minutes, agenda and timing, not the meeting software.
  'minutes agenda board meeting quarterly review call postpone reschedule catch up directors',
  // Leave balances: "how much leave have I got left" is HR even when the HR portal is slow.
  'sick days left remaining entitled entitlement allowance balance time off carry over',
  'thank you thanks appreciate appreciated grateful great job well done kudos shout out',
  'audit auditors letter confirmation reference signed agreement copy employment contract statement',
  'agency leads catalogue brochure demo partnership offer discount webinar sponsorship introduce',
  'campaign advert advertising linkedin social media seo branding rebrand press coverage',
  'job title bio headshot promoted promotion press release announcement',
  // Favours for someone's family, not the business's systems.
  'personal favour daughter son kids niece nephew homework school university college essay',
  // Staff occasions: a birthday list or a leaving gift is office admin even when kept in a spreadsheet.
  'birthday birthdays anniversary leaving gift leaving do flowers cake whip round',
  // Performance reviews are HR's calendar, even when the date was mentioned in a chat.
  'appraisal appraisals performance review reviews objectives due deadline manager',
  // Who covers when: a rota or contact list kept by the office, not a system.
  'rota rotas contact list phone list out of hours cover left leaver',
  // Who looks after a client now is the sales team's question.
  'owns handover portfolio relationship',
  // Telling the office who now takes which calls is a message to pass on, not a phone fault.
  'let them know tell them pass on',
  // Building works and booking a room (with its food) are the office manager's, even when a booking
  // screen or a Teams invite is mentioned.
  'builders building works refurbishment renovation decorators painters scaffolding boardroom room',
  // Life events for the HR record: a new surname is HR's first; the mailbox can follow later.
  'surname maiden name wedding engaged honeymoon',
  // Waste and recycling are the building's: "the recycling bins" is not the Recycle Bin.
  'rubbish recycling bins bin collection waste emptied skip cardboard',
  // A new starter's first days are HR's: induction, buddy, first-day plan.
  'new starter induction first day buddy welcome pack',
  // Filing a document for someone is an errand, not a fault of the drive it goes to.
  'slides deck presentation all hands town hall',
  // Signing up for a course or a staff role: a full sheet is the organiser's, even on SharePoint.
  'sign up signup sheet register registration waiting list places spaces attend workshop first aid fire warden volunteer',
  // Kitchen appliances are the office's, even when their own display shows an error.
  'coffee machine descale descaling kettle dishwasher vending machine water filter',
  // Office life: charity drives, sports and clubs, safety kit, window cleaning, branded clothing.
  'charity food drive donations donate tins collection raffle fundraiser',
  'football five a side tournament league match sports club running club choir',
  'defibrillator first aid kit eyewash plasters',
  // Music, trade shows and a room's air are the office's, even with a keyboard, cable ties or a
  // monitor in them.
  'play playing piano music musical instrument band singing lunchtime lobby',
  'trade show exhibition expo stand banners cable ties',
  'co2 carbon dioxide air quality ventilation fresh air falling asleep',
  // Recommending a tradesperson or a local service is a personal favour, not a fault.
  'recommend recommendation decent plumber electrician builder mechanic',
  'consent privacy notice data protection',
  // Someone's own streaming account at home and the canteen's till are not the business's systems.
  'netflix spotify disney prime video home tv',
  'canteen top up topped up',
  // Someone's own membership of the building's gym or a leisure club is not a business system.
  'gym membership wellness centre leisure club',
  // Staff networks and mentoring schemes are people, not a network to connect to.
  'women in networks employee resource group lgbtq mentoring mentor mentee committee',
  'window cleaning cleaners windows cleaned',
  'hoodies t-shirts polo shirts clothing uniform embroidery',
  // Bike storage and the furniture a screen or a phone stands on are the building's.
  'bike storage cage shower showers',
  'wobbly table leg broken leg desk drawer monitor arm desk clamp',
  // Accessories for someone's own phone are a shop's, not the helpdesk's.
  'protector protectors do you sell',
  // Staff recognition: nominating someone for an award is HR's, whatever the colleague's status shows.
  'nominate nomination award awards long service recognition employee of the month',
  // A room's key is the office's to hand out, even when the request says "access" and "login".
  'storeroom stockroom filing room key',
  // A door's push button and a ramp are the building's, however much "not working" sounds like a fault.
  'automatic door push button wheelchair ramp accessible entrance',
  // Staff perks and who qualifies for them are HR's, even when a perks site shows "account".
  'employee discount discounts perks perk scheme part time hours',
  // The post room's own forms are the office's, even one that "has an error".
  'post room mailroom courier form',
  // A key safe's code for a contractor is the building's, however much a "PIN" sounds like a login.
  'key safe keysafe roller shutters shutter loading bay',
  // Whether the business still trades with a supplier is purchasing's, even when "account" is said.
  'supplier suppliers order rejected stationery office supplies',
  // Staff support lines and what leave pays are HR's, whoever else might see the call.
  'employee assistance programme eap counselling helpline family issue',
  'statutory maternity pay parental leave return from leave salary',
];
