/**
 * The part of the OCDS 1.1 release schema (release-schema.json, 1.1.5) that ggzy emits. Names and
 * shapes are the standard's; a field the schema does not know is never emitted, because the
 * release schema is closed for none of its objects but consumers validate against it and
 * extensions are out of scope.
 */

/** Value: `amount` is a JSON number in the currency's major unit (元), `currency` ISO 4217. */
export interface Value {
  amount: number;
  currency: string;
}

export interface Period {
  startDate?: string;
  endDate?: string;
  durationInDays?: number;
}

/** Identifier: `scheme` from org-id.guide (CN-USCI for 统一社会信用代码). */
export interface Identifier {
  scheme: string;
  id: string;
  legalName?: string;
}

export interface Address {
  streetAddress?: string;
  region?: string;
  countryName?: string;
}

export interface ContactPoint {
  name?: string;
  telephone?: string;
}

/** A party: everyone the release names, each with its OCDS partyRole codes. */
export interface Organization {
  id: string;
  name: string;
  identifier?: Identifier;
  additionalIdentifiers?: Identifier[];
  address?: Address;
  contactPoint?: ContactPoint;
  roles: string[];
}

/** OrganizationReference: points at a party by `id`, with its name repeated. */
export interface OrganizationReference {
  id: string;
  name: string;
}

export interface Document {
  id: string;
  documentType?: string;
  title?: string;
  url?: string;
  datePublished?: string;
}

export interface Unit {
  name?: string;
  value?: Value;
}

export interface Item {
  id: string;
  description?: string;
  quantity?: number;
  unit?: Unit;
}

export interface Amendment {
  id: string;
  date?: string;
  rationale?: string;
  description?: string;
  /** The release whose values this amendment changed (the version it corrects). */
  amendsReleaseID?: string;
  /** The release that carries the amended values. */
  releaseID?: string;
}

export interface Lot {
  id: string;
}

export interface Tender {
  id: string;
  title?: string;
  description?: string;
  status?: 'planning' | 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete' | 'withdrawn';
  procuringEntity?: OrganizationReference;
  items?: Item[];
  value?: Value;
  procurementMethod?: 'open' | 'selective' | 'limited' | 'direct';
  procurementMethodDetails?: string;
  mainProcurementCategory?: 'goods' | 'works' | 'services';
  eligibilityCriteria?: string;
  tenderPeriod?: Period;
  enquiryPeriod?: Period;
  submissionMethodDetails?: string;
  tenderers?: OrganizationReference[];
  numberOfTenderers?: number;
  documents?: Document[];
  amendments?: Amendment[];
}

export interface Award {
  id: string;
  title?: string;
  description?: string;
  status?: 'pending' | 'active' | 'cancelled' | 'unsuccessful';
  date?: string;
  value?: Value;
  suppliers?: OrganizationReference[];
  items?: Item[];
  contractPeriod?: Period;
  documents?: Document[];
  amendments?: Amendment[];
}

export interface Implementation {
  documents?: Document[];
}

export interface Contract {
  id: string;
  awardID: string;
  title?: string;
  description?: string;
  status?: 'pending' | 'active' | 'cancelled' | 'terminated';
  period?: Period;
  value?: Value;
  items?: Item[];
  dateSigned?: string;
  implementation?: Implementation;
  amendments?: Amendment[];
  documents?: Document[];
}

export interface Planning {
  rationale?: string;
  budget?: { description?: string; amount?: Value };
  documents?: Document[];
}

export type ReleaseTag =
  | 'planning'
  | 'planningUpdate'
  | 'tender'
  | 'tenderAmendment'
  | 'tenderUpdate'
  | 'tenderCancellation'
  | 'award'
  | 'awardUpdate'
  | 'awardCancellation'
  | 'contract'
  | 'contractUpdate'
  | 'contractAmendment'
  | 'implementation'
  | 'implementationUpdate'
  | 'contractTermination'
  | 'compiled';

export interface Release {
  ocid: string;
  id: string;
  date: string;
  tag: ReleaseTag[];
  initiationType: 'tender';
  language?: string;
  parties?: Organization[];
  buyer?: OrganizationReference;
  planning?: Planning;
  tender?: Tender;
  awards?: Award[];
  contracts?: Contract[];
}

/** Publisher of a package: the organisation that publishes the data (ggzy's operator). */
export interface Publisher {
  name: string;
  scheme?: string;
  uid?: string;
  uri?: string;
}

export interface ReleasePackage {
  uri: string;
  version: '1.1';
  publishedDate: string;
  publisher: Publisher;
  license?: string;
  publicationPolicy?: string;
  releases: Release[];
}

export interface LinkedRelease {
  url: string;
  date: string;
  tag: ReleaseTag[];
}

export interface OcdsRecord {
  ocid: string;
  releases: LinkedRelease[] | Release[];
  compiledRelease: Release;
}

export interface RecordPackage {
  uri: string;
  version: '1.1';
  publishedDate: string;
  publisher: Publisher;
  license?: string;
  publicationPolicy?: string;
  packages?: string[];
  records: OcdsRecord[];
}
