/** Texts of the home page (docs/SPEC.md, WB9-WB12), Danish and English. */
import { makeUseText } from '../../i18n/feature-text.js';

const da = {
  title: 'Forside',
  greeting: 'Hej {name}',
  noRole: 'Du er ikke medlem af et forum endnu. Kontakt kommunens administrator.',
  loadError: 'Forsiden kunne ikke hentes.',
  retry: 'Prøv igen',

  chairTitle: 'Dit næste møde',
  chairNone: 'Der er ikke planlagt et møde i de fora, du er formand for.',
  chairOpen: 'Åbn mødet',
  chairRunning: 'Mødet er i gang',
  chairAgenda: 'Dagsorden',
  chairAgendaEmpty: 'Dagsordenen er tom.',
  chairUnpreparedCount: '{n} af {total} sager er ikke forberedt',
  chairAllPrepared: 'Alle sager på dagsordenen er forberedt.',
  chairUnpreparedHint:
    'En sag er ikke forberedt, når den ikke har en aktuel vurdering (niveau på Børnelinealen og Signs of Safety-skala fra et møde inden for de seneste 6 måneder), eller når dens handleplan ikke har en handling, der er planlagt eller i gang.',
  'reason.noCurrentAssessment': 'Ingen aktuel vurdering',
  'reason.noActions': 'Ingen handlinger',
  prepared: 'Forberedt',
  level: 'Niveau {n}',
  noLevel: 'Ikke vurderet',
  openActions: '{n} åbne handlinger',
  minutes: '{n} min',
  caseRef: 'Sag {ref}',

  upcomingTitle: 'Kommende møder',
  upcomingNone: 'Ingen kommende møder i dine fora.',
  items: '{n} sager',
  running: 'I gang',
  tasksTitle: 'Mine opgaver og opfølgninger',
  allTasks: 'Alle mine opgaver',

  notesTitle: 'Sager at skrive noter til',
  notesHint: 'Åbne sager i dine fora. Sager på et kommende møde står først.',
  notesNone: 'Der er ingen åbne sager i dine fora.',
  notesOnAgenda: 'På mødet {date}',
  notesAdd: 'Skriv note til sag {ref}',

  managementTitle: 'Nøgletal',
  managementMunicipality: 'Nøgletal for hele kommunen',
  managementPerForum: 'Nøgletal pr. forum',

  adminTitle: 'Administration',
  adminUsers: 'Brugere',
  adminForums: 'Fora og medlemmer',
  adminSettings: 'Indstillinger',
  adminJobs: 'Baggrundsjob',
  adminAudit: 'Adgangslog',
};
type Key = keyof typeof da;

const en: Record<Key, string> = {
  title: 'Home',
  greeting: 'Hello {name}',
  noRole: 'You are not a member of a forum yet. Contact the municipality’s administrator.',
  loadError: 'The home page could not be loaded.',
  retry: 'Try again',

  chairTitle: 'Your next meeting',
  chairNone: 'No meeting is planned in the forums you chair.',
  chairOpen: 'Open the meeting',
  chairRunning: 'The meeting is running',
  chairAgenda: 'Agenda',
  chairAgendaEmpty: 'The agenda is empty.',
  chairUnpreparedCount: '{n} of {total} cases are not prepared',
  chairAllPrepared: 'Every case on the agenda is prepared.',
  chairUnpreparedHint:
    'A case is not prepared when it has no current assessment (a Børnelinealen level and Signs of Safety scale from a meeting within the last 6 months), or when its action plan has no action that is planned or in progress.',
  'reason.noCurrentAssessment': 'No current assessment',
  'reason.noActions': 'No actions',
  prepared: 'Prepared',
  level: 'Level {n}',
  noLevel: 'Not assessed',
  openActions: '{n} open actions',
  minutes: '{n} min',
  caseRef: 'Case {ref}',

  upcomingTitle: 'Upcoming meetings',
  upcomingNone: 'No upcoming meetings in your forums.',
  items: '{n} cases',
  running: 'Running',
  tasksTitle: 'My tasks and follow-ups',
  allTasks: 'All my tasks',

  notesTitle: 'Cases to add notes to',
  notesHint: 'Open cases in your forums. Cases on a coming meeting come first.',
  notesNone: 'There are no open cases in your forums.',
  notesOnAgenda: 'At the meeting {date}',
  notesAdd: 'Add a note to case {ref}',

  managementTitle: 'Key figures',
  managementMunicipality: 'Key figures for the whole municipality',
  managementPerForum: 'Key figures per forum',

  adminTitle: 'Administration',
  adminUsers: 'Users',
  adminForums: 'Forums and members',
  adminSettings: 'Settings',
  adminJobs: 'Background jobs',
  adminAudit: 'Access log',
};

export const useHomeText = makeUseText<Key>({ da, en });
export type HomeTx = ReturnType<typeof useHomeText>;
