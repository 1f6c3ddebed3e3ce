/**
 * The access request as a Danish PDF (IN2), in the same archival form as the minutes (PDF/A-2b, embedded
 * fonts). Domain words come from shared/labels.ts (LBL1), the same the case page shows.
 */
import {
  ACTION_STATUS_LABELS_DA,
  FORUM_TYPE_LABELS_DA,
  LEGAL_BASIS_LABELS_DA,
  SECTOR_LABELS_DA,
  SOS_COLUMN_LABELS_DA,
  auditPurposeLabel,
  ladderStepInWords,
} from '../../../shared/labels.js';
import type { ActionStatus, ForumType, LegalBasisKind, Sector } from '../../../shared/domain.js';
import { FAMILY_TEXT, HOUSE_LABELS, HOUSES, type FamilyPlanContent, type House } from '../../../shared/family.js';
import { archivalPdf } from '../../pdf/document.js';
import type { AccessRequestDrawing, AccessRequestExport, AccessRequestFamilyShare } from './service.js';
import type { AccessRequestHouses } from './versions.js';

/** The words for a basis, exactly as the case page shows them; an unknown code as it is. */
export const basisInWords = (kind: string) => LEGAL_BASIS_LABELS_DA[kind as LegalBasisKind] ?? kind;
const ACTION_DA: Record<string, string> = {
  READ: 'Læst', CREATE: 'Oprettet', UPDATE: 'Ændret', DELETE: 'Slettet', EXPORT: 'Udtrukket',
  SEARCH: 'Søgning', LOGIN: 'Login', LOGIN_FAILED: 'Fejlet login', DENIED: 'Afvist adgang',
};
const ANSWER_DA: Record<string, string> = { REPORTED: 'Underretning sendt', ALREADY_REPORTED: 'Allerede underrettet', NOT_RELEVANT: 'Ikke relevant' };
const FOLLOW_UP_DA: Record<string, string> = { PLANNED: 'Planlagt', HELD: 'Afholdt', CANCELLED: 'Aflyst' };

const dateTime = (iso: string) =>
  new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short', timeStyle: 'short' }).format(new Date(iso));
const date = (iso: string | null) =>
  iso ? new Intl.DateTimeFormat('da-DK', { timeZone: 'Europe/Copenhagen', dateStyle: 'short' }).format(new Date(iso)) : '–';
/** 'YYYY-MM-DD' as 'dd.mm.yyyy', the calendar day as written (no time zone). */
const day = (ymd: string | null) => (ymd && /^\d{4}-\d{2}-\d{2}$/.test(ymd) ? ymd.split('-').reverse().join('.') : '–');
const kilobytes = (bytes: number) => `${Math.max(1, Math.round(bytes / 1024))} kB`;
const status = (s: string) => ACTION_STATUS_LABELS_DA[s as ActionStatus] ?? s;
const actionInWords = (a: { title: string; responsible: string | null; ladderStep: number | null; dueDate: string | null; status: string }) =>
  `${a.title} – ${a.responsible ?? 'ingen ansvarlig'}, ${ladderStepInWords(a.ladderStep) ?? 'intet trin på Indsatstrappen'}, frist ${date(a.dueDate)}, ${status(a.status)}`;

export function accessRequestFileName(reference: string): string {
  return `indsigt-sag-${reference.replace(/[^A-Za-z0-9]/g, '')}.pdf`;
}

export function renderAccessRequestPdf(x: AccessRequestExport): Promise<Buffer> {
  // Metadata carries no case data.
  const { doc, done } = archivalPdf({ title: 'Aktindsigt', margins: { top: 56, bottom: 56, left: 56, right: 56 } });
  /** A new page unless `points` are left on this one: a heading stays with what follows it. */
  const keepSpace = (points: number) => {
    if (doc.y + points > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  const h = (text: string, size = 13) => {
    keepSpace(70);
    return doc.moveDown(0.6).font('bold').fontSize(size).text(text).moveDown(0.2);
  };
  const p = (text: string) => doc.font('regular').fontSize(10.5).text(text);
  const label = (name: string, value: string | null | undefined) =>
    doc.font('bold').fontSize(10.5).text(`${name}: `, { continued: true }).font('regular').text(value || '–');
  const sub = (text: string) => {
    keepSpace(40);
    return doc.moveDown(0.3).font('bold').fontSize(10.5).text(text);
  };
  /** The head of one part among several (a meeting, a version of the family's plan). */
  const part = (text: string) => {
    keepSpace(60);
    return doc.moveDown(0.5).font('bold').fontSize(11.5).text(text).moveDown(0.1);
  };
  const list = (lines: string[], empty: string) => {
    if (lines.length === 0) p(empty);
    for (const line of lines) p(`• ${line}`);
  };
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // An image shown several times (the case's drawing, kept unchanged with versions, FA9) is embedded once: pdfkit
  // reuses an opened image, keyed here by the drawing's id (each upload has its own).
  const openedImages = new Map<string, PDFKit.Mixins.ImageSrc>();
  const opened = (d: AccessRequestDrawing): PDFKit.Mixins.ImageSrc => {
    let image = openedImages.get(d.id);
    if (!image) {
      image = (doc as unknown as { openImage(src: Buffer): PDFKit.Mixins.ImageSrc }).openImage(Buffer.from(d.base64, 'base64'));
      openedImages.set(d.id, image);
    }
    return image;
  };

  /** A photo of the child's drawing (FA6), scaled into a box on this page or the next, with what it is under it. */
  const drawingImage = (d: AccessRequestDrawing) => {
    const box = { w: width * 0.55, h: 190 };
    const scale = Math.min(box.w / d.width, box.h / d.height, 1);
    const w = d.width * scale;
    const h = d.height * scale;
    doc.moveDown(0.2);
    keepSpace(h + 16);
    const y = doc.y;
    try {
      doc.image(opened(d), left + 10, y, { width: w, height: h });
      doc.y = y + h + 3;
    } catch {
      doc.y = y; // an image pdfkit cannot read: its description below still says it is stored
    }
    doc.x = left;
    doc
      .font('regular')
      .fontSize(9)
      .fillColor('#555555')
      .text(
        `Barnets tegning til ${d.houseName} (${d.contentType === 'image/jpeg' ? 'JPEG' : d.contentType}, ${d.width} × ${d.height} pixel, ${kilobytes(d.size)}), lagt ind ${dateTime(d.uploadedAt)}${d.uploadedBy ? ` af ${d.uploadedBy}` : ''}.`,
        left + 10,
        doc.y,
        { width: width - 10 },
      )
      .fillColor('black');
    doc.x = left;
    doc.moveDown(0.3);
  };

  /** FA5: the child's Three Houses, each the child's words; who spoke with the child and when; the drawings. */
  const housesPart = (houses: AccessRequestHouses, drawings: Partial<Record<House, AccessRequestDrawing>> = {}) => {
    sub('Barnets tre huse');
    if (houses.talks.length > 0) {
      p(`Talt med barnet: ${houses.talks.map((t) => [t.by.trim() || 'ukendt', t.on ? day(t.on) : null].filter(Boolean).join(', ')).join('; ')}`);
    }
    for (const house of HOUSES) {
      keepSpace(30);
      doc.moveDown(0.15).font('bold').fontSize(10).text(HOUSE_LABELS.da[house].name, left + 10, doc.y, { width: width - 10 });
      const words = houses[house].trim();
      doc.font(words ? 'italic' : 'regular').fontSize(10.5).text(words ? `»${words}«` : 'Intet skrevet.', left + 10, doc.y, { width: width - 10 });
      doc.x = left;
      const drawing = drawings[house];
      if (drawing) drawingImage(drawing);
    }
  };

  /** The five parts of the family's version (FA3), with its own headings. */
  const planContent = (c: FamilyPlanContent) => {
    const T = FAMILY_TEXT.da;
    const section = (heading: string, text: string) => {
      keepSpace(30);
      doc.moveDown(0.15).font('bold').fontSize(10).text(heading, left + 10, doc.y, { width: width - 10 });
      doc.font('regular').fontSize(10.5).text(text.trim() || 'Intet skrevet.', left + 10, doc.y, { width: width - 10 });
      doc.x = left;
    };
    section(T.worries, c.worries);
    section(T.goingWell, c.goingWell);
    section(
      T.steps,
      c.steps.map((st) => `• ${st.what.trim() || '–'}${st.who.trim() ? ` – ${st.who.trim()}` : ''}${st.dueDate ? `, senest ${day(st.dueDate)}` : ''}`).join('\n'),
    );
    section(T.nextMeeting, c.nextMeeting);
    section(
      T.contacts,
      c.contacts.map((k) => `• ${[k.name.trim(), k.role.trim()].filter(Boolean).join(', ') || '–'}${k.phone.trim() ? `, telefon ${k.phone.trim()}` : ''}`).join('\n'),
    );
  };
  const sharedLine = (sh: AccessRequestFamilyShare) => `Delt med familien ${dateTime(sh.sharedAt)}${sh.sharedBy ? ` af ${sh.sharedBy}` : ''} (udgave ${sh.revision})`;

  h(`Indsigt i sag ${x.case.reference}`, 20);
  p(`Udtrukket ${dateTime(x.generatedAt)}. ${x.redactedEmployees ? 'Medarbejdernes navne er erstattet af "Medarbejder 1", "Medarbejder 2" osv.' : 'Med medarbejdernes navne.'}`);

  h('Sagen');
  label('Forum', `${x.case.forum.name} – ${FORUM_TYPE_LABELS_DA[x.case.forum.type as ForumType] ?? x.case.forum.type}`);
  label('Status', x.case.status === 'CLOSED' ? 'Afsluttet' : 'Åben');
  label('Beskrivelse', x.case.description);
  label('Anonym', x.case.anonymous ? 'Ja' : 'Nej');
  if (x.case.identityWithheld) {
    // LB7: the exporter may not see the child's identity; the municipality's administrator exports it.
    label('Barnets identitet', 'Udeladt – hjemlen giver ikke den, der har udtrukket indsigten, adgang til navn, CPR-nummer, adresse og forældre. Kommunens administrator kan udtrække indsigten med identitet.');
  } else {
    label('Barnets navn', x.case.childName);
    label('CPR-nummer', x.case.childCpr);
    label('Adresse', x.case.childAddress);
    label('Forældre', x.case.parentNames);
  }
  label('Grundlag', basisInWords(x.case.basis));
  label('Oprettet', `${dateTime(x.case.createdAt)} af ${x.case.createdBy}`);
  label('Afsluttet', x.case.closedAt ? dateTime(x.case.closedAt) : null);

  const documentSection = (title: string, d: AccessRequestExport['document'], withDrawings: boolean) => {
    h(title);
    sub('Bekymring');
    list(d.concern, 'Intet skrevet.');
    for (const col of ['worries', 'strengths', 'next'] as const) {
      sub(SOS_COLUMN_LABELS_DA[col]);
      list(d.sos[col], 'Intet skrevet.');
    }
    sub('Barnets stemme');
    p(d.voice.trim() || 'Intet skrevet.');
    const houses = d.houses;
    if (houses && (withDrawings || HOUSES.some((house) => houses[house].trim()) || houses.talks.length > 0)) {
      housesPart(houses, withDrawings ? Object.fromEntries((x.drawings ?? []).map((dr) => [dr.house, dr])) : {});
    }
    sub('Netværk');
    list(d.network.map((n) => [n.name, n.relation, n.contribution].filter(Boolean).join(', ')), 'Intet skrevet.');
    sub('Handleplan');
    list(
      d.actions.map((a) => actionInWords(a)),
      'Ingen handlinger.',
    );
  };
  // The drawings belong to the case's houses: with the case's notes; the health visitors' notes have no houses.
  documentSection('Sagens noter', x.document, true);
  if (x.healthDocument) documentSection('Sundhedsplejens noter', x.healthDocument, false);

  h('Vurderinger (Børnelinealen og Signs of Safety)');
  list(x.assessments.map((a) => `${date(a.meetingDate)}: niveau ${a.level} (${a.levelLabel}), skala ${a.sosScale} – ${a.recordedBy}`), 'Ingen vurderinger.');
  h('Handlinger');
  list(
    x.actions.map((a) => actionInWords(a)),
    'Ingen handlinger.',
  );
  h('Indsatstrappen');
  list(x.ladderChanges.map((l) => `${dateTime(l.at)}: trin ${l.fromStep ?? '–'} → ${l.toStep ?? '–'}`), 'Ingen ændringer.');
  h('Opfølgning');
  list(
    x.followUps.map((f) => `${date(f.dueDate)}: ${FOLLOW_UP_DA[f.status] ?? f.status}${f.heldAt ? ` (${date(f.heldAt)})` : ''} – ${f.responsible}`),
    'Ingen opfølgning.',
  );
  h('Drøftelser på møder');
  list(
    x.agenda.map((a) => `${date(a.meetingDate)}: ${a.outcome ?? '–'}${a.noFollowUpReason ? ` (ingen opfølgning: ${a.noFollowUpReason})` : ''}`),
    'Ikke drøftet på et møde.',
  );
  // VR1: the case as kept at each meeting that concluded it, oldest first.
  h('Tidligere møder');
  const versions = x.versions;
  if (versions.length === 0) p('Sagen er ikke afsluttet på et møde.');
  const by = (who: string | null, verb = 'skrevet af') => (who ? ` (${verb} ${who})` : '');
  for (const v of versions) {
    part(`Møde ${date(v.meetingDate)} – ${v.forum}`);
    label('Afsluttet', `${dateTime(v.concludedAt)}${v.concludedBy ? ` af ${v.concludedBy}` : ''}`);
    label('Børnelinealen', `niveau ${v.level} (${v.levelLabel})`);
    label('Signs of Safety-skala', `${v.sosScale} af 10`);
    label('Grundlag', basisInWords(v.basis));
    label('Deltagere', v.participants.map((x) => (x.sector ? `${x.name} (${SECTOR_LABELS_DA[x.sector as Sector] ?? x.sector})` : x.name)).join(', '));
    sub('Bekymring');
    list(
      v.concern.map((para) => {
        const writers = [...new Set(para.map((r) => r.writer).filter((w): w is string => w !== null))];
        return `${para.map((r) => r.text).join('')}${writers.length ? ` (skrevet af ${writers.join(', ')})` : ''}`;
      }),
      'Intet skrevet.',
    );
    for (const col of ['worries', 'strengths', 'next'] as const) {
      sub(SOS_COLUMN_LABELS_DA[col]);
      list(v.sos[col].map((e) => `${e.text}${by(e.addedBy, 'tilføjet af')}`), 'Intet skrevet.');
    }
    sub('Barnets stemme');
    p(v.voice.text.trim() ? `${v.voice.text.trim()}${by(v.voice.writtenBy)}` : 'Intet skrevet.');
    // A version kept before the case had the houses has none (FA5); its drawings are those kept with it (FA9).
    const kept = Object.fromEntries(
      (v.drawings ?? []).flatMap((vd) => {
        const image = (x.keptDrawings ?? []).find((k) => k.id === vd.drawingId);
        return image ? [[vd.house, image]] : [];
      }),
    );
    if (v.houses || Object.keys(kept).length > 0) housesPart(v.houses ?? { worries: '', good: '', dreams: '', talks: [] }, kept);
    if (v.houses && v.drawings === null) p('Tegningerne blev ikke gemt med mødet (afsluttet før Samråd gemte tegninger pr. møde).');
    sub('Netværk');
    list(v.network.map((e) => `${[e.name, e.relation, e.contribution].filter(Boolean).join(', ')}${by(e.addedBy, 'tilføjet af')}`), 'Intet skrevet.');
    sub('Handleplan');
    list(v.actions.map((a) => actionInWords(a)), 'Ingen handlinger.');
    label('Aftalt på mødet', v.outcome);
    label(
      'Opfølgning',
      v.followUp
        ? `${date(v.followUp.dueDate)}, ansvarlig ${v.followUp.responsible ?? '–'}`
        : v.noFollowUpReason
          ? `Ingen opfølgning: ${v.noFollowUpReason}`
          : 'Ingen opfølgning aftalt',
    );
  }
  // FA1-FA4: the family's version as saved, as shared with the family, and as kept at each meeting (FA2).
  h('Familiens version af planen');
  const fp = x.familyPlan ?? null;
  if (!fp) p('Der er ikke skrevet en version af planen til familien.');
  else {
    if (fp.current) {
      part(`Som den er gemt nu (udgave ${fp.current.revision})`);
      label('Gemt', `${dateTime(fp.current.savedAt)}${fp.current.savedBy ? ` af ${fp.current.savedBy}` : ''}`);
      label(
        'Delt med familien',
        fp.shared
          ? `${dateTime(fp.shared.sharedAt)}${fp.shared.sharedBy ? ` af ${fp.shared.sharedBy}` : ''} (udgave ${fp.shared.revision})${fp.changedSinceShared ? ' – ændret siden' : ''}`
          : 'Nej, ikke endnu',
      );
      planContent(fp.current.content);
    }
    if (fp.shared && (!fp.current || fp.changedSinceShared)) {
      part('Det, familien senest fik');
      p(sharedLine(fp.shared));
      planContent(fp.shared.content);
    }
    for (const v of fp.versions) {
      part(`Ved mødet ${date(v.meetingDate)} – ${v.forum}`);
      label('Gemt', `${dateTime(v.savedAt)}${v.savedBy ? ` af ${v.savedBy}` : ''} (udgave ${v.revision}), bevaret ${dateTime(v.keptAt)}`);
      label('Delt med familien', v.shared ? sharedLine(v.shared).replace(/^Delt med familien /, '') : 'Nej, ikke på det tidspunkt');
      planContent(v.content);
      if (v.shared && v.shared.revision !== v.revision) {
        sub('Det, familien havde fået');
        planContent(v.shared.content);
      }
    }
  }
  // PA1-PA6: the parents invited to take part, their own words, answers and consent.
  h('Forældre, der deltager');
  const parents = x.parents ?? [];
  if (parents.length === 0) p('Ingen forældre er inviteret.');
  for (const parent of parents) {
    part(`${parent.label}${parent.name ? ` – ${parent.name}` : ''}`);
    label('Rolle', `${parent.roleLabel}${parent.role === 'YOUNG_PERSON' && parent.ageConfirmed ? ' (alder bekræftet)' : ''}`);
    if (x.case.identityWithheld) label('Navn og e-mail', 'Udeladt, som barnets identitet.');
    else label('E-mail', parent.email);
    label('Sprog', parent.language === 'en' ? 'Engelsk' : 'Dansk');
    if (parent.mitid) {
      // PA10: the name the broker verified is identity like the invitation's name (LB7).
      label('Logget ind med MitID', `${parent.mitid.name ? `som ${parent.mitid.name}, ` : ''}første gang ${dateTime(parent.mitid.boundAt)}`);
    }
    label(
      'Inviteret',
      `${dateTime(parent.invitedAt)}${parent.invitedBy ? ` af ${parent.invitedBy}` : ''}${parent.meetingDate ? ` til mødet ${date(parent.meetingDate)}` : ''}`,
    );
    label(parent.revokedAt ? 'Trukket tilbage' : 'Gyldig til', dateTime(parent.revokedAt ?? parent.expiresAt));
    sub('Forældrenes perspektiv');
    p(parent.words ? `${parent.words.text.trim() || 'Intet skrevet.'} (skrevet ${dateTime(parent.words.writtenAt)}, senest ændret ${dateTime(parent.words.changedAt)})` : 'Intet skrevet.');
    sub('Svar på familiens plan');
    list(
      parent.answers.map((a) => `${dateTime(a.at)}: udgave ${a.revision} – ${a.accepted ? 'enig i planen' : 'kommentar til planen'}${a.comment ? `: ${a.comment}` : ''}`),
      'Intet svar.',
    );
    sub('Samtykke fra forælderen');
    list(parent.consents.map((c) => `${dateTime(c.at)}: ${c.given ? 'givet' : 'trukket tilbage'}${c.scope ? ` – ${c.scope}` : ''}`), 'Intet registreret.');
  }
  h('Grundlag og samtykke');
  list(
    x.legalBases.map((b) =>
      [
        `${basisInWords(b.kind)} fra ${dateTime(b.setAt)}${b.endedAt ? ` til ${dateTime(b.endedAt)}` : ''} (${b.setBy})`,
        b.consentGivenBy ? `givet af ${b.consentGivenBy}` : '',
        b.consentScope ? `omfang: ${b.consentScope}` : '',
        b.consentSectors.length ? `sektorer: ${b.consentSectors.map((s) => SECTOR_LABELS_DA[s as Sector] ?? s).join(', ')}` : '',
        b.consentPurpose ? `formål: ${b.consentPurpose}` : '',
        b.consentGivenOn ? `givet ${date(b.consentGivenOn)}` : '',
        b.consentValidUntil ? `gyldigt til ${date(b.consentValidUntil)}` : '',
        b.consentWithdrawnOn ? `trukket tilbage ${date(b.consentWithdrawnOn)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    ),
    'Intet registreret.',
  );
  h('Underretningspligt');
  list(
    x.reportDutyAnswers.map((r) => `${dateTime(r.answeredAt)}: ${ANSWER_DA[r.answer] ?? r.answer} – ${r.by}${r.reason ? ` (${r.reason})` : ''}`),
    'Ingen svar.',
  );
  h('Adgang til sagen (log)');
  list(x.auditLog.map((e) => `${dateTime(e.at)}: ${ACTION_DA[e.action] ?? e.action}${e.purpose ? `, formål: ${auditPurposeLabel('da', e.purpose)}` : ''} – ${e.by ?? 'systemet'}`), 'Ingen registreringer.');
  doc.end();
  return done;
}
