/**
 * The accessibility statement (tilgængelighedserklæring, docs/SPEC.md WB19), Danish and English, with the fields of
 * the Agency for Digital Government's statement (digst.dk, WAS-Tool): the authority, the site, the compliance status,
 * the content that is not accessible, how it was made and when, how to report, and the enforcement body.
 */
import { makeUseText } from '../../i18n/feature-text.js';

/** When this statement was made (a self-evaluation; WB19). Change it whenever the statement is reviewed. */
export const STATEMENT_DATE = '2026-12-03';
/** The enforcement body's complaint page. */
export const ENFORCEMENT_URL = 'https://www.was.digst.dk/';

const da = {
  footerLink: 'Tilgængelighed',
  title: 'Tilgængelighedserklæring for Samråd',
  published: 'Erklæringen er også offentliggjort i Digitaliseringsstyrelsens WAS-Tool:',
  publishedLink: 'Tilgængelighedserklæringen i WAS-Tool',
  authorityTitle: 'Myndigheden',
  authority: '{authority} ønsker at gøre Samråd tilgængeligt i overensstemmelse med lov om tilgængelighed af offentlige organers websteder og mobilapplikationer.',
  authorityUnknown: 'Kommunen',
  siteTitle: 'Webstedet',
  site: 'Denne erklæring gælder for Samråd på {site}.',
  statusTitle: 'Overholdelsesstatus',
  status:
    'Delvist overholdt: Samråd overholder delvist WCAG 2.1 på niveau AA (standarden EN 301 549), på grund af det ikke-tilgængelige indhold, der er beskrevet nedenfor.',
  issuesTitle: 'Ikke-tilgængeligt indhold',
  issuesIntro: 'Følgende indhold er ikke fuldt tilgængeligt:',
  issuePdf:
    'PDF-filer (referater, indsigt og overleveringspakker) er lavet til arkivering (PDF/A-2b) og er ikke tilgængelige PDF-filer efter PDF/UA: skærmlæsere kan læse teksten, men ikke altid overskrifternes og tabellernes struktur.',
  issueCharts: 'Diagrammer på siden med nøgletal kan ikke læses af skærmlæsere; tabellerne under diagrammerne viser de samme tal.',
  issueCollab: 'Når flere skriver samtidig, vises de andres markører kun visuelt; andres ændringer læses ikke op, mens de sker.',
  issueDrawings: 'Fotos af barnets tegninger har ingen tekstbeskrivelse ud over husets navn.',
  madeTitle: 'Udarbejdelse af erklæringen',
  made: 'Erklæringen er udarbejdet {date} på grundlag af en selvevaluering: automatisk test af alle sider med axe-core (WCAG 2.1 AA) og en gennemgang med tastatur, skærmlæser og en 375 pixel bred skærm.',
  contactTitle: 'Feedback og kontaktoplysninger',
  contact: 'Oplever du indhold, der ikke er tilgængeligt, eller vil du have indhold i en anden form, så skriv til',
  contactUnknown: 'Oplever du indhold, der ikke er tilgængeligt, så kontakt {authority}.',
  enforcementTitle: 'Håndhævelsesprocedure',
  enforcement:
    'Digitaliseringsstyrelsen håndhæver reglerne om tilgængelighed. Får du ikke et tilfredsstillende svar fra os, kan du klage til Digitaliseringsstyrelsen:',
  enforcementLink: 'Digitaliseringsstyrelsen – klag over manglende tilgængelighed',
  loadError: 'Kommunens oplysninger kunne ikke hentes.',
};
type Key = keyof typeof da;

const en: Record<Key, string> = {
  footerLink: 'Accessibility',
  title: 'Accessibility statement for Samråd',
  published: 'The statement is also published in the Agency for Digital Government’s WAS-Tool:',
  publishedLink: 'The accessibility statement in WAS-Tool',
  authorityTitle: 'The authority',
  authority: '{authority} aims to make Samråd accessible in accordance with the Danish act on the accessibility of public sector bodies’ websites and mobile applications.',
  authorityUnknown: 'The municipality',
  siteTitle: 'The website',
  site: 'This statement applies to Samråd at {site}.',
  statusTitle: 'Compliance status',
  status:
    'Partially compliant: Samråd partially complies with WCAG 2.1 level AA (the standard EN 301 549), because of the non-accessible content described below.',
  issuesTitle: 'Non-accessible content',
  issuesIntro: 'The following content is not fully accessible:',
  issuePdf:
    'PDF files (minutes, access requests and hand-over packets) are made for archiving (PDF/A-2b) and are not accessible PDF files under PDF/UA: screen readers can read the text, but not always the structure of headings and tables.',
  issueCharts: 'Charts on the key figures page cannot be read by screen readers; the tables below the charts show the same figures.',
  issueCollab: 'When several people write at once, the others’ cursors are shown only visually; their changes are not announced as they happen.',
  issueDrawings: 'Photos of the child’s drawings have no text description beyond the name of the house.',
  madeTitle: 'Preparation of this statement',
  made: 'This statement was prepared on {date} based on a self-evaluation: automated testing of every page with axe-core (WCAG 2.1 AA) and a review with keyboard, screen reader and a 375 pixel wide screen.',
  contactTitle: 'Feedback and contact information',
  contact: 'If you find content that is not accessible, or want content in another form, write to',
  contactUnknown: 'If you find content that is not accessible, contact {authority}.',
  enforcementTitle: 'Enforcement procedure',
  enforcement:
    'The Agency for Digital Government enforces the accessibility rules. If you do not get a satisfactory answer from us, you can complain to the Agency for Digital Government:',
  enforcementLink: 'Agency for Digital Government – complain about a lack of accessibility',
  loadError: 'The municipality’s details could not be loaded.',
};

export const useAccessibilityText = makeUseText<Key>({ da, en });
