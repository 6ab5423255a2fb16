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
  'payroll salary wages holiday annual leave sick leave hr human resources home address bank details pension',
  'lunch catering coffee kitchen tea snacks fridge restaurant recommendation party event',
  'parking permit car park key card door fob building visitor',
  'furniture chair move blinds aircon air conditioning heating temperature lights cleaning plant plants',
  'reschedule appointment booking onsite visit meeting time calendar slot availability diary',
  'business cards stationery post courier delivery parcel',
  'feedback complaint compliment thanks survey newsletter marketing sales account manager',
  'tax taxes deductible deduction vat gst expenses expense claim mileage accountant bookkeeping advice year end',
  'legal lawyer solicitor contract terms nda liability clause lease landlord rent tenancy gdpr advice insurance claim premium mortgage loan',
  'toilet toilets bathroom plumbing plumber lift elevator leaking ceiling carpet lightbulb thermostat facilities water cooler',
  'lost property found left behind umbrella wallet keys',
  'proofread proofreading tender bid wording grammar spelling translation logo',
  'travel flight flights hotel train taxi booking trip visa passport conference tickets',
  'recruitment hiring interview candidate job offer onboarding paperwork contract employee handbook training course',
];
