/**
 * MN3: the journal number the minutes are filed under: the meeting's own, else the forum's. The chair sets the
 * meeting's (before, during or after the meeting); everyone else sees which applies.
 */
import type { MeetingDetail } from '../../../../shared/api.js';
import { api } from '../../lib/api.js';
import { JournalNumberForm } from '../journal/JournalNumberForm.js';
import { useJournalText } from '../journal/text.js';

export function MeetingJournalNumber({ meeting, onChanged }: { meeting: MeetingDetail; onChanged: () => void }) {
  const tx = useJournalText();
  const shown = meeting.journalNumber ?? (meeting.forumJournalNumber ? tx('fromForum', { number: meeting.forumJournalNumber }) : tx('none'));
  if (meeting.isChair) {
    // Folded away: the live meeting needs the room; the number is set once, often when the minutes are filed.
    return (
      <details className="disclosure" data-testid="meeting-journal-number-details">
        <summary>
          {tx('label')}: {shown}
        </summary>
        <JournalNumberForm
          save={(n) => api.setJournalNumber(meeting.id, n)}
          value={meeting.journalNumber}
          hint={meeting.forumJournalNumber ? tx('meetingHint', { forum: meeting.forumJournalNumber }) : tx('meetingHintNoForum')}
          onSaved={onChanged}
          testId="meeting-journal-number"
        />
      </details>
    );
  }
  return (
    <p className="muted" data-testid="meeting-journal-number-text">
      {tx('label')}: {shown}
    </p>
  );
}
