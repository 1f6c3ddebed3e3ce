/**
 * The bell in the header: unread count, a list that opens below it, live pushes.
 * Texts are built from kind + case reference + due date only.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NotificationView } from '../../../../shared/api.js';
import { useRealtimeEvent } from '../../app/realtime.js';
import { useI18n, type Translate } from '../../i18n/index.js';
import { api } from '../../lib/api.js';
import { formatDay, todayInCopenhagen } from '../../lib/format.js';
import type { Lang } from '../../i18n/index.js';
import { casePath, navigate } from '../../lib/router.js';

export function notificationText(t: Translate, lang: Lang, n: Pick<NotificationView, 'kind' | 'caseReference' | 'dueDate'> & { level?: number | null }): string {
  const today = n.dueDate === todayInCopenhagen();
  const date = formatDay(lang, n.dueDate);
  const vars = { ref: n.caseReference, date };
  switch (n.kind) {
    case 'ACTION_DUE':
      return t(today ? 'notif.actionDueToday' : 'notif.actionDue', vars);
    case 'ACTION_OVERDUE':
      return t('notif.actionOverdue', vars);
    case 'FOLLOW_UP_DUE':
      return t(today ? 'notif.followUpDueToday' : 'notif.followUpDue', vars);
    case 'FOLLOW_UP_OVERDUE':
      return t('notif.followUpOverdue', vars);
    case 'CONSENT_ENDED':
      return t('notif.consentEnded', vars);
    case 'REPORT_DUTY':
      return n.level ? t('notif.reportDuty', { ...vars, level: n.level }) : t('notif.reportDutyNoLevel', vars);
  }
}

export function NotificationBell() {
  const { t, lang } = useI18n();
  const [items, setItems] = useState<NotificationView[]>([]);
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const load = useCallback(() => {
    api.notifications().then(setItems, () => {});
  }, []);
  useEffect(load, [load]);
  // The push carries no case id: fetch the list again (it is small).
  useRealtimeEvent('notification', load);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        buttonRef.current?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      if (rootRef.current && !rootRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  const unread = items.filter((n) => !n.read).length;

  const openItem = (n: NotificationView) => {
    if (!n.read) {
      setItems((list) => list.map((x) => (x.id === n.id ? { ...x, read: true } : x)));
      api.markRead(n.id).catch(() => {});
    }
    setOpen(false);
    navigate(casePath(n.caseId));
  };

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls="notification-list"
        data-testid="notification-bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2z" />
        </svg>
        <span>{t('notif.title')}</span>
        {unread > 0 && (
          <span className="bell__count" data-testid="notification-count">
            {unread}
            <span className="visually-hidden"> {t('notif.unread')}</span>
          </span>
        )}
      </button>
      <div id="notification-list" className="bell__panel" hidden={!open}>
        {items.length === 0 ? (
          <p className="status-text">{t('notif.empty')}</p>
        ) : (
          <ul className="bell__list">
            {items.map((n) => (
              <li key={n.id}>
                <button type="button" className={`bell__item${n.read ? '' : ' bell__item--unread'}`} onClick={() => openItem(n)}>
                  {!n.read && <span className="visually-hidden">{t('notif.unread')}: </span>}
                  {notificationText(t, lang, n)}
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}
