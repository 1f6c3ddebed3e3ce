/**
 * One meeting's version of a case, read as it was kept when the chair
 * concluded it (VR1-VR2): basis, level and scale, the concern note with each
 * passage's writer, the SoS map, the child's voice and Three Houses (FA5), the
 * network, the action plan, who took part, what was agreed and the follow-up.
 * Read only.
 */
import type { CaseVersionContent, CaseVersionView } from '../../../../shared/api.js';
import { HOUSES, SOS_COLUMNS, type ThreeHouses } from '../../../../shared/caseDoc.js';
import { HOUSE_LABELS } from '../../../../shared/family.js';
import { useI18n, type MessageKey } from '../../i18n/index.js';
import { formatDateTime, formatDay } from '../../lib/format.js';
import { api } from '../../lib/api.js';
import { useLoad } from '../../lib/useLoad.js';
import { basisLabel, meetingDate, personWithSector, writerName, type People } from './people.js';
import { useVersionsText } from './text.js';
import '../family/family.css';

interface Props {
  caseId: string;
  meetingId: string;
  /** The heading level of the version's title; its parts are one level below. */
  headingLevel?: 3 | 4;
}

export function VersionView({ caseId, meetingId, headingLevel = 3 }: Props) {
  const tx = useVersionsText();
  const version = useLoad(() => api.versions.version(caseId, meetingId), `version-${caseId}-${meetingId}`);
  if (version.status === 'loading') {
    return (
      <p className="status-text" role="status">
        {tx('loading')}
      </p>
    );
  }
  if (!version.data) {
    return (
      <p className="alert alert--error" role="alert">
        {tx('versionError')}{' '}
        <button type="button" className="button button--secondary button--small" onClick={version.reload}>
          {tx('retry')}
        </button>
      </p>
    );
  }
  return <VersionBody version={version.data} headingLevel={headingLevel} />;
}

/** A loaded version as the case page shows it (exported for tests/case-versions.test.ts, which renders it). */
export function VersionBody({ version, headingLevel }: { version: CaseVersionView; headingLevel: 3 | 4 }) {
  const { t, lang } = useI18n();
  const tx = useVersionsText();
  const H = headingLevel === 3 ? 'h3' : 'h4';
  const S = headingLevel === 3 ? 'h4' : 'h5';
  const c = version.content;
  const people: People = c.writers ?? {};
  const date = meetingDate(lang, version.meetingStartsAt);
  const id = `version-${version.meetingId}`;
  const unknown = tx('unknownWriter');
  const person = (userId: string | null) => (userId ? personWithSector(t, people[userId], unknown) : tx('noResponsible'));

  return (
    <article className="version" aria-labelledby={`${id}-title`} data-testid="version-view" data-meeting-id={version.meetingId}>
      <H id={`${id}-title`}>{tx('heading', { date })}</H>
      <p className="hint">
        {version.concludedBy
          ? tx('concludedBy', { when: formatDateTime(lang, version.concludedAt), name: personWithSector(t, version.concludedBy, unknown) })
          : tx('concludedAt', { when: formatDateTime(lang, version.concludedAt) })}
      </p>
      <dl className="facts">
        <div>
          <dt>{tx('basis')}</dt>
          <dd data-testid="version-basis">{basisLabel(lang, version.basis)}</dd>
        </div>
        <div>
          <dt>{tx('level')}</dt>
          <dd data-testid="version-level">
            <span className={`level-chip level-chip--${version.level}`}>{version.level}</span> {version.levelLabels[version.level - 1] ?? ''}
          </dd>
        </div>
        <div>
          <dt>{tx('scale')}</dt>
          <dd data-testid="version-scale">{version.sosScale}/10</dd>
        </div>
      </dl>

      <section aria-labelledby={`${id}-concern`}>
        <S id={`${id}-concern`}>{tx('concern')}</S>
        <ConcernAsItWas concern={c.concern} people={people} unknown={unknown} />
      </section>

      <section aria-labelledby={`${id}-sos`}>
        <S id={`${id}-sos`}>{tx('sos')}</S>
        <div className="sos-grid">
          {SOS_COLUMNS.map((column) => (
            <div key={column} className={`sos-col sos-col--${column}`} data-testid={`version-sos-${column}`}>
              <p className="sos-col__title">{t(`sos.${column}`)}</p>
              {c.sos[column].length === 0 ? (
                <p className="muted">{tx('noPoints')}</p>
              ) : (
                <ul className="sos-list">
                  {c.sos[column].map((p) => (
                    <li key={p.id} className="sos-item">
                      {p.text} <span className="muted">— {writerName(t, people, p.addedById, unknown)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      </section>

      {c.houses && (
        // FA5: the child's Three Houses as kept; the old voice text above them while it holds any.
        <section aria-labelledby={`${id}-houses`}>
          <S id={`${id}-houses`}>{tx('houses')}</S>
          <HousesAsTheyWere houses={c.houses} voice={c.voice.text} drawings={version.drawings ?? null} idPrefix={id} />
        </section>
      )}

      <div className="grid-2">
        {!c.houses && (
          <section aria-labelledby={`${id}-voice`}>
            <S id={`${id}-voice`}>{tx('voice')}</S>
            {c.voice.text ? (
              <blockquote data-testid="version-voice">»{c.voice.text}«</blockquote>
            ) : (
              <p className="muted">{tx('noVoice')}</p>
            )}
          </section>
        )}
        <section aria-labelledby={`${id}-network`}>
          <S id={`${id}-network`}>{tx('network')}</S>
          {c.network.length === 0 ? (
            <p className="muted">{tx('noNetwork')}</p>
          ) : (
            <ul className="plain-list" data-testid="version-network">
              {c.network.map((e) => (
                <li key={e.id}>
                  {e.name}
                  {e.relation ? ` (${e.relation})` : ''}
                  {e.contribution ? ` – ${e.contribution}` : ''}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby={`${id}-actions`}>
        <S id={`${id}-actions`}>{tx('actions')}</S>
        {c.actions.length === 0 ? (
          <p className="muted">{tx('noActions')}</p>
        ) : (
          <ul className="plain-list" data-testid="version-actions">
            {c.actions.map((a) => (
              <li key={a.id}>
                <strong>{a.title}</strong> – {person(a.responsibleUserId)}
                {a.dueDate ? `, ${tx('due', { date: formatDay(lang, a.dueDate) })}` : ''}
                {a.ladderStep !== null ? `, ${t('actions.ladderStep')} ${a.ladderStep} (${t(`ladder.${a.ladderStep}` as MessageKey)})` : ''} –{' '}
                {t(`status.${a.status}`)}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby={`${id}-participants`}>
        <S id={`${id}-participants`}>{tx('participants')}</S>
        <Participants participants={c.participants ?? []} />
      </section>

      <section aria-labelledby={`${id}-outcome`}>
        <S id={`${id}-outcome`}>{tx('outcome')}</S>
        <p data-testid="version-outcome">{version.outcome || tx('none')}</p>
        <p data-testid="version-followup">
          <strong>{tx('followUp')}:</strong>{' '}
          {version.followUp
            ? tx('followUpLine', { date: formatDay(lang, version.followUp.dueDate), name: personWithSector(t, version.followUp.responsible, unknown) })
            : version.noFollowUpReason
              ? tx('noFollowUp', { reason: version.noFollowUpReason })
              : tx('none')}
        </p>
      </section>
    </article>
  );
}

/** The note as kept: consecutive runs of one writer form a passage, named after it ("— Anna Jensen, Skole"). */
function ConcernAsItWas({ concern, people, unknown }: { concern: CaseVersionContent['concern']; people: People; unknown: string }) {
  const { t } = useI18n();
  const tx = useVersionsText();
  const paragraphs = concern.filter((p) => p.some((r) => r.text.trim() !== ''));
  if (paragraphs.length === 0) return <p className="muted">{tx('noConcern')}</p>;
  return (
    <div data-testid="version-concern">
      {paragraphs.map((runs, i) => {
        const passages: Array<{ writerId: string | null; text: string }> = [];
        for (const r of runs) {
          const last = passages[passages.length - 1];
          if (last && last.writerId === r.writerId) last.text += r.text;
          else passages.push({ writerId: r.writerId, text: r.text });
        }
        return (
          <p key={i} className="concern-p">
            {passages.map((p, k) => {
              const sector = p.writerId ? people[p.writerId]?.sector ?? undefined : undefined;
              return (
                <span key={k}>
                  <span className="concern-run" data-sector={sector}>
                    {p.text}
                  </span>
                  <span className="concern-label concern-label--inline" data-sector={sector} data-testid="version-writer">
                    {` — ${writerName(t, people, p.writerId, unknown)}`}
                  </span>{' '}
                </span>
              );
            })}
          </p>
        );
      })}
    </div>
  );
}

/**
 * The houses as the version kept them: who spoke with the child and when, then each house's words and the photo of
 * the drawing it had at that meeting (FA9; a version from before drawings were kept says so).
 */
function HousesAsTheyWere({ houses, voice, drawings, idPrefix }: { houses: ThreeHouses; voice: string; drawings: CaseVersionView['drawings']; idPrefix: string }) {
  const { lang } = useI18n();
  const tx = useVersionsText();
  const talks = houses.talks ?? [];
  return (
    // Not the case page's `houses` (one house under another there): the version has the room for three side by side.
    <div className="version-houses" data-testid="version-houses">
      <p className="hint">{tx('housesNote')}</p>
      {voice.trim() && (
        <div className="house house--legacy">
          <p className="house__name">{tx('voice')}</p>
          <blockquote data-testid="version-voice">»{voice}«</blockquote>
        </div>
      )}
      <div className="houses__grid">
        {HOUSES.map((house) => {
          const words = (typeof houses[house] === 'string' ? houses[house] : '').trim();
          return (
            <div key={house} className={`house house--${house}`} role="group" aria-labelledby={`${idPrefix}-house-${house}`} data-testid={`version-house-${house}`}>
              <p id={`${idPrefix}-house-${house}`} className="house__name">
                <span className="house__roof" aria-hidden="true" />
                {HOUSE_LABELS[lang][house].name}
              </p>
              {words ? <blockquote>»{words}«</blockquote> : <p className="muted">{tx('noHouseWords')}</p>}
              {drawings?.[house] && (
                <img
                  className="house__image"
                  src={drawings[house]!.url}
                  alt={tx('drawingAlt', { house: HOUSE_LABELS[lang][house].name })}
                  width={drawings[house]!.width}
                  height={drawings[house]!.height}
                  loading="lazy"
                  data-testid={`version-drawing-${house}`}
                />
              )}
            </div>
          );
        })}
      </div>
      {drawings === null && <p className="hint">{tx('drawingsNotKept')}</p>}
      <p data-testid="version-talks">
        <strong>{tx('talks')}:</strong>{' '}
        {talks.length === 0
          ? tx('noTalks')
          : talks.map((t) => (t.on ? tx('talkLine', { by: t.by || tx('none'), date: formatDay(lang, t.on) }) : t.by || tx('none'))).join('; ')}
      </p>
    </div>
  );
}

function Participants({ participants }: { participants: CaseVersionContent['participants'] }) {
  const { t } = useI18n();
  const tx = useVersionsText();
  if (participants.length === 0) return <p className="muted">{tx('none')}</p>;
  return (
    <ul className="plain-list" data-testid="version-participants">
      {participants.map((p, i) => (
        // Guests are kept by their label and have no sector.
        <li key={i}>{p.sector ? personWithSector(t, p, '') : tx('guest', { name: p.name })}</li>
      ))}
    </ul>
  );
}
